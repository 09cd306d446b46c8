import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import SqliteDatabase from 'better-sqlite3';
import { openDatabase, type Database } from '../src/store/database.js';
import {
  WRITER_AUTOCHECKPOINT_PAGES,
  backstopPages,
  startSqliteCheckpointer,
} from '../src/store/sqlite-checkpointer.js';

/**
 * SQLite's WAL checkpoints run on a thread of their own (issue #13): the committing thread (the
 * server's event loop, the importer) no longer copies pages back into the database file and waits
 * for `fsync`. These tests look at the files: frames the writer appended reach the database file
 * without anyone asking, the writer alone would not have copied them, and closing leaves no WAL.
 */
describe('sqlite checkpoint thread', () => {
  let dir: string;
  let database: Database | undefined;
  const file = () => path.join(dir, 'touchpoint.db');
  const size = (name: string) => (fs.existsSync(name) ? fs.statSync(name).size : 0);

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-checkpoint-'));
  });
  afterEach(async () => {
    await database?.destroy();
    database = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Writes `rows` rows of ~3 KB each, one transaction per row (one WAL frame or more each). */
  async function write(db: Database, rows: number) {
    await sql`create table if not exists t (id integer primary key, body text not null)`.execute(db.db);
    for (let i = 0; i < rows; i++)
      await sql`insert into t (body) values (${'x'.repeat(3000)})`.execute(db.db);
  }

  it('copies the frames the writer appends into the database file without being asked', async () => {
    database = openDatabase({ dialect: 'sqlite', file: file() });
    await write(database, 300);
    // Polled, not timed: the thread's own pass is the only thing that can grow the file here.
    for (let i = 0; i < 600 && size(file()) < 300 * 3000; i++) await new Promise((r) => setTimeout(r, 50));
    expect(size(file())).toBeGreaterThan(300 * 3000);
    const progress = await database.checkpointer!.checkpointNow();
    expect(progress.checkpoints).toBeGreaterThanOrEqual(1);
    expect(progress.lastCheckpointedFrames).toBe(progress.lastLogFrames);
    const rows = await sql<{ n: number }>`select count(*) as n from t`.execute(database.db);
    expect(rows.rows[0]?.n).toBe(300);
  });

  it('leaves the writer to checkpoint only past the backstop, and closes without a WAL', async () => {
    database = openDatabase({ dialect: 'sqlite', file: file() });
    const pragma = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
    expect(pragma.rows[0]?.wal_autocheckpoint).toBe(WRITER_AUTOCHECKPOINT_PAGES);
    await database.checkpointer!.stop();
    // With the thread stopped, 1,500 frames stay in the WAL: SQLite's default (1,000 pages) would
    // have copied them in the commit.
    await write(database, 1500);
    expect(size(`${file()}-wal`)).toBeGreaterThan(1500 * 4096);
    expect(size(file())).toBeLessThan(100 * 4096);
    await database.destroy();
    database = undefined;
    expect(fs.existsSync(`${file()}-wal`)).toBe(false);
    const reopened = openDatabase({ dialect: 'sqlite', file: file() });
    const rows = await sql<{ n: number }>`select count(*) as n from t`.execute(reopened.db);
    await reopened.destroy();
    expect(rows.rows[0]?.n).toBe(1500);
  });

  it('puts the backstop above what one commit can write: every page the cache holds', async () => {
    // Below the floor the backstop stays at 128 MB; a 4 GiB cache (`touchpoint import`) may hold
    // 1,048,576 changed pages of 4 KiB, so a fold's commit never makes the writer copy itself.
    expect(backstopPages(2 * 2 ** 20, 4096)).toBe(WRITER_AUTOCHECKPOINT_PAGES);
    expect(backstopPages(4 * 2 ** 30, 4096)).toBe(1_048_576);
    expect(backstopPages(2 ** 30, 8192)).toBe(131_072);
    expect(backstopPages(2 ** 30 + 1, 4096)).toBe(262_145);
    database = openDatabase({ dialect: 'sqlite', file: file(), cacheMb: 512 });
    const pragma = await sql<{ wal_autocheckpoint: number }>`pragma wal_autocheckpoint`.execute(database.db);
    expect(pragma.rows[0]?.wal_autocheckpoint).toBe(131_072);
  });

  it('reports a thread that cannot open the file, answers no further checkpoint, and gives the writer back its own', async () => {
    const writer = new SqliteDatabase(path.join(dir, 'gone.db'));
    writer.pragma('journal_mode = WAL');
    // The thread opens the file by name: with the name unlinked it finds nothing to open.
    fs.rmSync(path.join(dir, 'gone.db'));
    const errors: Error[] = [];
    const checkpointer = startSqliteCheckpointer(writer, (err) => errors.push(err));
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(WRITER_AUTOCHECKPOINT_PAGES);
    await expect(checkpointer.checkpointNow()).rejects.toThrow(/gone\.db: SQLITE_CANTOPEN/);
    expect(errors).toHaveLength(1);
    // Back to SQLite's default: the writer checkpoints in its commits again.
    expect(writer.pragma('wal_autocheckpoint', { simple: true })).toBe(1000);
    await checkpointer.stop();
    writer.close();
  });
});
