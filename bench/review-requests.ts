/**
 * The review-request and event benchmark (issue #15, slice D). A workspace of N customers (default
 * 100,000, each with an e-mail identity and a name), every one of them sent a Google request. Then:
 *   1. attribution of one ingest batch of 500 new Google reviews (250 by an asked identity, 250 by an
 *      unlinked author named like an asked customer): statements and time;
 *   2. `requestReviews` for 20,000 customers through outreach's `scheduleAsks`;
 *   3. `ingestEvents` of 500 events (new customers) with one active survey triggered by their type.
 * Statements are counted by a Kysely plugin (raw `sql` included). Figures only, never assertions.
 *
 *   node --import tsx bench/review-requests.ts --customers 100000 --db sqlite
 *   node --import tsx bench/review-requests.ts --customers 100000 --db pg
 *
 * Measured (a 2-core dev box, 2026-12-05): SQLite at 500,000 requests — attribution of 500 reviews
 * 46 ms / 4 statements, requestReviews for 20,000 customers 1.6 s (0.8 s of it scheduleAsks) / 542
 * statements, 500 events with their invitations 115 ms / 26 statements, their replay 2 ms / 1.
 * PostgreSQL at 100,000 — 62 ms, 3.4 s (2.4 s scheduleAsks), 217 ms, 5 ms.
 */
import type { KyselyPlugin } from 'kysely';
import { benchDatabase } from './bench-db.js';
import { loadConfig } from '../src/config/index.js';
import { ManualClock } from '../src/core/cases/index.js';
import { ingestEvents, type EventInput } from '../src/core/events/index.js';
import type { IngestedBatch } from '../src/core/feedback/ingest.js';
import { scheduleAsks } from '../src/core/outreach/index.js';
import { attributeReviews, requestReviews } from '../src/core/review-requests/index.js';
import { createSurvey, setSurveyStatus } from '../src/core/surveys/index.js';
import { openRuntime } from '../src/runtime/index.js';
import { createStore } from '../src/store/index.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const N = Number(arg('--customers', '100000'));
const DB = arg('--db', 'sqlite');
const PG_ADMIN = arg('--pg-admin', 'postgres://postgres@127.0.0.1:5432/postgres');
const SYSTEM = { type: 'system', id: null } as const;

async function main() {
  const { env, dispose } = await benchDatabase(DB, 'reviews', PG_ADMIN);
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const rt = await openRuntime(loadConfig(env), { clock });
  const ws = (await rt.store.workspaces.create({ name: 'Bench', slug: 'bench' })).id;
  const now = clock.now().toISOString();
  const ids: string[] = [];
  for (let i = 0; i < N; i += 1000) {
    const batch = Array.from({ length: Math.min(1000, N - i) }, (_, k) => ({
      identities: [{ kind: 'email' as const, platform: '', value: `c${i + k}@example.com` }],
      name: `Customer ${i + k}`,
    }));
    const linked = await rt.store.customers.resolveMany(ws, batch, now);
    ids.push(...linked.flatMap((l) => (l ? [l.customerId] : [])));
  }
  for (let i = 0; i < ids.length; i += 1000) {
    const part = ids.slice(i, i + 1000);
    await rt.store.reviewRequests.insertMany(
      ws,
      part.map((customerId) => ({
        id: `rq-${customerId}`,
        customerId,
        platform: 'google',
        kind: 'review',
        touchpointKey: null,
        status: 'pending',
        reason: null,
        createdBy: null,
        createdAt: now,
      })),
    );
    await rt.store.reviewRequests.mark(
      ws,
      part.map((c) => `rq-${c}`),
      { status: 'sent', at: now },
    );
  }
  await rt.store.reviewRequests.saveLink(
    ws,
    { platform: 'google', brandId: null, url: 'https://g.page/r/bench/review', enabled: true },
    now,
  );
  await rt.store.reviewRequests.saveLink(
    ws,
    { platform: 'referral', brandId: null, url: 'https://bench.example/refer', enabled: true },
    now,
  );
  await rt.store.refreshStatistics();

  let statements = 0;
  const counter: KyselyPlugin = {
    transformQuery: (args) => {
      statements++;
      return args.node;
    },
    transformResult: (args) => Promise.resolve(args.result),
  };
  const store = createStore({ ...rt.database, db: rt.database.db.withPlugin(counter) });

  // 1. Attribution of one batch of 500 reviews.
  const brand = await rt.store.brands.ensure(ws, 'Bench', 'own');
  const step = Math.max(1, Math.floor(N / 500));
  const items: IngestedBatch['items'] = Array.from({ length: 500 }, (_, i) => {
    const c = Math.min(N - 1, i * step);
    const byIdentity = i % 2 === 0;
    return {
      itemId: `item-${i}`,
      version: 1,
      status: 'created',
      input: {
        externalId: `g-${i}`,
        platform: 'google',
        text: 'A review.',
        postedAt: '2026-03-11T10:00:00Z',
        author: { name: byIdentity ? 'G. User' : `Customer ${c}` },
      },
      brand,
      channel: 'review',
      customerId: byIdentity ? (ids[c] ?? null) : null,
      analysis: null,
    };
  });
  statements = 0;
  const t0 = performance.now();
  await store.transaction((tx) =>
    attributeReviews(tx, { workspaceId: ws, items, afterCommit: () => undefined }, clock.now()),
  );
  const attrMs = performance.now() - t0;
  const converted = await rt.store.reviewRequests.list(ws, { status: 'converted' }, undefined, 1000);
  console.log(
    `${DB} attribution of 500 reviews against ${N.toLocaleString('en')} sent requests: ${attrMs.toFixed(0)} ms, ${statements} statements; converted ${converted.items.length}`,
  );

  // 2. requestReviews for 20,000 customers (through the contact rules).
  const asked = ids.slice(0, Math.min(20_000, N));
  statements = 0;
  const t1 = performance.now();
  let scheduleMs = 0;
  const r = await requestReviews(
    {
      store,
      clock,
      scheduleAsks: async (workspaceId, asks) => {
        const t = performance.now();
        await scheduleAsks({ ...rt.outreachDeps, store }, workspaceId, asks, 'bench');
        scheduleMs += performance.now() - t;
      },
    },
    ws,
    SYSTEM,
    { platform: 'referral', customerIds: asked },
  );
  console.log(
    `${DB} requestReviews for ${asked.length.toLocaleString('en')} customers + scheduleAsks: ${(performance.now() - t1).toFixed(0)} ms, ${statements} statements (${(statements / asked.length).toFixed(3)} per customer), of which scheduleAsks ${scheduleMs.toFixed(0)} ms; requested ${r.requested}`,
  );

  // 3. 500 events of new customers, one active survey triggered by their type.
  const ctx = { workspaceId: ws, actor: SYSTEM, now };
  const survey = await createSurvey(rt.store, ctx, {
    name: 'After delivery',
    definition: {
      question: { kind: 'nps', wording: { en: 'How likely are you to recommend us?' } },
      triggers: [{ event: 'order.delivered', delayHours: 24 }],
    },
  });
  await setSurveyStatus(rt.store, ctx, survey.id, 'active');
  const events: EventInput[] = Array.from({ length: 500 }, (_, i) => ({
    externalId: `order-${i}`,
    type: 'order.delivered',
    occurredAt: '2026-03-10T10:00:00Z',
    customer: { name: `Buyer ${i}`, identities: [{ kind: 'email', value: `buyer${i}@example.com` }] },
  }));
  statements = 0;
  const t2 = performance.now();
  const ev = await ingestEvents(
    {
      store,
      clock,
      scheduleAsks: async (workspaceId, asks) => {
        await scheduleAsks({ ...rt.outreachDeps, store }, workspaceId, asks, 'bench');
      },
    },
    ws,
    events,
  );
  console.log(
    `${DB} ingestEvents of 500 events (new customers) + 500 invitations + scheduleAsks: ${(performance.now() - t2).toFixed(0)} ms, ${statements} statements; created ${ev.created}, invitations ${ev.invitations}`,
  );
  statements = 0;
  const t3 = performance.now();
  const replay = await ingestEvents({ store, clock }, ws, events);
  console.log(
    `${DB} the same 500 events replayed: ${(performance.now() - t3).toFixed(0)} ms, ${statements} statements; duplicates ${replay.duplicates}`,
  );

  await rt.close();
  await dispose();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
