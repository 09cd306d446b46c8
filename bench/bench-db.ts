import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

/**
 * A throwaway database for one benchmark run: a temporary data folder (SQLite), or a new PostgreSQL
 * database created through `pgAdmin` (`--db pg`). `env` is what `loadConfig` takes; `dispose` removes
 * both.
 */
export async function benchDatabase(
  db: string,
  prefix: string,
  pgAdmin: string,
): Promise<{ env: Record<string, string>; dispose: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `tp-${prefix}-`));
  const env: Record<string, string> = { TOUCHPOINT_LOG_LEVEL: 'silent', PORT: '0', TOUCHPOINT_DATA_DIR: dir };
  let name: string | undefined;
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: pgAdmin });
    await client.connect();
    await client.query(statement);
    await client.end();
  };
  if (db === 'pg') {
    name = `tp_${prefix}_${Date.now().toString(36)}`;
    await admin(`CREATE DATABASE ${name}`);
    const url = new URL(pgAdmin);
    url.pathname = `/${name}`;
    env.TOUCHPOINT_DATABASE_URL = url.toString();
  }
  return {
    env,
    async dispose() {
      fs.rmSync(dir, { recursive: true, force: true });
      if (name) await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}
