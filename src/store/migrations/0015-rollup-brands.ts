import type { Kysely } from 'kysely';
import { createRollupTables, rebuildRollups } from '../repos/rollups.js';
import type { MigrationContext } from './index.js';

/**
 * Coarse rollups per brand only (issue #13): an unfiltered dashboard read the fine rollups of 0011
 * (brand × platform × channel × language) and summed 33k month rows per touchpoint view at 100k
 * items; these keep the same counters per workspace × grain × bucket × brand (× touchpoint), 20–40×
 * fewer rows. Kept by the same deltas as 0011's; existing items are counted here once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  await createRollupTables(db, dialect, ['rollup_brand_items', 'rollup_brand_touchpoints']);
  await rebuildRollups(db, dialect, null, ['rollup_brand_items', 'rollup_brand_touchpoints']);
}
