import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, SqliteDialect, sql, type Generated } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { guardDialect } from './guarded-driver.js';

interface T {
  t: { id: Generated<number>; v: string };
}

describe('guardDialect on SQLite', () => {
  const cleanup: (() => void | Promise<void>)[] = [];
  afterEach(async () => {
    for (const f of cleanup.splice(0).reverse()) await f();
  });

  function open(file: string, busyRetryMs: number) {
    const sqlite = new SqliteDatabase(file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('busy_timeout = 50');
    const db = new Kysely<T>({
      dialect: guardDialect(new SqliteDialect({ database: sqlite }), {
        immediate: true,
        inTransaction: () => sqlite.inTransaction,
        busyRetryMs,
      }),
    });
    cleanup.push(() => db.destroy());
    return db;
  }

  function fixture() {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-guard-'));
    cleanup.push(() => fs.rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, 'db.sqlite');
    const other = new SqliteDatabase(file);
    other.pragma('journal_mode = WAL');
    other.exec('create table t (id integer primary key, v text not null)');
    cleanup.push(() => void other.close());
    return { file, other };
  }

  it('waits for another process to let go of the write lock, instead of failing at once', async () => {
    const { file, other } = fixture();
    const db = open(file, 5_000);
    other.exec("begin immediate; insert into t (v) values ('theirs')");
    // The other writer commits a little later, while our transaction waits to begin.
    setTimeout(() => other.exec('commit'), 200);
    await db.transaction().execute(async (tx) => {
      const seen = await tx.selectFrom('t').select('v').execute();
      await tx
        .insertInto('t')
        .values({ v: `ours after ${seen.length}` })
        .execute();
    });
    const rows = await db.selectFrom('t').select('v').orderBy('id').execute();
    expect(rows.map((r) => r.v)).toEqual(['theirs', 'ours after 1']);
  });

  it('gives up after busyRetryMs with database_busy, one line, and nothing half done', async () => {
    const { file, other } = fixture();
    const db = open(file, 150);
    other.exec("begin immediate; insert into t (v) values ('held')");
    const error = await db
      .transaction()
      .execute((tx) => tx.insertInto('t').values({ v: 'never' }).execute())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('database_busy');
    expect((error as AppError).message).not.toContain('\n');
    other.exec('commit');
    const rows = await db.selectFrom('t').select('v').execute();
    expect(rows.map((r) => r.v)).toEqual(['held']);
  });

  it('drops NUL from every string parameter and repairs lone surrogates', async () => {
    const { file } = fixture();
    const db = open(file, 1_000);
    await db.insertInto('t').values({ v: 'a\u0000b\uD800' }).execute();
    await sql`insert into t (v) values (${'raw\u0000sql'})`.execute(db);
    const rows = await db.selectFrom('t').select('v').orderBy('id').execute();
    expect(rows.map((r) => r.v)).toEqual(['ab\uFFFD', 'rawsql']);
    expect(await db.selectFrom('t').select('id').where('v', '=', 'raw\u0000sql').execute()).toHaveLength(1);
  });
});
