/**
 * The rows of one person that privacy reads and writes (issue #14), found by indexes: the customer
 * rows (the survivor of a merge chain and every customer merged into it), their items and their cases.
 * Shared by the export (`customer-export.ts`) and the erasure (`customer-erase.ts`).
 */
import type { Kysely, Selectable } from 'kysely';
import type { CustomersTable, DB } from '../schema.js';
import type { CaseTables } from './case-tables.js';
import type { ExceptionTables } from './exceptions.js';
import { chunks } from './util.js';

/** The profile and segment tables of migrations 0017–0018 (and 0033's counts), as far as privacy reads them. */
export type ProfileTables = {
  customer_stats: {
    customer_id: string;
    workspace_id: string;
    touchpoint_counts: string;
    intent_counts: string;
  };
  customer_moments: {
    id: string;
    customer_id: string;
    workspace_id: string;
    kind: string;
    occurred_at: string;
    detail: string;
  };
  segments: { id: string; workspace_id: string; name: string; members: number };
  segment_members: { workspace_id: string; segment_id: string; customer_id: string };
};

export type PrivacyDb = Kysely<DB & CaseTables & ExceptionTables & ProfileTables>;

/** The connection with the tables of other slices privacy reads (cases, exceptions, profiles, segments). */
export const privacyDb = (db: Kysely<DB>): PrivacyDb =>
  db.withTables<CaseTables & ExceptionTables & ProfileTables>();

/**
 * The person: the survivor of the id's merge chain and every customer merged into it, transitively
 * (by `customers_merged_into`). Undefined when the id is not in the workspace.
 */
export async function personOf(db: PrivacyDb, workspaceId: string, id: string) {
  const get = (cid: string) =>
    db
      .selectFrom('customers')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', cid)
      .executeTakeFirst();
  let root = await get(id);
  if (!root) return undefined;
  for (let hops = 0; root.merged_into !== null && hops < 50; hops++) {
    const next = await get(root.merged_into);
    if (!next) break;
    root = next;
  }
  const rows: Selectable<CustomersTable>[] = [root];
  let frontier = [root.id];
  for (let depth = 0; frontier.length > 0 && depth < 50; depth++) {
    const seen = new Set(rows.map((r) => r.id));
    const merged: Selectable<CustomersTable>[] = [];
    for (const part of chunks(frontier))
      merged.push(
        ...(await db
          .selectFrom('customers')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('merged_into', 'in', part)
          .execute()),
      );
    const fresh = merged.filter((r) => !seen.has(r.id));
    rows.push(...fresh);
    frontier = fresh.map((r) => r.id);
  }
  return { root, rows, ids: rows.map((r) => r.id) };
}

export async function itemsOf(db: PrivacyDb, workspaceId: string, customerIds: readonly string[]) {
  const out: {
    id: string;
    search_rowid: number | null;
    author_name: string | null;
    author_handle: string | null;
  }[] = [];
  for (const part of chunks(customerIds))
    out.push(
      ...(await db
        .selectFrom('feedback_items')
        .select(['id', 'search_rowid', 'author_name', 'author_handle'])
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', 'in', part)
        .execute()),
    );
  return out;
}

/** Cases that are theirs (`owned`) and cases that merely hold one of their items. */
export async function casesOf(
  db: PrivacyDb,
  workspaceId: string,
  customerIds: readonly string[],
  itemIds: readonly string[],
) {
  const owned = new Set<string>();
  for (const part of chunks(customerIds))
    for (const r of await db
      .selectFrom('cases')
      .select('id')
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .execute())
      owned.add(r.id);
  const all = new Set(owned);
  for (const part of chunks(itemIds))
    for (const r of await db
      .selectFrom('case_items')
      .select('case_id')
      .where('workspace_id', '=', workspaceId)
      .where('item_id', 'in', part)
      .execute())
      all.add(r.case_id);
  return { owned, all: [...all] };
}

export async function inChunks<T>(
  ids: readonly string[],
  read: (part: string[]) => Promise<T[]>,
): Promise<T[]> {
  const out: T[] = [];
  for (const part of chunks(ids)) out.push(...(await read(part)));
  return out;
}
