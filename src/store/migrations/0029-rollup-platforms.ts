import type { Kysely } from 'kysely';
import { createRollupTables, rebuildRollups } from '../repos/rollups.js';
import type { MigrationContext } from './index.js';

/**
 * Rollups per platform and brand (issue #13). A dashboard filtered by one platform read the fine
 * rollups of 0011 (brand × platform × channel × language), every row of the period, and kept those
 * of the platform: for 90 days at a million items on PostgreSQL, 58 / 146 ms p50 / p95. These keep
 * the same counters per workspace × grain × platform × bucket × brand (× touchpoint), the platform
 * before the day, so a platform's rows are one range of the key. Kept by the same deltas as 0011's
 * and 0015's; existing items are counted here once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(db: Kysely<any>, { dialect }: MigrationContext): Promise<void> {
  const tables = ['rollup_platform_items', 'rollup_platform_touchpoints'] as const;
  await createRollupTables(db, dialect, tables);
  await rebuildRollups(db, dialect, null, tables);
}
