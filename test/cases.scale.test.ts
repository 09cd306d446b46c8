// Issue #13, "the server stays up at a million items": the case sweeps read by index in keyset pages
// and do not grow with the history, two runs at once change a case once, and an imported history
// opens no case. Behaviour only: no wall-clock assertions (bench/ measures the time).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, prioritySweep, slaSweep } from '../src/core/cases/index.js';
import type { SweepCursor } from '../src/core/ports.js';
import type { Case } from '../src/core/types.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

const PASSWORD = 'correct horse battery';
const T0 = '2026-03-02T10:00:00.000Z';
const DAY = 86_400_000;
const before = (ms: number) => new Date(new Date(T0).getTime() - ms).toISOString();

describe.each(DIALECTS)('case sweeps at scale on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  const clock = new ManualClock(T0);

  const negative = (externalId: string, postedAt: string) =>
    feedbackInput({
      externalId,
      platform: 'google',
      rating: 1,
      text: 'The staff were rude and the waiter ignored us for an hour. Terrible service.',
      author: { handle: `h-${externalId}`, reach: 50 },
      postedAt,
    });
  const ingest = async (items: unknown[]) => {
    for (let i = 0; i < items.length; i += 500) {
      const r = await owner.json('POST', '/api/v1/feedback', { items: items.slice(i, i + 500) });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
  };
  const casesOf = async (): Promise<Case[]> => {
    const out: Case[] = [];
    let after: SweepCursor | null = null;
    for (;;) {
      const { cases, next }: { cases: Case[]; next: SweepCursor | null } =
        await rt.store.cases.toReprioritize('1970-01-01T00:00:00.000Z', after, 500);
      out.push(...cases);
      if (!next) return out.filter((c) => c.workspaceId === owner.workspace);
      after = next;
    }
  };
  const events = async (c: Case, kind: string) =>
    (await rt.store.cases.events(c.workspaceId, c.id)).filter((e) => e.kind === kind);

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    // The production default of the live window, not the suites' long one.
    rt = await openRuntime({ ...db.config, casesLiveDays: 14 }, { clock });
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      { name: 'Olga Owner', email: 'olga@example.com', password: PASSWORD, workspaceName: 'Olga Bistro' },
    );
    owner.csrf = setup.body.csrfToken;
    owner.workspace = setup.body.workspaces[0]?.id;
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('opens no case for imported history: items posted more than 14 days before they arrive', async () => {
    await ingest([
      negative('old-1', before(400 * DAY)),
      negative('old-2', before(15 * DAY)),
      negative('live-1', before(13 * DAY)),
      negative('live-2', before(2 * 3_600_000)),
    ]);
    const cases = await casesOf();
    const opened = await rt.store.cases.forItems(
      owner.workspace ?? '',
      (await rt.store.feedback.list(owner.workspace ?? '', {}, { sort: '-postedAt', limit: 10 })).map(
        (i) => i.id,
      ),
    );
    expect(cases).toHaveLength(2);
    expect(opened.map((o) => o.case.id).sort()).toEqual(cases.map((c) => c.id).sort());
    // A later history item of a live case's author does not join it either.
    const live = cases.find((c) => c.authorHandle === 'h-live-2');
    await ingest([{ ...negative('old-3', before(100 * DAY)), author: { handle: 'h-live-2', reach: 50 } }]);
    expect(await rt.store.cases.itemsOf(owner.workspace ?? '', [live?.id ?? ''])).toHaveLength(1);
  });

  it('reads every case whose priority can still change once per sweep, in keyset pages, and none older', async () => {
    const items = Array.from({ length: 450 }, (_, i) => negative(`bulk-${i}`, before(30 * 60_000 + i)));
    await ingest(items);
    const all = await casesOf();
    expect(all.length).toBe(452);
    clock.advance(5 * 60); // five hours later: every case still in its window, waiting longer
    const seen = new Map<string, number>();
    const read = rt.store.cases.toReprioritize.bind(rt.store.cases);
    const pages: number[] = [];
    rt.store.cases.toReprioritize = async (since, after, limit) => {
      const page = await read(since, after, limit);
      pages.push(page.cases.length);
      for (const c of page.cases) seen.set(c.id, (seen.get(c.id) ?? 0) + 1);
      return page;
    };
    try {
      const result = await prioritySweep({ store: rt.store, clock });
      expect(result.checked).toBe(452);
      expect(seen.size).toBe(452);
      expect([...seen.values()].every((n) => n === 1)).toBe(true);
      expect(pages.filter((n) => n > 0).length).toBeGreaterThan(2); // pages of 200, not one read
      expect(result.raised).toBeGreaterThan(0);

      // A week on, every priority has settled: the sweep reads nothing, however many cases are open.
      clock.advance(7 * 24 * 60);
      seen.clear();
      expect((await prioritySweep({ store: rt.store, clock })).checked).toBe(0);
      expect(seen.size).toBe(0);
    } finally {
      rt.store.cases.toReprioritize = read;
    }
  });

  it('records a priority change once when two sweeps run at once', async () => {
    clock.set(T0);
    await ingest(Array.from({ length: 30 }, (_, i) => negative(`twice-${i}`, before(10 * 60_000))));
    clock.advance(30 * 60);
    const [a, b] = await Promise.all([
      prioritySweep({ store: rt.store, clock }),
      prioritySweep({ store: rt.store, clock }),
    ]);
    const twice = (await casesOf()).filter((c) => c.authorHandle?.startsWith('h-twice-'));
    expect(twice).toHaveLength(30);
    const changed = twice.filter((c) => c.priority.reasons.some((r) => r.startsWith('waiting')));
    expect(changed.length).toBeGreaterThan(0);
    expect(a.raised + b.raised).toBeLessThanOrEqual(twice.length);
    for (const c of twice) expect((await events(c, 'priority')).length).toBeLessThanOrEqual(1);
  });

  it('breaches and escalates an overdue case once when two SLA sweeps run at once, and never reads it again', async () => {
    clock.advance(30 * 24 * 60); // every SLA has run out
    const [a, b] = await Promise.all([
      slaSweep({ store: rt.store, clock }, { limit: 10_000 }),
      slaSweep({ store: rt.store, clock }, { limit: 10_000 }),
    ]);
    const all = await casesOf();
    expect(a.breached + b.breached).toBe(all.length);
    for (const c of all.slice(0, 40)) {
      expect(await events(c, 'breach')).toHaveLength(1);
      expect(await events(c, 'escalated')).toHaveLength(1);
    }
    expect(await rt.store.cases.overdue(clock.now().toISOString(), 10)).toEqual([]);
    expect((await slaSweep({ store: rt.store, clock })).breached).toBe(0);
  });

  it('stops a sweep between pages when its job is told to', async () => {
    const stop = new AbortController();
    stop.abort();
    clock.set(T0);
    expect((await prioritySweep({ store: rt.store, clock }, { signal: stop.signal })).checked).toBe(0);
  });
});
