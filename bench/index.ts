/**
 * `npm run bench`: figures, never assertions. Uses the airline tweets from ../shared/data when present
 * (TOUCHPOINT_SHARED_DATA to point elsewhere), else the project's own demo texts.
 * `npm run bench -- --postgres postgres://…/emptydb` adds the PostgreSQL ingest run.
 */
import fs from 'node:fs';
import path from 'node:path';
import { demoData } from '../src/demo/index.js';
import type { FeedbackInput } from '../src/core/feedback/schema.js';
import { readImport } from '../src/importers/index.js';
import { benchAnalysis } from './analysis.js';
import { benchIngest } from './ingest.js';

if (process.argv.includes('--scale') || process.argv.includes('--items')) {
  // `npm run bench -- --scale 1000000 [--db pg] [--via http] [--queries]`: see bench/scale.ts.
  const { parseScaleArgs, runScale } = await import('./scale.js');
  await runScale(parseScaleArgs(process.argv.slice(2)));
  process.exit(0);
}

const dataDir = process.env.TOUCHPOINT_SHARED_DATA ?? path.resolve('../shared/data');
const airline = path.join(dataDir, 'airline-tweets/Tweets.train.csv');

async function corpus(): Promise<{ name: string; items: FeedbackInput[] }> {
  if (fs.existsSync(airline)) {
    const items: FeedbackInput[] = [];
    const seen = new Set<string>();
    for await (const row of readImport(fs.createReadStream(airline), { filename: airline }).rows) {
      if (row.ok && !seen.has(row.input.externalId)) {
        seen.add(row.input.externalId);
        items.push(row.input);
      }
    }
    return { name: `airline tweets (${items.length} distinct)`, items };
  }
  const items = demoData({ count: 5000, now: new Date('2026-01-01T00:00:00Z') }).items;
  return { name: `demo items (${items.length})`, items };
}

const { name, items } = await corpus();
console.log(`corpus: ${name}; node ${process.version}; ${process.arch}`);

console.log('\n## Analysis throughput, one core, best of 5 passes (VADER: 2) (items/s)');
const analysis = await benchAnalysis(items.map((i) => i.text));
const ours = analysis[0]?.itemsPerSecond ?? 0;
for (const f of analysis)
  console.log(
    `  ${f.name.padEnd(36)} ${String(f.itemsPerSecond).padStart(8)}  (${(f.itemsPerSecond / ours).toFixed(2)}× ours)`,
  );

console.log('\n## Ingest over HTTP: batches of 1,000, stored + analysed + indexed; then 300 single items');
const pgIndex = process.argv.indexOf('--postgres');
const runs = [undefined, ...(pgIndex > 0 && process.argv[pgIndex + 1] ? [process.argv[pgIndex + 1]] : [])];
for (const pg of runs) {
  const f = await benchIngest(items, pg);
  console.log(
    `  ${f.database.padEnd(9)} ${String(f.batchItemsPerSecond).padStart(6)} items/s   single item p50 ${f.singleP50Ms} ms, p99 ${f.singleP99Ms} ms`,
  );
}
