/**
 * The query benchmark at scale (issue #13): p50/p95 of the explorer, counts, inbox, case and alert
 * requests (and the analytics endpoints where present) over real HTTP against a workspace that
 * bench/scale.ts built, signed in as its owner. Figures only, never assertions.
 *
 *   node --import tsx bench/scale-queries.ts --items 1000000 --db sqlite [--runs 30] [--only counts] [--skip search]
 *
 * Each request runs once to warm up, then `--runs` times one after another; the server runs in this
 * process with the web role only (no worker jobs), so the figures are the queries' own.
 */
import fs from 'node:fs';
import { startServer, type RunningServer } from '../src/server/index.js';
import { OWN_BRAND, SCALE_END } from './scale-data.js';
import { parseScaleArgs, targetConfig, type Credentials, type ScaleArgs } from './scale.js';

interface Session {
  cookie: string;
  workspaceId: string;
}

async function signIn(server: RunningServer, c: Credentials): Promise<Session> {
  const r = await fetch(`${server.url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: c.email, password: c.password }),
  });
  if (!r.ok) throw new Error(`login answered ${r.status}: ${await r.text()}`);
  await r.arrayBuffer();
  return { cookie: (r.headers.get('set-cookie') ?? '').split(';')[0] ?? '', workspaceId: c.workspaceId };
}

async function get(
  server: RunningServer,
  s: Session,
  path: string,
): Promise<{ status: number; body: unknown }> {
  const r = await fetch(`${server.url}/api/v1${path}`, {
    headers: { cookie: s.cookie, 'x-workspace': s.workspaceId },
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

export interface QueryFigure {
  name: string;
  path: string;
  status: number;
  p50: number;
  p95: number;
  note?: string;
}

/** Times `path` `runs` times after one warm-up request. */
async function time(
  server: RunningServer,
  s: Session,
  name: string,
  path: string,
  runs: number,
): Promise<QueryFigure> {
  const first = await get(server, s, path);
  const ms: number[] = [];
  for (let i = 0; i < runs && first.status < 400; i++) {
    const t = performance.now();
    await get(server, s, path);
    ms.push(performance.now() - t);
  }
  const f: QueryFigure = {
    name,
    path,
    status: first.status,
    p50: Math.round(pct(ms, 0.5) * 10) / 10,
    p95: Math.round(pct(ms, 0.95) * 10) / 10,
  };
  const flag = f.status >= 400 ? `  (${f.status})` : f.p95 >= 100 ? '  ← over 100 ms' : '';
  console.log(
    `  ${name.padEnd(40)} p50 ${String(f.p50).padStart(7)} ms  p95 ${String(f.p95).padStart(7)} ms${flag}`,
  );
  return f;
}

/** The requests measured, built from what the workspace holds (a cursor, a case, an alert). */
async function requests(server: RunningServer, s: Session): Promise<[string, string][]> {
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const lastMonth = `from=${day(SCALE_END - 30 * 86_400_000)}&to=${day(SCALE_END)}`;
  const brands = (await get(server, s, '/brands')).body as
    { items?: { slug: string; name: string }[] } | unknown[];
  const brandList = Array.isArray(brands)
    ? (brands as { slug: string; name: string }[])
    : (brands.items ?? []);
  const competitor = brandList.find((b) => b.name !== OWN_BRAND)?.slug ?? 'bluefin-airways';
  const list: [string, string][] = [
    ['explorer first page', '/feedback?limit=50'],
    ['filter sentiment=negative', '/feedback?limit=50&sentiment=negative'],
    ['filter brand (competitor)', `/feedback?limit=50&brand=${competitor}`],
    ['filter touchpoint=delivery', '/feedback?limit=50&touchpoint=delivery'],
    ['filter platform+rating≤2', '/feedback?limit=50&platform=google&ratingMax=2'],
    ['filter last 30 days', `/feedback?limit=50&${lastMonth}`],
    ['sort -urgency', '/feedback?limit=50&sort=-urgency'],
    ['sort -rating', '/feedback?limit=50&sort=-rating'],
    ['sort rating', '/feedback?limit=50&sort=rating'],
    ['search "refund"', '/feedback?limit=50&q=refund'],
    ['search "rude staff"', '/feedback?limit=50&q=rude%20staff'],
    ['rare: intent=legal_threat', '/feedback?limit=50&intent=legal_threat'],
    ['rare: language=de', '/feedback?limit=50&language=de'],
    ['counts', '/feedback/counts'],
    ['counts search "refund"', '/feedback/counts?q=refund'],
    ['counts touchpoint=delivery', '/feedback/counts?touchpoint=delivery'],
    ['counts last 30 days', `/feedback/counts?${lastMonth}`],
    ['counts sentiment=negative', '/feedback/counts?sentiment=negative'],
  ];
  // Cursor pages: the second, and the tenth, reached by following nextCursor.
  let cursor: string | null = null;
  for (let page = 1; page <= 10; page++) {
    const r = await get(
      server,
      s,
      `/feedback?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    cursor = (r.body as { nextCursor?: string | null }).nextCursor ?? null;
    if (!cursor) break;
    if (page === 1) list.push(['cursor page 2', `/feedback?limit=50&cursor=${encodeURIComponent(cursor)}`]);
    if (page === 9) list.push(['cursor page 10', `/feedback?limit=50&cursor=${encodeURIComponent(cursor)}`]);
  }
  const urgent = (await get(server, s, '/feedback?limit=1&sort=-urgency')).body as {
    items?: { id: string }[];
  };
  if (urgent.items?.[0]) list.push(['item page', `/feedback/${urgent.items[0].id}`]);
  list.push(['inbox (active cases)', '/cases?limit=50']);
  list.push(['inbox open', '/cases?status=open&limit=50']);
  list.push(['all cases', '/cases?status=all&limit=50']);
  const cases = (await get(server, s, '/cases?limit=1')).body as { items?: { id: string }[] };
  if (cases.items?.[0]) list.push(['case page', `/cases/${cases.items[0].id}`]);
  list.push(['alerts', '/alerts']);
  const alerts = (await get(server, s, '/alerts')).body as { items?: { id: string }[] };
  if (alerts.items?.[0]) {
    list.push(['alert page', `/alerts/${alerts.items[0].id}`]);
    list.push(['alert series', `/alerts/${alerts.items[0].id}/series`]);
  }
  list.push(['measures (all time)', '/measures']);
  list.push(['leaderboard', '/leaderboard']);
  // The analytics of issue #13, where the server has them.
  // A workspace whose history stops before today (an import stopped early) has nothing in the
  // presets' last 30 days: the same requests then also run over the last 30 days of its data.
  const span = (await get(server, s, '/metrics?preset=all')).body as { period?: { to?: string } };
  const dataEnd = span.period?.to;
  if (dataEnd && Date.parse(dataEnd) < Date.now() - 7 * 86_400_000) {
    const end = Date.parse(dataEnd);
    const range = `preset=custom&from=${day(end - 29 * 86_400_000)}&to=${day(end)}`;
    const items = `from=${day(end - 29 * 86_400_000)}&to=${day(end)}`;
    for (const [name, path] of [
      ['explorer, last 30 days of data', `/feedback?limit=50&${items}`],
      ['counts, last 30 days of data', `/feedback/counts?${items}`],
      ['metrics, last 30 days of data', `/metrics?${range}`],
      [
        'metrics by week, 90 days of data',
        `/metrics?preset=custom&from=${day(end - 89 * 86_400_000)}&to=${day(end)}&bucket=week`,
      ],
      ['heatmap, last 30 days of data', `/journey/heatmap?${range}`],
      ['drivers, last 30 days of data', `/drivers?${range}`],
      ['benchmark, last 30 days of data', `/benchmark?${range}`],
    ] as const)
      list.push([name, path]);
  }
  // The overview asks /metrics for its period, filters and bucket; the other pages their own.
  for (const [name, path] of [
    ['metrics 30d', '/metrics'],
    ['metrics 90d by week', '/metrics?preset=90d&bucket=week'],
    ['metrics all, by month', '/metrics?preset=all&bucket=month'],
    ['metrics 30d, competitor', `/metrics?brand=${competitor}`],
    ['metrics 90d, platform google', '/metrics?preset=90d&platform=google'],
    ['metrics 30d, touchpoint delivery', '/metrics?touchpoint=delivery'],
    ['journey heatmap', '/journey/heatmap'],
    ['journey heatmap all time', '/journey/heatmap?preset=all'],
    ['drivers', '/drivers'],
    ['drivers nps, all time', '/drivers?target=nps&preset=all'],
    ['benchmark', '/benchmark'],
    ['benchmark all time', '/benchmark?preset=all'],
  ] as const)
    list.push([name, path]);
  return list;
}

export async function runQueries(
  args: ScaleArgs,
  options: { runs?: number; only?: string; skip?: string } = {},
): Promise<QueryFigure[]> {
  const target = await targetConfig(args, false);
  if (!fs.existsSync(target.credentials))
    throw new Error(`${target.credentials}: build the workspace first (bench/scale.ts)`);
  const credentials = JSON.parse(fs.readFileSync(target.credentials, 'utf8')) as Credentials;
  const runs = options.runs ?? 30;
  console.log(`\n## Queries on ${target.label}: ${runs} runs each after one warm-up (p50/p95, ms)`);
  const server = await startServer({ config: target.config, roles: ['web'] });
  const figures: QueryFigure[] = [];
  try {
    const s = await signIn(server, credentials);
    for (const [name, path] of await requests(server, s)) {
      if (options.only && !name.includes(options.only)) continue;
      if (options.skip && name.includes(options.skip)) continue;
      figures.push(await time(server, s, name, path, runs));
    }
    console.log(`  peak RSS of the process ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  } finally {
    await server.close();
  }
  return figures;
}

const invoked = process.argv[1] ?? '';
if (invoked.endsWith('scale-queries.ts') || invoked.endsWith('scale-queries.js')) {
  const argv = process.argv.slice(2);
  const value = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
  await runQueries(parseScaleArgs(argv), {
    runs: Number(value('--runs') ?? 30),
    ...(value('--only') ? { only: value('--only') } : {}),
    ...(value('--skip') ? { skip: value('--skip') } : {}),
  });
}
