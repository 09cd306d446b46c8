import { createWorkspace } from '../core/auth/index.js';
import type { LiveAlerts } from '../core/alerts/live.js';
import { applyPlaybook, type Clock } from '../core/cases/index.js';
import { ingestFeedback, newIngestCache, summarize, type IngestDeps } from '../core/feedback/ingest.js';
import type { Store } from '../core/ports.js';
import type { Workspace } from '../core/types.js';
import { demoData, DEMO_WORKSPACE_NAME, type DemoOptions } from './demo.js';

/** The demo's teams and the touchpoints they own, so that its cases are routed. */
export const DEMO_TEAMS = [
  { key: 'guest-care', name: 'Guest care', touchpoints: ['staff', 'venue', 'product', 'support'] },
  {
    key: 'bookings',
    name: 'Bookings & cruises',
    touchpoints: ['booking', 'payment', 'delivery', 'cancellation', 'returns', 'price'],
  },
] as const;

export interface DemoWorkspaceDeps {
  store: Store;
  /** The runtime's ingest: its analyser and its retry queue; the playbook runs on the demo's data time. */
  ingestDeps: IngestDeps;
  /** The live detectors: the demo's items go through them like any ingest, so its storm raises an alert. */
  alerts: LiveAlerts;
}

export interface DemoWorkspace {
  workspace: Workspace;
  items: number;
  brands: number;
}

/**
 * Creates the labelled demo workspace with its brands, teams and items, for these owners. Each
 * item is ingested at its own time — the playbook's clock reads the item's `postedAt` — so a case's
 * SLA clock starts when the customer wrote, not when the demo ran; the live detector sees the items
 * in time order and raises the storm's spike. Resolves once detection is done.
 */
export async function createDemoWorkspace(
  deps: DemoWorkspaceDeps,
  ownerIds: readonly string[],
  options: DemoOptions = {},
): Promise<DemoWorkspace> {
  const { store } = deps;
  const data = demoData(options);
  const own = data.brands.find((b) => b.kind === 'own')?.name;
  const system = { type: 'system', id: null } as const;
  const workspace = await createWorkspace(
    store,
    { name: DEMO_WORKSPACE_NAME, isDemo: true, ...(own ? { brandName: own } : {}) },
    system,
  );
  for (const b of data.brands) {
    const brand = await store.brands.ensure(workspace.id, b.name, b.kind);
    if (brand.kind !== b.kind) await store.brands.update(workspace.id, brand.id, { kind: b.kind });
  }
  for (const id of ownerIds) await store.users.addMembership(workspace.id, id, 'owner');
  const created = new Date().toISOString();
  for (const t of DEMO_TEAMS) {
    const team = await store.teams.create(
      workspace.id,
      { name: t.name, key: t.key, leadUserId: ownerIds[0] ?? null, contact: null },
      created,
    );
    await store.teams.update(
      workspace.id,
      team.id,
      { members: [...ownerIds], touchpoints: [...t.touchpoints] },
      created,
    );
  }

  // Data time: the playbook opens each item's case at the item's own time.
  let at = new Date(0);
  const clock: Clock = { now: () => at };
  const ingestDeps: IngestDeps = {
    store,
    analyzer: deps.ingestDeps.analyzer,
    ...(deps.ingestDeps.onPendingAnalysis ? { onPendingAnalysis: deps.ingestDeps.onPendingAnalysis } : {}),
    afterWrite: async (tx, batch) => {
      await applyPlaybook(tx, clock, batch);
      await deps.alerts.intake(tx, batch);
    },
  };
  const cache = newIngestCache();
  let items = 0;
  for (const item of data.items) {
    at = new Date(item.postedAt);
    const ctx = { workspaceId: workspace.id, actor: system, cache };
    items += summarize(await ingestFeedback(ingestDeps, ctx, [item])).created;
  }
  await deps.alerts.idle();
  return { workspace, items, brands: data.brands.length };
}

/** The demo workspace this user already has, if any: loading the demo twice gives the same one. */
export async function demoWorkspaceOf(store: Store, userId: string): Promise<Workspace | undefined> {
  const memberships = await store.users.memberships(userId);
  return memberships.find((m) => m.workspace.isDemo && m.workspace.name === DEMO_WORKSPACE_NAME)?.workspace;
}
