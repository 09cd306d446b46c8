import { sql, type Kysely } from 'kysely';
import { COUNT_COLUMNS, ITEM_KEYS, SUM_COLUMNS, TOUCHPOINT_KEYS, rebuildRollups } from '../repos/rollups.js';
import type { MigrationContext } from './index.js';

/**
 * Rollups of feedback (issue #13): counts and sums per workspace × grain × bucket × brand ×
 * platform × channel × language (`rollup_items`), and the same per touchpoint mentioned
 * (`rollup_touchpoints`), so the dashboard reads a few thousand rows instead of scanning millions of
 * items. Grain `d` buckets by the UTC day of `posted_at` ('YYYY-MM-DD'), grain `m` by its UTC month
 * ('YYYY-MM'): a period reads whole months from `m` rows and the days at its edges from `d` rows.
 * Kept by deltas in the transaction of every write that changes an item (src/store/repos/rollups.ts);
 * existing items are counted here once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const float = dialect === 'postgres' ? sql`double precision` : sql`real`;
  for (const [table, keys, extra] of [
    ['rollup_items', ITEM_KEYS, []],
    ['rollup_touchpoints', TOUCHPOINT_KEYS, ['tp_positive', 'tp_negative', 'tp_neutral']],
  ] as const) {
    let t = db.schema
      .createTable(table)
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'));
    for (const k of keys) if (k !== 'workspace_id') t = t.addColumn(k, 'text', (c) => c.notNull());
    for (const c of [...COUNT_COLUMNS, ...extra])
      t = t.addColumn(c, 'integer', (col) => col.notNull().defaultTo(0));
    for (const c of SUM_COLUMNS) t = t.addColumn(c, float, (col) => col.notNull().defaultTo(0));
    await t.addPrimaryKeyConstraint(`${table}_pk`, [...keys] as string[] as never[]).execute();
  }
  // The case figures of a period (response rate, SLA, recovery) read the cases opened in it.
  await db.schema.createIndex('cases_opened').on('cases').columns(['workspace_id', 'opened_at']).execute();
  await rebuildRollups(db, dialect, null, ['rollup_items', 'rollup_touchpoints']);
}
