/**
 * Export and erasure of one customer (issue #14) on both dialects. Every read and write is bounded by
 * the person's own rows, found by indexes: their customer rows (the survivor and those merged into
 * it), items by `feedback_items (customer_id)`, cases by `cases_customer` and `case_items_item`, events
 * and replies by case, notes, moments, suggestions and merges by customer. Two scans remain, both of
 * small tables of one workspace and only on an erasure: the audit log and the import reports, searched
 * for the person's names and identities (they have no index by content).
 *
 * Where customer text lands (keep in step with migrations; test/customers.privacy.test.ts searches
 * every text column of the database catalogue after an erasure, so a new table that holds it fails there):
 * customers, customer_identities, customer_search_terms, customer_notes, customer_merges.snapshot,
 * customer_match_suggestions.evidence, customer_moments.detail, feedback_items (title, text, author,
 * url), feedback_versions, analysis_results.result, feedback_search (+ the FTS5 shadow tables on
 * SQLite), cases.author_handle, case_events.body, replies, exceptions (reason, decision_note),
 * audit_log.data, imports (rejections, warnings, error).
 */
import { sql, type Kysely, type Selectable } from 'kysely';
import {
  ERASED,
  needlesOf,
  scrubAnalysis,
  scrubJsonText,
  scrubText,
  type CustomerExport,
  type CustomerPrivacyRepo,
  type ErasureReport,
  type ExportRow,
} from '../../core/customers/privacy.js';
import type { CustomersTable, DB } from '../schema.js';
import type { CaseTables } from './case-tables.js';
import type { ExceptionTables } from './exceptions.js';
import { chunks, parseJson, type Conn } from './util.js';

/** The profile and segment tables of migrations 0017–0018, as far as privacy reads them. */
type ProfileTables = {
  customer_stats: { customer_id: string; workspace_id: string };
  customer_touchpoints: { customer_id: string; workspace_id: string; touchpoint_key: string };
  customer_intents: { customer_id: string; workspace_id: string; intent: string };
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

type PrivacyDb = Kysely<DB & CaseTables & ExceptionTables & ProfileTables>;

/** Columns that are internal bookkeeping, never exported. */
const INTERNAL = new Set(['workspace_id', 'search_rowid', 'content_hash', 'match_key', 'seq']);
/** Columns holding JSON text, exported parsed. */
const JSON_COLUMNS = new Set([
  'result',
  'body',
  'mentions',
  'priority_reasons',
  'opened_by',
  'snapshot',
  'detail',
  'tags',
]);

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** A row as exported: camelCase keys, JSON parsed, bookkeeping left out. */
function present(row: object): ExportRow {
  const out: ExportRow = {};
  for (const [k, v] of Object.entries(row)) {
    if (INTERNAL.has(k)) continue;
    out[camel(k)] = JSON_COLUMNS.has(k) && typeof v === 'string' ? parseJson<unknown>(v, v) : v;
  }
  return out;
}

/** The fields of a customer row an erasure clears (the row stays with `erased_at`). */
const CLEARED_FIELDS = {
  display_name: null,
  name: null,
  city: null,
  match_key: null,
  birthday: null,
  birthday_md: null,
  anniversary: null,
  anniversary_md: null,
  first_purchase: null,
  first_purchase_md: null,
  lifetime_value: null,
  currency: null,
  tags: '[]',
  language: null,
  crm_id: null,
  referrals: null,
} as const;

/** The fields of a merge snapshot (`MergeSnapshot.merged` / `.survivor`) an erasure clears. */
const CLEARED_SNAPSHOT_FIELDS = {
  displayName: null,
  name: null,
  city: null,
  birthday: null,
  anniversary: null,
  firstPurchase: null,
  lifetimeValue: null,
  currency: null,
  tags: [],
  language: null,
  crmId: null,
  referrals: null,
};

/** LIKE pattern for a needle, lower-cased, with % and _ taken literally. */
const likeOf = (needle: string) => `%${needle.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const emptyReport = (customerIds: string[], alreadyErased: boolean): ErasureReport => ({
  customerIds,
  items: 0,
  versions: 0,
  analyses: 0,
  searchRows: 0,
  identities: 0,
  cases: 0,
  caseEvents: 0,
  replies: 0,
  exceptions: 0,
  notes: 0,
  moments: 0,
  suggestions: 0,
  merges: 0,
  auditEntries: 0,
  imports: 0,
  alreadyErased,
});

export function customerPrivacyRepo({ db: base, dialect }: Conn): CustomerPrivacyRepo {
  const db: PrivacyDb = base.withTables<CaseTables & ExceptionTables & ProfileTables>();

  /**
   * The person: the survivor of the id's merge chain and every customer merged into it, transitively
   * (by `customers_merged_into`). Undefined when the id is not in the workspace.
   */
  async function personOf(workspaceId: string, id: string) {
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

  async function itemsOf(workspaceId: string, customerIds: readonly string[]) {
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
  async function casesOf(workspaceId: string, customerIds: readonly string[], itemIds: readonly string[]) {
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

  async function inChunks<T>(ids: readonly string[], read: (part: string[]) => Promise<T[]>): Promise<T[]> {
    const out: T[] = [];
    for (const part of chunks(ids)) out.push(...(await read(part)));
    return out;
  }

  const groupBy = <T>(rows: readonly T[], key: (r: T) => string) => {
    const m = new Map<string, T[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return m;
  };

  /** The item a case event is about, when it names one (joined, version, reply…). */
  const eventItem = (body: string): string | null => {
    const b = parseJson<Record<string, unknown>>(body, {});
    return typeof b.itemId === 'string' ? b.itemId : null;
  };

  return {
    async exportOf(workspaceId, customerId, now) {
      const person = await personOf(workspaceId, customerId);
      if (!person) return undefined;
      const ids = person.ids;
      const itemIds = (await itemsOf(workspaceId, ids)).map((i) => i.id);
      const mine = new Set(itemIds);

      const items = await inChunks(itemIds, (part) =>
        db
          .selectFrom('feedback_items')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .orderBy('posted_at')
          .orderBy('id')
          .execute(),
      );
      const byItem = async <T extends { item_id: string }>(read: (part: string[]) => Promise<T[]>) =>
        groupBy(await inChunks(itemIds, read), (r) => r.item_id);
      const versions = await byItem((part) =>
        db
          .selectFrom('feedback_versions')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('item_id', 'in', part)
          .orderBy('version')
          .execute(),
      );
      const analyses = await byItem((part) =>
        db
          .selectFrom('analysis_results')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('item_id', 'in', part)
          .orderBy('version')
          .execute(),
      );
      const touchpoints = await byItem((part) =>
        db
          .selectFrom('item_touchpoints')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('item_id', 'in', part)
          .execute(),
      );
      const intents = await byItem((part) =>
        db
          .selectFrom('item_intents')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('item_id', 'in', part)
          .execute(),
      );
      const corrections = await byItem((part) =>
        db
          .withTables<{ corrections: { workspace_id: string; item_id: string } }>()
          .selectFrom('corrections')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('item_id', 'in', part)
          .execute(),
      );
      const strip = (rows: readonly object[] | undefined) =>
        (rows ?? []).map((r) => {
          const p = present(r);
          delete p.itemId;
          return p;
        });

      const cases = await casesOf(workspaceId, ids, itemIds);
      const caseRows = await inChunks(cases.all, (part) =>
        db
          .selectFrom('cases')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .orderBy('opened_at')
          .execute(),
      );
      const caseItems = groupBy(
        await inChunks(cases.all, (part) =>
          db
            .selectFrom('case_items')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('case_id', 'in', part)
            .execute(),
        ),
        (r) => r.case_id,
      );
      const events = groupBy(
        await inChunks(cases.all, (part) =>
          db
            .selectFrom('case_events')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('case_id', 'in', part)
            .orderBy('at')
            .orderBy('seq')
            .execute(),
        ),
        (r) => r.case_id,
      );
      const replies = groupBy(
        await inChunks(cases.all, (part) =>
          db
            .selectFrom('replies')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('case_id', 'in', part)
            .orderBy('created_at')
            .execute(),
        ),
        (r) => r.case_id,
      );
      const replyItem = new Map([...replies.values()].flat().map((r) => [r.id, r.item_id]));
      const aboutSomeoneElse = (body: string) => {
        const b = parseJson<Record<string, unknown>>(body, {});
        const item =
          typeof b.itemId === 'string'
            ? b.itemId
            : typeof b.replyId === 'string'
              ? (replyItem.get(b.replyId) ?? null)
              : null;
        return item !== null && !mine.has(item);
      };
      const presentedCases = caseRows.map((c) => {
        const owned = cases.owned.has(c.id);
        // A case of someone else that holds one of their items: what the case is, not whose it is.
        const row = owned
          ? present(c)
          : present({
              id: c.id,
              status: c.status,
              outcome: c.outcome,
              channel: c.channel,
              platform: c.platform,
              opened_at: c.opened_at,
              closed_at: c.closed_at,
            });
        if (!mine.has(c.item_id)) delete row.itemId;
        return {
          ...row,
          itemIds: (caseItems.get(c.id) ?? []).map((ci) => ci.item_id).filter((i) => mine.has(i)),
          events: (events.get(c.id) ?? [])
            .filter((e) =>
              owned ? !aboutSomeoneElse(e.body) : eventItem(e.body) !== null && !aboutSomeoneElse(e.body),
            )
            .map(present),
          replies: (replies.get(c.id) ?? []).filter((r) => mine.has(r.item_id)).map(present),
        };
      });

      const exceptions = await db
        .selectFrom('exceptions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where((eb) =>
          eb.or([
            eb('customer_id', 'in', ids),
            ...(itemIds.length > 0 ? chunks(itemIds).map((part) => eb('item_id', 'in', part)) : []),
            ...(cases.owned.size > 0
              ? chunks([...cases.owned]).map((part) => eb('case_id', 'in', part))
              : []),
          ]),
        )
        .orderBy('created_at')
        .execute();
      const byCustomer = <
        K extends
          | 'customer_notes'
          | 'customer_moments'
          | 'customer_touchpoints'
          | 'customer_intents'
          | 'customer_stats',
      >(
        table: K,
      ) =>
        inChunks(ids, (part) =>
          db
            .selectFrom(table as 'customer_notes')
            .selectAll()
            .where('workspace_id', '=', workspaceId)
            .where('customer_id', 'in', part)
            .execute(),
        );
      const merges = await inChunks(ids, (part) =>
        db
          .selectFrom('customer_merges')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where((eb) => eb.or([eb('survivor_id', 'in', part), eb('merged_id', 'in', part)]))
          .execute(),
      );
      const suggestions = await inChunks(ids, (part) =>
        db
          .selectFrom('customer_match_suggestions')
          .select(['id', 'reason', 'score', 'status', 'created_at', 'decided_at'])
          .where('workspace_id', '=', workspaceId)
          .where((eb) => eb.or([eb('customer_a', 'in', part), eb('customer_b', 'in', part)]))
          .execute(),
      );
      const segments = await inChunks(ids, (part) =>
        db
          .selectFrom('segment_members as m')
          .innerJoin('segments as s', 's.id', 'm.segment_id')
          .select(['s.id', 's.name'])
          .where('m.workspace_id', '=', workspaceId)
          .where('m.customer_id', 'in', part)
          .execute(),
      );
      const identities = await inChunks(ids, (part) =>
        db
          .selectFrom('customer_identities')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .orderBy('created_at')
          .execute(),
      );

      return {
        format: 'touchpoint.customer-export@1',
        exportedAt: now,
        workspaceId,
        customer: present(person.root),
        mergedCustomers: person.rows.slice(1).map(present),
        identities: identities.map(present),
        items: items.map((i) => ({
          ...present(i),
          versions: strip(versions.get(i.id)),
          analyses: strip(analyses.get(i.id)),
          touchpoints: strip(touchpoints.get(i.id)),
          intents: strip(intents.get(i.id)),
          corrections: strip(corrections.get(i.id)),
        })),
        cases: presentedCases,
        notes: (await byCustomer('customer_notes')).map(present),
        exceptions: exceptions
          .filter((e) => e.customer_id === null || ids.includes(e.customer_id))
          .map(present),
        merges: [...new Map(merges.map((m) => [m.id, m])).values()].map(present),
        suggestions: [...new Map(suggestions.map((s) => [s.id, s])).values()].map(present),
        stats: (await byCustomer('customer_stats')).map(present),
        touchpoints: (await byCustomer('customer_touchpoints')).map(present),
        intents: (await byCustomer('customer_intents')).map(present),
        moments: (await byCustomer('customer_moments')).map(present),
        segments: [...new Map(segments.map((s) => [s.id, s])).values()].map(present),
      } satisfies CustomerExport;
    },

    async erase(workspaceId, customerId, now) {
      const person = await personOf(workspaceId, customerId);
      if (!person) return undefined;
      const ids = person.ids;
      // SQLite keeps deleted and overwritten bytes in free space of its pages until reused; with
      // `secure_delete` what this erasure frees is zeroed (this connection, restored at the end).
      const secureDelete =
        dialect === 'sqlite'
          ? (await sql<{ secure_delete: number }>`PRAGMA secure_delete`.execute(db)).rows[0]
          : undefined;
      if (secureDelete?.secure_delete === 0) await sql`PRAGMA secure_delete = ON`.execute(db);
      const report = emptyReport(
        ids,
        person.rows.every((r) => r.erased_at !== null),
      );
      const items = await itemsOf(workspaceId, ids);
      const itemIds = items.map((i) => i.id);
      const identities = await inChunks(ids, (part) =>
        db
          .selectFrom('customer_identities')
          .select('value')
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .execute(),
      );
      const cases = await casesOf(workspaceId, ids, itemIds);
      const replies = await inChunks(cases.all, (part) =>
        db
          .selectFrom('replies')
          .select(['id', 'item_id', 'case_id', 'recipient', 'subject', 'text', 'status', 'last_error'])
          .where('workspace_id', '=', workspaceId)
          .where('case_id', 'in', part)
          .execute(),
      );
      const mine = new Set(itemIds);
      // What names them in free text elsewhere: their names, identities, author names and handles,
      // the addresses replies went to.
      const needles = needlesOf([
        ...person.rows.flatMap((r) => [r.display_name, r.name, r.crm_id]),
        ...identities.map((i) => i.value),
        ...items.flatMap((i) => [i.author_name, i.author_handle]),
        ...replies.filter((r) => mine.has(r.item_id)).map((r) => r.recipient),
      ]);

      // Items and versions: texts replaced, author and link removed; ratings, scores, dates, labels kept.
      for (const part of chunks(itemIds)) {
        const r = await db
          .updateTable('feedback_items')
          .set((eb) => ({
            text: ERASED,
            title: eb.case().when('title', 'is', null).then(null).else(ERASED).end(),
            author_name: null,
            author_handle: null,
            url: null,
            search_rowid: null,
          }))
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .executeTakeFirst();
        report.items += Number(r.numUpdatedRows);
        const v = await db
          .updateTable('feedback_versions')
          .set((eb) => ({
            text: ERASED,
            title: eb.case().when('title', 'is', null).then(null).else(ERASED).end(),
          }))
          .where('workspace_id', '=', workspaceId)
          .where('item_id', 'in', part)
          .executeTakeFirst();
        report.versions += Number(v.numUpdatedRows);
        const analyses = await db
          .selectFrom('analysis_results')
          .select(['id', 'result'])
          .where('workspace_id', '=', workspaceId)
          .where('item_id', 'in', part)
          .execute();
        for (const a of analyses) {
          const result = scrubAnalysis(a.result, needles);
          if (result === a.result) continue;
          await db.updateTable('analysis_results').set({ result }).where('id', '=', a.id).execute();
          report.analyses++;
        }
      }

      // The full-text index: their rows go (search finds nothing of them). On SQLite a plain FTS5
      // delete only masks a row's tokens, which stay in older index segments until a merge; with
      // `secure-delete` they are removed at once. It is switched on for good by the first erasure, and
      // that erasure also runs `optimize`, which rewrites the index without the tokens earlier deletes
      // (an item's replaced versions) left behind — once: from then on every delete is secure.
      if (dialect === 'sqlite') {
        const config = await sql<{
          v: unknown;
        }>`SELECT v FROM feedback_search_config WHERE k = 'secure-delete'`.execute(db);
        const secure = Number(config.rows[0]?.v ?? 0) === 1;
        if (!secure)
          await sql`INSERT INTO feedback_search (feedback_search, rank) VALUES ('secure-delete', 1)`.execute(
            db,
          );
        const rowids = items.flatMap((i) => (i.search_rowid === null ? [] : [i.search_rowid]));
        for (const part of chunks(rowids)) {
          const r = await sql`DELETE FROM feedback_search WHERE rowid IN (${sql.join(part)})`.execute(db);
          report.searchRows += Number(r.numAffectedRows ?? 0);
        }
        if (!secure) await sql`INSERT INTO feedback_search (feedback_search) VALUES ('optimize')`.execute(db);
      } else {
        for (const part of chunks(itemIds)) {
          const r = await db
            .deleteFrom('feedback_search')
            .where('workspace_id', '=', workspaceId)
            .where('item_id', 'in', part)
            .executeTakeFirst();
          report.searchRows += Number(r.numDeletedRows);
        }
      }

      // Cases: the handle goes from theirs; notes in their cases are erased whole, notes in other
      // cases that hold one of their items lose their names; delivery errors may quote an address.
      for (const part of chunks([...cases.owned])) {
        await db
          .updateTable('cases')
          .set({ author_handle: null })
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .execute();
      }
      report.cases = cases.all.length;
      for (const part of chunks(cases.all)) {
        const events = await db
          .selectFrom('case_events')
          .select(['id', 'case_id', 'kind', 'body'])
          .where('workspace_id', '=', workspaceId)
          .where('case_id', 'in', part)
          .execute();
        for (const e of events) {
          const whole = cases.owned.has(e.case_id) ? new Set(['text', 'error']) : new Set(['error']);
          const body = scrubJsonText(e.body, needles, whole);
          if (body === e.body) continue;
          await db.updateTable('case_events').set({ body }).where('id', '=', e.id).execute();
          report.caseEvents++;
        }
      }
      for (const r of replies) {
        const theirs = mine.has(r.item_id);
        const next = theirs
          ? {
              text: ERASED,
              subject: r.subject === null ? null : ERASED,
              recipient: null,
              last_error: r.last_error === null ? null : ERASED,
              // Nothing more goes out to an erased person.
              status: ['draft', 'queued', 'sending'].includes(r.status) ? 'failed' : r.status,
            }
          : {
              text: scrubText(r.text, needles),
              subject: r.subject === null ? null : scrubText(r.subject, needles),
              recipient: r.recipient,
              last_error: r.last_error === null ? null : scrubText(r.last_error, needles),
              status: r.status,
            };
        if (
          next.text === r.text &&
          next.subject === r.subject &&
          next.recipient === r.recipient &&
          next.last_error === r.last_error &&
          next.status === r.status
        )
          continue;
        await db
          .updateTable('replies')
          .set({ ...next, updated_at: now })
          .where('id', '=', r.id)
          .execute();
        report.replies++;
      }

      // Exceptions: amounts and statuses stay for the ledger; the free text goes.
      const exceptions = await db
        .selectFrom('exceptions')
        .select(['id', 'customer_id', 'reason', 'decision_note'])
        .where('workspace_id', '=', workspaceId)
        .where((eb) =>
          eb.or([
            eb('customer_id', 'in', ids),
            ...chunks(itemIds).map((part) => eb('item_id', 'in', part)),
            ...chunks([...cases.owned]).map((part) => eb('case_id', 'in', part)),
          ]),
        )
        .execute();
      for (const e of exceptions) {
        const reason = e.reason === '' || e.reason === ERASED ? e.reason : ERASED;
        const note = e.decision_note === null || e.decision_note === ERASED ? e.decision_note : ERASED;
        if (reason === e.reason && note === e.decision_note) continue;
        await db
          .updateTable('exceptions')
          .set({ reason, decision_note: note })
          .where('id', '=', e.id)
          .execute();
        report.exceptions++;
      }

      // Identities, search terms, notes, moments and suggestions go, and so does the profile: an
      // erased person is on no lifecycle, ambassador or segment list (nobody could reach them), while
      // the items' own labels keep every item total. Merges keep their ids (what moved) without the
      // fields they copied.
      for (const part of chunks(ids)) {
        const del = async (
          table:
            | 'customer_identities'
            | 'customer_search_terms'
            | 'customer_notes'
            | 'customer_moments'
            | 'customer_stats'
            | 'customer_touchpoints'
            | 'customer_intents',
        ) =>
          Number(
            (
              await db
                .deleteFrom(table as 'customer_notes')
                .where('workspace_id', '=', workspaceId)
                .where('customer_id', 'in', part)
                .executeTakeFirst()
            ).numDeletedRows,
          );
        report.identities += await del('customer_identities');
        await del('customer_search_terms');
        report.notes += await del('customer_notes');
        report.moments += await del('customer_moments');
        await del('customer_stats');
        await del('customer_touchpoints');
        await del('customer_intents');
        // Segment sizes follow their members (the segment job would recount them later anyway).
        const memberships = await db
          .selectFrom('segment_members')
          .select(['segment_id', (eb) => eb.fn.countAll<number>().as('n')])
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .groupBy('segment_id')
          .execute();
        await db
          .deleteFrom('segment_members')
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .execute();
        for (const m of memberships)
          await db
            .updateTable('segments')
            .set((eb) => ({ members: eb('members', '-', Number(m.n)) }))
            .where('workspace_id', '=', workspaceId)
            .where('id', '=', m.segment_id)
            .execute();
        const s = await db
          .deleteFrom('customer_match_suggestions')
          .where('workspace_id', '=', workspaceId)
          .where((eb) => eb.or([eb('customer_a', 'in', part), eb('customer_b', 'in', part)]))
          .executeTakeFirst();
        report.suggestions += Number(s.numDeletedRows);
        const merges = await db
          .selectFrom('customer_merges')
          .select(['id', 'snapshot'])
          .where('workspace_id', '=', workspaceId)
          .where((eb) => eb.or([eb('survivor_id', 'in', part), eb('merged_id', 'in', part)]))
          .execute();
        for (const m of merges) {
          const snap = parseJson<Record<string, unknown>>(m.snapshot, {});
          const cleared = (side: unknown) => ({ ...(side as object), ...CLEARED_SNAPSHOT_FIELDS });
          const snapshot = scrubJsonText(
            JSON.stringify({ ...snap, merged: cleared(snap.merged), survivor: cleared(snap.survivor) }),
            needles,
          );
          if (snapshot === m.snapshot) continue;
          await db.updateTable('customer_merges').set({ snapshot }).where('id', '=', m.id).execute();
          report.merges++;
        }
        await db
          .updateTable('customers')
          .set((eb) => ({
            ...CLEARED_FIELDS,
            erased_at: eb.fn.coalesce('erased_at', sql<string>`${now}`),
            updated_at: now,
          }))
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .execute();
      }

      // The audit log and import reports of the workspace: entries about their rows, and any that
      // quote their names or identities (a scan of the workspace's rows of these two small tables).
      const targets = [...ids, ...cases.all, ...replies.map((r) => r.id), ...exceptions.map((e) => e.id)];
      if (needles.length > 0 || targets.length > 0) {
        const audit = await db
          .selectFrom('audit_log')
          .select(['id', 'data', 'target_id'])
          .where('workspace_id', '=', workspaceId)
          .where((eb) =>
            eb.or([
              ...needles.map((n) => eb(sql`lower(data)`, 'like', sql`${likeOf(n)} escape '\\'`)),
              ...chunks(targets).map((part) => eb('target_id', 'in', part)),
            ]),
          )
          .execute();
        const targeted = new Set(targets);
        for (const a of audit) {
          const whole = targeted.has(a.target_id ?? '')
            ? new Set(['note', 'text', 'reason', 'evidence'])
            : undefined;
          const data = scrubJsonText(a.data, needles, whole);
          if (data === a.data) continue;
          await db.updateTable('audit_log').set({ data }).where('id', '=', a.id).execute();
          report.auditEntries++;
        }
      }
      if (needles.length > 0) {
        const imports = await db
          .selectFrom('imports')
          .select(['id', 'rejections', 'warnings', 'error'])
          .where('workspace_id', '=', workspaceId)
          .where((eb) =>
            eb.or(
              needles.flatMap((n) =>
                (['rejections', 'warnings', 'error'] as const).map((c) =>
                  eb(sql`lower(${sql.ref(c)})`, 'like', sql`${likeOf(n)} escape '\\'`),
                ),
              ),
            ),
          )
          .execute();
        for (const i of imports) {
          await db
            .updateTable('imports')
            .set({
              rejections: scrubJsonText(i.rejections, needles),
              warnings: scrubJsonText(i.warnings, needles),
              error: i.error === null ? null : scrubText(i.error, needles),
            })
            .where('id', '=', i.id)
            .execute();
          report.imports++;
        }
      }
      if (secureDelete?.secure_delete === 0) await sql`PRAGMA secure_delete = OFF`.execute(db);
      return report;
    },
  };
}
