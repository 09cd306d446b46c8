/**
 * The survey results benchmark (issue #15): one NPS survey about the delivery with N answers (default
 * 80,000) over a year — real feedback items through the ingest (touchpoint declared, texts analysed),
 * linked by `survey_responses` rows — then p50/p95 of `surveyResults` over all time and the last 30
 * days, beside the themes query without its bound (every answer of the period joined with the items'
 * touchpoints, as before THEME_ANSWERS) in the same run. Figures only, never assertions.
 *
 *   node --import tsx bench/surveys.ts --answers 80000 --db sqlite
 *   node --import tsx bench/surveys.ts --answers 80000 --db pg
 */
import { sql } from 'kysely';
import { benchDatabase } from './bench-db.js';
import { loadConfig } from '../src/config/index.js';
import type { Actor } from '../src/core/types.js';
import { createWorkspace } from '../src/core/auth/index.js';
import { ingestFeedback } from '../src/core/feedback/ingest.js';
import { createSurvey, setSurveyStatus, surveyResults } from '../src/core/surveys/index.js';
import { openRuntime } from '../src/runtime/index.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const N = Number(arg('--answers', '80000'));
const DB = arg('--db', 'sqlite');
const RUNS = Number(arg('--runs', '15'));
const PG_ADMIN = arg('--pg-admin', 'postgres://postgres@127.0.0.1:5432/postgres');
const SYSTEM: Actor = { type: 'system', id: null };
const TEXTS = [
  'The parcel was late and nobody told us why.',
  'Delivery slot was missed twice, very frustrating.',
  'Quick delivery and a friendly driver.',
  'Arrived on time, well packed.',
  'The courier left the box in the rain.',
  'Fine.',
];

async function time(fn: () => Promise<unknown>): Promise<{ p50: number; p95: number }> {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round((ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] ?? 0) * 10) / 10;
  return { p50: at(0.5), p95: at(0.95) };
}

async function main() {
  const { env, dispose } = await benchDatabase(DB, 'surveys', PG_ADMIN);
  const rt = await openRuntime(loadConfig(env));
  try {
    const ws = (await createWorkspace(rt.store, { name: 'Bench' }, SYSTEM)).id; // with the default journey
    const now = new Date();
    const ctx = { workspaceId: ws, actor: SYSTEM, now: now.toISOString() };
    const survey = await createSurvey(rt.store, ctx, {
      name: 'After the delivery',
      touchpointKey: 'delivery',
      definition: { question: { kind: 'nps', wording: { en: 'How likely are you to recommend us?' } } },
    });
    await setSurveyStatus(rt.store, ctx, survey.id, 'active');
    // The answers' items through the real ingest (no playbook: cases are not what is measured).
    const deps = { ...rt.ingestDeps, afterWrite: undefined, onPendingAnalysis: undefined };
    const started = performance.now();
    const year = 365 * 86_400_000;
    for (let i = 0; i < N; i += 1000) {
      const batch = Array.from({ length: Math.min(1000, N - i) }, (_, k) => {
        const n = i + k;
        return {
          externalId: `survey-response:bench-${n}`,
          platform: 'touchpoint',
          channel: 'survey',
          score: { kind: 'nps', value: (n * 7) % 11 },
          text: TEXTS[n % TEXTS.length],
          touchpoint: 'delivery',
          postedAt: new Date(now.getTime() - year + Math.floor((n / N) * year)).toISOString(),
        };
      });
      const results = await ingestFeedback(deps, { workspaceId: ws, actor: SYSTEM }, batch);
      const rows = results.map((r, k) => ({
        id: `bench-${i + k}`,
        workspace_id: ws,
        survey_id: survey.id,
        item_id: r.itemId ?? null,
        score: batch[k]?.score.value ?? null,
        text_done: 1,
        answers: '{}',
        language: 'en',
        status: 'complete',
        edit_until: batch[k]?.postedAt ?? '',
        created_at: batch[k]?.postedAt ?? '',
        updated_at: batch[k]?.postedAt ?? '',
      }));
      // The table as migration 0021 made it (its row type lives in the surveys repo).
      await rt.database.db
        .withTables<{ survey_responses: (typeof rows)[number] }>()
        .insertInto('survey_responses')
        .values(rows)
        .execute();
    }
    await rt.store.refreshStatistics();
    console.log(
      `${DB}: ${N.toLocaleString('en')} answers ingested in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const month = { from: new Date(now.getTime() - 30 * 86_400_000).toISOString() };
    const unbounded = (from?: string) =>
      sql`select t.touchpoint_key as key, r.score as score, count(*) as n
          from survey_responses r
          join item_touchpoints t on t.item_id = r.item_id and t.workspace_id = ${ws}
          where r.workspace_id = ${ws} and r.survey_id = ${survey.id} and r.score is not null
            ${from !== undefined ? sql`and r.created_at >= ${from}` : sql``}
          group by t.touchpoint_key, r.score`.execute(rt.database.db);
    const rows: [string, { p50: number; p95: number }][] = [
      ['surveyResults, all time', await time(() => surveyResults(rt.store, ws, survey.id))],
      ['surveyResults, last 30 days', await time(() => surveyResults(rt.store, ws, survey.id, month))],
      ['themes unbounded (before), all time', await time(() => unbounded())],
      ['themes unbounded (before), last 30 days', await time(() => unbounded(month.from))],
    ];
    for (const [what, t] of rows) console.log(`${what.padEnd(42)} p50 ${t.p50} ms  p95 ${t.p95} ms`);
  } finally {
    await rt.close();
    await dispose();
  }
}

void main();
