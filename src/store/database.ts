import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config/index.js';
import { guardDialect } from './guarded-driver.js';
import { startSqliteCheckpointer, type SqliteCheckpointer } from './sqlite-checkpointer.js';
import type { DB } from './schema.js';
import { pgTimestampToIso } from './timestamps.js';

export type Dialect = 'sqlite' | 'postgres';

/**
 * Runs one statement once per parameter list, on SQLite's one connection inside the transaction
 * that holds it, and returns each run's changed row count. For the profile fold's updates of one
 * row each (`writeStats`): a single-row UPDATE changes only the indexes of the columns it sets,
 * and Kysely adds a few µs to every statement (docs/performance.md, stop 38). It
 * refuses to run outside a transaction, where another caller's transaction could be open on the
 * connection.
 */
export type RunEach = (text: string, rows: readonly (readonly unknown[])[]) => number[];

export interface Database {
  db: Kysely<DB>;
  dialect: Dialect;
  /** Human-readable place of the data, for logs: a file path or host/db (never a password). */
  location: string;
  /**
   * Refreshes the planner's statistics where they are stale: SQLite `PRAGMA optimize` (bounded by
   * `analysis_limit`), PostgreSQL `ANALYZE` of every table of the schema. Run it after a
   * large import and from the daily housekeeping job (issue #13: SQLite never ran ANALYZE, so inbox
   * previews, case history and alert links scanned the workspace, 0.4–1.9 s; with statistics < 1 ms).
   */
  optimize(): Promise<void>;
  /** SQLite files only: the thread that checkpoints the WAL (see sqlite-checkpointer.ts). */
  checkpointer?: SqliteCheckpointer;
  /** SQLite only: see `RunEach`. */
  runEach?: RunEach;
  /** Closes the connections (and stops the checkpoint thread). */
  destroy(): Promise<void>;
}

/** Rows SQLite's ANALYZE samples per index when `optimize` runs: milliseconds, whatever the table size. */
const SQLITE_ANALYSIS_LIMIT = 1000;

/** Timestamps come back from PostgreSQL as ISO strings, as SQLite stores them, so both read the same. */
const PG_TYPES = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    // 1184 timestamptz, 1114 timestamp
    if (oid === 1184 || oid === 1114) return (v: string) => pgTimestampToIso(v, oid === 1184);
    // 20 int8 (count(*)): counts fit easily in a double.
    if (oid === 20) return (v: string) => Number(v);
    // 1700 numeric
    if (oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format) as (v: string) => unknown;
  },
};

/**
 * Kysely prepares every query anew; on the ingest path that was a third of the SQLite time
 * (measured: 1.5 s of 5.3 s for 3,000 tweets). Prepared statements are reusable, so keep the
 * most recent ones by SQL text.
 */
function withStatementCache(sqlite: SqliteDatabase.Database, size = 500): SqliteDatabase.Database {
  const cache = new Map<string, SqliteDatabase.Statement>();
  const prepare = sqlite.prepare.bind(sqlite);
  return new Proxy(sqlite, {
    get(target, prop, receiver) {
      if (prop !== 'prepare') return Reflect.get(target, prop, receiver) as unknown;
      return (source: string) => {
        let stmt = cache.get(source);
        if (stmt) {
          cache.delete(source); // re-insert: most recently used last
        } else {
          stmt = prepare(source);
          if (cache.size >= size) cache.delete(cache.keys().next().value as string);
        }
        cache.set(source, stmt);
        return stmt;
      };
    },
  });
}

/**
 * SQLite's page cache for a large import (`touchpoint import`), in MB: a sixth of the machine's
 * memory, at most 4 GB. A returning customer's item rewrites pages at random places of the
 * per-customer B-trees (stats row, lifecycle indexes, timeline); with better-sqlite3's default of
 * 16 MB each of them, interior pages included, is read again from the operating system for every
 * transaction, and from the disk once the database outgrows memory (docs/performance.md, stop 31).
 * A fold of the profile log then rewrites the stats rows of most customers and their index entries;
 * between two folds the import writes over a gigabyte of new pages, which pushed those rows out of
 * a 1 GB cache, so every fold read them again: at about two million items a second fold of 200,000
 * rows read 83,000 pages with 1 GB, 24,500 with 4 GB (docs/performance.md, stop 35).
 * The cache fills only as pages are used, so a small database never takes it all.
 */
export function importCacheMb(totalBytes: number = os.totalmem()): number {
  return Math.max(2, Math.min(4096, Math.floor(totalBytes / 6 / 2 ** 20)));
}

/**
 * Opens the database the configuration names — the one place that chooses the dialect.
 * SQLite runs with WAL, foreign keys, a busy timeout and immediate transactions; PostgreSQL through a
 * `pg` pool. On both, text parameters are cleaned of what PostgreSQL refuses (see `guardDialect`).
 */
export function openDatabase(
  config: DatabaseConfig,
  onIdleError: (error: Error) => void = () => undefined,
): Database {
  if (config.dialect === 'sqlite') {
    if (config.file !== ':memory:') fs.mkdirSync(path.dirname(config.file), { recursive: true });
    const sqlite = new SqliteDatabase(config.file);
    sqlite.pragma('journal_mode = WAL');
    sqlite.pragma('foreign_keys = ON');
    // The busy timeout waits inside better-sqlite3, blocking the event loop; longer waits for another
    // process's write lock are retried by guardDialect with the event loop free between tries.
    sqlite.pragma('busy_timeout = 1000');
    sqlite.pragma('synchronous = NORMAL');
    if (config.cacheMb !== undefined) sqlite.pragma(`cache_size = ${-config.cacheMb * 1024}`);
    // A statement that changes many rows inside a transaction keeps the old content of each page it
    // changes in a statement journal, a temporary file past 64 KiB: about 1.2 million write calls
    // (2.4 GB) in one fold of 200,000 profile-log rows at two million items (docs/performance.md,
    // stop 35). In memory it is freed with the statement and costs no system call.
    if (config.tempInMemory === true) sqlite.pragma('temp_store = MEMORY');
    // Statistics from the start: without them one-workspace installs chose full scans (issue #13).
    // 0x10002 also looks at tables this connection has not used yet; the limit keeps it to milliseconds.
    // It may ANALYZE, which takes the write lock: when another process holds it (an import running),
    // opening goes on without — the hourly optimize job refreshes them — instead of failing to start.
    sqlite.pragma(`analysis_limit = ${SQLITE_ANALYSIS_LIMIT}`);
    try {
      sqlite.pragma('optimize = 0x10002');
    } catch (err) {
      if ((err as { code?: string }).code?.startsWith('SQLITE_BUSY') !== true) throw err;
    }
    // Checkpoints on a thread of their own (see sqlite-checkpointer.ts); this connection checkpoints
    // itself only as a backstop, past a larger WAL. An in-memory database has no WAL.
    const checkpointer =
      config.file === ':memory:' ? undefined : startSqliteCheckpointer(sqlite, onIdleError);
    const cached = withStatementCache(sqlite);
    const dialect = guardDialect(new SqliteDialect({ database: cached }), {
      immediate: true,
      inTransaction: () => sqlite.inTransaction,
    });
    const db = new Kysely<DB>({ dialect });
    return {
      db,
      dialect: 'sqlite',
      location: config.file,
      optimize: () => {
        sqlite.pragma('optimize');
        return Promise.resolve();
      },
      checkpointer,
      runEach: (text, rows) => {
        if (!sqlite.inTransaction) throw new Error('runEach runs inside a transaction only');
        const stmt = cached.prepare(text);
        return rows.map((params) => stmt.run(params).changes);
      },
      destroy: async () => {
        await checkpointer?.stop();
        await db.destroy();
      },
    };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 10, types: PG_TYPES });
  // An idle connection that the server closes (a restart, a terminated backend) must not crash the
  // process: the pool drops it and opens another on the next query.
  pool.on('error', onIdleError);
  const db = new Kysely<DB>({ dialect: guardDialect(new PostgresDialect({ pool })) });
  const url = new URL(config.url);
  return {
    db,
    dialect: 'postgres',
    location: `${url.hostname}:${url.port || '5432'}${url.pathname}`,
    optimize: async () => {
      // Every table of the schema, not a list kept by hand: autovacuum may be off or behind after a
      // bulk load, and each table left out was found the hard way (issue #13: the duplicate check read
      // ~93k rows a lookup; issue #15: review requests probed by the wrong index; at 1.8 million items
      // the identity look-up of each batch read all 1.6 million identities, 2.4 s a statement, because
      // customer_identities had never been analysed). ANALYZE samples: seconds at 5 million items.
      const { rows } = await sql<{ name: string }>`
        select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'`.execute(db);
      for (const { name } of rows) await sql`analyze ${sql.table(name)}`.execute(db);
    },
    destroy: () => db.destroy(),
  };
}
