import type { Command } from 'commander';
import { resolveWorkspace, withRuntime } from './context.js';

/**
 * `touchpoint rollups rebuild`: recounts the dashboard's rollups (and the key drivers' samples) from the
 * items (issue #13), for one workspace or all. Ingest, corrections and re-analysis keep them; this repairs them after a restore
 * or a change made to the items outside Touchpoint. One transaction per workspace.
 */
export function registerRollups(program: Command): void {
  const rollups = program.command('rollups').description("The dashboard's rollups of the feedback items");
  rollups
    .command('rebuild')
    .description(
      "Recount the rollups and the key drivers' samples from the items (one workspace, or every workspace with --all)",
    )
    .option('--workspace <workspace>', 'the workspace (id or slug); the only one when there is one')
    .option('--all', 'every workspace')
    .action(async (opts: { workspace?: string; all?: boolean }) => {
      await withRuntime(async (rt) => {
        const workspaces = opts.all
          ? await rt.store.workspaces.list()
          : [await resolveWorkspace(rt.store, opts.workspace)];
        for (const w of workspaces) {
          const started = Date.now();
          await rt.store.transaction((tx) => tx.rollups.rebuild(w.id));
          process.stdout.write(`Rebuilt the rollups of "${w.slug}" in ${Date.now() - started} ms\n`);
        }
      });
    });
}
