// Issue #13: /measures and /leaderboard read a rollup kept by triggers (migration 0014) instead of
// every case. The figures must be those of the definitions in src/core/cases/measures.ts, computed
// from the rows, on both dialects: all time, whole days, and a range that is not whole days.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock, measuresBy, storedMeasures } from '../src/core/cases/index.js';
import type { Case, CaseOutcome } from '../src/core/types.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';
import { inviteAndAccept } from './helpers/members.js';

const PASSWORD = 'correct horse battery';
const T0 = '2026-03-02T10:00:00.000Z';
const at = (minutes: number) => new Date(new Date(T0).getTime() + minutes * 60_000).toISOString();

type Measured = ReturnType<typeof measuresBy>;
/** Teams and agents in a stable order: the rollup groups them in another order than the rows. */
const sorted = (m: Measured) => ({
  total: m.total,
  teams: [...m.teams].sort((a, b) => (a.teamId ?? '').localeCompare(b.teamId ?? '')),
  agents: [...m.agents].sort((a, b) => a.userId.localeCompare(b.userId)),
});

describe.each(DIALECTS)('case measures from the rollup on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  const clock = new ManualClock(T0);
  let cases: Case[] = [];
  const users: string[] = [];
  let teamId = '';

  const ws = () => owner.workspace ?? '';
  const expectSame = async (range: { from?: string; to?: string }) => {
    const rows = await rt.store.cases.measureRows(ws(), range);
    const fromRows = sorted(measuresBy(rows, clock.now()));
    const fromRollup = sorted(await storedMeasures(rt.store.cases, ws(), range, clock.now()));
    if (range.from !== undefined || range.to !== undefined) {
      expect(fromRollup).toEqual(fromRows);
      return fromRows;
    }
    // All time: medians come from a histogram of 5 % buckets, within 2.5 % of 1 + the exact median.
    const medians: [number | undefined, number | undefined][] = [];
    const strip = (m: Measured) => {
      const out = structuredClone(m);
      for (const x of [out.total, ...out.teams, ...out.agents]) {
        for (const k of ['firstResponseMinutes', 'resolutionMinutes'] as const) {
          const v = x[k];
          if (v) {
            medians.push([v.median, undefined]);
            v.median = 0;
          }
        }
      }
      return out;
    };
    const exact = strip(fromRows);
    const exactMedians = medians.splice(0).map(([v]) => v ?? 0);
    const approx = strip(fromRollup);
    expect(approx).toEqual(exact);
    const fromHistogram = medians.map(([v]) => v ?? 0);
    expect(fromHistogram).toHaveLength(exactMedians.length);
    exactMedians.forEach((w, i) => {
      expect(Math.abs((fromHistogram[i] ?? 0) - w)).toBeLessThanOrEqual(0.025 * (1 + w) + 0.05);
    });
    return fromRows;
  };

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config, { clock });
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      { name: 'Olga Owner', email: 'olga@example.com', password: PASSWORD, workspaceName: 'Olga Bistro' },
    );
    owner.csrf = setup.body.csrfToken;
    owner.workspace = setup.body.workspaces[0]?.id;
    for (const key of ['ann', 'ben']) {
      users.push(
        await inviteAndAccept(app, owner, {
          email: `${key}@example.com`,
          name: key,
          role: 'agent',
          password: PASSWORD,
        }),
      );
    }
    const team = await owner.json<{ id: string }>('POST', '/api/v1/teams', {
      name: 'Front of house',
      members: users,
      touchpoints: [],
    });
    teamId = team.body.id;
    // 41 cases opened over two days: the clock moves between batches.
    for (let batch = 0; batch < 3; batch++) {
      const items = Array.from({ length: batch === 2 ? 13 : 14 }, (_, i) =>
        feedbackInput({
          externalId: `m-${batch}-${i}`,
          platform: 'google',
          rating: 1,
          text: 'The staff were rude and the waiter ignored us for an hour. Terrible service.',
          author: { handle: `m-${batch}-${i}`, reach: 10 },
          postedAt: clock.now().toISOString(),
        }),
      );
      const r = await owner.json('POST', '/api/v1/feedback', { items });
      expect(r.status).toBe(200);
      clock.advance(17 * 60);
    }
    cases = (await rt.store.cases.list(ws(), {}, { limit: 100 })).sort((a, b) => a.id.localeCompare(b.id));
    expect(cases).toHaveLength(41);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('opens with figures equal to the definitions: every case open, SLAs undecided or run out', async () => {
    const m = await expectSame({});
    expect(m.total).toMatchObject({ cases: 41, open: 41, answered: 0, firstResponseMinutes: null });
  });

  it('stays equal through responses, closings, outcomes, breaches, routing and reopening', async () => {
    const outcomes: (CaseOutcome | null)[] = ['resolved', 'recovered', 'lost', null];
    for (const [i, c] of cases.entries()) {
      const opened = (new Date(c.openedAt).getTime() - new Date(T0).getTime()) / 60_000;
      await rt.store.cases.update(ws(), c.id, {
        updatedAt: clock.now().toISOString(),
        ...(i % 3 !== 0 ? { teamId } : {}),
        ...(i % 4 !== 0 ? { assigneeId: users[i % 2] } : {}),
        // Whole and fractional minutes, some before their due time and some after.
        ...(i % 5 !== 0 ? { firstResponseAt: at(opened + 7 * i + (i % 2) * 0.5) } : {}),
        ...(i % 7 === 0 ? { breachedAt: at(opened + 60) } : {}),
        ...(i % 3 === 1
          ? { status: 'closed' as const, outcome: outcomes[i % 4] ?? null, closedAt: at(opened + 13 * i) }
          : {}),
      });
    }
    const m = await expectSame({});
    expect(m.total.closed).toBeGreaterThan(0);
    expect(m.total.firstResponseMinutes).not.toBeNull();
    expect(m.teams.length).toBe(2);
    expect(m.agents.length).toBe(2);
    // Reassigned, moved to no team, reopened: the old row's share moves with the case.
    for (const c of cases.slice(0, 6)) {
      await rt.store.cases.update(ws(), c.id, {
        updatedAt: clock.now().toISOString(),
        teamId: null,
        assigneeId: users[1],
        status: 'open',
      });
    }
    await expectSame({});
  });

  it('is equal for whole days, for a range that is not, and as time decides more SLAs', async () => {
    const day = T0.slice(0, 10);
    const next = new Date(new Date(T0).getTime() + 86_400_000).toISOString().slice(0, 10);
    await expectSame({ from: `${day}T00:00:00.000Z`, to: `${next}T00:00:00.000Z` });
    await expectSame({ from: `${next}T00:00:00.000Z` });
    await expectSame({ from: at(5), to: at(40 * 60) }); // not whole days: read from the rows
    clock.advance(3 * 24 * 60);
    const later = await expectSame({});
    expect(later.total.slaDecided).toBeGreaterThan(0);
  });

  it('answers /measures and /leaderboard from the rollup', async () => {
    const measures = await owner.json<{ total: { cases: number }; agents: { userId: string }[] }>(
      'GET',
      '/api/v1/measures',
    );
    expect(measures.status).toBe(200);
    expect(measures.body.total.cases).toBe(41);
    const board = await owner.json<{ entries: { userId: string; rank: number }[] }>(
      'GET',
      '/api/v1/leaderboard',
    );
    expect(board.status).toBe(200);
    expect(board.body.entries.map((e) => e.userId).sort()).toEqual([...users].sort());
  });
});
