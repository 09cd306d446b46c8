/**
 * A slice of the scale file imported once more into a scale workspace (issue #13): lines
 * `--from`..`--from + --rows - 1` of the workspace's own file, under new external ids, so every row
 * is a new item of a customer the workspace already has. It runs `importRows` as `touchpoint import`
 * does (the import's SQLite cache, the profile log folded at its usual points), and prints the
 * slice's time, each fold's, the rate without the folds and the CPU, so the cost of a returning
 * customer's item and of folding it can be read at the workspace's size, without importing it again.
 *
 *   node --import tsx bench/scale-slice.ts --items 5000000 --db sqlite --from 4000001 --rows 200000 [--tag s1]
 *
 * The workspace (`bench/scale.ts --items N`) keeps the slice's items: each slice needs its own `--tag`.
 */
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { importConfig } from '../src/cli/import.js';
import { CLI_SETTLE_EVERY, importRows } from '../src/core/feedback/import.js';
import { readImport } from '../src/importers/read.js';
import { openRuntime } from '../src/runtime/index.js';
import { ensureFile, parseScaleArgs, targetConfig, timedFolds, type Credentials } from './scale.js';

const argv = process.argv.slice(2);
const value = (name: string) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
};
const args = parseScaleArgs(argv);
const from = Number(value('--from') ?? 1);
const rows = Number(value('--rows') ?? 100_000);
const tag = value('--tag') ?? `slice${from}`;
if (!Number.isInteger(from) || from < 1 || !Number.isInteger(rows) || rows < 1)
  throw new Error('--from and --rows: positive integers (lines of the scale file, from 1)');
if (!/^[a-z0-9]+$/.test(tag)) throw new Error(`--tag ${tag}: lowercase letters and digits`);

/** The slice's lines, each item under `<tag>-` instead of `scale-`, in a file beside the workspace. */
async function writeSlice(source: string): Promise<string> {
  const out = path.join(args.dir, `slice-${tag}-${from}-${rows}.jsonl`);
  const write = fs.createWriteStream(out);
  let line = 0;
  for await (const text of readline.createInterface({
    input: fs.createReadStream(source),
    crlfDelay: Infinity,
  })) {
    line++;
    if (line < from) continue;
    if (line >= from + rows) break;
    if (!write.write(`${text.replace('"externalId":"scale-', `"externalId":"${tag}-`)}\n`))
      await new Promise<void>((resolve) => write.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) => write.end((e?: Error | null) => (e ? reject(e) : resolve())));
  if (line < from + rows - 1)
    throw new Error(`${source} has ${line} lines: the slice needs ${from + rows - 1}`);
  return out;
}

// `--pragma temp_store=MEMORY`: an experiment on each connection; `--trace-sql`: every statement timed.
const trace = args.traceSql || args.pragmas.length > 0 ? await import('./scale-trace.js') : undefined;
trace?.traceSql(args.pragmas, args.traceSql);
const target = await targetConfig(args, false);
if (!fs.existsSync(target.credentials))
  throw new Error(
    `${target.credentials}: no workspace; build it first with bench/scale.ts --items ${args.items}`,
  );
const credentials = JSON.parse(fs.readFileSync(target.credentials, 'utf8')) as Credentials;
const file = await writeSlice(await ensureFile(args));
const rt = await openRuntime(args.via === 'import' ? importConfig(target.config) : target.config);
const folds: string[] = [];
let foldMs = 0;
const cpu = process.cpuUsage();
const started = performance.now();
const result = await importRows(
  {
    ...rt.ingestDeps,
    store: {
      ...rt.store,
      transaction: timedFolds(
        rt.store,
        (folded, ms, io) => {
          foldMs += ms;
          folds.push(
            `${folded} rows in ${(ms / 1000).toFixed(1)} s (${((ms / folded) * 1000).toFixed(0)} µs a row), ended ${new Date().toISOString()} (${process.hrtime.bigint() / 1000n} µs); ${io}`,
          );
          if (args.traceSql) {
            console.log(`  the fold's statements (${folded} rows):`);
            trace?.reportSql(12);
          }
        },
        () => {
          // The monotonic clock in µs, as a --cpu-prof profile's sample times count it.
          console.log(`  a fold starts ${new Date().toISOString()} (${process.hrtime.bigint() / 1000n} µs)`);
          if (!args.traceSql) return;
          console.log('  statements before the fold:');
          trace?.reportSql(12);
        },
      ),
    },
  },
  {
    workspaceId: credentials.workspaceId,
    actor: { type: 'system', id: null },
    batchSize: args.batchSize,
    ...(args.settleEvery > 0 ? { settleEvery: args.settleEvery } : {}),
  },
  readImport(fs.createReadStream(file), { filename: file }).rows,
);
const seconds = (performance.now() - started) / 1000;
const used = process.cpuUsage(cpu);
console.log(
  `slice ${from}–${from + rows - 1} of ${path.basename(file)} into ${target.label} (${args.settleEvery > 0 ? `folds from every ${args.settleEvery === CLI_SETTLE_EVERY ? 'CLI_SETTLE_EVERY' : args.settleEvery} rows` : 'profiles in each batch'}):`,
);
console.log(
  `  ${result.created} created, ${result.rejected} rejected in ${seconds.toFixed(1)} s (${Math.round(result.created / seconds)}/s); CPU ${((used.user + used.system) / 1e6).toFixed(1)} s`,
);
for (const f of folds) console.log(`  fold: ${f}`);
if (foldMs > 0)
  console.log(`  without the folds: ${Math.round(result.created / (seconds - foldMs / 1000))}/s`);
await rt.close();
