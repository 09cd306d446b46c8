import type { Kysely } from 'kysely';
import type { AnalysisResult, SentimentLabel } from '../../analysis/types.js';
import type { Correction, CorrectionField, CorrectionRepo } from '../../core/ports.js';
import type { DB } from '../schema.js';
import { customerProfileRepo } from './customer-profiles.js';
import { rollupRepo } from './rollups.js';
import { newId, parseJson, type Conn } from './util.js';

/** The `corrections` table of migration 0003. */
export interface CorrectionsTable {
  id: string;
  workspace_id: string;
  item_id: string;
  version: number;
  field: string;
  value: string;
  created_by: string | null;
  created_at: string;
}

type CorrectionsDb = Kysely<DB & { corrections: CorrectionsTable }>;

const withCorrections = (db: Kysely<DB>): CorrectionsDb => db.withTables<{ corrections: CorrectionsTable }>();

function select(db: Kysely<DB>, workspaceId: string) {
  return withCorrections(db)
    .selectFrom('corrections as c')
    .leftJoin('users as u', 'u.id', 'c.created_by')
    .select([
      'c.item_id',
      'c.field',
      'c.value',
      'c.version',
      'c.created_by',
      'c.created_at',
      'u.name as user_name',
    ])
    .where('c.workspace_id', '=', workspaceId);
}

type Row = Awaited<ReturnType<ReturnType<typeof select>['execute']>>[number];

const present = (r: Row): Correction => ({
  itemId: r.item_id,
  field: r.field as CorrectionField,
  value: r.value as SentimentLabel,
  version: r.version,
  createdBy: r.created_by === null ? null : { id: r.created_by, name: r.user_name ?? '' },
  createdAt: r.created_at,
});

/**
 * After an item's analysis is rewritten (retry, re-analysis with a new workspace model), shows the
 * person's sentiment correction again if it was made on the current version: a model never
 * overrides a person.
 */
export async function reapplySentimentCorrection(
  db: Kysely<DB>,
  workspaceId: string,
  itemId: string,
): Promise<void> {
  const c = await withCorrections(db)
    .selectFrom('corrections as c')
    .innerJoin('feedback_items as fi', (j) =>
      j.onRef('fi.id', '=', 'c.item_id').onRef('fi.version', '=', 'c.version'),
    )
    .select('c.value')
    .where('c.workspace_id', '=', workspaceId)
    .where('c.item_id', '=', itemId)
    .where('c.field', '=', 'sentiment')
    .executeTakeFirst();
  if (c) {
    await db
      .updateTable('feedback_items')
      .set({ sentiment_label: c.value })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', itemId)
      .execute();
  }
}

/** Shows the machine's label of the current version again (null while the analysis is pending or failed). */
async function restoreMachineSentiment(db: Kysely<DB>, workspaceId: string, itemId: string) {
  const row = await db
    .selectFrom('feedback_items as fi')
    .leftJoin('analysis_results as ar', (j) =>
      j.onRef('ar.item_id', '=', 'fi.id').onRef('ar.version', '=', 'fi.version'),
    )
    .select(['fi.analysis_status', 'ar.result'])
    .where('fi.workspace_id', '=', workspaceId)
    .where('fi.id', '=', itemId)
    .executeTakeFirst();
  const analysis =
    row?.analysis_status === 'done' ? parseJson<AnalysisResult | null>(row.result, null) : null;
  await db
    .updateTable('feedback_items')
    .set({ sentiment_label: analysis?.sentiment.label ?? null })
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', itemId)
    .execute();
}

/**
 * Corrections live in their own table; the item's denormalised `sentiment_label` shows the
 * corrected label while the correction's version is current, so the existing filters, counts and
 * their index use it unchanged, and `analysis_results` keeps what the model said.
 */
export function correctionRepo(conn: Conn): CorrectionRepo {
  const { db } = conn;
  const cdb = withCorrections(db);
  // A correction changes the item's label: the rollups (issue #13) follow in the same statement sequence,
  // whoever calls (the correction command, an import's labels, a test).
  const rollups = rollupRepo(conn);
  // Customer profiles (issue #14) follow a corrected sentiment or touchpoint, as the rollups do.
  const profiles = customerProfileRepo(conn);
  const current = async (workspaceId: string, itemId: string, field: CorrectionField) => {
    const rows = await select(db, workspaceId)
      .where('c.item_id', '=', itemId)
      .where('c.field', '=', field)
      .execute();
    return rows[0] && present(rows[0]);
  };
  const setCorrection: CorrectionRepo['set'] = async (
    workspaceId,
    itemId,
    { field, value, createdBy },
    now,
  ) => {
    const item = await db
      .selectFrom('feedback_items')
      .select('version')
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', itemId)
      .executeTakeFirst();
    if (!item) return undefined;
    const previous = await current(workspaceId, itemId, field);
    await cdb
      .insertInto('corrections')
      .values({
        id: newId(),
        workspace_id: workspaceId,
        item_id: itemId,
        version: item.version,
        field,
        value,
        created_by: createdBy,
        created_at: now,
      })
      .onConflict((oc) =>
        oc
          .columns(['workspace_id', 'item_id', 'field'])
          .doUpdateSet({ version: item.version, value, created_by: createdBy, created_at: now }),
      )
      .execute();
    if (field === 'sentiment') {
      await db
        .updateTable('feedback_items')
        .set({ sentiment_label: value })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', itemId)
        .execute();
    }
    const correction = await current(workspaceId, itemId, field);
    if (!correction) throw new Error(`correction of ${itemId} not found after writing it`);
    return { correction, previous };
  };
  const removeCorrection: CorrectionRepo['remove'] = async (workspaceId, itemId, field) => {
    const existing = await current(workspaceId, itemId, field);
    if (!existing) return undefined;
    await cdb
      .deleteFrom('corrections')
      .where('workspace_id', '=', workspaceId)
      .where('item_id', '=', itemId)
      .where('field', '=', field)
      .execute();
    if (field === 'sentiment') await restoreMachineSentiment(db, workspaceId, itemId);
    return existing;
  };
  return {
    set(workspaceId, itemId, correction, now) {
      return rollups.track(workspaceId, [itemId], () =>
        profiles.trackStored(workspaceId, [itemId], () =>
          setCorrection(workspaceId, itemId, correction, now),
        ),
      );
    },
    remove(workspaceId, itemId, field) {
      return rollups.track(workspaceId, [itemId], () =>
        profiles.trackStored(workspaceId, [itemId], () => removeCorrection(workspaceId, itemId, field)),
      );
    },

    async forItems(workspaceId, itemIds) {
      if (itemIds.length === 0) return [];
      const rows = await select(db, workspaceId)
        .where('c.item_id', 'in', [...itemIds])
        .execute();
      return rows.map(present);
    },

    async sentimentLabels(workspaceId, limit) {
      const rows = await cdb
        .selectFrom('corrections as c')
        .innerJoin('feedback_versions as fv', (j) =>
          j.onRef('fv.item_id', '=', 'c.item_id').onRef('fv.version', '=', 'c.version'),
        )
        .select(['c.item_id', 'c.version', 'c.value', 'fv.title', 'fv.text'])
        .where('c.workspace_id', '=', workspaceId)
        .where('fv.workspace_id', '=', workspaceId)
        .where('c.field', '=', 'sentiment')
        .orderBy('c.created_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map((r) => ({
        itemId: r.item_id,
        version: r.version,
        // The same text a rated item trains on (store `labelled`): title and text of that version.
        text: r.title ? `${r.title}\n${r.text}` : r.text,
        label: r.value as SentimentLabel,
      }));
    },
  };
}
