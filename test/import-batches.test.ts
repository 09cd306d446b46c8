import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importRows, IMPORT_BATCH, type SourceRow } from '../src/core/feedback/import.js';
import type { Store } from '../src/core/ports.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';

/** Rows 1–7 good, row 5 without text (rejected with its line), as a file reader streams them. */
function rows(prefix: string): AsyncIterable<SourceRow> {
  const out: SourceRow[] = [];
  for (let line = 1; line <= 7; line++) {
    if (line === 5) out.push({ ok: false, line, reason: 'text: required' });
    else
      out.push({
        ok: true,
        line,
        input: {
          externalId: `${prefix}-${line}`,
          platform: 'google',
          text: `Review ${line}: the delivery was ${line % 2 ? 'late' : 'quick'}`,
          postedAt: `2026-11-0${line}T10:00:00.000Z`,
          author: { handle: `author-${line % 3}` },
        },
      });
  }
  return Readable.from(out);
}

/** Issue #13: `touchpoint import` writes larger transactions than the server's import (CLI_IMPORT_BATCH). */
describe.each(DIALECTS)('import batches on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let workspaceId: string;
  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    workspaceId = (await rt.store.workspaces.create({ name: 'Batches', slug: 'batches' })).id;
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  /** Imports the rows, counting the store's transactions and the progress reports. */
  const run = async (prefix: string, batchSize?: number) => {
    let transactions = 0;
    const store: Store = {
      ...rt.store,
      transaction: (fn) => {
        transactions++;
        return rt.store.transaction(fn);
      },
    };
    const reported: number[] = [];
    const progress = await importRows(
      { ...rt.ingestDeps, store },
      { workspaceId, actor: { type: 'system', id: null }, ...(batchSize ? { batchSize } : {}) },
      rows(prefix),
      (p) => {
        reported.push(p.rows);
      },
    );
    return { progress, transactions, reported };
  };

  it('commits every batchSize rows, and the items are the same as in one batch', async () => {
    const small = await run('small', 3);
    // Rows 1–3, then 4, 6 and 7 (row 5 rejected): two transactions, each reported.
    expect(small.transactions).toBe(2);
    expect(small.reported).toEqual([3, 7]);
    expect(small.progress).toMatchObject({ rows: 7, created: 6, rejected: 1 });
    expect(small.progress.rejections).toEqual([{ line: 5, reason: 'text: required' }]);

    const whole = await run('whole');
    expect(IMPORT_BATCH).toBeGreaterThan(7);
    expect(whole.transactions).toBe(1);
    expect(whole.progress).toMatchObject({ rows: 7, created: 6, rejected: 1 });

    const texts = async (prefix: string) =>
      (await rt.store.feedback.list(workspaceId, {}, { sort: 'postedAt', limit: 50 }))
        .filter((i) => i.externalId.startsWith(`${prefix}-`))
        .map((i) => [i.externalId.slice(prefix.length), i.text, i.sentiment, i.customerId !== null]);
    expect(await texts('small')).toEqual(await texts('whole'));
  });
});
