import type { Actor, ImportJob } from '../types.js';
import { ingestFeedback, newIngestCache, type IngestDeps, type IngestSummary } from './ingest.js';
import type { FeedbackInput } from './schema.js';

/** One record read from a file: an input to ingest, or a row the reader could not use, with its line. */
export type SourceRow =
  { ok: true; line: number; input: FeedbackInput } | { ok: false; line: number; reason: string };

export interface ImportProgress extends IngestSummary {
  rows: number;
  rejections: { line: number; reason: string }[];
}

/** Rows per transaction: large enough for throughput, small enough to keep memory flat. */
export const IMPORT_BATCH = 500;
/** Rejections kept in full for the summary; the count goes on past it. */
export const MAX_REJECTIONS_KEPT = 1_000;

/**
 * Streams rows into the workspace in batches, each batch one transaction, so a bad row never stops
 * the good ones and never leaves a half-written item. Reports progress after every batch.
 */
export async function importRows(
  deps: IngestDeps,
  ctx: { workspaceId: string; actor: Actor },
  rows: AsyncIterable<SourceRow>,
  onProgress?: (p: ImportProgress) => void | Promise<void>,
): Promise<ImportProgress> {
  const progress: ImportProgress = {
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    rejections: [],
  };
  const cache = newIngestCache();
  const reject = (line: number, reason: string) => {
    progress.rejected++;
    if (progress.rejections.length < MAX_REJECTIONS_KEPT) progress.rejections.push({ line, reason });
  };
  let batch: { line: number; input: FeedbackInput }[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const results = await ingestFeedback(
      deps,
      { ...ctx, cache },
      batch.map((b) => b.input),
    );
    for (const r of results) {
      if (r.status === 'rejected') reject(batch[r.index]?.line ?? 0, r.reason ?? 'rejected');
      else progress[r.status]++;
    }
    batch = [];
    await onProgress?.(progress);
    // Ingest is CPU-bound; let the server answer other requests (progress polls) between batches.
    await new Promise<void>((resolve) => setImmediate(resolve));
  };
  for await (const row of rows) {
    progress.rows++;
    if (row.ok) batch.push({ line: row.line, input: row.input });
    else reject(row.line, row.reason);
    if (batch.length >= IMPORT_BATCH) await flush();
  }
  await flush();
  progress.rejections.sort((a, b) => a.line - b.line);
  return progress;
}

export type { ImportJob };
