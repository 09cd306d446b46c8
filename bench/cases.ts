/**
 * The case benchmark (issue #13, "the server stays up"): a workspace with N cases (default 400,000;
 * opened over two years, 30 % still active, 20 agents in 5 teams) written straight into the tables,
 * so the rollup triggers of migration 0014 keep `case_measure_days` as production does. It then
 * times `GET /measures` and `/leaderboard` (all time and the last 30 days), one priority sweep and
 * one SLA sweep, and the longest the event loop was blocked meanwhile. Figures only, never assertions.
 *
 *   node --import tsx bench/cases.ts --cases 400000 --db sqlite
 *   node --import tsx bench/cases.ts --cases 400000 --db pg
 *
 * Options: `--cases N`, `--db sqlite|pg`, `--dir D` (default /tmp/tp/cases), `--runs R` (default 30),
 * `--pg-admin URL` (default postgres://postgres@127.0.0.1:5432/postgres). Each run starts fresh.
 */
import fs from 'node:fs';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { loadConfig } from '../src/config/index.js';
import { prioritySweep, slaSweep } from '../src/core/cases/index.js';
import { openRuntime } from '../src/runtime/index.js';
import { createApp } from '../src/server/app.js';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
};
const N = Number(arg('--cases', '400000'));
const DB = arg('--db', 'sqlite');
const DIR = arg('--dir', '/tmp/tp/cases');
const RUNS = Number(arg('--runs', '30'));
const PG_ADMIN = arg('--pg-admin', 'postgres://postgres@127.0.0.1:5432/postgres');
const PASSWORD = 'bench password';
/** `--reuse`: measure the workspace a previous run wrote instead of writing it again. */
const REUSE = process.argv.includes('--reuse');

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};
const ms = (t: bigint) => Number(process.hrtime.bigint() - t) / 1e6;

async function main() {
  fs.mkdirSync(DIR, { recursive: true });
  const env: Record<string, string> = { TOUCHPOINT_LOG_LEVEL: 'silent', PORT: '0' };
  if (DB === 'pg') {
    const name = `tp_cases_${N}`;
    const admin = new pg.Client({ connectionString: PG_ADMIN });
    await admin.connect();
    if (!REUSE) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${name}`);
    }
    await admin.end();
    const url = new URL(PG_ADMIN);
    url.pathname = `/${name}`;
    env.TOUCHPOINT_DATABASE_URL = url.toString();
    env.TOUCHPOINT_DATA_DIR = path.join(DIR, `pg-${N}`);
  } else {
    env.TOUCHPOINT_DATA_DIR = path.join(DIR, `sqlite-${N}`);
    if (!REUSE) fs.rmSync(env.TOUCHPOINT_DATA_DIR, { recursive: true, force: true });
  }
  const rt = await openRuntime(loadConfig(env));
  const app = createApp(rt);
  const call = async (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) => {
    const res = await app.request(url, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { res, json: (await res.json()) as Record<string, unknown> };
  };
  const now = new Date();
  let auth: Record<string, string>;
  if (REUSE) {
    const login = await call('POST', '/api/v1/auth/login', {
      email: 'bench@example.com',
      password: PASSWORD,
    });
    const ws = (login.json.workspaces as { id: string }[])[0]?.id ?? '';
    const cookie = (login.res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    auth = { cookie, 'x-csrf-token': String(login.json.csrfToken), 'x-workspace': ws };
  } else {
    auth = await fill();
  }
  async function fill(): Promise<Record<string, string>> {
    const setup = await call('POST', '/api/v1/setup', {
      name: 'Bench Owner',
      email: 'bench@example.com',
      password: PASSWORD,
      workspaceName: 'Bench',
    });
    const cookie = (setup.res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const ws = (setup.json.workspaces as { id: string }[])[0]?.id ?? '';
    const auth = { cookie, 'x-csrf-token': String(setup.json.csrfToken), 'x-workspace': ws };
    const item = await call(
      'POST',
      '/api/v1/feedback',
      {
        items: [
          {
            externalId: 'one',
            platform: 'google',
            rating: 1,
            text: 'Rude staff.',
            postedAt: new Date().toISOString(),
          },
        ],
      },
      auth,
    );
    const itemId = (item.json.results as { itemId: string }[])[0]?.itemId ?? '';
    const { db } = rt.database;
    const brandId = (await db.selectFrom('feedback_items').select('brand_id').executeTakeFirstOrThrow())
      .brand_id;
    const users: string[] = [];
    for (let i = 0; i < 20; i++) {
      const id = randomUUID();
      await db
        .insertInto('users')
        .values({
          id,
          email: `agent${i}@example.com`,
          name: `Agent ${i}`,
          password_hash: 'x',
          created_at: now.toISOString(),
        })
        .execute();
      users.push(id);
    }
    const teams: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = randomUUID();
      await db
        .withTables<{
          teams: { id: string; workspace_id: string; name: string; key: string; created_at: string };
        }>()
        .insertInto('teams')
        .values({ id, workspace_id: ws, name: `Team ${i}`, key: `team-${i}`, created_at: now.toISOString() })
        .execute();
      teams.push(id);
    }

    const start = now.getTime() - 730 * 86_400_000;
    const iso = (t: number) => new Date(t).toISOString();
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const t0 = process.hrtime.bigint();
    const casesDb = db.withTables<{ cases: Record<string, unknown>; case_items: Record<string, unknown> }>();
    for (let from = 0; from < N; from += 500) {
      const rows: Record<string, unknown>[] = [];
      const links: Record<string, unknown>[] = [];
      for (let i = from; i < Math.min(N, from + 500); i++) {
        const opened = start + Math.floor((i / N) * 730 * 86_400_000);
        const active = rand() < 0.3;
        const answered = rand() < 0.8;
        const due = opened + [60, 240, 1440][i % 3]! * 60_000;
        const fr = answered ? opened + Math.floor(rand() * 3000) * 60_000 : null;
        const closedAt = active ? null : opened + Math.floor(rand() * 20_000) * 60_000;
        const id = randomUUID();
        rows.push({
          id,
          workspace_id: ws,
          item_id: itemId,
          customer_id: null,
          author_handle: `a${i}`,
          platform: 'google',
          channel: 'review',
          brand_id: brandId,
          touchpoint_key: null,
          team_id: i % 6 === 0 ? null : teams[i % 5],
          assignee_id: i % 9 === 0 ? null : users[i % 20],
          status: active ? (i % 2 ? 'open' : 'waiting') : 'closed',
          outcome: active ? null : (['resolved', 'recovered', 'lost'] as const)[i % 3],
          priority: 40,
          priority_label: 'normal',
          priority_reasons: '[]',
          opened_by: '{"type":"playbook","rule":"bench"}',
          opened_at: iso(opened),
          first_response_at: fr === null ? null : iso(fr),
          due_at: iso(due),
          breached_at: fr === null || fr > due ? iso(due) : null,
          escalated_at: null,
          closed_at: closedAt === null ? null : iso(closedAt),
          updated_at: iso(opened),
          sentiment_at_open: -0.5,
          label_at_open: 'negative',
          rating_at_open: 1,
          nps_at_open: null,
          reach: 10,
          reprioritize_until: iso(opened + 72 * 3_600_000),
        });
        links.push({ workspace_id: ws, case_id: id, item_id: itemId, joined_at: iso(opened) });
      }
      await casesDb.transaction().execute(async (trx) => {
        await trx.insertInto('cases').values(rows).execute();
        await trx.insertInto('case_items').values(links).execute();
      });
    }
    const took = ms(t0);
    await rt.database.optimize();
    console.log(`${DB}: ${N} cases written in ${(took / 1000).toFixed(1)} s (triggers keeping the rollup)`);

    return auth;
  }

  const time = async (label: string, url: string) => {
    const xs: number[] = [];
    let size = 0;
    for (let r = 0; r < RUNS; r++) {
      const t = process.hrtime.bigint();
      const res = await app.request(url, { headers: auth });
      size = (await res.text()).length;
      if (res.status !== 200) throw new Error(`${url}: ${res.status}`);
      xs.push(ms(t));
    }
    console.log(
      `${label.padEnd(28)} p50 ${pct(xs, 50).toFixed(1)} ms  p95 ${pct(xs, 95).toFixed(1)} ms  (${size} bytes)`,
    );
  };
  const month = new Date(now.getTime() - 30 * 86_400_000).toISOString().slice(0, 10);
  await time('GET /measures (all time)', '/api/v1/measures');
  await time('GET /leaderboard (all time)', '/api/v1/leaderboard');
  await time('GET /measures (30 days)', `/api/v1/measures?from=${month}`);

  const loop = monitorEventLoopDelay({ resolution: 5 });
  for (const [label, run] of [
    ['priority sweep', () => prioritySweep({ store: rt.store, clock: { now: () => now } })],
    ['SLA sweep', () => slaSweep({ store: rt.store, clock: { now: () => now } })],
  ] as const) {
    loop.reset();
    loop.enable();
    const t = process.hrtime.bigint();
    const result = await run();
    const took = ms(t);
    loop.disable();
    console.log(
      `${label.padEnd(28)} ${took.toFixed(0)} ms, ${JSON.stringify(result)}, event loop blocked at most ${(loop.max / 1e6).toFixed(1)} ms`,
    );
  }
  await rt.close();
}

await main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
