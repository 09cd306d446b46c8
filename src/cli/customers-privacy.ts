import fs from 'node:fs';
import type { Command } from 'commander';
import type { Principal } from '../core/auth/index.js';
import {
  eraseCustomer,
  exportCustomer,
  type CustomerExport,
  type ErasureReport,
} from '../core/customers/privacy.js';
import type { Runtime } from '../runtime/index.js';
import { resolveWorkspace, withRuntime } from './context.js';

/** The CLI acts as the system, with the privacy scope only (audited as `system`). */
const principalOf = (workspaceId: string): Principal => ({
  actor: { type: 'system', id: null },
  workspaceId,
  role: null,
  permissions: ['customers:privacy'],
});

/**
 * `touchpoint customers export --id ID [--out FILE]`: the JSON export of one customer (issue #14), to
 * the file (created readable by its owner only: it is personal data) or to stdout.
 */
export async function exportCustomerCli(
  rt: Runtime,
  opts: { id: string; workspace?: string | undefined; out?: string | undefined },
): Promise<CustomerExport> {
  const w = await resolveWorkspace(rt.store, opts.workspace);
  const doc = await exportCustomer(rt.store, principalOf(w.id), opts.id, rt.clock.now().toISOString());
  const text = `${JSON.stringify(doc, null, 2)}\n`;
  if (opts.out === undefined) process.stdout.write(text);
  else {
    fs.writeFileSync(opts.out, text, { mode: 0o600 });
    process.stderr.write(
      `Exported customer ${String(doc.customer.id)}: ${doc.items.length} items, ${doc.cases.length} cases → ${opts.out}\n`,
    );
  }
  return doc;
}

/** `touchpoint customers erase --id ID`: erases one customer (the person, merges included) and prints what changed. */
export async function eraseCustomerCli(
  rt: Runtime,
  opts: { id: string; workspace?: string | undefined },
): Promise<ErasureReport> {
  const w = await resolveWorkspace(rt.store, opts.workspace);
  const report = await eraseCustomer(rt.store, principalOf(w.id), opts.id, rt.clock.now().toISOString());
  const counts = Object.entries(report)
    .filter(([k, v]) => typeof v === 'number' && v > 0 && k !== 'customerIds')
    .map(([k, v]) => `${k} ${String(v)}`)
    .join(', ');
  process.stdout.write(
    `Erased customer ${report.customerIds.join(', ')}${report.alreadyErased ? ' (erased before)' : ''}: ${counts || 'nothing left to erase'}\n`,
  );
  return report;
}

/** Adds `export` and `erase` under the `customers` command (src/cli/customers.ts calls this). */
export function registerCustomerPrivacy(customers: Command): void {
  customers
    .command('export')
    .description('Export everything stored about one customer as JSON (to --out FILE, else stdout)')
    .requiredOption('--id <id>', 'the customer id')
    .option('--out <file>', 'write to this file (created readable by you only)')
    .option('--workspace <workspace>', 'the workspace (id or slug); the only one when there is one')
    .action(async (opts: { id: string; out?: string; workspace?: string }) => {
      await withRuntime((rt) => exportCustomerCli(rt, opts));
    });
  customers
    .command('erase')
    .description(
      "Erase a customer: their texts, names, handles and identities everywhere (totals stay); audited, can't be undone",
    )
    .requiredOption('--id <id>', 'the customer id')
    .option('--workspace <workspace>', 'the workspace (id or slug); the only one when there is one')
    .action(async (opts: { id: string; workspace?: string }) => {
      await withRuntime((rt) => eraseCustomerCli(rt, opts));
    });
}
