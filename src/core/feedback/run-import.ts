import { systemClock, type Clock } from '../cases/clock.js';
import type { Store } from '../ports.js';
import type { Actor } from '../types.js';
import type { IngestDeps } from './ingest.js';
import {
  importRows,
  labelledNote,
  repeatedNote,
  type ImportContext,
  type ImportProgress,
  type SourceRow,
} from './import.js';

/** How often a running import writes its heartbeat (besides after every batch). */
export const HEARTBEAT_MS = 10_000;
/**
 * A running import whose heartbeat is older than this has died: its process was killed or crashed
 * (issue #11: such an import stayed `running` forever). Twelve missed beats, so a slow batch or a wait
 * for the SQLite write lock is never taken for death.
 */
export const STALE_AFTER_MS = 2 * 60_000;

export interface RecordedImportSource {
  rows: AsyncIterable<SourceRow>;
  format: Promise<string>;
  bytesRead: () => number;
  /** What the reader found without rejecting rows (the file's encoding); read once the rows are. */
  warnings?: () => string[];
}

/** A change to a recorded import's row (`ImportRepo.progress`). */
export type ImportPatch = Parameters<Store['imports']['progress']>[2];

/**
 * The life of a recorded import (the `imports` table), whatever it imports (feedback, customers):
 * marked running, a heartbeat while `run` works (so a sweep can tell a dead run), each `report` with
 * the bytes read, then done with the source's warnings and `finish`'s notes and audited — or failed
 * with the reason. `run` gets `report` to write its progress after every batch.
 */
export async function recordImportRun<R>(
  store: Store,
  ctx: { workspaceId: string; actor: Actor; importId: string },
  source: { bytesRead: () => number; warnings?: () => string[] },
  options: { clock?: Clock; heartbeatMs?: number; start?: ImportPatch },
  run: (report: (patch: ImportPatch) => Promise<void>) => Promise<R>,
  finish: (result: R) => {
    done?: ImportPatch;
    notes: (string | undefined)[];
    action: string;
    data: Record<string, unknown>;
  },
): Promise<R> {
  const { workspaceId, importId } = ctx;
  const clock = options.clock ?? systemClock;
  const now = () => clock.now().toISOString();
  await store.imports.progress(workspaceId, importId, {
    ...options.start,
    status: 'running',
    heartbeatAt: now(),
  });
  const heartbeat = setInterval(() => {
    store.imports.progress(workspaceId, importId, { heartbeatAt: now() }).catch(() => undefined);
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const result = await run((patch) =>
      store.imports.progress(workspaceId, importId, {
        ...patch,
        bytesRead: source.bytesRead(),
        heartbeatAt: now(),
      }),
    );
    clearInterval(heartbeat);
    const end = finish(result);
    await store.imports.progress(workspaceId, importId, {
      ...end.done,
      status: 'done',
      bytesRead: source.bytesRead(),
      warnings: [...(source.warnings?.() ?? []), ...end.notes.filter((n): n is string => n !== undefined)],
      finishedAt: now(),
    });
    await store.audit.record({
      workspaceId,
      actor: ctx.actor,
      action: end.action,
      targetType: 'import',
      targetId: importId,
      data: end.data,
    });
    return result;
  } catch (e) {
    clearInterval(heartbeat);
    // When even this write fails (the database is gone or locked), the heartbeat goes stale and the
    // sweep marks the run failed; the caller still gets the first error.
    await store.imports
      .progress(workspaceId, importId, {
        status: 'failed',
        error: e instanceof Error ? e.message : String(e),
        bytesRead: source.bytesRead(),
        warnings: source.warnings?.() ?? [],
        finishedAt: now(),
      })
      .catch(() => undefined);
    throw e;
  }
}

/**
 * Runs a recorded feedback import: streams the rows in and records the run (`recordImportRun`); the
 * detected format is written as soon as it is known.
 */
export async function runRecordedImport(
  deps: IngestDeps,
  ctx: ImportContext & { importId: string },
  source: RecordedImportSource,
  options: { clock?: Clock; heartbeatMs?: number } = {},
): Promise<ImportProgress> {
  const { store } = deps;
  return recordImportRun(
    store,
    ctx,
    source,
    options,
    (report) => {
      source.format.then(
        (format) => store.imports.progress(ctx.workspaceId, ctx.importId, { format }),
        () => undefined, // the rows iterator rethrows the detection error
      );
      return importRows(deps, ctx, source.rows, (p) => report({ ...p, rejections: p.rejections }));
    },
    (result) => ({
      done: { ...result },
      // The note explains the "unchanged" of a first import (the same id twice in the file).
      notes: [repeatedNote(result.repeated), labelledNote(result.labelled)],
      action: 'import.finish',
      data: {
        rows: result.rows,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        rejected: result.rejected,
        repeated: result.repeated,
        labelled: result.labelled,
      },
    }),
  );
}

/**
 * Marks running imports whose heartbeat is stale as failed, with a reason that says what to do; run
 * at start and before imports are listed or shown. Returns how many it marked.
 */
export function failStaleImports(store: Store, clock: Clock, workspaceId?: string): Promise<number> {
  const now = clock.now();
  const staleBefore = new Date(now.getTime() - STALE_AFTER_MS).toISOString();
  return store.imports.failStale({
    staleBefore,
    now: now.toISOString(),
    workspaceId,
    error: `the import stopped: no sign of life for ${STALE_AFTER_MS / 60_000} minutes (its process was killed or crashed). Import the file again: rows already stored are kept, and are not stored twice.`,
  });
}
