/**
 * The erasure of one person (issue #14), inside the caller's transaction: personal data removed or
 * replaced by `[erased]` wherever it landed, labels, scores, amounts and rollups kept (see
 * `customer-privacy.ts` for the list of places). Bounded by the person's own rows, except the audit
 * log and the import reports of the workspace, which are searched for their names and identities.
 */
import { sql } from 'kysely';
import {
  ERASED,
  needlesOf,
  scrubAnalysis,
  scrubJsonText,
  scrubText,
  type ErasureReport,
} from '../../core/customers/privacy.js';
import type { Dialect } from '../database.js';
import { casesOf, inChunks, itemsOf, personOf, type PrivacyDb } from './customer-person.js';
import { eraseSurveyRows } from './surveys.js';
import { eraseOutreachRows } from './outreach.js';
import { eraseReviewRows } from './review-requests.js';
import { chunks, parseJson } from './util.js';

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

export async function erasePerson(
  db: PrivacyDb,
  dialect: Dialect,
  workspaceId: string,
  customerId: string,
  now: string,
): Promise<ErasureReport | undefined> {
  const person = await personOf(db, workspaceId, customerId);
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
  const items = await itemsOf(db, workspaceId, ids);
  const itemIds = items.map((i) => i.id);
  const identities = await inChunks(ids, (part) =>
    db
      .selectFrom('customer_identities')
      .select('value')
      .where('workspace_id', '=', workspaceId)
      .where('customer_id', 'in', part)
      .execute(),
  );
  const cases = await casesOf(db, workspaceId, ids, itemIds);
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
  // `secure-delete` they are removed at once. Migration 0019 switched it on and ran `optimize`
  // (which rewrites the index without the tokens earlier deletes — replaced versions — left
  // behind); should it be off again, this erasure does both once.
  if (dialect === 'sqlite') {
    const config = await sql<{
      v: unknown;
    }>`SELECT v FROM feedback_search_config WHERE k = 'secure-delete'`.execute(db);
    const secure = Number(config.rows[0]?.v ?? 0) === 1;
    if (!secure)
      await sql`INSERT INTO feedback_search (feedback_search, rank) VALUES ('secure-delete', 1)`.execute(db);
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
    await db.updateTable('exceptions').set({ reason, decision_note: note }).where('id', '=', e.id).execute();
    report.exceptions++;
  }

  // Identities, search terms, notes, moments, suggestions and segment memberships go: an erased
  // person is on no list (nobody could reach them), while the items' own labels keep every item
  // total. Their stats go through the profiles (`CustomerProfileRepo.forget`, called by the command),
  // which keep the lifecycle stage counts. Merges keep their ids (what moved) without the fields
  // they copied.
  for (const part of chunks(ids)) {
    const del = async (
      table: 'customer_identities' | 'customer_search_terms' | 'customer_notes' | 'customer_moments',
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
  // Survey invitations and answers (issue #15): addresses, extra answers and browser keys go.
  await eraseSurveyRows(db, workspaceId, ids, itemIds);
  // The send log and consents (issue #15): the log keeps its counts without them, consents go.
  await eraseOutreachRows(db, workspaceId, ids);
  // Review requests and events (issue #15): pending requests are not sent, events lose their data.
  await eraseReviewRows(db, workspaceId, ids);
  if (secureDelete?.secure_delete === 0) await sql`PRAGMA secure_delete = OFF`.execute(db);
  return report;
}
