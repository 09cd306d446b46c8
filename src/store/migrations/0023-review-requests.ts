import type { Kysely } from 'kysely';
import type { MigrationContext } from './index.js';

/** Issue #15 (placeholder while it is written: filled in by the slice that owns it). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations are written against no fixed schema
export async function up(_db: Kysely<any>, _ctx: MigrationContext): Promise<void> {}
