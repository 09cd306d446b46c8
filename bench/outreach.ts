/**
 * The outreach benchmark (issue #15): `scheduleAsks` for N customers at once (default 20,000; a
 * segment invited to a survey), each with an e-mail identity, a tenth asked last week (capped), a
 * twentieth unsubscribed. Counts the SQL statements the store ran (a Kysely plugin sees every one,
 * raw `sql` included) and the time, then the same for one `outreach.send` job of 100 sends with a
 * mailer that accepts everything at once. Figures only, never assertions.
 *
 *   node --import tsx bench/outreach.ts --customers 20000 --db sqlite
 *   node --import tsx bench/outreach.ts --customers 20000 --db pg
 */
import type { KyselyPlugin } from 'kysely';
import { benchDatabase } from './bench-db.js';
import { loadConfig } from '../src/config/index.js';
import { ManualClock } from '../src/core/cases/index.js';
import { scheduleAsks, type Ask } from '../src/core/outreach/index.js';
import { sendAsks, type SendDeps } from '../src/core/outreach/send.js';
import { openRuntime } from '../src/runtime/index.js';
import { createStore } from '../src/store/index.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const N = Number(arg('--customers', '20000'));
const DB = arg('--db', 'sqlite');
const PG_ADMIN = arg('--pg-admin', 'postgres://postgres@127.0.0.1:5432/postgres');

async function main() {
  const { env, dispose } = await benchDatabase(DB, 'outreach', PG_ADMIN);
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
  const asked = ids.filter((_, i) => i % 10 === 0);
  const week = new Date(Date.parse(now) - 7 * 86_400_000).toISOString();
  for (let i = 0; i < asked.length; i += 500) {
    const sends = await rt.store.outreach.insertSends(
      ws,
      asked.slice(i, i + 500).map((customerId) => ({
        kind: 'survey' as const,
        refId: `old-${customerId}`,
        customerId,
        status: 'scheduled' as const,
        reason: null,
        sendAfter: week,
      })),
      week,
    );
    await rt.store.outreach.finish(
      ws,
      sends.map((s) => ({ id: s.id, status: 'sent' as const, reason: null, sentAt: week })),
    );
  }
  for (const id of ids.filter((_, i) => i % 20 === 1)) {
    await rt.store.outreach.setConsent(ws, id, 'email', 'unsubscribed', 'import', now);
  }
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
  let jobs = 0;
  const deps: SendDeps = {
    ...rt.outreachDeps,
    store,
    mailer: { send: () => Promise.resolve({ ok: true }) },
    publicUrl: 'https://tp.example',
    composers: {
      referral: (_ctx, asks) =>
        Promise.resolve(
          new Map(
            asks.map((a) => [
              a.send.id,
              {
                ok: true as const,
                content: { language: 'en', subject: 'Hi', html: '<p>Hi</p>', text: 'Hi' },
              },
            ]),
          ),
        ),
    },
    enqueueSends: async (workspaceId, sendIds, delaySeconds) => {
      jobs++;
      await rt.outreachDeps.enqueueSends(workspaceId, sendIds, delaySeconds);
    },
  };
  const asks: Ask[] = ids.map((customerId, i) => ({ kind: 'referral', refId: `r-${i}`, customerId }));
  const t0 = performance.now();
  const result = await scheduleAsks(deps, ws, asks, 'bench');
  const scheduleMs = performance.now() - t0;
  const scheduleStatements = statements;
  console.log(
    `${DB} scheduleAsks ${N.toLocaleString('en')} customers: ${scheduleMs.toFixed(0)} ms, ` +
      `${scheduleStatements} statements (${(scheduleStatements / N).toFixed(3)} per ask) + ${jobs} outreach.send jobs queued; ` +
      `scheduled ${result.scheduled}, suppressed ${JSON.stringify(result.reasons)}`,
  );
  const batch = result.asks
    .filter((a) => a.status === 'scheduled')
    .slice(0, 100)
    .map((a) => a.sendId);
  statements = 0;
  const t1 = performance.now();
  const sent = await sendAsks(deps, { workspaceId: ws, sendIds: batch });
  console.log(
    `${DB} one outreach.send job of ${batch.length}: ${(performance.now() - t1).toFixed(0)} ms, ${statements} statements; ${JSON.stringify(sent)}`,
  );
  await rt.close();
  await dispose();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
