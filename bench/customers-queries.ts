/**
 * The customer queries at scale (issue #14): p50/p95 of customer search (name prefix, full name,
 * e-mail, phone, handle), the customer list and its pages, the customer page, its timeline and
 * sentiment, the lifecycle lists and counts, moments, ambassadors, match suggestions and merges, and
 * the segment filter on customers, the explorer, counts, the inbox and the metrics — over real HTTP
 * against a workspace that bench/customers.ts built, signed in as its owner. Figures only.
 *
 *   node --import tsx bench/customers-queries.ts --db sqlite|pg [--name 500k] [--runs 30] [--only search]
 *     [--out FILE.json]
 *
 * Each request runs once to warm up, then `--runs` times one after another. The customer page,
 * timeline and sentiment rotate over 30 customers spread over the CRM file (a different one on each
 * run: a page is rarely opened twice in a row), plus the customer with the most items. The server
 * runs in this process with the web role only (no worker jobs). The target's size (customers,
 * identities, items, stats rows) and the load average are printed beside the figures, and the CPU
 * time of each request (median): on a shared machine it says more than the wall clock.
 */
import fs from 'node:fs';
import os from 'node:os';
import { sql } from 'kysely';
import { startServer, type RunningServer } from '../src/server/index.js';
import { generatedCustomer } from './customers-data.js';
import { target } from './customers.js';

interface Session {
  cookie: string;
  csrf: string;
  workspaceId: string;
}

async function signIn(server: RunningServer, email: string, password: string, workspaceId: string) {
  const r = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (!r.ok) throw new Error(`login answered ${r.status}: ${await r.text()}`);
  const body = (await r.json()) as { csrfToken?: string };
  return {
    cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '',
    csrf: body.csrfToken ?? '',
    workspaceId,
  } satisfies Session;
}

async function call(
  server: RunningServer,
  s: Session,
  path: string,
  init: { method?: string; body?: unknown } = {},
): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: {
      cookie: s.cookie,
      'x-workspace': s.workspaceId,
      'x-csrf-token': s.csrf,
      ...(init.body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
  });
  const text = await r.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // CSV or an error page: kept as text
  }
  return { status: r.status, body };
}

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))] ?? 0;
};

export interface CustomerQueryFigure {
  name: string;
  path: string;
  status: number;
  p50: number;
  p95: number;
  /**
   * CPU time of this process (server and client) per request, median: on a loaded machine the wall
   * clock says as much about the neighbours; on SQLite this includes the query itself, on PostgreSQL
   * not the server's part.
   */
  cpuP50: number;
  /** Rows or bytes of the first answer, to show the query did real work. */
  answer: string;
}

/** What an answer holds, in a few characters (rows of a list, a count, bytes of a CSV). */
function summary(body: unknown): string {
  if (typeof body === 'string') return `${body.length} bytes`;
  if (body && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    for (const k of ['customers', 'items', 'entries', 'buckets', 'upcoming', 'suggestions', 'merges']) {
      if (Array.isArray(b[k])) return `${(b[k] as unknown[]).length} ${k}`;
    }
    if (b.counts && typeof b.counts === 'object') return JSON.stringify(b.counts).slice(0, 80);
    if (typeof b.total === 'number') return `total ${b.total}`;
    if (b.id) return 'one record';
  }
  return '';
}

/** Times `paths` (rotating) `runs` times after one warm-up request of the first. */
async function time(
  server: RunningServer,
  s: Session,
  name: string,
  paths: string[],
  runs: number,
): Promise<CustomerQueryFigure> {
  const firstPath = paths[0] ?? '';
  const first = await call(server, s, firstPath);
  const ms: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs && first.status < 400; i++) {
    const path = paths[i % paths.length] ?? firstPath;
    const t = performance.now();
    const c = process.cpuUsage();
    await call(server, s, path);
    ms.push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu.push((used.user + used.system) / 1000);
  }
  const f: CustomerQueryFigure = {
    name,
    path: firstPath + (paths.length > 1 ? ` (+${paths.length - 1} others)` : ''),
    status: first.status,
    p50: Math.round(pct(ms, 0.5) * 10) / 10,
    p95: Math.round(pct(ms, 0.95) * 10) / 10,
    cpuP50: Math.round(pct(cpu, 0.5) * 10) / 10,
    answer: summary(first.body),
  };
  const flag =
    f.status >= 400
      ? `  (${f.status}: ${JSON.stringify(first.body).slice(0, 160)})`
      : f.p95 >= 100
        ? '  ← over 100 ms'
        : '';
  console.log(
    `  ${name.padEnd(38)} p50 ${String(f.p50).padStart(7)} ms  p95 ${String(f.p95).padStart(7)} ms  cpu ${String(f.cpuP50).padStart(6)} ms  ${f.answer.padEnd(16)}${flag}`,
  );
  return f;
}

const enc = encodeURIComponent;

/** The 30 customers the page requests rotate over: spread over the file, found by their e-mail. */
async function sampleCustomers(server: RunningServer, s: Session, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let k = 0; ids.length < count && k < count * 3; k++) {
    const c = generatedCustomer(1 + ((k * 16_661) % 500_000));
    const r = await call(server, s, `/customers?q=${enc(c.emails[0] ?? '')}&limit=1`);
    const b = r.body as { customers?: { id: string }[]; items?: { id: string }[] };
    const id = (b.customers ?? b.items)?.[0]?.id;
    if (id) ids.push(id);
  }
  return ids;
}

async function sizes(server: RunningServer): Promise<Record<string, number>> {
  const db = server.runtime.database.db;
  const out: Record<string, number> = {};
  for (const table of [
    'customers',
    'customer_identities',
    'feedback_items',
    'customer_stats',
    'customer_touchpoints',
    'customer_search_terms',
    'customer_match_suggestions',
    'customer_merges',
    'segment_members',
  ]) {
    try {
      const r = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
      out[table] = Number(r.rows[0]?.n ?? 0);
    } catch {
      out[table] = -1; // not there (yet)
    }
  }
  return out;
}

/** The customer with the most items: the heaviest page and timeline. */
async function heaviest(server: RunningServer): Promise<string | undefined> {
  const r = await sql<{ customer_id: string }>`
    select customer_id from feedback_items where customer_id is not null
    group by customer_id order by count(*) desc limit 1`.execute(server.runtime.database.db);
  return r.rows[0]?.customer_id;
}

/** A segment by needs to filter with: customers who criticise delivery (made once, reused). */
async function segment(server: RunningServer, s: Session): Promise<string | undefined> {
  const list = await call(server, s, '/segments');
  const body = list.body as {
    segments?: { id: string; name: string }[];
    items?: { id: string; name: string }[];
  };
  const existing = (body.segments ?? body.items)?.find((x) => x.name === 'Bench: delivery critics');
  if (existing) return existing.id;
  const r = await call(server, s, '/segments', {
    method: 'POST',
    body: {
      name: 'Bench: delivery critics',
      rules: { touchpoints: [{ key: 'delivery', mode: 'criticises', min: 1 }] },
    },
  });
  if (r.status >= 400) {
    console.log(`  (segment not made: ${r.status} ${JSON.stringify(r.body).slice(0, 300)})`);
    return undefined;
  }
  const id = (r.body as { id?: string }).id;
  // The server runs without the worker role: the membership job runs here, timed once.
  const job = server.runtime.jobDefs.segmentsRefresh;
  const t = performance.now();
  await job.handle(job.schema.parse({ workspaceId: s.workspaceId, segmentId: id }), {
    jobId: 'bench',
    attempt: 1,
    logger: server.runtime.logger,
  });
  console.log(`  segment membership computed in ${Math.round(performance.now() - t)} ms`);
  return id;
}

export async function runCustomerQueries(o: {
  db: 'sqlite' | 'pg';
  name: string;
  runs: number;
  only?: string;
  out?: string;
}): Promise<CustomerQueryFigure[]> {
  const t = target(o.db, o.name);
  const credentials = JSON.parse(fs.readFileSync(t.credentials, 'utf8')) as {
    email: string;
    password: string;
    workspaceId: string;
  };
  const server = await startServer({ config: t.config, roles: ['web'] });
  const figures: CustomerQueryFigure[] = [];
  try {
    const size = await sizes(server);
    console.log(
      `\n## Customer queries on ${t.label}: ${o.runs} runs each after one warm-up (p50/p95 ms); load ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, ${os.cpus().length} cores\n  ${JSON.stringify(size)}`,
    );
    const s = await signIn(server, credentials.email, credentials.password, credentials.workspaceId);
    const ids = await sampleCustomers(server, s, 30);
    const heavy = await heaviest(server);
    const c1 = generatedCustomer(4242);
    const withPhone = [...Array(50).keys()].map((k) => generatedCustomer(777 + k)).find((c) => c.phones[0]);
    const withHandle = [...Array(50).keys()].map((k) => generatedCustomer(999 + k)).find((c) => c.twitter);
    const list: [string, string[]][] = [
      // The floor: what any authenticated request costs on this machine at this load.
      ['floor: GET /brands', ['/brands']],
      ['search name prefix "ann"', ['/customers?q=ann&limit=50']],
      ['search name prefix "ma" (common)', ['/customers?q=ma&limit=50']],
      ['search full name', [`/customers?q=${enc(c1.name)}&limit=50`]],
      [
        'search last-name prefix',
        [`/customers?q=${enc(c1.name.split(' ')[1]?.slice(0, 5) ?? 'berg')}&limit=50`],
      ],
      ['search e-mail', [`/customers?q=${enc(c1.emails[0] ?? '')}&limit=50`]],
      [
        'search phone (as typed, national)',
        [`/customers?q=${enc(withPhone?.phones[0]?.replace(/^\+49/, '0') ?? '')}&limit=50`],
      ],
      ['search phone (E.164)', [`/customers?q=${enc(withPhone?.phones[0] ?? '')}&limit=50`]],
      ['search handle', [`/customers?q=${enc(`@${withHandle?.twitter ?? ''}`)}&limit=50`]],
      ['list first page', ['/customers?limit=50']],
      ['list lifecycle=at_risk', ['/customers?lifecycle=at_risk&limit=50']],
      ['list lifecycle=lapsed', ['/customers?lifecycle=lapsed&limit=50']],
    ];
    let cursor: string | null = null;
    for (let page = 1; page <= 10; page++) {
      const r = await call(server, s, `/customers?limit=50${cursor ? `&cursor=${enc(cursor)}` : ''}`);
      const b = r.body as { nextCursor?: string | null; next?: string | null };
      cursor = b.nextCursor ?? b.next ?? null;
      if (!cursor) break;
      if (page === 9) list.push(['list page 10', [`/customers?limit=50&cursor=${enc(cursor)}`]]);
    }
    if (ids.length > 0) {
      list.push(['customer page (30 customers)', ids.map((id) => `/customers/${id}`)]);
      list.push(['timeline (30 customers)', ids.map((id) => `/customers/${id}/timeline?limit=50`)]);
      list.push([
        'sentiment by month (30 customers)',
        ids.map((id) => `/customers/${id}/sentiment?bucket=month`),
      ]);
      list.push([
        'moments of one customer (case page)',
        ids.map((id) => `/customers/moments?customerId=${id}`),
      ]);
    }
    if (heavy) {
      list.push(['customer page, most items', [`/customers/${heavy}`]]);
      list.push(['timeline, most items', [`/customers/${heavy}/timeline?limit=50`]]);
      list.push(['sentiment, most items', [`/customers/${heavy}/sentiment?bucket=month`]]);
    }
    for (const stage of ['at_risk', 'lapsed', 'new', 'active']) {
      list.push([`lifecycle ${stage}`, [`/customers/lifecycle?stage=${stage}&limit=50`]]);
      const r = await call(server, s, `/customers/lifecycle?stage=${stage}&limit=50`);
      const next = (r.body as { nextCursor?: string | null }).nextCursor;
      if (next)
        list.push([
          `lifecycle ${stage} page 2`,
          [`/customers/lifecycle?stage=${stage}&limit=50&cursor=${enc(next)}`],
        ]);
    }
    list.push(['lifecycle counts', ['/customers/lifecycle/counts']]);
    list.push(['moments 14 days', ['/customers/moments?days=14']]);
    list.push(['moments 60 days', ['/customers/moments?days=60']]);
    list.push(['ambassadors', ['/customers/ambassadors?limit=50']]);
    list.push(['match suggestions (open)', ['/customer-suggestions?status=open']]);
    list.push(['merges', ['/customer-merges']]);
    const seg = await segment(server, s);
    if (seg) {
      list.push(['segment: customers', [`/customers?segment=${seg}&limit=50`]]);
      list.push(['segment: explorer', [`/feedback?segment=${seg}&limit=50`]]);
      list.push(['segment: counts', [`/feedback/counts?segment=${seg}`]]);
      list.push(['segment: inbox', [`/cases?segment=${seg}&limit=50`]]);
      list.push(['segment: metrics 30d', [`/metrics?segment=${seg}`]]);
      list.push(['segments list', ['/segments']]);
    }
    list.push(['exports: win-back CSV (lapsed)', ['/customers/lifecycle?stage=lapsed&format=csv']]);
    list.push(['exports: ambassadors CSV', ['/customers/ambassadors?format=csv']]);
    for (const [name, paths] of list) {
      if (o.only && !name.includes(o.only)) continue;
      figures.push(
        await time(server, s, name, paths, name.startsWith('exports') ? Math.min(5, o.runs) : o.runs),
      );
    }
    console.log(
      `  peak RSS of the process ${Math.round(process.resourceUsage().maxRSS / 1024)} MB; load at the end ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    if (o.out) fs.writeFileSync(o.out, `${JSON.stringify({ target: t.label, size, figures }, null, 2)}\n`);
  } finally {
    await server.close();
  }
  return figures;
}

const invoked = process.argv[1] ?? '';
if (invoked.endsWith('customers-queries.ts') || invoked.endsWith('customers-queries.js')) {
  const argv = process.argv.slice(2);
  const value = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
  const db = value('--db') ?? 'sqlite';
  if (db !== 'sqlite' && db !== 'pg') throw new Error('--db: sqlite or pg');
  await runCustomerQueries({
    db,
    name: value('--name') ?? '500k',
    runs: Number(value('--runs') ?? 30),
    ...(value('--only') ? { only: value('--only') } : {}),
    ...(value('--out') ? { out: value('--out') } : {}),
  });
}
