// Issue #5: the clock closes the step a quiet moment leaves open, so a spike its last items tipped
// alerts without waiting for the next item. And a file of past feedback imported out of time order (the airline file is grouped by
// airline, newest first) still yields the alerts its history holds: late batches are not fed one by
// one into closed detector steps, the workspace's history is replayed in time order instead, and
// alerts on old data notify nobody. The same items sent in time order give the same alerts.
import { afterAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/cases/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';

const MIN = 60_000;
const START = Date.parse('2026-03-01T00:00:00.000Z');
const STORM = Date.parse('2026-03-04T14:00:00.000Z');

interface Alert {
  kind: string;
  startedAt: string;
  openedAt: string;
  touchpoints: string[];
  brand: { name: string };
}

/** Five days of quiet traffic, one item every 15 minutes, one in eight negative; a storm on day four. */
function history(): { externalId: string; platform: string; text: string; postedAt: string }[] {
  const items = [];
  let n = 0;
  const item = (t: number, text: string) => ({
    externalId: `h-${++n}`,
    platform: 'twitter',
    text,
    postedAt: new Date(t).toISOString(),
  });
  for (let t = START, i = 0; t < START + 5 * 24 * 60 * MIN; t += 15 * MIN, i++) {
    items.push(
      item(t, i % 8 === 0 ? 'The delivery was a bit late.' : 'Friendly staff and a lovely morning.'),
    );
  }
  for (let i = 0; i < 40; i++) {
    items.push(
      item(STORM + i * 45_000, `Courier lost my parcel again, delivery ${i + 2} days late. Terrible.`),
    );
  }
  return items;
}

describe('alerts from history imported out of time order', () => {
  const runtimes: Runtime[] = [];
  const dbs: TestDatabase[] = [];

  async function alertsAfterIngest(order: 'time' | 'newest first'): Promise<Alert[]> {
    const db = await freshDatabase('sqlite');
    dbs.push(db);
    const rt = await openRuntime(db.config, { clock: new ManualClock('2026-03-20T12:00:00.000Z') });
    runtimes.push(rt);
    const client = new TestClient(createApp(rt));
    const setup = await client.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      { name: 'Olga', email: 'olga@example.com', password: 'correct horse battery', workspaceName: 'Acme' },
    );
    client.csrf = setup.body.csrfToken;
    client.workspace = setup.body.workspaces[0]?.id;
    const items = history().sort((a, b) =>
      order === 'time' ? a.postedAt.localeCompare(b.postedAt) : b.postedAt.localeCompare(a.postedAt),
    );
    for (let i = 0; i < items.length; i += 100) {
      const r = await client.json('POST', '/api/v1/feedback', { items: items.slice(i, i + 100) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    await rt.alerts.idle();
    const r = await client.json<{ alerts: (Alert & { id: string })[] }>('GET', '/api/v1/alerts?status=all');
    const alerts = r.body.alerts;
    for (const a of alerts) {
      const d = await client.json<{ notifications: unknown[] }>('GET', `/api/v1/alerts/${a.id}`);
      expect(d.body.notifications).toEqual([]); // old data: stored, nobody notified
    }
    return alerts;
  }

  afterAll(async () => {
    for (const rt of runtimes) await rt.close();
    for (const db of dbs) await db.drop();
  });

  it('finds the storm of day four whatever order the items came in, and nothing else', async () => {
    const inOrder = await alertsAfterIngest('time');
    const reversed = await alertsAfterIngest('newest first');
    const spikes = (list: Alert[]) =>
      list
        .filter((a) => a.kind === 'spike')
        .map((a) => ({
          startedAt: a.startedAt,
          openedAt: a.openedAt,
          touchpoints: [...a.touchpoints].sort(),
        }));
    expect(spikes(inOrder)).toHaveLength(1);
    const [storm] = spikes(inOrder);
    expect(Date.parse(storm?.openedAt ?? '')).toBeGreaterThanOrEqual(STORM);
    expect(Date.parse(storm?.openedAt ?? '')).toBeLessThan(STORM + 30 * MIN);
    expect(spikes(reversed)).toEqual(spikes(inOrder));
  }, 60_000);

  it('alerts on a spike whose last items came before a quiet moment, once the clock moves on', async () => {
    const db = await freshDatabase('sqlite');
    dbs.push(db);
    const clock = new ManualClock('2026-03-04T14:19:55.000Z');
    const rt = await openRuntime(db.config, { clock });
    runtimes.push(rt);
    const client = new TestClient(createApp(rt));
    const setup = await client.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      { name: 'Olga', email: 'olga@example.com', password: 'correct horse battery', workspaceName: 'Acme' },
    );
    client.csrf = setup.body.csrfToken;
    client.workspace = setup.body.workspaces[0]?.id;
    // Quiet days up to 14:00, then complaints from 14:10 to 14:19:50, and nothing after.
    const items = history().filter((i) => Date.parse(i.postedAt) < STORM);
    for (let i = 0; i < 40; i++) {
      items.push({
        externalId: `late-${i}`,
        platform: 'twitter',
        text: `Courier lost my parcel again, delivery ${i + 2} days late. Terrible.`,
        postedAt: new Date(STORM + 10 * MIN + i * 15_000).toISOString(),
      });
    }
    for (let i = 0; i < items.length; i += 100) {
      const r = await client.json('POST', '/api/v1/feedback', { items: items.slice(i, i + 100) });
      expect(r.status).toBe(200);
    }
    await rt.alerts.idle();
    const spikes = async () =>
      (await client.json<{ alerts: Alert[] }>('GET', '/api/v1/alerts?status=all')).body.alerts.filter(
        (a) => a.kind === 'spike',
      );
    // The step that would see the whole burst (14:20) has not closed: no item came after it.
    expect(await spikes()).toHaveLength(0);
    clock.advance(6);
    await rt.alerts.tick();
    const after = await spikes();
    expect(after).toHaveLength(1);
    expect(after[0]?.openedAt).toBe('2026-03-04T14:20:00.000Z');
  }, 60_000);
});
