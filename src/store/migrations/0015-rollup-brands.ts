import { sql, type Kysely } from 'kysely';
import { COUNT_COLUMNS, ROLLUP_TABLES, SUM_COLUMNS, rebuildRollups } from '../repos/rollups.js';
import type { MigrationContext } from './index.js';

/**
 * Coarse rollups per brand only (issue #13): an unfiltered dashboard read the fine rollups of 0011
 * (brand × platform × channel × language) and summed 33k month rows per touchpoint view at 100k
 * items; these keep the same counters per workspace × grain × bucket × brand (× touchpoint), 20–40×
 * fewer rows. Kept by the same deltas as 0011's; existing items are counted here once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const float = dialect === 'postgres' ? sql`double precision` : sql`real`;
  for (const table of ['rollup_brand_items', 'rollup_brand_touchpoints'] as const) {
    const { keys, perTouchpoint } = ROLLUP_TABLES[table];
    let t = db.schema
      .createTable(table)
      .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'));
    for (const k of keys) if (k !== 'workspace_id') t = t.addColumn(k, 'text', (c) => c.notNull());
    const extra = perTouchpoint ? ['tp_positive', 'tp_negative', 'tp_neutral'] : [];
    for (const c of [...COUNT_COLUMNS, ...extra])
      t = t.addColumn(c, 'integer', (col) => col.notNull().defaultTo(0));
    for (const c of SUM_COLUMNS) t = t.addColumn(c, float, (col) => col.notNull().defaultTo(0));
    await t.addPrimaryKeyConstraint(`${table}_pk`, [...keys] as string[] as never[]).execute();
  }
  await rebuildRollups(db, dialect, null, ['rollup_brand_items', 'rollup_brand_touchpoints']);
}
