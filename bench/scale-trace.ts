/**
 * `--trace-sql` of bench/scale.ts (SQLite): times every statement by its SQL text, so a step's
 * report shows which statements grow with the history (issue #13's profile of the import).
 */
import SqliteDatabase from 'better-sqlite3';

const totals = new Map<string, { ms: number; calls: number }>();

/**
 * Sets `pragmas` on each connection as it prepares its first statement and, when `timed`, wraps
 * better-sqlite3's statements so each run/get/all is timed. Call before the database opens.
 */
export function traceSql(pragmas: string[] = [], timed = true): void {
  const tuned = new WeakSet<object>();
  wrapSqlite((db, source, stmt) => {
    if (!tuned.has(db)) {
      tuned.add(db);
      for (const p of pragmas) db.pragma(p); // experiments: `--pragma cache_size=-65536`
    }
    if (timed)
      timeStatement(stmt, (ms) => {
        const key = source.replace(/\s+/g, ' ').slice(0, 160);
        const e = totals.get(key) ?? { ms: 0, calls: 0 };
        e.ms += ms;
        e.calls++;
        totals.set(key, e);
      });
  });
}

/** Calls `onPrepare` with each statement better-sqlite3 prepares in this process, before it is used. */
function wrapSqlite(
  onPrepare: (db: SqliteDatabase.Database, source: string, stmt: SqliteDatabase.Statement) => void,
): void {
  const proto = SqliteDatabase.prototype as unknown as { prepare: (sql: string) => SqliteDatabase.Statement };
  const prepare = proto.prepare;
  proto.prepare = function (this: SqliteDatabase.Database, source: string) {
    const stmt = prepare.call(this, source);
    onPrepare(this, source, stmt);
    return stmt;
  };
}

/** Wraps a statement's run/get/all so each call's time goes to `record`. */
function timeStatement(stmt: SqliteDatabase.Statement, record: (ms: number) => void): void {
  for (const m of ['run', 'get', 'all'] as const) {
    const f = stmt[m].bind(stmt);
    (stmt as unknown as Record<string, unknown>)[m] = (...a: unknown[]) => {
      const t = performance.now();
      try {
        return f(...a);
      } finally {
        record(performance.now() - t);
      }
    };
  }
}

/** Times every statement better-sqlite3 runs in this process: `record(sql, ms)` after each run/get/all. */
export function timeSqliteStatements(record: (source: string, ms: number) => void): void {
  wrapSqlite((_db, source, stmt) => timeStatement(stmt, (ms) => record(source, ms)));
}

/** Prints the statements that took most time since the last report, then starts over. */
export function reportSql(top = 8): void {
  const rows = [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, top);
  for (const [sql, { ms, calls }] of rows)
    console.log(`      ${ms.toFixed(0).padStart(7)} ms ${String(calls).padStart(7)}× ${sql}`);
  totals.clear();
}
