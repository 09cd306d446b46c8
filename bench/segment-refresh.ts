/**
 * Segment refresh on a scale workspace (issue #13; build it with bench/scale.ts first): for each of
 * two segments, the time of `segments.refresh` and the longest the event loop waited meanwhile (on
 * SQLite that is the write transaction, whose statements hold the thread), when every member is
 * written (the first evaluation, and what every refresh did before stop 30) and when only the
 * difference is (a later refresh with nothing or little changed). Figures only, never assertions.
 *
 *   node --import tsx bench/segment-refresh.ts --items 1000000 --db sqlite [--runs 3]
 *
 * Takes bench/scale.ts's `--items`, `--db`, `--dir`; the segments are made once, named "Bench: …".
 */
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { sql } from 'kysely';
import { SegmentRulesSchema, type SegmentRules } from '../src/core/customers/segments.js';
import { openDatabase } from '../src/store/database.js';
import { segmentRepo } from '../src/store/repos/segments.js';
import { parseScaleArgs, targetConfig, type Credentials } from './scale.js';

const SEGMENTS: [string, SegmentRules][] = [
  [
    'Bench: criticises delivery',
    SegmentRulesSchema.parse({ touchpoints: [{ key: 'delivery', mode: 'criticises' }] }),
  ],
  [
    'Bench: at risk, mentions delivery',
    SegmentRulesSchema.parse({
      lifecycle: ['at_risk'],
      touchpoints: [{ key: 'delivery', mode: 'mentions' }],
    }),
  ],
];

async function main() {
  const argv = process.argv.slice(2);
  const args = parseScaleArgs(argv);
  const runs = Number(argv[argv.indexOf('--runs') + 1] ?? 3) || 3;
  const target = await targetConfig(args, false);
  const { workspaceId } = JSON.parse(fs.readFileSync(target.credentials, 'utf8')) as Credentials;
  const database = openDatabase(target.config.database);
  const conn = { db: database.db, dialect: database.dialect };
  const repo = segmentRepo(conn);
  const now = new Date().toISOString();
  const customers = await database.db
    .selectFrom('customers')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  console.log(`## Segment refresh on ${target.label}: ${Number(customers.n)} customers, ${runs} runs each`);

  const loop = monitorEventLoopDelay({ resolution: 5 });
  for (const [name, rules] of SEGMENTS) {
    const existing = (await repo.list(workspaceId)).find((s) => s.name === name);
    const seg =
      existing ?? (await repo.create({ workspaceId, name, description: '', rules, createdBy: null, now }));
    for (const mode of ['whole', 'difference'] as const)
      for (let run = 0; run < runs; run++) {
        // A size that does not match the stored members makes the refresh write them all.
        if (mode === 'whole')
          await sql`update segments set members = -1 where id = ${seg.id}`.execute(database.db);
        loop.reset();
        loop.enable();
        const started = performance.now();
        const size = await repo.refresh(workspaceId, seg.id, now);
        const took = performance.now() - started;
        loop.disable();
        console.log(
          `${name.padEnd(36)} ${mode.padEnd(10)} ${String(size).padStart(8)} members  ${(took / 1000).toFixed(2)} s in all, event loop blocked at most ${(loop.max / 1e6).toFixed(0)} ms`,
        );
      }
  }
  await database.destroy();
}

await main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
