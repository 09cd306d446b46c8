import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import {
  runCustomerImport,
  unknownColumnsNote,
  type CustomerImportProgress,
} from '../core/customers/import.js';
import { failStaleImports } from '../core/feedback/run-import.js';
import { readCrmCsv } from '../importers/crm-csv.js';
import { CliError, resolveWorkspace, withRuntime } from './context.js';
import { registerCustomerPrivacy } from './customers-privacy.js';

export interface CustomerImportCliOptions {
  workspace?: string;
  region?: string;
  encoding?: string;
  json?: boolean;
}

/**
 * `touchpoint customers import FILE`: streams a CRM export (CSV) into customers, with progress on a
 * terminal and a summary (bad rows by line and column). Exit code 1 when rows were rejected.
 */
export async function customerImportCommand(file: string, opts: CustomerImportCliOptions): Promise<number> {
  const stat = await fs.promises.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new CliError(`${file}: no such file`);
  if (opts.region !== undefined && !/^[A-Za-z]{2}$/.test(opts.region)) {
    throw new CliError(`--region ${opts.region}: a two-letter country code, e.g. DE`);
  }
  const say = (s: string) => process.stderr.write(`${s}\n`);
  return withRuntime(async (rt) => {
    const workspace = await resolveWorkspace(rt.store, opts.workspace, { createIfNone: true, say });
    await failStaleImports(rt.store, rt.clock, workspace.id);
    const job = await rt.store.imports.create({
      workspaceId: workspace.id,
      filename: path.basename(file),
      options: JSON.parse(JSON.stringify({ region: opts.region, encoding: opts.encoding })) as Record<
        string,
        unknown
      >,
      bytesTotal: stat.size,
      createdBy: null,
      kind: 'customers',
    });
    let bytes = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const bar =
      process.stderr.isTTY && !opts.json
        ? new cliProgress.SingleBar(
            {
              format:
                'importing customers [{bar}] {percentage}% | {rows} rows | {created} new | {rejected} rejected',
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    bar?.start(stat.size, 0, { rows: 0, created: 0, rejected: 0 });
    const reader = readCrmCsv(fs.createReadStream(file).pipe(counter), {
      encoding: opts.encoding,
      filename: file,
    });
    const started = performance.now();
    let result: CustomerImportProgress;
    try {
      result = await runCustomerImport(
        {
          ...rt.store,
          imports: {
            ...rt.store.imports,
            progress: async (w, id, p) => {
              bar?.update(bytes, { rows: p.rows ?? 0, created: p.created ?? 0, rejected: p.rejected ?? 0 });
              await rt.store.imports.progress(w, id, p);
            },
          },
        },
        {
          workspaceId: workspace.id,
          actor: { type: 'system', id: null },
          importId: job.id,
          region: opts.region,
        },
        {
          rows: reader.rows,
          bytesRead: () => bytes,
          warnings: () => [...reader.warnings(), ...unknownColumnsNote(reader.header())],
        },
        { clock: rt.clock },
      );
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw new CliError(`customer import of ${file} failed: ${why} (import ${job.id} is marked failed)`);
    } finally {
      bar?.stop();
    }
    const seconds = (performance.now() - started) / 1000;
    const rowsPerSecond = Math.round(result.rows / Math.max(seconds, 1e-6));
    const warnings = [...reader.warnings(), ...unknownColumnsNote(reader.header())];
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ importId: job.id, workspace: workspace.slug, file, seconds: Math.round(seconds * 100) / 100, rowsPerSecond, ...result, warnings })}\n`,
      );
    } else {
      const name = path.basename(file);
      const out = [
        `Imported customers from ${file} into workspace "${workspace.slug}" in ${seconds.toFixed(1)} s (${rowsPerSecond} rows/s)`,
        `  rows ${result.rows}: created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, rejected ${result.rejected}`,
      ];
      if (result.merged > 0)
        out.push(`  merged ${result.merged} customers that a CRM row showed to be one person (undoable)`);
      for (const r of result.rejections.slice(0, 30))
        out.push(`  ${name}:${r.line}: ${r.field ? `${r.field}: ` : ''}${r.reason}`);
      if (result.rejected > 30)
        out.push(`  … ${result.rejected - 30} more rejected rows (GET /api/v1/customer-imports/${job.id})`);
      out.push(...warnings.map((w) => `  warning: ${w}`));
      process.stdout.write(`${out.join('\n')}\n`);
    }
    return result.rejected > 0 ? 1 : 0;
  });
}

/** `touchpoint customers …`: import (this file), export and erase (customers-privacy.ts). */
export function registerCustomers(program: Command): void {
  const customers = program
    .command('customers')
    .description('Customers: import from a CRM, export or erase one');
  customers
    .command('import <file>')
    .description(
      'Import customers from a CRM export (CSV: crm_id, name, email, phone, x/twitter, instagram, facebook, amazon, city, birthday, anniversary, first_purchase, lifetime_value, currency, tags, language, referrals)',
    )
    .option('--workspace <workspace>', 'workspace id or slug (default: the only one)')
    .option('--region <country>', 'the country national phone numbers are read in, e.g. DE')
    .option('--encoding <encoding>', "the file's character encoding (default: detected)")
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, opts: CustomerImportCliOptions) => {
      process.exitCode = await customerImportCommand(file, opts);
    });
  registerCustomerPrivacy(customers);
}
