/**
 * Where a single-item `POST /api/v1/feedback` spends its time (issue #13: its p99 under 50 ms), on a
 * workspace that bench/scale.ts built: posts `--posts N` items one after another, as the scale
 * benchmark's single-item POSTs do, and prints their p50/p99, the statements each POST ran (count
 * and time, on either database) and the statements that took most time in all.
 *
 *   node --import tsx bench/post-trace.ts --items 1000000 --db pg [--posts 300] [--top 15] [--sequence]
 *
 * Figures only, never assertions.
 */
import pg from 'pg';
import fs from 'node:fs';
import { startServer } from '../src/server/index.js';
import { timeSqliteStatements } from './scale-trace.js';
import { parseScaleArgs, targetConfig, type Credentials } from './scale.js';
import { scaleItems, type ScaleItem } from './scale-data.js';

interface Tally {
  ms: number;
  calls: number;
  worst: number;
}
const totals = new Map<string, Tally>();
let perPost = { statements: 0, ms: 0 };
let sequence: string[] = [];

function record(source: string, ms: number): void {
  const key = source.replace(/\s+/g, ' ').slice(0, 150);
  const e = totals.get(key) ?? { ms: 0, calls: 0, worst: 0 };
  e.ms += ms;
  e.calls++;
  e.worst = Math.max(e.worst, ms);
  totals.set(key, e);
  perPost.statements++;
  perPost.ms += ms;
  sequence.push(`${ms.toFixed(1).padStart(6)}  ${key}`);
}

/** Times every statement of this process: pg's `Client#query`, better-sqlite3's run/get/all. */
function traceStatements(): void {
  const client = pg.Client.prototype as unknown as { query: (...a: unknown[]) => unknown };
  const query = client.query;
  client.query = function (this: unknown, ...a: unknown[]) {
    const text = typeof a[0] === 'string' ? a[0] : ((a[0] as { text?: string } | undefined)?.text ?? '?');
    const t = performance.now();
    const out = query.apply(this, a);
    if (out instanceof Promise) void out.finally(() => record(text, performance.now() - t)).catch(() => {});
    return out;
  };
  timeSqliteStatements(record);
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0) * 10) / 10;
};

const argv = process.argv.slice(2);
const value = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
const args = parseScaleArgs(argv);
const posts = Number(value('--posts') ?? 300);
const top = Number(value('--top') ?? 15);

traceStatements();
const target = await targetConfig(args, false);
if (!fs.existsSync(target.credentials))
  throw new Error(`${target.credentials}: build the workspace first (bench/scale.ts)`);
const credentials = JSON.parse(fs.readFileSync(target.credentials, 'utf8')) as Credentials;
const server = await startServer({ config: target.config, roles: ['web'] });
try {
  const latencies: number[] = [];
  const sqlMs: number[] = [];
  const counts: number[] = [];
  const sample = [...scaleItems(posts + 10, 77)];
  for (const [i, item] of sample.entries()) {
    perPost = { statements: 0, ms: 0 };
    sequence = [];
    if (i === 10) totals.clear(); // the first ten warm the server up
    const t = performance.now();
    const r = await fetch(`${server.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.apiKey}` },
      body: JSON.stringify({ ...item, externalId: `trace-${Date.now()}-${i}` } satisfies ScaleItem),
    });
    if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
    await r.arrayBuffer();
    if (i < 10) continue;
    latencies.push(performance.now() - t);
    sqlMs.push(perPost.ms);
    counts.push(perPost.statements);
  }
  console.log(`\n## ${posts} single-item POSTs on ${target.label}`);
  console.log(
    `  latency p50 ${pct(latencies, 0.5)} ms, p90 ${pct(latencies, 0.9)}, p99 ${pct(latencies, 0.99)}`,
  );
  console.log(`  time in statements p50 ${pct(sqlMs, 0.5)} ms, p99 ${pct(sqlMs, 0.99)}`);
  console.log(`  statements per POST p50 ${pct(counts, 0.5)}, max ${Math.max(...counts)}`);
  if (argv.includes('--sequence')) {
    console.log('  the last POST, statement by statement (ms):');
    for (const line of sequence) console.log(`    ${line}`);
  }
  console.log(`  the ${top} statements with most time in all (ms in all, calls, worst ms):`);
  for (const [sql, e] of [...totals].sort((a, b) => b[1].ms - a[1].ms).slice(0, top))
    console.log(
      `    ${e.ms.toFixed(0).padStart(6)} ${String(e.calls).padStart(6)}× ${e.worst.toFixed(1).padStart(6)}  ${sql}`,
    );
} finally {
  await server.close();
}
