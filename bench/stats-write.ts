/**
 * What a fold's write of one stored customer's stats row costs on SQLite, statement shape by
 * statement shape, on a scale workspace (issue #13, docs/performance.md stop 38): random stored
 * customers in customer order, their rows read and changed as a returning customer's item changes
 * them (a later visit: last seen, thresholds, items, counts), then written in one of the shapes
 * below inside a transaction that is rolled back, so the workspace is left as it was. Rounds
 * alternate the shapes; the figure is µs a row, with the read's for scale.
 *
 *   node --import tsx bench/stats-write.ts --items 1000000 [--rows 20000] [--rounds 3]
 *
 * - `upsert-all`: `insert … on conflict do update` of every column, 400 rows a statement (the fold
 *   until stop 38; PostgreSQL's still);
 * - `update-all`: one UPDATE a row, every column;
 * - `update-changed`: one UPDATE a row, the columns no index holds and the thresholds that moved
 *   (what a fold runs for such a customer since stop 38);
 * - `update-unindexed`: one UPDATE a row, only the columns no index holds (what a fold would cost
 *   if no index entry moved);
 * - `values-join`: `update … from (values …)`, 400 rows a statement, the same columns as
 *   `update-changed`.
 */
import SqliteDatabase from 'better-sqlite3';
import path from 'node:path';
import { importCacheMb } from '../src/store/database.js';
import { parseScaleArgs, targetConfig } from './scale.js';

const argv = process.argv.slice(2);
const value = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const args = parseScaleArgs(argv);
if (args.db !== 'sqlite') throw new Error('--db sqlite only: the shapes compared are SQLite statements');
const rowsPerRun = Number(value('--rows') ?? 20_000);
const rounds = Number(value('--rounds') ?? 3);
if (!Number.isInteger(rowsPerRun) || rowsPerRun < 1 || !Number.isInteger(rounds) || rounds < 1)
  throw new Error('--rows and --rounds: positive integers');

const target = await targetConfig(args, false);
if (target.config.database.dialect !== 'sqlite') throw new Error('expected a SQLite workspace');
const file = target.config.database.file;
const db = new SqliteDatabase(file);
db.pragma('journal_mode = WAL');
db.pragma('synchronous = NORMAL');
db.pragma('foreign_keys = ON');
db.pragma('temp_store = MEMORY');
db.pragma(`cache_size = ${-importCacheMb() * 1024}`);

type Row = Record<string, unknown> & { customer_id: string };
const ids = db.prepare('select customer_id from customer_stats').pluck().all() as string[];
if (ids.length < rowsPerRun * 2)
  throw new Error(`${file}: ${ids.length} stats rows, too few for --rows ${rowsPerRun}`);
// Warm the cache as a running import has it: the table, its key and its lifecycle indexes.
db.prepare('select sum(length(touchpoint_counts)) from customer_stats').get();
for (const [index, column] of [
  ['customer_stats_at_risk', 'at_risk_after'],
  ['customer_stats_lapsed', 'lapsed_after'],
  ['customer_stats_new', 'new_until'],
])
  db.prepare(
    `select count(*) from customer_stats indexed by ${index} where workspace_id > '' and ${column} is not null`,
  ).get();

const columns = (db.prepare('select * from customer_stats limit 1').columns() as { name: string }[]).map(
  (c) => c.name,
);
const INDEXED = [
  'workspace_id',
  'new_until',
  'visits',
  'promoter',
  'ambassador_score',
  'at_risk_after',
  'lapsed_after',
];
const settable = columns.filter((c) => c !== 'customer_id');
const unindexed = settable.filter((c) => !INDEXED.includes(c));
const changed = [...unindexed, 'at_risk_after', 'lapsed_after'];

let seed = 38;
const random = () => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 2 ** 32;
};
function sample(n: number): string[] {
  const picked = new Set<string>();
  while (picked.size < n) picked.add(ids[Math.floor(random() * ids.length)] ?? '');
  return [...picked].sort();
}
const reads = new Map<number, SqliteDatabase.Statement>();
function read(part: readonly string[]): Row[] {
  const out: Row[] = [];
  for (let i = 0; i < part.length; i += 500) {
    const p = part.slice(i, i + 500);
    let stmt = reads.get(p.length);
    if (!stmt)
      reads.set(
        p.length,
        (stmt = db.prepare(
          `select * from customer_stats where customer_id in (${p.map(() => '?').join(', ')}) order by customer_id`,
        )),
      );
    out.push(...(stmt.all(...p) as Row[]));
  }
  return out;
}
const later = (ts: unknown, days: number) =>
  typeof ts === 'string' ? new Date(Date.parse(ts) + days * 86_400_000).toISOString() : null;
/** The row after a returning customer's item on a later day: last seen, thresholds, items and a count move. */
function visit(r: Row): Row {
  const touchpoints = JSON.parse(String(r.touchpoint_counts)) as Record<string, number[]>;
  const [key] = Object.keys(touchpoints);
  if (key !== undefined && touchpoints[key]) touchpoints[key][0] = (touchpoints[key][0] ?? 0) + 1;
  return {
    ...r,
    last_seen_at: later(r.last_seen_at, 3),
    at_risk_after: later(r.at_risk_after ?? r.last_seen_at, 5),
    lapsed_after: later(r.lapsed_after ?? r.last_seen_at, 9),
    items: Number(r.items) + 1,
    updated_at: new Date().toISOString(),
    touchpoint_counts: JSON.stringify(touchpoints),
  };
}

const statements = new Map<string, SqliteDatabase.Statement>();
const prepared = (text: string) => {
  let stmt = statements.get(text);
  if (!stmt) statements.set(text, (stmt = db.prepare(text)));
  return stmt;
};
const tuple = (n: number) => `(${Array.from({ length: n }, () => '?').join(', ')})`;
function byStatement(
  rows: readonly Row[],
  text: (part: readonly Row[]) => string,
  values: (r: Row) => unknown[],
) {
  for (let i = 0; i < rows.length; i += 400) {
    const part = rows.slice(i, i + 400);
    prepared(text(part)).run(part.flatMap(values));
  }
}
function byRow(rows: readonly Row[], set: readonly string[]) {
  const stmt = prepared(
    `update customer_stats set ${set.map((c) => `"${c}" = ?`).join(', ')} where customer_id = ?`,
  );
  for (const r of rows) stmt.run([...set.map((c) => r[c]), r.customer_id]);
}
const shapes: Record<string, (rows: readonly Row[]) => void> = {
  'upsert-all': (rows) =>
    byStatement(
      rows,
      (part) =>
        `insert into customer_stats (${columns.map((c) => `"${c}"`).join(', ')}) values ${part.map(() => tuple(columns.length)).join(', ')} on conflict (customer_id) do update set ${settable.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`,
      (r) => columns.map((c) => r[c]),
    ),
  'update-all': (rows) => byRow(rows, settable),
  'update-changed': (rows) => byRow(rows, changed),
  'update-unindexed': (rows) => byRow(rows, unindexed),
  'values-join': (rows) =>
    byStatement(
      rows,
      (part) =>
        `update customer_stats set ${changed.map((c, i) => `"${c}" = v.column${i + 2}`).join(', ')} from (values ${part.map(() => tuple(changed.length + 1)).join(', ')}) as v where customer_stats.customer_id = v.column1`,
      (r) => [r.customer_id, ...changed.map((c) => r[c])],
    ),
};

console.log(
  `## A stored customer's stats row written, ${rowsPerRun} random rows a run, ${rounds} rounds (${path.basename(path.dirname(file))}, ${ids.length} stats rows)`,
);
const results = new Map<string, number[]>();
for (let round = 0; round < rounds; round++)
  for (const [name, write] of [['read', () => undefined] as const, ...Object.entries(shapes)]) {
    const rows = sample(rowsPerRun);
    db.exec('begin immediate');
    try {
      const start = process.hrtime.bigint();
      const changedRows = read(rows).map(visit);
      const written = process.hrtime.bigint();
      write(changedRows);
      const end = process.hrtime.bigint();
      const us = Number(name === 'read' ? written - start : end - written) / 1000 / rowsPerRun;
      results.set(name, [...(results.get(name) ?? []), us]);
    } finally {
      db.exec('rollback');
    }
  }
for (const [name, runs] of results)
  console.log(`  ${name.padEnd(17)} ${runs.map((us) => us.toFixed(1).padStart(6)).join(' ')} µs a row`);
db.close();
