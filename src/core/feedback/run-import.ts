import type { Actor } from '../types.js';
import type { IngestDeps } from './ingest.js';
import { importRows, type ImportProgress, type SourceRow } from './import.js';

/**
 * Runs a recorded import (the `imports` table): streams the rows in, writes progress after each
 * batch (bytes read, counts, rejections) so the web page and CLI can show it, and marks it done or failed.
 */
export async function runRecordedImport(
  deps: IngestDeps,
  ctx: { workspaceId: string; actor: Actor; importId: string },
  source: { rows: AsyncIterable<SourceRow>; format: Promise<string>; bytesRead: () => number },
): Promise<ImportProgress> {
  const { store } = deps;
  const { workspaceId, importId } = ctx;
  await store.imports.progress(workspaceId, importId, { status: 'running' });
  source.format.then(
    (format) => store.imports.progress(workspaceId, importId, { format }),
    () => undefined, // the rows iterator rethrows the detection error
  );
  try {
    const result = await importRows(deps, ctx, source.rows, (p) =>
      store.imports.progress(workspaceId, importId, {
        ...p,
        rejections: p.rejections,
        bytesRead: source.bytesRead(),
      }),
    );
    await store.imports.progress(workspaceId, importId, {
      ...result,
      status: 'done',
      bytesRead: source.bytesRead(),
      finishedAt: new Date().toISOString(),
    });
    await store.audit.record({
      workspaceId,
      actor: ctx.actor,
      action: 'import.finish',
      targetType: 'import',
      targetId: importId,
      data: {
        rows: result.rows,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        rejected: result.rejected,
      },
    });
    return result;
  } catch (e) {
    await store.imports.progress(workspaceId, importId, {
      status: 'failed',
      error: e instanceof Error ? e.message : String(e),
      bytesRead: source.bytesRead(),
      finishedAt: new Date().toISOString(),
    });
    throw e;
  }
}
