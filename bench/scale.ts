/**
 * The scale benchmark (issue #13): builds a workspace of N generated items through the real ingest
 * path and prints the ingest rate per 100k (or per tenth for smaller runs), single-item POST latency
 * and the process's peak memory; `--queries` then measures the explorer, inbox, case and alert
 * queries (bench/scale-queries.ts). Figures only, never assertions.
 *
 *   node --import tsx bench/scale.ts --items 1000000 --db sqlite --via import
 *   npm run bench -- --scale 1000000 --db pg --via http
 *
 * Options: `--items N` (or `--scale N`), `--db sqlite|pg`, `--via import|http` (the recorded file
 * import that `touchpoint import` runs, or HTTP batches of 1,000 to `POST /api/v1/feedback`),
 * `--dir D` (default /tmp/tp/scale), `--seed S`, `--identities author|platform` (one platform per
 * author, the default, or a platform per item: bench/scale-data.ts), `--queries` (run the query
 * benchmark after), `--trace-sql` (time every statement), `--pragma P` (a SQLite pragma on each
 * connection of this process, for experiments: `--pragma cache_size=-1048576`), `--batch-size N`
 * (rows per transaction of `--via import`; default `touchpoint import`'s, CLI_IMPORT_BATCH),
 * `--settle-every N` (rows between folds of the customer profiles' log; default `touchpoint
 * import`'s, CLI_SETTLE_EVERY; 0 updates the profiles in each batch, as the server's import does),
 * `--pg-admin URL` (default postgres://postgres@127.0.0.1:5432/postgres).
 *
 * The generated file is `D/items-N-authors.jsonl` (`D/items-N.jsonl` with `--identities platform`;
 * kept and reused). The workspace is made fresh each run:
 * SQLite in `D/sqlite-N/` (`TOUCHPOINT_DATA_DIR`), PostgreSQL in database `tp_scale_N`; its owner
 * `scale@example.com` / `scale password`, and an API key with every scope, are written to
 * `D/<target>/credentials.json` (SQLite) or `D/pg-N.credentials.json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import pg from 'pg';
import { loadConfig, type Config } from '../src/config/index.js';
import { CLI_IMPORT_BATCH, CLI_SETTLE_EVERY } from '../src/core/feedback/import.js';
import { runRecordedImport } from '../src/core/feedback/run-import.js';
import { importConfig } from '../src/cli/import.js';
import type { Store } from '../src/core/ports.js';
import { SCOPES } from '../src/core/types.js';
import { readImport } from '../src/importers/index.js';
import { startServer, type RunningServer } from '../src/server/index.js';
import { OWN_BRAND, SCALE_BRANDS, scaleItems, type ScaleIdentities, type ScaleItem } from './scale-data.js';

export interface ScaleArgs {
  items: number;
  db: 'sqlite' | 'pg';
  via: 'import' | 'http';
  dir: string;
  seed: number;
  identities: ScaleIdentities;
  queries: boolean;
  traceSql: boolean;
  /** SQLite pragmas set on each connection (`--pragma cache_size=-65536`), for experiments. */
  pragmas: string[];
  /** Rows per transaction of `--via import` (`--batch-size`; default that of `touchpoint import`). */
  batchSize: number;
  /** Rows between folds of `--via import`'s profile log (`--settle-every`; 0: profiles updated in each batch). */
  settleEvery: number;
  pgAdmin: string;
}

export function parseScaleArgs(argv: readonly string[]): ScaleArgs {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const items = Number(value('--items') ?? value('--scale') ?? 100_000);
  const db = value('--db') ?? 'sqlite';
  const via = value('--via') ?? 'import';
  if (!Number.isInteger(items) || items < 1) throw new Error('--items: a positive integer');
  if (db !== 'sqlite' && db !== 'pg') throw new Error('--db: sqlite or pg');
  if (via !== 'import' && via !== 'http') throw new Error('--via: import or http');
  const identities = value('--identities') ?? 'author';
  if (identities !== 'author' && identities !== 'platform')
    throw new Error('--identities: author or platform');
  return {
    items,
    db,
    via,
    dir: value('--dir') ?? '/tmp/tp/scale',
    seed: Number(value('--seed') ?? 13),
    identities,
    queries: argv.includes('--queries'),
    traceSql: argv.includes('--trace-sql'),
    pragmas: argv.flatMap((a, i) => (argv[i - 1] === '--pragma' ? [a] : [])),
    batchSize: Number(value('--batch-size') ?? CLI_IMPORT_BATCH),
    settleEvery: Number(value('--settle-every') ?? CLI_SETTLE_EVERY),
    pgAdmin: value('--pg-admin') ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  };
}

/** `1000000` → `1m`, `250000` → `250k`. */
export const sizeName = (n: number) =>
  n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n);

/** Writes the generated items as JSON lines (once per size and seed); returns the path. */
export async function ensureFile(args: ScaleArgs): Promise<string> {
  fs.mkdirSync(args.dir, { recursive: true });
  const file = path.join(
    args.dir,
    `items-${sizeName(args.items)}${args.seed === 13 ? '' : `-s${args.seed}`}${args.identities === 'author' ? '-authors' : ''}.jsonl`,
  );
  if (fs.existsSync(file)) return file;
  const started = performance.now();
  const out = fs.createWriteStream(`${file}.part`);
  let chunk = '';
  for (const item of scaleItems(args.items, args.seed, args.identities)) {
    chunk += `${JSON.stringify(item)}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  // On disk before the import starts: the kernel's write-back of a just-written 2 GB file ran beside the
  // first 100k of stop 37's 5M run and slowed it to 1,432/s, against 2,100–2,275/s from a written file.
  const fd = fs.openSync(`${file}.part`, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  fs.renameSync(`${file}.part`, file);
  const bytes = fs.statSync(file).size;
  console.log(
    `generated ${file}: ${args.items} items, ${(bytes / 1e6).toFixed(0)} MB (${Math.round(bytes / args.items)} bytes/line) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return file;
}

/** The target's configuration; `fresh` empties it first. */
export async function targetConfig(
  args: ScaleArgs,
  fresh: boolean,
): Promise<{ config: Config; env: Record<string, string>; credentials: string; label: string }> {
  const name = sizeName(args.items);
  const env: Record<string, string> = {
    PORT: '0',
    TOUCHPOINT_LOG_LEVEL: 'warn',
    TOUCHPOINT_RATE_LIMIT_PER_IP: '0',
    TOUCHPOINT_RATE_LIMIT_PER_API_KEY: '0',
  };
  if (args.db === 'sqlite') {
    const dataDir = path.join(args.dir, `sqlite-${name}`);
    if (fresh) fs.rmSync(dataDir, { recursive: true, force: true });
    fs.mkdirSync(dataDir, { recursive: true });
    const sqliteEnv = { ...env, TOUCHPOINT_DATA_DIR: dataDir };
    return {
      config: loadConfig(sqliteEnv),
      env: sqliteEnv,
      credentials: path.join(dataDir, 'credentials.json'),
      label: `SQLite ${dataDir}`,
    };
  }
  const database = `tp_scale_${name}`;
  if (fresh) {
    const admin = new pg.Client({ connectionString: args.pgAdmin });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${database}`);
    await admin.end();
  }
  const url = new URL(args.pgAdmin);
  url.pathname = `/${database}`;
  const dataDir = path.join(args.dir, `pg-${name}-data`);
  fs.mkdirSync(dataDir, { recursive: true });
  const pgEnv = { ...env, TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_DATABASE_URL: url.toString() };
  return {
    config: loadConfig(pgEnv),
    env: pgEnv,
    credentials: path.join(args.dir, `pg-${name}.credentials.json`),
    label: `PostgreSQL ${url.toString()}`,
  };
}

export interface Credentials {
  url?: string;
  email: string;
  password: string;
  apiKey: string;
  workspaceId: string;
}

/** Sets the fresh instance up over HTTP (owner, workspace, API key with every scope). */
async function setUp(server: RunningServer): Promise<Credentials> {
  const email = 'scale@example.com';
  const password = 'scale password';
  const r = await fetch(`${server.url}/api/v1/setup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Scale', email, password, workspaceName: 'Scale' }),
  });
  if (!r.ok) throw new Error(`setup answered ${r.status}: ${await r.text()}`);
  const cookie = (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const { csrfToken } = (await r.json()) as { csrfToken: string };
  const k = await fetch(`${server.url}/api/v1/keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
    body: JSON.stringify({ name: 'scale', scopes: [...SCOPES] }),
  });
  if (!k.ok) throw new Error(`key answered ${k.status}: ${await k.text()}`);
  const apiKey = ((await k.json()) as { key: string }).key;
  const [workspace] = await server.runtime.store.workspaces.list();
  if (!workspace) throw new Error('setup made no workspace');
  return { email, password, apiKey, workspaceId: workspace.id };
}

/** Records the time each `step` items were reached and prints the rate of that step. */
export function rateMeter(total: number, onStep?: () => void) {
  const step = total >= 1_000_000 ? 100_000 : Math.max(1, Math.round(total / 10));
  const started = performance.now();
  let mark = started;
  // CPU time of this process too: on a shared machine the wall-clock rate says more about the neighbours.
  let cpuMark = process.cpuUsage();
  let next = step;
  let markDone = 0;
  // Where the last step began: a report of the same rows again (the import's last fold, after its
  // last batch) extends that step, so every fold counts in the step of the rows it folded.
  let last = { mark: started, cpu: cpuMark, done: 0 };
  let foldedSince = false;
  const rates: {
    upTo: number;
    items: number;
    seconds: number;
    itemsPerSecond: number;
    perCpuSecond: number;
  }[] = [];
  const report = (done: number, from: typeof last, note: string) => {
    const now = performance.now();
    const items = done - from.done;
    const itemsPerSecond = Math.round(items / ((now - from.mark) / 1000));
    const cpu = process.cpuUsage(from.cpu);
    const perCpuSecond = Math.round(items / ((cpu.user + cpu.system) / 1e6));
    const m = process.memoryUsage();
    const mb = (x: number) => Math.round(x / 1e6);
    // RSS beside the JS heap: what grows outside the heap (SQLite's statements and pages) shows apart.
    console.log(
      `  ${String(done).padStart(8)} items${note}: ${String(itemsPerSecond).padStart(6)} items/s over the last ${items}, ${String(perCpuSecond).padStart(6)} per CPU-second of this process (rss ${mb(m.rss)} MB, heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB) ${new Date().toISOString().slice(11, 19)}`,
    );
    return { upTo: done, items, seconds: (now - from.mark) / 1000, itemsPerSecond, perCpuSecond };
  };
  return {
    rates,
    step,
    seen(done: number) {
      if (done === markDone && rates.length > 0) {
        if (!foldedSince) return;
        foldedSince = false;
        const amended = report(done, last, ' (with the fold after it)');
        rates[rates.length - 1] = amended;
        onStep?.();
        return;
      }
      if (done < next) return;
      // A rate over the items since the last report: one report of a batch may pass several steps
      // (steps of 2,000 in batches of 5,000 printed millions of items per second).
      last = { mark, cpu: cpuMark, done: markDone };
      foldedSince = false;
      rates.push(report(done, last, ''));
      onStep?.();
      mark = performance.now();
      cpuMark = process.cpuUsage();
      markDone = done;
      while (next <= done) next += step;
    },
    /** A fold of the profile log ran (bench/scale.ts times each). */
    folded() {
      foldedSince = true;
    },
    overall(done: number) {
      return Math.round(done / ((performance.now() - started) / 1000));
    },
  };
}

/**
 * Issue #13's ingest rule from the steps' own times: the rate over the last million items (the last
 * fifth of a smaller run), each step with the folds it ran, against the first step's (the first 100k).
 */
export function ingestRule(
  rates: readonly { upTo: number; items: number; seconds: number; itemsPerSecond: number }[],
  total: number,
): string | undefined {
  const first = rates[0];
  const window = Math.min(1_000_000, Math.round(total / 5));
  const tail = rates.filter((r) => r.upTo > total - window);
  const items = tail.reduce((n, r) => n + r.items, 0);
  const seconds = tail.reduce((n, r) => n + r.seconds, 0);
  if (!first || rates.length < 2 || seconds === 0) return undefined;
  const rate = items / seconds;
  return `the last ${items.toLocaleString('en')} items at ${Math.round(rate)}/s (${seconds.toFixed(0)} s), the first ${first.items.toLocaleString('en')} at ${first.itemsPerSecond}/s: ${(rate / first.itemsPerSecond).toFixed(3)} (the rule asks 0.8 or more)`;
}

/** This process's read and write system calls and bytes so far (Linux `/proc/self/io`; zeros elsewhere). */
export function ioCounters(): { reads: number; readMb: number; writes: number; writeMb: number } {
  let text = '';
  try {
    text = fs.readFileSync('/proc/self/io', 'utf8');
  } catch {
    return { reads: 0, readMb: 0, writes: 0, writeMb: 0 };
  }
  const field = (name: string) => Number(new RegExp(`^${name}: (\\d+)$`, 'm').exec(text)?.[1] ?? 0);
  return {
    reads: field('syscr'),
    readMb: field('rchar') / 1048576,
    writes: field('syscw'),
    writeMb: field('wchar') / 1048576,
  };
}

/** A fold's page reads and writes as system calls (SQLite reads a page its cache misses with one `pread`). */
export function ioSince(start: ReturnType<typeof ioCounters>, rows: number): string {
  const now = ioCounters();
  const reads = now.reads - start.reads;
  const writes = now.writes - start.writes;
  return (
    `${reads} reads (${(reads / rows).toFixed(1)} a row, ${(now.readMb - start.readMb).toFixed(0)} MB), ` +
    `${writes} writes (${(writes / rows).toFixed(1)} a row, ${(now.writeMb - start.writeMb).toFixed(0)} MB)`
  );
}

/**
 * The store's `transaction`, with each fold of the profile log that folds rows timed:
 * `onFold(rows, ms, io)`, `io` its reads and writes (`ioSince`).
 */
export function timedFolds(
  store: Store,
  onFold: (folded: number, ms: number, io: string) => void,
  /** Called as each settle starts (`bench/scale-slice.ts --trace-sql` prints the statements before it). */
  onSettle?: () => void,
): Store['transaction'] {
  return async (fn) => {
    let fold:
      | { folded: number; ms: number; io: string; ended: number; ioEnded: ReturnType<typeof ioCounters> }
      | undefined;
    const out = await store.transaction((tx) =>
      fn({
        ...tx,
        customerProfiles: {
          ...tx.customerProfiles,
          settle: async (w, now) => {
            onSettle?.();
            const started = performance.now();
            const io = ioCounters();
            const folded = await tx.customerProfiles.settle(w, now);
            const ended = performance.now();
            if (folded > 0)
              fold = { folded, ms: ended - started, io: ioSince(io, folded), ended, ioEnded: ioCounters() };
            return folded;
          },
        },
      }),
    );
    // The fold's commit too: it writes the pages the fold changed to the WAL. Its writes are the
    // process's, the checkpoint thread's among them.
    if (fold)
      onFold(
        fold.folded,
        fold.ms,
        `${fold.io}; commit ${((performance.now() - fold.ended) / 1000).toFixed(1)} s, ${ioSince(fold.ioEnded, fold.folded)}`,
      );
    return out;
  };
}

async function viaImport(
  server: RunningServer,
  credentials: Credentials,
  file: string,
  total: number,
  batchSize: number,
  settleEvery: number,
) {
  const { runtime } = server;
  const meter = rateMeter(total, stepHook);
  const job = await runtime.store.imports.create({
    workspaceId: credentials.workspaceId,
    filename: path.basename(file),
    options: { ownBrand: OWN_BRAND },
    bytesTotal: fs.statSync(file).size,
    createdBy: null,
  });
  let bytes = 0;
  const stream = fs.createReadStream(file);
  stream.on('data', (c) => (bytes += c.length));
  const reader = readImport(stream, { filename: file });
  const result = await runRecordedImport(
    {
      ...runtime.ingestDeps,
      store: {
        ...runtime.store,
        imports: {
          ...runtime.store.imports,
          progress: async (w, id, p) => {
            if (p.rows !== undefined) meter.seen(p.rows);
            await runtime.store.imports.progress(w, id, p);
          },
        },
        // Each fold of the profile log, timed (it is part of the rate of the step whose last batch called for it).
        transaction: timedFolds(runtime.store, (folded, ms, io) => {
          meter.folded();
          console.log(`    profile log: ${folded} items folded in ${(ms / 1000).toFixed(1)} s; ${io}`);
        }),
      },
    },
    {
      workspaceId: credentials.workspaceId,
      actor: { type: 'system', id: null },
      importId: job.id,
      ownBrand: OWN_BRAND,
      batchSize,
      ...(settleEvery > 0 ? { settleEvery } : {}),
    },
    { rows: reader.rows, format: reader.format, bytesRead: () => bytes, warnings: reader.warnings },
    { clock: runtime.clock },
  );
  return {
    overall: meter.overall(result.rows),
    rates: meter.rates,
    created: result.created,
    rejected: result.rejected,
  };
}

function poster(server: RunningServer, apiKey: string) {
  return async (body: unknown) => {
    const r = await fetch(`${server.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` },
      body: JSON.stringify(body),
    });
    if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
    return r.json();
  };
}

async function viaHttp(server: RunningServer, credentials: Credentials, file: string, total: number) {
  // Brands made first with their kind, as a user would before sending items over the API.
  for (const b of SCALE_BRANDS)
    await server.runtime.store.brands.ensure(credentials.workspaceId, b.name, b.kind);
  const post = poster(server, credentials.apiKey);
  const meter = rateMeter(total, stepHook);
  let batch: string[] = [];
  let done = 0;
  const send = async () => {
    if (batch.length === 0) return;
    const r = await fetch(`${server.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${credentials.apiKey}` },
      body: `{"items":[${batch.join(',')}]}`,
    });
    if (r.status !== 200) throw new Error(`ingest answered ${r.status}: ${await r.text()}`);
    await r.arrayBuffer();
    done += batch.length;
    batch = [];
    meter.seen(done);
  };
  let rest = '';
  for await (const chunk of fs.createReadStream(file, { encoding: 'utf8' })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (line) batch.push(line);
      if (batch.length === 1000) await send();
    }
  }
  if (rest) batch.push(rest);
  await send();
  void post;
  return { overall: meter.overall(done), rates: meter.rates, created: done, rejected: 0 };
}

/** 300 single-item POSTs one after another: p50 and p99 in ms. */
async function singles(server: RunningServer, apiKey: string) {
  const post = poster(server, apiKey);
  const sample = [...scaleItems(300, 99)];
  const latencies: number[] = [];
  for (const [i, item] of sample.entries()) {
    const t = performance.now();
    await post({ ...item, externalId: `single-${Date.now()}-${i}` } satisfies ScaleItem);
    latencies.push(performance.now() - t);
  }
  latencies.sort((a, b) => a - b);
  const pct = (p: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0) * 10) / 10;
  return { p50: pct(0.5), p99: pct(0.99) };
}

let stepHook: (() => void) | undefined;

export async function runScale(args: ScaleArgs): Promise<void> {
  if (args.traceSql || args.pragmas.length > 0) {
    const { traceSql, reportSql } = await import('./scale-trace.js');
    traceSql(args.pragmas, args.traceSql);
    if (args.traceSql) stepHook = () => reportSql();
  }
  const file = await ensureFile(args);
  const target = await targetConfig(args, true);
  // `--via import` runs with `touchpoint import`'s configuration (its SQLite cache), unless a
  // `--pragma` experiment sets the cache itself.
  const config =
    args.via === 'import' && !args.pragmas.some((p) => /cache_size/i.test(p))
      ? importConfig(target.config)
      : target.config;
  const cache =
    config.database.dialect === 'sqlite' && config.database.cacheMb !== undefined
      ? `, SQLite cache ${config.database.cacheMb} MB`
      : '';
  console.log(
    `\n## Ingest of ${args.items} items via ${args.via}${args.via === 'import' ? ` (${args.batchSize} rows per transaction${cache}, ${args.settleEvery > 0 ? `profiles folded every ${args.settleEvery} rows` : 'profiles updated in each batch'})` : ''} into ${target.label}; node ${process.version}`,
  );
  const server = await startServer({ config, roles: ['web'] });
  try {
    const credentials = await setUp(server);
    fs.writeFileSync(
      target.credentials,
      `${JSON.stringify({ ...credentials, dataDir: target.config.dataDir }, null, 2)}\n`,
    );
    const run = args.via === 'import' ? viaImport : viaHttp;
    const started = performance.now();
    const r = await run(server, credentials, file, args.items, args.batchSize, args.settleEvery);
    const seconds = (performance.now() - started) / 1000;
    const first = r.rates[0]?.itemsPerSecond ?? 0;
    const last = r.rates.at(-1)?.itemsPerSecond ?? 0;
    const firstCpu = r.rates[0]?.perCpuSecond ?? 0;
    const lastCpu = r.rates.at(-1)?.perCpuSecond ?? 0;
    if (firstCpu)
      console.log(
        `  per CPU-second: first step ${firstCpu}, last ${lastCpu} (last / first ${(lastCpu / firstCpu).toFixed(2)})`,
      );
    console.log(
      `  overall ${r.overall} items/s (${r.created} created, ${r.rejected} rejected, ${(seconds / 60).toFixed(1)} min); last step / first: ${first ? (last / first).toFixed(2) : '–'}`,
    );
    const rule = ingestRule(r.rates, args.items);
    if (rule) console.log(`  ${rule}`);
    const s = await singles(server, credentials.apiKey);
    console.log(`  single-item POST: p50 ${s.p50} ms, p99 ${s.p99} ms`);
    // maxRSS is in KiB; MB (10^6 bytes) as the steps print their rss.
    console.log(`  peak RSS of the process ${Math.round((process.resourceUsage().maxRSS * 1024) / 1e6)} MB`);
    console.log(`  credentials: ${target.credentials}`);
  } finally {
    await server.close();
  }
  if (args.queries) {
    const { runQueries } = await import('./scale-queries.js');
    await runQueries(args);
  }
}

const invoked = process.argv[1] ?? '';
if (invoked.endsWith('scale.ts') || invoked.endsWith('scale.js')) {
  // Not a top-level await: `--queries` imports bench/scale-queries.ts, which imports this module, and
  // that import waited for this module to finish evaluating, which waited for the run: the process
  // exited with code 13 and the query step never printed (after the 5M ingests of stops 24 and 26).
  runScale(parseScaleArgs(process.argv.slice(2))).catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
