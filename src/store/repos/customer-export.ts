/**
 * The export of one person (issue #14): every row about them, presented as camelCase objects with
 * JSON parsed, and nothing of anyone else — in a case that also holds another customer's items, only
 * their items, the events about them and the replies to them.
 */
import type { CustomerExport, ExportRow } from '../../core/customers/privacy.js';
import { casesOf, inChunks, itemsOf, personOf, type PrivacyDb } from './customer-person.js';
import { exportSurveyRows } from './surveys.js';
import { exportOutreachRows } from './outreach.js';
import { exportReviewRows } from './review-requests.js';
import { countsOfRow } from './customer-profiles.js';
import { chunks, parseJson } from './util.js';

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

const groupBy = <T>(rows: readonly T[], key: (r: T) => string) => {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const list = m.get(key(r));
    if (list) list.push(r);
    else m.set(key(r), [r]);
  }
  return m;
};

/** The item a case event is about, when it names one (joined, version, reply…). */
const eventItem = (body: string): string | null => {
  const b = parseJson<Record<string, unknown>>(body, {});
  return typeof b.itemId === 'string' ? b.itemId : null;
};

export async function exportPerson(
  db: PrivacyDb,
  workspaceId: string,
  customerId: string,
  now: string,
): Promise<CustomerExport | undefined> {
  const person = await personOf(db, workspaceId, customerId);
  if (!person) return undefined;
  const ids = person.ids;
  const itemIds = (await itemsOf(db, workspaceId, ids)).map((i) => i.id);
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

  const cases = await casesOf(db, workspaceId, ids, itemIds);
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
        ...(cases.owned.size > 0 ? chunks([...cases.owned]).map((part) => eb('case_id', 'in', part)) : []),
      ]),
    )
    .orderBy('created_at')
    .execute();
  const byCustomer = <K extends 'customer_notes' | 'customer_moments' | 'customer_stats'>(table: K) =>
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

  const stats = (await byCustomer('customer_stats')) as unknown as {
    customer_id: string;
    touchpoint_counts: string;
    intent_counts: string;
  }[];

  // When each customer last mentioned a touchpoint or showed an intent: the latest of their items with it.
  const lastMentioned = new Map<string, string>();
  for (const i of items) {
    const keys = [
      ...(touchpoints.get(i.id) ?? []).map((t) => `t\u0000${t.touchpoint_key}`),
      ...(intents.get(i.id) ?? []).map((t) => `i\u0000${t.intent}`),
    ];
    for (const k of keys) {
      const key = `${i.customer_id ?? ''}\u0000${k}`;
      const at = lastMentioned.get(key);
      if (at === undefined || i.posted_at > at) lastMentioned.set(key, i.posted_at);
    }
  }

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
    exceptions: exceptions.filter((e) => e.customer_id === null || ids.includes(e.customer_id)).map(present),
    merges: [...new Map(merges.map((m) => [m.id, m])).values()].map(present),
    suggestions: [...new Map(suggestions.map((s) => [s.id, s])).values()].map(present),
    stats: stats.map(({ touchpoint_counts: _t, intent_counts: _i, ...rest }) => present(rest)),
    // The counts per touchpoint and intent are JSON on the stats rows (migration 0033), exported as
    // rows; when each was last mentioned comes from the items above (the counts hold no dates: 0035).
    touchpoints: stats.flatMap((r) =>
      Object.entries(countsOfRow(r).touchpoints).map(([key, [mentions, positive, negative]]) =>
        present({
          customer_id: r.customer_id,
          touchpoint_key: key,
          mentions,
          positive,
          negative,
          last_at: lastMentioned.get(`${r.customer_id}\u0000t\u0000${key}`) ?? null,
        }),
      ),
    ),
    intents: stats.flatMap((r) =>
      Object.entries(countsOfRow(r).intents).map(([intent, [count]]) =>
        present({
          customer_id: r.customer_id,
          intent,
          count,
          last_at: lastMentioned.get(`${r.customer_id}\u0000i\u0000${intent}`) ?? null,
        }),
      ),
    ),
    moments: (await byCustomer('customer_moments')).map(present),
    segments: [...new Map(segments.map((s) => [s.id, s])).values()].map(present),
    // Survey invitations and answers (issue #15).
    surveys: await exportSurveyRows(
      db,
      workspaceId,
      ids,
      items.map((i) => i.id),
    ),
    // Their consents and the asks sent to them (issue #15).
    outreach: await exportOutreachRows(db, workspaceId, ids),
    // Review requests made to them and the events their systems reported (issue #15).
    reviews: await exportReviewRows(db, workspaceId, ids),
  } satisfies CustomerExport;
}
