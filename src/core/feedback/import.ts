import { SeenKeys } from './seen-keys.js';
import type { SentimentLabel } from '../../analysis/types.js';
import type { Actor, ImportJob } from '../types.js';
import {
  ingestFeedback,
  newIngestCache,
  type IngestCache,
  type IngestDeps,
  type IngestResult,
  type IngestSummary,
} from './ingest.js';
import type { FeedbackInput } from './schema.js';
import { STATISTICS_REFRESH_AT } from '../ports.js';
import { yieldToEventLoop } from '../slices.js';

/** One record read from a file: an input to ingest, or a row the reader could not use, with its line. */
export type SourceRow =
  | { ok: true; line: number; input: FeedbackInput; label?: SentimentLabel }
  | { ok: false; line: number; reason: string };

export interface ImportProgress extends IngestSummary {
  rows: number;
  rejections: { line: number; reason: string }[];
  /** Rows whose id (platform and external id) an earlier row of the same file had: unchanged or updated. */
  repeated: number;
  /** Rows whose human sentiment label (`--labels`) was stored as the item's correction. */
  labelled: number;
}

/** The summary's line for rows that repeat an earlier row of the file; undefined when none do. */
export function repeatedNote(repeated: number): string | undefined {
  if (repeated === 0) return undefined;
  return `${repeated} ${repeated === 1 ? 'row repeats' : 'rows repeat'} an earlier row of this file (same id): counted as unchanged, or updated where the text differs`;
}

/**
 * Rows per transaction of an import that runs in the server (the upload page): large enough for
 * throughput, small enough that the event loop, which SQLite's synchronous statements hold for the
 * whole batch, answers other requests within about half a second.
 */
export const IMPORT_BATCH = 500;
/**
 * Rows per transaction of `touchpoint import`, a process of its own with no requests to answer. Each
 * transaction writes a page once however many of its items change it, so larger batches share more
 * of the pages that items scatter over the customers' B-trees: side by side, 5,000 took 21–23 % less
 * CPU than 500, at the first 100k items and at 1.0–1.1M (docs/performance.md, stop 29). A server
 * writing to the same SQLite database meanwhile waits for each commit, up to a batch's time (~5 s).
 */
export const CLI_IMPORT_BATCH = 5_000;
/**
 * The most rows per transaction `--batch-size` accepts: memory grows with the batch, and a batch must
 * end well within the two minutes after which a silent run counts as dead (STALE_AFTER_MS).
 */
export const MAX_IMPORT_BATCH = 20_000;
/**
 * Rows between two folds of the customer profiles' log in `touchpoint import` (`settleEvery`), at
 * least: the import appends each item's profile facts to the log and folds them in customer order,
 * so a page of the stats rows is written once per fold, not once per batch. A fold pays only when it
 * covers a good share of the workspace's customers, so the import folds every as many rows as the
 * workspace has customers, from CLI_SETTLE_EVERY to CLI_SETTLE_MAX. At 2.7 million items of
 * the scale file (960k customers), one fold of 200,000 rows made a slice 17–22 % faster than
 * updating the profiles in each batch, and one of 500,000 rows no faster per item than that, with
 * more facts in memory (docs/performance.md, stop 32).
 */
export const CLI_SETTLE_EVERY = 100_000;
/** The most rows between two folds of the profile log (see CLI_SETTLE_EVERY). */
export const CLI_SETTLE_MAX = 200_000;
/** Rejections kept in full for the summary; the count goes on past it. */
export const MAX_REJECTIONS_KEPT = 1_000;

/** How an import runs: its workspace and actor, the user's own brand, and its batch sizes. */
export interface ImportContext {
  workspaceId: string;
  actor: Actor;
  ownBrand?: string;
  labels?: boolean;
  /** Rows per transaction (default IMPORT_BATCH, the server's). */
  batchSize?: number;
  /**
   * With it, the items' customer profiles are logged (`CustomerProfileRepo.defer`) and folded every
   * `settleEvery` rows or, in a workspace with more customers, every as many rows as it has
   * (up to CLI_SETTLE_MAX), and at the end (`touchpoint import`: CLI_SETTLE_EVERY); without it they
   * are updated in each batch's transaction (the server's import, which answers requests meanwhile).
   */
  settleEvery?: number;
}

/**
 * Streams rows into the workspace in batches, each batch one transaction, so a bad row never stops
 * the good ones and never leaves a half-written item. Reports progress after every batch.
 */
export async function importRows(
  deps: IngestDeps,
  ctx: ImportContext,
  rows: AsyncIterable<SourceRow>,
  onProgress?: (p: ImportProgress) => void | Promise<void>,
): Promise<ImportProgress> {
  const { ownBrand, labels, batchSize = IMPORT_BATCH, settleEvery, ...ingestCtx } = ctx;
  const progress: ImportProgress = {
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejections: [],
    repeated: 0,
    labelled: 0,
  };
  // Ids seen in this file, to tell a row that repeats an earlier one from one already stored before.
  const seen = new SeenKeys();
  const cache = newIngestCache();
  const settle = () =>
    deps.store.transaction((tx) => tx.customerProfiles.settle(ctx.workspaceId, new Date().toISOString()));
  if (settleEvery !== undefined) {
    cache.deferProfiles = true;
    await settle(); // what an import that crashed left in the log
  }
  if (ownBrand !== undefined) {
    // The user's brand is theirs even when an earlier import made it a competitor; rows that name no
    // brand go to it.
    const own = await deps.store.brands.ensure(ctx.workspaceId, ownBrand, 'own');
    cache.defaultBrand =
      own.kind === 'own'
        ? own
        : ((await deps.store.brands.update(ctx.workspaceId, own.id, { kind: 'own' })) ?? own);
    cache.ownBrand = ownBrand;
    cache.brands.set(ownBrand.toLowerCase(), cache.defaultBrand);
  }
  const reject = (line: number, reason: string) => {
    progress.rejected++;
    if (progress.rejections.length < MAX_REJECTIONS_KEPT) progress.rejections.push({ line, reason });
  };
  // Every as many rows as the workspace has customers, within [settleEvery, CLI_SETTLE_MAX].
  const foldEvery = async () =>
    settleEvery === undefined
      ? Infinity
      : Math.max(
          settleEvery,
          await deps.store.customerProfiles.countCustomers(ctx.workspaceId, CLI_SETTLE_MAX),
        );
  let settleAt = await foldEvery();
  let batch: { line: number; input: FeedbackInput; label?: SentimentLabel }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const results = await ingestFeedback(
      deps,
      { ...ingestCtx, cache },
      batch.map((b) => b.input),
    );
    for (const r of results) {
      if (r.status === 'rejected') reject(batch[r.index]?.line ?? 0, r.reason ?? 'rejected');
      else progress[r.status]++;
    }
    if (labels) progress.labelled += await storeLabels(deps, ctx, results, batch);
    batch = [];
    // The fold before the progress report: a report's rows then have their profiles, and a rate
    // taken between reports (bench/scale.ts) counts each fold with the rows that called for it.
    if (progress.rows >= settleAt) {
      await settle();
      settleAt = progress.rows + (await foldEvery());
    }
    await onProgress?.(progress);
    // Ingest is CPU-bound; let the server answer other requests (progress polls) between batches.
    await yieldToEventLoop();
  };
  const refreshAt = [...STATISTICS_REFRESH_AT];
  try {
    for await (const row of rows) {
      progress.rows++;
      if (row.ok) {
        const key = `${row.input.platform}\u0000${row.input.externalId}`;
        if (!seen.add(key)) progress.repeated++;
        batch.push({ line: row.line, input: row.input, label: row.label });
      } else reject(row.line, row.reason);
      if (batch.length >= batchSize) {
        await flush();
        if (refreshAt.length > 0 && progress.rows >= (refreshAt[0] ?? Infinity)) {
          while (progress.rows >= (refreshAt[0] ?? Infinity)) refreshAt.shift();
          await deps.store.refreshStatistics();
        }
      }
    }
    await flush();
  } catch (err) {
    // What was logged is folded now if the database still answers; otherwise by the next import of the
    // workspace or the hourly housekeeping (`profiles.settle`).
    if (settleEvery !== undefined) await settle().catch(() => 0);
    throw err;
  }
  if (settleEvery !== undefined && (await settle()) > 0) await onProgress?.(progress);
  progress.rejections.sort((a, b) => a.line - b.line);
  await dropUnusedPlaceholder(deps, ctx.workspaceId, cache);
  return progress;
}

/**
 * The file's human sentiment labels become the items' sentiment corrections, which the workspace
 * model learns from (with more weight than stars), in one transaction per batch; a later person's
 * correction replaces them like any other. Returns how many labels it stored.
 */
async function storeLabels(
  deps: IngestDeps,
  ctx: { workspaceId: string; actor: Actor },
  results: readonly IngestResult[],
  batch: readonly { label?: SentimentLabel }[],
): Promise<number> {
  const labelled = results.flatMap((r) => {
    const label = batch[r.index]?.label;
    return r.itemId !== undefined && label !== undefined ? [{ itemId: r.itemId, label }] : [];
  });
  if (labelled.length === 0) return 0;
  const createdBy = ctx.actor.type === 'user' ? ctx.actor.id : null;
  const now = new Date().toISOString();
  // The corrections repository keeps the rollups (issue #13) in step with each label.
  await deps.store.transaction(async (tx) => {
    for (const { itemId, label } of labelled)
      await tx.corrections.set(ctx.workspaceId, itemId, { field: 'sentiment', value: label, createdBy }, now);
  });
  return labelled.length;
}

/** The summary's line for the labels imported; undefined when none were. */
export function labelledNote(labelled: number): string | undefined {
  if (labelled === 0) return undefined;
  return `${labelled} human sentiment ${labelled === 1 ? 'label' : 'labels'} of the file imported as corrections (the model learns from them)`;
}

/**
 * A new workspace starts with an own brand named after it. Once the user has said which brand is
 * theirs (another one), that is an empty brand nobody asked for: it is removed, unless items use it.
 * Without that word it stays: a file of competitors' reviews must not take the user's brand away.
 */
async function dropUnusedPlaceholder(deps: IngestDeps, workspaceId: string, cache: IngestCache) {
  if (cache.ownBrand === undefined) return;
  const workspace = await deps.store.workspaces.get(workspaceId);
  if (!workspace) return;
  const placeholder = (await deps.store.brands.list(workspaceId)).find(
    (b) => b.kind === 'own' && b.name === workspace.name,
  );
  if (!placeholder || cache.brands.has(placeholder.name.toLowerCase())) return;
  if (cache.defaultBrand?.id === placeholder.id) return;
  await deps.store.brands.removeIfUnused(workspaceId, placeholder.id);
}

export type { ImportJob };
