// Issue #11, finding 1 ("one item stops everything") and the dates defence. One item posted at
// 9999-12-31 made the live detector step through every 5 minutes up to the year 9999: the server did
// not answer for 85 s, every later batch froze it again, a restart hung in the warm-up. Now every date
// a user sends has a range, named in the error; the detector's work is bounded whatever the dates
// (asserted as detector steps, never as wall-clock time); and on PostgreSQL 0001-01-01 reads back as
// itself (it was 2001-01-01). On both dialects.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtestCommand, readAirlineEvents, type BacktestCliOptions } from '../../src/cli/backtest.js';
import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import { createApp } from '../../src/server/app.js';
import { replay } from '../../src/warn/index.js';
import { TestClient } from '../helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/databases.js';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/**
 * Steps one gap may cost the detector: (longest window 60 min + alert cool-down 180 min) / 5 min + 1.
 * Before the fix, the far-future item alone was 840 million steps.
 */
const GAP_STEPS = (60 + 180) / 5 + 1;
const POSTED_RANGE = /^must be between 1990-01-01 and \S+Z \(now \+ 1 day\)$/;

interface Problem {
  code: string;
  errors?: { path: string; message: string }[];
}
interface Ingested {
  results: { status: string; reason?: string; itemId?: string }[];
}

const iso = (t: number) => new Date(t).toISOString();

describe.each(DIALECTS)('dates on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let client: TestClient;
  let workspaceId: string;
  let seq = 0;

  /** A client of a runtime on the same database: a restart. */
  async function restart(): Promise<void> {
    await rt.close();
    rt = await openRuntime(db.config);
    const next = new TestClient(createApp(rt));
    await next.login('olga@example.com', 'correct horse battery');
    client = next;
  }

  const item = (postedAt: string, text = 'Lovely staff, quick service.') => ({
    externalId: `d-${++seq}`,
    platform: 'twitter',
    text,
    postedAt,
  });

  async function post(items: unknown[]): Promise<Ingested['results']> {
    const r = await client.json<Ingested>('POST', '/api/v1/feedback', { items });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    await rt.alerts.idle();
    return r.body.results;
  }

  /** The workspace's live detector in this process (its warm-up runs when it is first needed). */
  const live = () => rt.alerts.detectorFor(workspaceId, { from: Date.now() - HOUR, to: Date.now() });

  /**
   * Steps the live detector ran for `work`, which must feed it live: a batch taken for late (behind
   * the detector's time, as everything was behind an item of 9999) replays the history instead.
   */
  async function stepsFor(work: () => Promise<unknown>): Promise<number> {
    const before = await live();
    const from = before.steps;
    await work();
    const after = await live();
    expect(after, 'the batch was replayed, not fed live').toBe(before);
    return after.steps - from;
  }

  /** A batch of the present: ten items over the last 50 minutes, two of them complaints. */
  const present = () =>
    Array.from({ length: 10 }, (_, i) =>
      item(
        iso(Date.now() - (50 - 5 * i) * MIN),
        i % 5 === 0 ? 'The courier lost my parcel. Terrible.' : 'Lovely staff, quick service.',
      ),
    );

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    client = new TestClient(createApp(rt));
    const setup = await client.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      { name: 'Olga', email: 'olga@example.com', password: 'correct horse battery', workspaceName: 'Acme' },
    );
    client.csrf = setup.body.csrfToken;
    workspaceId = setup.body.workspaces[0]?.id ?? '';
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('refuses postedAt 9999-12-31 and 0001-01-01, naming the field and the range; the rest of the batch is stored', async () => {
    const single = await client.json<Ingested>('POST', '/api/v1/feedback', item('9999-12-31T00:00:00Z'));
    expect(single.status).toBe(200);
    expect(single.body.results[0]?.status).toBe('rejected');
    const results = await post([
      item('0001-01-01T00:00:00Z'),
      item(iso(Date.now() - HOUR)),
      item(iso(Date.now() + DAY + MIN)),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'created', 'rejected']);
    for (const r of [single.body.results[0], results[0], results[2]]) {
      const [field, message] = (r?.reason ?? '').split(': ');
      expect(field).toBe('postedAt');
      expect(message).toMatch(POSTED_RANGE);
    }
  });

  it('refuses filter and snooze dates outside their ranges with a 400 problem naming the field, never a 500', async () => {
    const cases: [string, string, unknown, string, RegExp][] = [
      ['GET', '/api/v1/feedback?from=0000-01-01', undefined, 'from', /between 1900-01-01 and 9999-12-31/],
      ['GET', '/api/v1/feedback?to=9999-12-31T23:59:59-14:00', undefined, 'to', /9999-12-31/],
      ['GET', '/api/v1/feedback/counts?from=0001-01-01', undefined, 'from', /1900-01-01/],
      ['GET', '/api/v1/measures?from=0000-01-01', undefined, 'from', /1900-01-01/],
      ['GET', '/api/v1/leaderboard?to=9999-12-31T23:59:59-14:00', undefined, 'to', /9999-12-31/],
      [
        'POST',
        '/api/v1/alerts/00000000-0000-0000-0000-000000000000/snooze',
        { until: '9999-12-31T00:00:00Z' },
        'until',
        /now \+ 366 days/,
      ],
    ];
    for (const [method, url, body, field, message] of cases) {
      const r = await client.json<Problem>(method, url, body);
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.res.headers.get('content-type')).toMatch(/application\/problem\+json/);
      expect(r.body.code).toBe('validation_failed');
      expect(r.body.errors).toEqual([{ path: field, message: expect.stringMatching(message) as string }]);
    }
    // Wide but valid filters answer.
    expect((await client.json('GET', '/api/v1/feedback?from=1900-01-01&to=9999-12-31')).status).toBe(200);
  });

  it('accepts the allowed extremes; the next batch and the warm-up of a restart stay bounded', async () => {
    const oldest = '1990-01-01T00:00:00.000Z';
    const newest = iso(Date.now() + DAY - MIN);
    const results = await post([item(oldest), item(newest)]);
    expect(results.map((r) => r.status)).toEqual(['created', 'created']);
    const stored = await client.json<{ postedAt: string }>('GET', `/api/v1/feedback/${results[0]?.itemId}`);
    expect(stored.body.postedAt).toBe(oldest);
    const ahead = await client.json<{ postedAt: string }>('GET', `/api/v1/feedback/${results[1]?.itemId}`);
    expect(ahead.body.postedAt).toBe(newest);
    // Another batch: from 1990 to now is one gap, not 3.8 million steps.
    expect(await stepsFor(() => post(present()))).toBeLessThanOrEqual(50 / 5 + GAP_STEPS);
    // A restart: the warm-up reads 14 days (never the item a day ahead), then the next batch.
    await restart();
    await rt.alerts.warmUpAll([workspaceId]);
    expect((await live()).steps).toBeLessThanOrEqual(2 * (50 / 5 + GAP_STEPS));
    expect(await stepsFor(() => post(present()))).toBeLessThanOrEqual(50 / 5 + GAP_STEPS);
  });

  it('a far-future item stored before the fix hangs neither the restart nor the next ingest', async () => {
    const [first] = await post([item(iso(Date.now() - 2 * HOUR), 'The courier lost my parcel. Terrible.')]);
    // Written as the old code let it be: straight into the store, past the range check.
    await rt.database.db
      .updateTable('feedback_items')
      .set({ posted_at: '9999-12-31T00:00:00.000Z' })
      .where('id', '=', first?.itemId ?? '')
      .execute();
    await restart();
    await rt.alerts.warmUpAll([workspaceId]);
    expect((await live()).steps).toBeLessThanOrEqual(3 * (50 / 5 + GAP_STEPS));
    expect(await stepsFor(() => post(present()))).toBeLessThanOrEqual(50 / 5 + GAP_STEPS);
    // An analysis retried late (`analysis.retry`) brings the item to the detector again: kept out too.
    rt.alerts.observeStored(workspaceId, [first?.itemId ?? '']);
    expect(await stepsFor(() => rt.alerts.idle())).toBeLessThanOrEqual(GAP_STEPS);
    const stored = await client.json<{ postedAt: string }>('GET', `/api/v1/feedback/${first?.itemId}`);
    expect(stored.body.postedAt).toBe('9999-12-31T00:00:00.000Z');
  });

  it('reads 0001-01-01 back as itself (PostgreSQL gave 2001-01-01)', async () => {
    const [one] = await post([item(iso(Date.now() - 3 * HOUR))]);
    await rt.database.db
      .updateTable('feedback_items')
      .set({ posted_at: '0001-01-01T00:00:00.000Z' })
      .where('id', '=', one?.itemId ?? '')
      .execute();
    const stored = await client.json<{ postedAt: string }>('GET', `/api/v1/feedback/${one?.itemId}`);
    expect(stored.body.postedAt).toBe('0001-01-01T00:00:00.000Z');
  });
});

describe('touchpoint backtest over a file with the extremes', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-dates-'));
  const file = path.join(dir, 'extremes.csv');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  beforeAll(() => {
    const header =
      'tweet_id,airline_sentiment,airline_sentiment_confidence,negativereason,negativereason_confidence,airline,airline_sentiment_gold,name,negativereason_gold,retweet_count,text,tweet_coord,tweet_created,tweet_location,user_timezone';
    const at = (t: number) => iso(t).replace('T', ' ').slice(0, 19) + ' +0000';
    const row = (id: number, created: string, sentiment: string, text: string) =>
      `${id},${sentiment},1.0,,,Acme Air,,user${id},,0,${text},,${created},,`;
    const now = Date.now();
    const rows = [
      row(1, '1990-01-01 00:00:00 +0000', 'negative', 'My bag was lost'),
      ...Array.from({ length: 40 }, (_, i) =>
        row(10 + i, at(now - (40 - i) * 10 * MIN), i % 4 ? 'positive' : 'negative', 'Nice crew'),
      ),
      row(2, at(now + DAY - MIN), 'negative', 'Flight cancelled'),
      // Not a date a user can send any more, but a file may hold it: the detector stays bounded.
      row(3, '9999-12-31 00:00:00 +0000', 'negative', 'Flight delayed'),
    ];
    fs.writeFileSync(file, [header, ...rows, ''].join('\n'));
  });

  it('replays 1990, now + 1 day and 9999 in bounded steps, and the command reports every item', async () => {
    const read = await readAirlineEvents(file, undefined);
    expect(read.events).toHaveLength(43);
    // 40 items 10 minutes apart: at most 80 steps between them, and three gaps.
    expect(replay(read.events).steps).toBeLessThanOrEqual(80 + 3 * GAP_STEPS);
    const options: BacktestCliOptions = {
      dataset: 'airline',
      size: '3',
      duration: 30,
      shape: 'flat',
      target: 'brand',
      seed: 1,
      perReplay: 10,
      json: true,
    };
    const out = JSON.parse(await backtestCommand(file, options)) as { items: number };
    expect(out.items).toBe(43);
  });
});
