import fs from 'node:fs';
import path from 'node:path';
import { Transform } from 'node:stream';
import cliProgress from 'cli-progress';
import { AppError } from '../core/errors.js';
import {
  CLI_IMPORT_BATCH,
  CLI_SETTLE_EVERY,
  labelledNote,
  MAX_IMPORT_BATCH,
  repeatedNote,
} from '../core/feedback/import.js';
import { failStaleImports, runRecordedImport } from '../core/feedback/run-import.js';
import {
  canonicalEncoding,
  IMPORT_FORMATS,
  parseMap,
  readImport,
  type ImportFormat,
} from '../importers/index.js';
import { MAX_SQLITE_CACHE_MB, type Config } from '../config/index.js';
import { importCacheMb } from '../store/index.js';
import { CliError, resolveWorkspace, withRuntime } from './context.js';

export interface ImportCliOptions {
  workspace?: string;
  brand?: string;
  ownBrand?: string;
  labels?: boolean;
  platform?: string;
  format?: string;
  map?: string;
  encoding?: string;
  json?: boolean;
  batchSize?: string;
  cacheMb?: string;
}

/** `touchpoint import FILE`: streams the file in, shows progress on a terminal, prints the summary. */
export async function importCommand(file: string, opts: ImportCliOptions): Promise<number> {
  const stat = await fs.promises.stat(file).catch(() => undefined);
  if (!stat?.isFile()) throw new CliError(`${file}: no such file`);
  if (opts.format !== undefined && !IMPORT_FORMATS.includes(opts.format as ImportFormat)) {
    throw new CliError(`--format ${opts.format}: unknown; one of ${IMPORT_FORMATS.join(', ')}`);
  }
  let map: Record<string, string> | undefined;
  try {
    map = opts.map === undefined ? undefined : parseMap(opts.map);
  } catch (e) {
    throw new CliError(`--map: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (opts.encoding !== undefined) {
    try {
      canonicalEncoding(opts.encoding);
    } catch (e) {
      throw new CliError(
        `--encoding ${opts.encoding}: ${e instanceof AppError ? e.issues?.[0]?.message : String(e)}; e.g. utf-8, latin1, windows-1252, utf-16le, shift_jis`,
      );
    }
  }
  const batchSize = opts.batchSize === undefined ? CLI_IMPORT_BATCH : Number(opts.batchSize);
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_IMPORT_BATCH) {
    throw new CliError(
      `--batch-size ${opts.batchSize}: a whole number of rows from 1 to ${MAX_IMPORT_BATCH.toLocaleString('en')}`,
    );
  }
  const cacheMb = opts.cacheMb === undefined ? undefined : Number(opts.cacheMb);
  if (cacheMb !== undefined && (!Number.isInteger(cacheMb) || cacheMb < 1 || cacheMb > MAX_SQLITE_CACHE_MB)) {
    throw new CliError(
      `--cache-mb ${opts.cacheMb}: a whole number of MB from 1 to ${MAX_SQLITE_CACHE_MB.toLocaleString('en')}`,
    );
  }
  const say = (s: string) => process.stderr.write(`${s}\n`);
  const adjust = (cfg: Config) => importConfig(cfg, cacheMb);
  return withRuntime(async (rt) => {
    const workspace = await resolveWorkspace(rt.store, opts.workspace, { createIfNone: true, say });
    // Runs of this workspace that died (killed, crashed) are marked failed before a new one starts.
    await failStaleImports(rt.store, rt.clock, workspace.id);
    const options = {
      brand: opts.brand,
      ownBrand: opts.ownBrand,
      labels: opts.labels,
      platform: opts.platform,
      format: opts.format,
      map: opts.map,
      encoding: opts.encoding,
    };
    const job = await rt.store.imports.create({
      workspaceId: workspace.id,
      filename: path.basename(file),
      options: JSON.parse(JSON.stringify(options)) as Record<string, unknown>,
      bytesTotal: stat.size,
      createdBy: null,
    });
    let bytes = 0;
    const bar =
      process.stderr.isTTY && !opts.json
        ? new cliProgress.SingleBar(
            {
              format: 'importing [{bar}] {percentage}% | {rows} rows | {created} new | {rejected} rejected',
              stream: process.stderr,
            },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
    bar?.start(stat.size, 0, { rows: 0, created: 0, rejected: 0 });
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        bytes += chunk.length;
        done(null, chunk);
      },
    });
    const reader = readImport(fs.createReadStream(file).pipe(counter), {
      filename: file,
      ...(opts.format ? { format: opts.format as ImportFormat } : {}),
      ...(opts.brand ? { brand: opts.brand } : {}),
      ...(opts.platform ? { platform: opts.platform } : {}),
      ...(map ? { map } : {}),
      ...(opts.encoding ? { encoding: opts.encoding } : {}),
    });
    const started = performance.now();
    const result = await runRecordedImport(
      {
        ...rt.ingestDeps,
        store: {
          ...rt.store,
          imports: {
            ...rt.store.imports,
            progress: async (w, id, p) => {
              bar?.update(bytes, { rows: p.rows ?? 0, created: p.created ?? 0, rejected: p.rejected ?? 0 });
              await rt.store.imports.progress(w, id, p);
            },
          },
        },
      },
      {
        workspaceId: workspace.id,
        actor: { type: 'system', id: null },
        importId: job.id,
        batchSize,
        settleEvery: CLI_SETTLE_EVERY,
        ...(opts.ownBrand ? { ownBrand: opts.ownBrand } : {}),
        ...(opts.labels ? { labels: true } : {}),
      },
      { rows: reader.rows, format: reader.format, bytesRead: () => bytes, warnings: reader.warnings },
      { clock: rt.clock },
    )
      .catch((e: unknown) => {
        // The run is marked failed with this reason; the terminal gets one line, not a stack trace.
        const why = e instanceof Error ? e.message : String(e);
        throw new CliError(`import of ${file} failed: ${why} (import ${job.id} is marked failed)`);
      })
      .finally(() => bar?.stop());
    const warnings = reader.warnings();
    const seconds = (performance.now() - started) / 1000;
    const format = await reader.format;
    const itemsPerSecond = Math.round(result.rows / Math.max(seconds, 1e-6));
    if (opts.json) {
      process.stdout.write(
        `${JSON.stringify({ importId: job.id, workspace: workspace.slug, file, format, seconds: Math.round(seconds * 100) / 100, itemsPerSecond, ...result, warnings })}\n`,
      );
    } else {
      const out = [
        `Imported ${file} (${format}) into workspace "${workspace.slug}" in ${seconds.toFixed(1)} s (${itemsPerSecond} rows/s)`,
        `  rows ${result.rows}: created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, rejected ${result.rejected}`,
      ];
      const repeated = repeatedNote(result.repeated);
      if (repeated) out.push(`  ${repeated}`);
      const labelled = labelledNote(result.labelled);
      if (labelled) out.push(`  ${labelled}`);
      out.push(...describeRejections(path.basename(file), result.rejections, result.rejected));
      out.push(...warnings.map((w) => `  warning: ${w}`));
      process.stdout.write(`${out.join('\n')}\n`);
    }
    for (const w of warnings) if (opts.json) say(`touchpoint: warning: ${w}`);
    return result.rejected > 0 ? 1 : 0;
  }, adjust);
}

/**
 * The import's configuration: on SQLite a larger page cache (`--cache-mb`, else
 * TOUCHPOINT_SQLITE_CACHE_MB, else `importCacheMb()`), which makes a large workspace's import faster
 * (35 % over the last of 5 million items: docs/performance.md, stop 31), and temporary files in
 * memory (stop 35).
 */
export function importConfig(cfg: Config, cacheMb?: number): Config {
  return cfg.database.dialect === 'sqlite'
    ? {
        ...cfg,
        database: {
          ...cfg.database,
          cacheMb: cacheMb ?? cfg.database.cacheMb ?? importCacheMb(),
          tempInMemory: true,
        },
      }
    : cfg;
}

/**
 * Rejected rows for a terminal: each on its own line while reasons vary, and rows that share a reason
 * (a file without a text column rejects every row alike) folded into one line with their first lines.
 */
export function describeRejections(
  file: string,
  rejections: { line: number; reason: string }[],
  total: number,
): string[] {
  const groups = new Map<string, number[]>();
  for (const r of rejections) groups.set(r.reason, [...(groups.get(r.reason) ?? []), r.line]);
  const out: string[] = [];
  for (const [reason, lines] of [...groups].slice(0, 30)) {
    if (lines.length <= 3) for (const line of lines) out.push(`  ${file}:${line}: ${reason}`);
    else
      out.push(
        `  ${file}:${lines.slice(0, 5).join(',')}${lines.length > 5 ? ',…' : ''} (${lines.length} rows): ${reason}`,
      );
  }
  const listed = [...groups.values()].slice(0, 30).reduce((n, l) => n + l.length, 0);
  if (total > listed)
    out.push(
      `  … and ${total - listed} more rejected rows (the import's record keeps the first ${rejections.length})`,
    );
  return out;
}
