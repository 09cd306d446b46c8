import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { loadConfig, type Config } from '../../src/config/index.js';

/**
 * The storage and API suites run once per dialect. PostgreSQL is never skipped: when it is unreachable
 * the suite fails with the URL it tried (set TOUCHPOINT_TEST_POSTGRES_URL to point elsewhere).
 */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

const ADMIN_URL = process.env.TOUCHPOINT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  config: Config;
  drop(): Promise<void>;
}

/** A fresh, empty database of the dialect: a temp SQLite file, or a new PostgreSQL database. */
export async function freshDatabase(dialect: TestDialect): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-test-'));
  const base = {
    TOUCHPOINT_DATA_DIR: dataDir,
    TOUCHPOINT_LOG_LEVEL: 'silent',
    PORT: '0',
    // The suites ingest fixtures dated 2025–2026 on the system clock and test what cases do with them;
    // the live window (issue #13: history opens no case) is tested with its default in cases.scale.test.ts.
    TOUCHPOINT_CASES_LIVE_DAYS: '3650',
  };
  if (dialect === 'sqlite') {
    return {
      config: loadConfig(base),
      drop: () => Promise.resolve(fs.rmSync(dataDir, { recursive: true, force: true })),
    };
  }
  const name = `tp_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  try {
    await admin.connect();
  } catch (e) {
    throw new Error(
      `PostgreSQL is required for the PostgreSQL test run and is unreachable at ${ADMIN_URL}: ${String(e)}`,
      { cause: e },
    );
  }
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    config: loadConfig({ ...base, TOUCHPOINT_DATABASE_URL: url.toString() }),
    async drop() {
      const c = new pg.Client({ connectionString: ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
