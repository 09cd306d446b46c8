import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, freshDatabase, type TestDatabase } from '../../test/helpers/databases.js';
import { createUser } from '../core/auth/index.js';
import { dueAt, effectivePolicies, policyFor } from '../core/cases/index.js';
import type { Case } from '../core/types.js';
import { openRuntime, type Runtime } from '../runtime/index.js';
import { createDemoWorkspace, DEMO_TEAMS, demoWorkspaceOf, type DemoWorkspace } from './workspace.js';

const NOW = new Date('2025-06-01T12:00:00Z');

describe.each(DIALECTS)('the demo workspace on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let demo: DemoWorkspace;
  let ownerId: string;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    const owner = await createUser(
      rt.store,
      {
        email: 'dana@example.com',
        name: 'Dana Demo',
        password: 'correct horse battery',
      },
      { type: 'system', id: null },
    );
    ownerId = owner.id;
    demo = await createDemoWorkspace(rt, [ownerId], { now: NOW });
  }, 120_000);
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('is labelled, belongs to its owner and holds the items', async () => {
    expect(demo.workspace.isDemo).toBe(true);
    expect(demo.items).toBe(600);
    expect((await demoWorkspaceOf(rt.store, ownerId))?.id).toBe(demo.workspace.id);
  });

  it('has teams that own touchpoints, and routes cases to them', async () => {
    const teams = await rt.store.teams.list(demo.workspace.id);
    expect(teams.map((t) => t.key).sort()).toEqual(DEMO_TEAMS.map((t) => t.key).sort());
    for (const t of teams) expect(t.touchpoints.length).toBeGreaterThan(0);
    const cases = await rt.store.cases.list(demo.workspace.id, { status: ['open'] }, { limit: 1000 });
    expect(cases.length).toBeGreaterThan(10);
    expect(cases.filter((c) => c.teamId !== null).length).toBeGreaterThan(cases.length / 2);
    expect(cases.some((c) => c.assigneeId === ownerId)).toBe(true);
  });

  it('raises a negative spike from the storm of delays, with items in it', async () => {
    const alerts = await rt.store.alerts.list(
      demo.workspace.id,
      { status: 'all', kind: 'spike' },
      undefined,
      50,
    );
    expect(alerts.length).toBeGreaterThanOrEqual(1);
    const stormFrom = NOW.getTime() - 20 * 86_400_000;
    expect(alerts.some((a) => Date.parse(a.startedAt) >= stormFrom)).toBe(true);
  });

  it('starts each SLA clock at the time the customer wrote, not when the demo ran', async () => {
    const cases: Case[] = await rt.store.cases.list(
      demo.workspace.id,
      { status: ['open', 'waiting', 'closed'] },
      { limit: 1000 },
    );
    const items = await rt.store.feedback.getMany(
      demo.workspace.id,
      cases.map((c) => c.itemId),
    );
    const posted = new Map(items.map((i) => [i.id, i.postedAt]));
    const policies = effectivePolicies([]);
    for (const c of cases) {
      expect(c.openedAt).toBe(posted.get(c.itemId));
      const policy = policyFor(policies, c.channel, c.priority.label);
      if (policy) expect(c.dueAt).toBe(dueAt(c.openedAt, policy));
    }
    // Most demo cases are days or weeks old: their clocks ran out long before the demo was loaded.
    const late = cases.filter((c) => c.dueAt !== null && Date.parse(c.dueAt) < NOW.getTime() - 86_400_000);
    expect(late.length).toBeGreaterThan(cases.length / 2);
  });
});
