import { createDemoWorkspace } from '../demo/index.js';
import { CliError, withRuntime } from './context.js';

/** `touchpoint demo`: a fresh demo workspace every run, so it never mixes with real data. */
export async function demoCommand(opts: { owner?: string }): Promise<void> {
  await withRuntime(async (rt) => {
    const { store } = rt;
    // Owners of real workspaces see the demo too; with --owner only that user.
    let owners: string[];
    if (opts.owner !== undefined) {
      const u = await store.users.findByEmail(opts.owner);
      if (!u) throw new CliError(`No user ${opts.owner}`);
      owners = [u.id];
    } else {
      owners = [...new Set(await store.users.ownerIds())];
    }
    const demo = await createDemoWorkspace(rt, owners);
    process.stdout.write(
      `Demo workspace "${demo.workspace.slug}" created with ${demo.items} items for ${demo.brands} brands` +
        (owners.length > 0
          ? `, visible to ${owners.length} owner(s).\n`
          : '. Log in as an owner or run `touchpoint demo --owner EMAIL`.\n'),
    );
  });
}
