import { createWorkspace } from '../core/auth/index.js';
import { ingestFeedback, newIngestCache, summarize } from '../core/feedback/ingest.js';
import { demoData, DEMO_WORKSPACE_NAME } from '../demo/index.js';
import { CliError, withRuntime } from './context.js';

/** `touchpoint demo`: a fresh demo workspace every run, so it never mixes with real data. */
export async function demoCommand(opts: { owner?: string }): Promise<void> {
  await withRuntime(async (rt) => {
    const { store } = rt;
    const data = demoData();
    const own = data.brands.find((b) => b.kind === 'own')?.name;
    const workspace = await createWorkspace(
      store,
      { name: DEMO_WORKSPACE_NAME, isDemo: true, ...(own ? { brandName: own } : {}) },
      { type: 'system', id: null },
    );
    for (const b of data.brands) {
      const brand = await store.brands.ensure(workspace.id, b.name, b.kind);
      if (brand.kind !== b.kind) await store.brands.update(workspace.id, brand.id, { kind: b.kind });
    }
    // Owners of real workspaces see the demo too; with --owner only that user.
    const owners = new Set<string>();
    if (opts.owner !== undefined) {
      const u = await store.users.findByEmail(opts.owner);
      if (!u) throw new CliError(`No user ${opts.owner}`);
      owners.add(u.id);
    } else {
      for (const id of await store.users.ownerIds()) owners.add(id);
    }
    for (const id of owners) await store.users.addMembership(workspace.id, id, 'owner');
    const cache = newIngestCache();
    let total = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
    for (let i = 0; i < data.items.length; i += 500) {
      const s = summarize(
        await ingestFeedback(
          rt.ingestDeps,
          { workspaceId: workspace.id, actor: { type: 'system', id: null }, cache },
          data.items.slice(i, i + 500),
        ),
      );
      total = {
        created: total.created + s.created,
        updated: total.updated + s.updated,
        unchanged: total.unchanged + s.unchanged,
        rejected: total.rejected + s.rejected,
      };
    }
    process.stdout.write(
      `Demo workspace "${workspace.slug}" created with ${total.created} items for ${data.brands.length} brands` +
        (owners.size > 0
          ? `, visible to ${owners.size} owner(s).\n`
          : '. Log in as an owner or run `touchpoint demo --owner EMAIL`.\n'),
    );
  });
}
