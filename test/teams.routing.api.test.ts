import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/cases/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';
import { inviteAndAccept } from './helpers/members.js';

interface CaseRow {
  id: string;
  status: string;
  touchpointKey: string | null;
  teamId: string | null;
  assigneeId: string | null;
}

const PASSWORD = 'correct horse battery';
const T0 = '2026-03-02T10:00:00.000Z';
const hoursBefore = (h: number) => new Date(new Date(T0).getTime() - h * 3_600_000).toISOString();

/** Issue #12: a team made after the first import got none of the cases already in the inbox. */
describe.each(DIALECTS)('a new team takes the open cases of its touchpoints on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  const users: string[] = [];

  const cases = async () =>
    (await owner.json<{ cases: CaseRow[] }>('GET', '/api/v1/cases?status=all&limit=100')).body.cases;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config, { clock: new ManualClock(T0) });
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: PASSWORD,
        workspaceName: 'Olga Bistro',
      },
    );
    owner.csrf = setup.body.csrfToken;
    owner.workspace = setup.body.workspaces[0]?.id;
    for (const k of ['ann', 'ben'])
      users.push(
        await inviteAndAccept(app, owner, {
          email: `${k}@example.com`,
          name: k,
          role: 'agent',
          password: PASSWORD,
        }),
      );
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('routes the open staff cases with no team to the new staff team, round robin, and leaves the rest', async () => {
    const complaints = ['rude', 'ignored', 'shouted'].map((k, i) =>
      feedbackInput({
        externalId: k,
        rating: 1,
        text: `The staff were ${k === 'rude' ? 'rude' : 'awful'} and the waiter ${k} us. Terrible service.`,
        author: { handle: `guest_${k}`, reach: 100 },
        postedAt: hoursBefore(3 + i),
      }),
    );
    const r = await owner.json('POST', '/api/v1/feedback', { items: complaints });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const before = (await cases()).filter((c) => c.touchpointKey === 'staff');
    expect(before.length).toBe(3);
    expect(before.every((c) => c.teamId === null && c.assigneeId === null)).toBe(true);
    // One is closed: it stays as it was.
    const closed = before[0]?.id ?? '';
    expect((await owner.json('POST', `/api/v1/cases/${closed}/close`, { outcome: 'resolved' })).status).toBe(
      200,
    );

    const team = await owner.json<{ id: string }>('POST', '/api/v1/teams', {
      name: 'Front of house',
      members: users,
      touchpoints: ['staff'],
    });
    expect(team.status, JSON.stringify(team.body)).toBe(201);

    const after = (await cases()).filter((c) => c.touchpointKey === 'staff');
    const open = after.filter((c) => c.id !== closed);
    expect(open.map((c) => c.teamId)).toEqual([team.body.id, team.body.id]);
    expect(open.map((c) => c.assigneeId).sort()).toEqual([...users].sort());
    expect(after.find((c) => c.id === closed)).toMatchObject({ status: 'closed', teamId: null });
    const detail = await owner.json<{ events: { kind: string; body: Record<string, unknown> }[] }>(
      'GET',
      `/api/v1/cases/${open[0]?.id}`,
    );
    expect(detail.body.events.filter((e) => e.kind === 'assigned').map((e) => e.body.by ?? 'team')).toEqual([
      'team',
      'round_robin',
    ]);

    // A second team for the same touchpoint takes it over, but not the cases the first one has.
    const other = await owner.json<{ id: string }>('POST', '/api/v1/teams', {
      name: 'Late',
      touchpoints: ['staff'],
    });
    expect(other.status).toBe(201);
    expect(
      (await cases()).filter((c) => c.id !== closed && c.touchpointKey === 'staff').map((c) => c.teamId),
    ).toEqual([team.body.id, team.body.id]);
  });
});
