import type { Selectable } from 'kysely';
import type {
  Customer,
  CustomerFields,
  CustomerIdentity,
  CustomerIdentityRow,
  CustomerMerge,
  CustomerNote,
  CustomerRepo,
  CrmUpsertResult,
  MatchSuggestion,
  MergeReason,
  MergeSnapshot,
  NewSuggestion,
} from '../../core/customers/ports.js';
import { matchKey, monthDay, searchTerms } from '../../core/customers/identity.js';
import type { Actor } from '../../core/types.js';
import type { CustomersTable, DB } from '../schema.js';
import { withCaseTables, type CaseTables } from './case-tables.js';
import {
  chunks,
  decodeCursor,
  encodeCursor,
  keysetAfter,
  newSortableId,
  parseJson,
  type Conn,
} from './util.js';

/** Tables of other slices a merge moves rows of (migrations 0005 and 0017). */
type MergeTables = CaseTables & {
  exceptions: { id: string; workspace_id: string; customer_id: string | null };
  customer_moments: { id: string; workspace_id: string; customer_id: string };
  segment_members: { workspace_id: string; segment_id: string; customer_id: string };
};

const identityKey = (i: CustomerIdentity) => `${i.kind}\u0000${i.platform}\u0000${i.value}`;
/** Above every character: `term < prefix + TOP` closes a prefix range in byte order. */
const TOP = '\u{10ffff}';

const FIELD_COLUMNS = {
  displayName: 'display_name',
  name: 'name',
  city: 'city',
  birthday: 'birthday',
  anniversary: 'anniversary',
  firstPurchase: 'first_purchase',
  lifetimeValue: 'lifetime_value',
  currency: 'currency',
  tags: 'tags',
  language: 'language',
  crmId: 'crm_id',
  referrals: 'referrals',
} as const satisfies Record<keyof CustomerFields, keyof CustomersTable>;
const FIELD_KEYS = Object.keys(FIELD_COLUMNS) as (keyof CustomerFields)[];

function fieldsOf(r: Selectable<CustomersTable>): CustomerFields {
  return {
    displayName: r.display_name,
    name: r.name,
    city: r.city,
    birthday: r.birthday,
    anniversary: r.anniversary,
    firstPurchase: r.first_purchase,
    lifetimeValue: r.lifetime_value === null ? null : Number(r.lifetime_value),
    currency: r.currency,
    tags: parseJson<string[]>(r.tags, []),
    language: r.language,
    crmId: r.crm_id,
    referrals: r.referrals === null ? null : Number(r.referrals),
  };
}

const presentCustomer = (r: Selectable<CustomersTable>): Customer => ({
  id: r.id,
  workspaceId: r.workspace_id,
  ...fieldsOf(r),
  mergedInto: r.merged_into,
  erasedAt: r.erased_at,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** The columns of `fields` (and what derives from them: *_md, match_key) for an update or insert. */
function columnsOf(
  fields: CustomerFields,
): Omit<
  Selectable<CustomersTable>,
  'id' | 'workspace_id' | 'created_at' | 'updated_at' | 'merged_into' | 'erased_at'
> {
  return {
    display_name: fields.displayName,
    name: fields.name,
    city: fields.city,
    match_key: matchKey(fields.name ?? fields.displayName, fields.city),
    birthday: fields.birthday,
    birthday_md: monthDay(fields.birthday),
    anniversary: fields.anniversary,
    anniversary_md: monthDay(fields.anniversary),
    first_purchase: fields.firstPurchase,
    first_purchase_md: monthDay(fields.firstPurchase),
    lifetime_value: fields.lifetimeValue,
    currency: fields.currency,
    tags: JSON.stringify(fields.tags),
    language: fields.language,
    crm_id: fields.crmId,
    referrals: fields.referrals,
  };
}

const EMPTY_FIELDS: CustomerFields = {
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

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

const presentIdentity = (r: {
  id: string;
  customer_id: string;
  kind: string;
  platform: string;
  value: string;
  created_at: string;
}): CustomerIdentityRow => ({
  id: r.id,
  customerId: r.customer_id,
  kind: r.kind,
  platform: r.platform,
  value: r.value,
  createdAt: r.created_at,
});

const presentMerge = (r: Selectable<DB['customer_merges']>): CustomerMerge => ({
  id: r.id,
  workspaceId: r.workspace_id,
  survivorId: r.survivor_id,
  mergedId: r.merged_id,
  reason: r.reason as MergeReason,
  snapshot: parseJson<MergeSnapshot>(r.snapshot, {} as MergeSnapshot),
  actor: { type: r.actor_type, id: r.actor_id } as Actor,
  createdAt: r.created_at,
  undoneAt: r.undone_at,
  undoneBy: r.undone_by,
});

const presentSuggestion = (r: Selectable<DB['customer_match_suggestions']>): MatchSuggestion => ({
  id: r.id,
  workspaceId: r.workspace_id,
  customerA: r.customer_a,
  customerB: r.customer_b,
  reason: r.reason as MatchSuggestion['reason'],
  evidence: r.evidence,
  score: Number(r.score),
  status: r.status as MatchSuggestion['status'],
  createdAt: r.created_at,
  decidedBy: r.decided_by,
  decidedAt: r.decided_at,
});

const presentNote = (r: Selectable<DB['customer_notes']>): CustomerNote => ({
  id: r.id,
  workspaceId: r.workspace_id,
  customerId: r.customer_id,
  authorId: r.author_id,
  text: r.text,
  createdAt: r.created_at,
});

export function customerRepo({ db, dialect }: Conn): CustomerRepo {
  const mdb = withCaseTables(db).withTables<MergeTables>();

  /** Owners of the identities with these values (one query per 500 values). */
  async function owners(workspaceId: string, values: readonly string[]) {
    const rows: { id: string; customer_id: string; kind: string; platform: string; value: string }[] = [];
    for (const part of chunks([...new Set(values)])) {
      rows.push(
        ...(await db
          .selectFrom('customer_identities')
          .select(['id', 'customer_id', 'kind', 'platform', 'value'])
          .where('workspace_id', '=', workspaceId)
          .where('value', 'in', part)
          .execute()),
      );
    }
    return rows;
  }

  async function insertTerms(workspaceId: string, rows: { customerId: string; terms: string[] }[]) {
    const values = rows.flatMap((r) =>
      r.terms.map((term) => ({ workspace_id: workspaceId, customer_id: r.customerId, term })),
    );
    for (const part of chunks(values)) {
      await db
        .insertInto('customer_search_terms')
        .values(part)
        .onConflict((oc) => oc.columns(['workspace_id', 'customer_id', 'term']).doNothing())
        .execute();
    }
  }

  /** Rewrites the search terms of these customers from their names and identities (a few queries). */
  async function reindex(workspaceId: string, customerIds: readonly string[]) {
    if (customerIds.length === 0) return;
    for (const part of chunks(customerIds)) {
      await db
        .deleteFrom('customer_search_terms')
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', 'in', part)
        .execute();
      const customers = await db
        .selectFrom('customers')
        .select(['id', 'display_name', 'name', 'merged_into', 'erased_at'])
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', part)
        .execute();
      const ids = await db
        .selectFrom('customer_identities')
        .select(['customer_id', 'kind', 'platform', 'value'])
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', 'in', part)
        .execute();
      // A survivor is found by the names of the customers merged into it, too.
      const mergedNames = await db
        .selectFrom('customers')
        .select(['merged_into', 'display_name', 'name'])
        .where('workspace_id', '=', workspaceId)
        .where('merged_into', 'in', part)
        .execute();
      await insertTerms(
        workspaceId,
        customers
          .filter((c) => c.merged_into === null && c.erased_at === null)
          .map((c) => ({
            customerId: c.id,
            terms: searchTerms(
              [
                c.display_name,
                c.name,
                ...mergedNames.filter((m) => m.merged_into === c.id).flatMap((m) => [m.display_name, m.name]),
              ],
              ids.filter((i) => i.customer_id === c.id),
            ),
          })),
      );
    }
  }

  async function getRow(workspaceId: string, id: string) {
    return db
      .selectFrom('customers')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Inserts suggestions as ordered pairs; a pair already there (any status) stays as it is. */
  async function suggest(workspaceId: string, suggestions: readonly NewSuggestion[], now: string) {
    const pairs = new Map<string, NewSuggestion>();
    for (const s of suggestions) {
      if (s.a === s.b) continue;
      const [a, b] = s.a < s.b ? [s.a, s.b] : [s.b, s.a];
      const key = `${a}|${b}`;
      if (!pairs.has(key)) pairs.set(key, { ...s, a, b });
    }
    let n = 0;
    for (const part of chunks([...pairs.values()], 200)) {
      const r = await db
        .insertInto('customer_match_suggestions')
        .values(
          part.map((s) => ({
            id: newSortableId(),
            workspace_id: workspaceId,
            customer_a: s.a,
            customer_b: s.b,
            reason: s.reason,
            evidence: s.evidence.slice(0, 500),
            score: s.score,
            status: 'open',
            created_at: now,
            decided_by: null,
            decided_at: null,
          })),
        )
        .onConflict((oc) => oc.columns(['workspace_id', 'customer_a', 'customer_b']).doNothing())
        .executeTakeFirst();
      n += Number(r.numInsertedOrUpdatedRows ?? 0);
    }
    return n;
  }

  async function suggestByNameCity(workspaceId: string, customerIds: readonly string[], now: string) {
    const found: NewSuggestion[] = [];
    for (const part of chunks(customerIds)) {
      const rows = await db
        .selectFrom('customers as c')
        .innerJoin('customers as o', (j) =>
          j
            .onRef('o.workspace_id', '=', 'c.workspace_id')
            .onRef('o.match_key', '=', 'c.match_key')
            .onRef('o.id', '<>', 'c.id'),
        )
        .select([
          'c.id as a',
          'o.id as b',
          'c.name',
          'c.display_name',
          'c.city',
          'o.merged_into',
          'o.erased_at',
        ])
        .where('c.workspace_id', '=', workspaceId)
        .where('c.id', 'in', part)
        // No other condition on c or o: SQLite then read c by `match_key > ?` (not null) and o by
        // `merged_into = ?` (is null) — every customer, 4.5 s per 500 at 90k customers, so the CRM
        // import crawled at 100 rows/s. The equality join already skips null keys; merged and
        // erased ones are left out here.
        .limit(5000)
        .execute();
      for (const r of rows) {
        if (r.merged_into !== null || r.erased_at !== null) continue;
        found.push({
          a: r.a,
          b: r.b,
          reason: 'name_city',
          evidence: `${r.name ?? r.display_name ?? ''} · ${r.city ?? ''}`,
          score: 0.6,
        });
      }
    }
    return suggest(workspaceId, found, now);
  }

  async function createCustomers(
    workspaceId: string,
    rows: { id: string; fields: CustomerFields }[],
    now: string,
  ) {
    for (const part of chunks(rows)) {
      await db
        .insertInto('customers')
        .values(
          part.map((c) => ({
            id: c.id,
            workspace_id: workspaceId,
            ...columnsOf(c.fields),
            merged_into: null,
            erased_at: null,
            created_at: now,
            updated_at: now,
          })),
        )
        .execute();
    }
  }

  async function insertIdentities(
    workspaceId: string,
    rows: (CustomerIdentity & { id: string; customerId: string })[],
    now: string,
  ) {
    for (const part of chunks(rows)) {
      await db
        .insertInto('customer_identities')
        .values(
          part.map((i) => ({
            id: i.id,
            workspace_id: workspaceId,
            customer_id: i.customerId,
            kind: i.kind,
            platform: i.platform,
            value: i.value,
            created_at: now,
          })),
        )
        .onConflict((oc) => oc.columns(['workspace_id', 'kind', 'platform', 'value']).doNothing())
        .execute();
    }
  }

  const repo: CustomerRepo = {
    async resolveMany(workspaceId, requests, now) {
      const mentionValues = requests.flatMap((r) => r.mentions ?? []);
      const found = await owners(workspaceId, [
        ...requests.flatMap((r) => r.identities.map((i) => i.value)),
        ...mentionValues,
      ]);
      const owner = new Map<string, { customerId: string; identityId: string }>();
      const handleOwners = new Map<string, { customerId: string; platform: string }[]>();
      for (const r of found) {
        owner.set(identityKey(r), { customerId: r.customer_id, identityId: r.id });
        if (r.kind === 'handle')
          handleOwners.set(r.value, [
            ...(handleOwners.get(r.value) ?? []),
            { customerId: r.customer_id, platform: r.platform },
          ]);
      }
      const newCustomers: { id: string; fields: CustomerFields }[] = [];
      const newIdentities = new Map<string, CustomerIdentity & { id: string; customerId: string }>();
      const suggestions: NewSuggestion[] = [];
      const mentioned: { customerId: string; handle: string }[] = [];
      const result = requests.map(({ identities, name, mentions }) => {
        if (identities.length === 0) return null;
        const held = identities.map((i) => ({ i, o: owner.get(identityKey(i)) }));
        const first = held.find((h) => h.o !== undefined)?.o;
        let link: { customerId: string; identityId: string };
        if (first === undefined) {
          const id = newSortableId();
          newCustomers.push({ id, fields: { ...EMPTY_FIELDS, displayName: name ?? null } });
          link = { customerId: id, identityId: '' };
        } else {
          link = first;
          // Two customers behind one item's identities: evidence for an agent, never a silent merge.
          for (const h of held) {
            if (h.o && h.o.customerId !== first.customerId) {
              suggestions.push({
                a: first.customerId,
                b: h.o.customerId,
                reason: 'shared_item',
                evidence: `one item carried ${h.i.kind} ${h.i.platform ? `${h.i.platform}:` : ''}${h.i.value}`,
                score: 0.9,
              });
            }
          }
        }
        for (const i of identities) {
          const key = identityKey(i);
          if (!owner.has(key)) {
            const id = newSortableId();
            owner.set(key, { customerId: link.customerId, identityId: id });
            newIdentities.set(key, { ...i, id, customerId: link.customerId });
            if (link.identityId === '') link = { customerId: link.customerId, identityId: id };
          }
        }
        for (const m of mentions ?? []) mentioned.push({ customerId: link.customerId, handle: m });
        return link;
      });
      // Handles named in e-mails, against those stored and those this batch adds.
      for (const i of newIdentities.values()) {
        if (i.kind === 'handle')
          handleOwners.set(i.value, [
            ...(handleOwners.get(i.value) ?? []),
            { customerId: i.customerId, platform: i.platform },
          ]);
      }
      for (const { customerId, handle } of mentioned) {
        for (const o of handleOwners.get(handle) ?? []) {
          if (o.customerId !== customerId) {
            suggestions.push({
              a: customerId,
              b: o.customerId,
              reason: 'handle_in_email',
              evidence: `an e-mail mentions @${handle}, the ${o.platform} handle of the other customer`,
              score: 0.5,
            });
          }
        }
      }
      await createCustomers(workspaceId, newCustomers, now);
      const identities = [...newIdentities.values()];
      await insertIdentities(workspaceId, identities, now);
      const byCustomer = new Map<string, { names: (string | null)[]; ids: CustomerIdentity[] }>();
      for (const c of newCustomers) byCustomer.set(c.id, { names: [c.fields.displayName], ids: [] });
      for (const i of identities) {
        const e = byCustomer.get(i.customerId) ?? { names: [], ids: [] };
        e.ids.push(i);
        byCustomer.set(i.customerId, e);
      }
      await insertTerms(
        workspaceId,
        [...byCustomer].map(([customerId, e]) => ({ customerId, terms: searchTerms(e.names, e.ids) })),
      );
      if (suggestions.length > 0) await suggest(workspaceId, suggestions, now);
      return result;
    },

    async get(workspaceId, id) {
      const r = await getRow(workspaceId, id);
      return r && presentCustomer(r);
    },

    async getMany(workspaceId, ids) {
      const out: Customer[] = [];
      for (const part of chunks([...new Set(ids)])) {
        const rows = await db
          .selectFrom('customers')
          .selectAll()
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', part)
          .execute();
        out.push(...rows.map(presentCustomer));
      }
      return out;
    },

    async list({ workspaceId, q, ids, segmentId, cursor, limit, includeMerged }) {
      if (ids !== undefined && ids.length === 0) return { items: [], next: null };
      if (q !== undefined && q !== '') {
        // Matches of a prefix, in (term, customer) order of the index; a customer matched by two terms is listed once a page.
        const after = decodeCursor(cursor, 2);
        const items: Customer[] = [];
        const seen = new Set<string>();
        let last = after;
        let exhausted = false;
        for (let round = 0; round < 4 && items.length < limit && !exhausted; round++) {
          const fetch = limit * 2 + 10;
          const rows = await mdb
            .selectFrom('customer_search_terms as t')
            .innerJoin('customers as c', 'c.id', 't.customer_id')
            .selectAll('c')
            .select('t.term as matched_term')
            .where('t.workspace_id', '=', workspaceId)
            .where('t.term', '>=', q)
            .where('t.term', '<', q + TOP)
            .$if(last !== undefined, (qb) =>
              qb.where(keysetAfter('t.term', 't.customer_id', last?.[0] ?? '', last?.[1] ?? '', 'asc')),
            )
            .$if(ids !== undefined, (qb) => qb.where('t.customer_id', 'in', ids ?? []))
            .$if(segmentId !== undefined, (qb) =>
              qb.where((eb) =>
                eb.exists(
                  eb
                    .selectFrom('segment_members as sm')
                    .select('sm.customer_id')
                    .where('sm.workspace_id', '=', workspaceId)
                    .where('sm.segment_id', '=', segmentId ?? '')
                    .whereRef('sm.customer_id', '=', 't.customer_id'),
                ),
              ),
            )
            .$if(!includeMerged, (qb) =>
              qb.where('c.merged_into', 'is', null).where('c.erased_at', 'is', null),
            )
            .orderBy('t.term')
            .orderBy('t.customer_id')
            .limit(fetch)
            .execute();
          exhausted = rows.length < fetch;
          for (const r of rows) {
            last = [r.matched_term, r.id];
            if (seen.has(r.id)) continue;
            seen.add(r.id);
            const { matched_term: _, ...row } = r;
            items.push(presentCustomer(row));
            if (items.length >= limit) {
              exhausted = exhausted && r === rows[rows.length - 1];
              break;
            }
          }
        }
        return { items, next: exhausted || last === undefined ? null : encodeCursor(last) };
      }
      if (segmentId !== undefined) {
        // Driven by the segment's members (primary key (segment_id, customer_id)), newest first.
        const rows = await mdb
          .selectFrom('segment_members as sm')
          .innerJoin('customers as c', 'c.id', 'sm.customer_id')
          .selectAll('c')
          .where('sm.segment_id', '=', segmentId)
          .where('sm.workspace_id', '=', workspaceId)
          .where('c.workspace_id', '=', workspaceId)
          .$if(cursor !== undefined && cursor !== '', (qb) => qb.where('sm.customer_id', '<', cursor ?? ''))
          .$if(ids !== undefined, (qb) => qb.where('sm.customer_id', 'in', ids ?? []))
          .$if(!includeMerged, (qb) => qb.where('c.merged_into', 'is', null).where('c.erased_at', 'is', null))
          .orderBy('sm.customer_id', 'desc')
          .limit(limit + 1)
          .execute();
        const items = rows.slice(0, limit).map(presentCustomer);
        return { items, next: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
      }
      const rows = await db
        .selectFrom('customers')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(cursor !== undefined && cursor !== '', (qb) => qb.where('id', '<', cursor ?? ''))
        .$if(ids !== undefined, (qb) => qb.where('id', 'in', ids ?? []))
        .$if(!includeMerged, (qb) => qb.where('merged_into', 'is', null).where('erased_at', 'is', null))
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(presentCustomer);
      return { items, next: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
    },

    async update(workspaceId, id, patch, now) {
      const row = await getRow(workspaceId, id);
      if (!row) return undefined;
      const fields = { ...fieldsOf(row), ...definedOnly(patch) };
      await db
        .updateTable('customers')
        .set({ ...columnsOf(fields), updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
      await reindex(workspaceId, [id]);
      if (patch.name !== undefined || patch.city !== undefined || patch.displayName !== undefined) {
        await suggestByNameCity(workspaceId, [id], now);
      }
      return repo.get(workspaceId, id);
    },

    async identities(workspaceId, customerIds) {
      const out: CustomerIdentityRow[] = [];
      for (const part of chunks([...new Set(customerIds)])) {
        const rows = await db
          .selectFrom('customer_identities')
          .select(['id', 'customer_id', 'kind', 'platform', 'value', 'created_at'])
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .orderBy('id')
          .execute();
        out.push(...rows.map(presentIdentity));
      }
      return out;
    },

    async addIdentity(workspaceId, customerId, identity, now) {
      const existing = await db
        .selectFrom('customer_identities')
        .select(['id', 'customer_id', 'kind', 'platform', 'value', 'created_at'])
        .where('workspace_id', '=', workspaceId)
        .where('kind', '=', identity.kind)
        .where('platform', '=', identity.platform)
        .where('value', '=', identity.value)
        .executeTakeFirst();
      if (existing) {
        return existing.customer_id === customerId
          ? { identity: presentIdentity(existing) }
          : { conflictWith: existing.customer_id };
      }
      const id = newSortableId();
      await insertIdentities(workspaceId, [{ ...identity, id, customerId }], now);
      await insertTerms(workspaceId, [{ customerId, terms: searchTerms([], [identity]) }]);
      return { identity: { ...identity, id, customerId, createdAt: now } };
    },

    async removeIdentity(workspaceId, customerId, identityId) {
      const r = await db
        .deleteFrom('customer_identities')
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .where('id', '=', identityId)
        .executeTakeFirst();
      if (Number(r.numDeletedRows) === 0) return false;
      await reindex(workspaceId, [customerId]);
      return true;
    },

    async addNote({ workspaceId, customerId, authorId, text, now }) {
      const note = {
        id: newSortableId(),
        workspace_id: workspaceId,
        customer_id: customerId,
        author_id: authorId,
        text,
        created_at: now,
      };
      await db.insertInto('customer_notes').values(note).execute();
      return presentNote(note);
    },

    async notes(workspaceId, customerId, cursor, limit) {
      const rows = await db
        .selectFrom('customer_notes')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .$if(cursor !== undefined && cursor !== '', (qb) => qb.where('id', '<', cursor ?? ''))
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(presentNote);
      return { items, next: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
    },

    async noteCount(workspaceId, customerId) {
      const r = await db
        .selectFrom('customer_notes')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('customer_id', '=', customerId)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    async merge({ workspaceId, survivorId, mergedId, reason, actor, now }) {
      const [survivor, merged] = await Promise.all([
        getRow(workspaceId, survivorId),
        getRow(workspaceId, mergedId),
      ]);
      if (!survivor || !merged) throw new Error('customer_not_found');
      if (survivorId === mergedId || survivor.merged_into !== null || merged.merged_into !== null) {
        throw new Error('customer_not_mergeable');
      }
      const ids = async (
        table:
          | 'customer_identities'
          | 'feedback_items'
          | 'cases'
          | 'exceptions'
          | 'customer_notes'
          | 'customer_moments',
      ) =>
        (
          await mdb
            .selectFrom(table)
            .select('id')
            .where('workspace_id', '=', workspaceId)
            .where('customer_id', '=', mergedId)
            .execute()
        ).map((r) => r.id);
      const openPair = await db
        .selectFrom('customer_match_suggestions')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('customer_a', '=', survivorId < mergedId ? survivorId : mergedId)
        .where('customer_b', '=', survivorId < mergedId ? mergedId : survivorId)
        .where('status', '=', 'open')
        .execute();
      const snapshot: MergeSnapshot = {
        identityIds: await ids('customer_identities'),
        itemIds: await ids('feedback_items'),
        caseIds: await ids('cases'),
        noteIds: await ids('customer_notes'),
        exceptionIds: await ids('exceptions'),
        momentIds: await ids('customer_moments'),
        suggestionIds: openPair.map((r) => r.id),
        merged: { ...fieldsOf(merged), updatedAt: merged.updated_at },
        survivor: { ...fieldsOf(survivor), updatedAt: survivor.updated_at },
      };
      for (const table of [
        'customer_identities',
        'feedback_items',
        'cases',
        'exceptions',
        'customer_notes',
        'customer_moments',
      ] as const) {
        await mdb
          .updateTable(table)
          .set({ customer_id: survivorId })
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', '=', mergedId)
          .execute();
      }
      // The survivor keeps its own values and takes the merged one's where it has none; tags are united.
      const a = fieldsOf(survivor);
      const b = fieldsOf(merged);
      const combined: CustomerFields = { ...a };
      for (const k of FIELD_KEYS) {
        if (k === 'tags') combined.tags = [...new Set([...a.tags, ...b.tags])];
        else if (a[k] === null) (combined as unknown as Record<string, unknown>)[k] = b[k];
      }
      await db
        .updateTable('customers')
        .set({ ...columnsOf(combined), updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', survivorId)
        .execute();
      await db
        .updateTable('customers')
        .set({ merged_into: survivorId, updated_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', mergedId)
        .execute();
      if (snapshot.suggestionIds.length > 0) {
        await db
          .updateTable('customer_match_suggestions')
          .set({ status: 'merged', decided_by: actor.id, decided_at: now })
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', snapshot.suggestionIds)
          .execute();
      }
      await reindex(workspaceId, [survivorId, mergedId]);
      const row = {
        id: newSortableId(),
        workspace_id: workspaceId,
        survivor_id: survivorId,
        merged_id: mergedId,
        reason,
        snapshot: JSON.stringify(snapshot),
        actor_type: actor.type,
        actor_id: actor.id,
        created_at: now,
        undone_at: null,
        undone_by: null,
      };
      await db.insertInto('customer_merges').values(row).execute();
      return presentMerge(row);
    },

    async undoMerge(workspaceId, mergeId, actor, now) {
      const row = await db
        .selectFrom('customer_merges')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', mergeId)
        .executeTakeFirst();
      if (!row) return undefined;
      if (row.undone_at !== null) return 'already_undone';
      const m = presentMerge(row);
      // Exact only in reverse order: a later merge into the survivor (or of it) must be undone first.
      const later = await db
        .selectFrom('customer_merges')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('undone_at', 'is', null)
        .where('id', '>', mergeId)
        .where((eb) =>
          eb.or([
            eb('survivor_id', 'in', [m.survivorId, m.mergedId]),
            eb('merged_id', 'in', [m.survivorId, m.mergedId]),
          ]),
        )
        .executeTakeFirst();
      if (later) return 'superseded';
      // An erased person's identities are gone: the snapshot would bring back ids that no longer exist.
      const erased = await db
        .selectFrom('customers')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', 'in', [m.survivorId, m.mergedId])
        .where('erased_at', 'is not', null)
        .executeTakeFirst();
      if (erased) return 'erased';
      const s = m.snapshot;
      const back = async (
        table:
          | 'customer_identities'
          | 'feedback_items'
          | 'cases'
          | 'exceptions'
          | 'customer_notes'
          | 'customer_moments',
        list: readonly string[],
      ) => {
        for (const part of chunks(list)) {
          await mdb
            .updateTable(table)
            .set({ customer_id: m.mergedId })
            .where('workspace_id', '=', workspaceId)
            .where('customer_id', '=', m.survivorId)
            .where('id', 'in', part)
            .execute();
        }
      };
      await back('customer_identities', s.identityIds);
      await back('feedback_items', s.itemIds);
      await back('cases', s.caseIds);
      await back('exceptions', s.exceptionIds);
      await back('customer_notes', s.noteIds);
      await back('customer_moments', s.momentIds);
      // Items that arrived after the merge by one of the restored identities follow them.
      for (const part of chunks(s.identityIds)) {
        await db
          .updateTable('feedback_items')
          .set({ customer_id: m.mergedId })
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', '=', m.survivorId)
          .where('customer_identity_id', 'in', part)
          .execute();
      }
      const restore = async (id: string, f: MergeSnapshot['merged'], mergedInto: string | null) => {
        const { updatedAt, ...fields } = f;
        await db
          .updateTable('customers')
          .set({
            ...columnsOf({ ...EMPTY_FIELDS, ...fields }),
            merged_into: mergedInto,
            updated_at: updatedAt,
          })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .execute();
      };
      await restore(m.survivorId, s.survivor, null);
      await restore(m.mergedId, s.merged, null);
      if (s.suggestionIds.length > 0) {
        await db
          .updateTable('customer_match_suggestions')
          .set({ status: 'open', decided_by: null, decided_at: null })
          .where('workspace_id', '=', workspaceId)
          .where('id', 'in', s.suggestionIds)
          .execute();
      }
      await reindex(workspaceId, [m.survivorId, m.mergedId]);
      await db
        .updateTable('customer_merges')
        .set({ undone_at: now, undone_by: actor.id })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', mergeId)
        .execute();
      return { ...m, undoneAt: now, undoneBy: actor.id };
    },

    async getMerge(workspaceId, id) {
      const r = await db
        .selectFrom('customer_merges')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && presentMerge(r);
    },

    async merges(workspaceId, { customerId }, cursor, limit) {
      const rows = await db
        .selectFrom('customer_merges')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(customerId !== undefined, (qb) =>
          qb.where((eb) =>
            eb.or([eb('survivor_id', '=', customerId ?? ''), eb('merged_id', '=', customerId ?? '')]),
          ),
        )
        .$if(cursor !== undefined && cursor !== '', (qb) => qb.where('id', '<', cursor ?? ''))
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(presentMerge);
      return { items, next: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
    },

    suggest,
    suggestByNameCity,

    async getSuggestion(workspaceId, id) {
      const r = await db
        .selectFrom('customer_match_suggestions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r && presentSuggestion(r);
    },

    async suggestions(workspaceId, { status, customerId }, cursor, limit) {
      const rows = await db
        .selectFrom('customer_match_suggestions')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .$if(status !== undefined, (qb) => qb.where('status', '=', status ?? 'open'))
        .$if(customerId !== undefined, (qb) =>
          qb.where((eb) =>
            eb.or([eb('customer_a', '=', customerId ?? ''), eb('customer_b', '=', customerId ?? '')]),
          ),
        )
        .$if(cursor !== undefined && cursor !== '', (qb) => qb.where('id', '<', cursor ?? ''))
        .orderBy('id', 'desc')
        .limit(limit + 1)
        .execute();
      const items = rows.slice(0, limit).map(presentSuggestion);
      return { items, next: rows.length > limit ? (items[items.length - 1]?.id ?? null) : null };
    },

    async decideSuggestion(workspaceId, id, status, decidedBy, now) {
      await db
        .updateTable('customer_match_suggestions')
        .set({ status, decided_by: decidedBy, decided_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
      return repo.getSuggestion(workspaceId, id);
    },

    async upsertCrm(workspaceId, records, actor, now) {
      const found = await owners(
        workspaceId,
        records.flatMap((r) => r.identities.map((i) => i.value)),
      );
      const owner = new Map<string, string>();
      for (const r of found) owner.set(identityKey(r), r.customer_id);
      const crmOwned = new Set(
        found.filter((r) => r.kind === 'external_id' && r.platform === 'crm').map((r) => r.customer_id),
      );
      const existing = new Map(
        (await repo.getMany(workspaceId, [...new Set(found.map((r) => r.customer_id))])).map((c) => [
          c.id,
          c,
        ]),
      );
      const results: CrmUpsertResult[] = [];
      const creates = new Map<string, CustomerFields>();
      const updates = new Map<string, CustomerFields>();
      const newIdentities: (CustomerIdentity & { id: string; customerId: string })[] = [];
      const touched = new Set<string>();
      // Customers created here get their search terms from what is in hand; others are re-read.
      const createdHere = new Map<string, { names: (string | null)[]; identities: CustomerIdentity[] }>();
      const reindexIds = new Set<string>();
      for (const rec of records) {
        const held = [
          ...new Set(
            rec.identities.map((i) => owner.get(identityKey(i))).filter((x): x is string => x !== undefined),
          ),
        ];
        let id: string;
        let status: CrmUpsertResult['status'] = 'unchanged';
        const merged: string[] = [];
        if (held.length === 0) {
          id = newSortableId();
          creates.set(id, {
            ...EMPTY_FIELDS,
            ...definedOnly(rec.fields),
            displayName: rec.fields.displayName ?? rec.fields.name ?? null,
          });
          createdHere.set(id, { names: [], identities: [] });
          status = 'created';
        } else {
          // The customer that holds the CRM id survives, else the oldest (ids are time-ordered).
          id = held.find((h) => crmOwned.has(h)) ?? [...held].sort()[0] ?? '';
          for (const other of held) {
            if (other === id) continue;
            // The business's own record joins identities of several customers: exact evidence, merged (undoable).
            await flush();
            await repo.merge({
              workspaceId,
              survivorId: id,
              mergedId: other,
              reason: 'crm_import',
              actor,
              now,
            });
            merged.push(other);
            for (const [k, v] of owner) if (v === other) owner.set(k, id);
            const fresh = await repo.get(workspaceId, id);
            if (fresh) existing.set(id, fresh);
            existing.delete(other);
          }
          const base = updates.get(id) ?? creates.get(id) ?? existing.get(id) ?? EMPTY_FIELDS;
          const current = pickFields(base);
          const next = { ...current, ...definedOnly(rec.fields) };
          if (next.displayName === null) next.displayName = next.name;
          const changed = FIELD_KEYS.some((k) => !sameValue(current[k], next[k]));
          if (creates.has(id)) creates.set(id, next);
          else if (changed) updates.set(id, next);
          const renamed = next.displayName !== current.displayName || next.name !== current.name;
          if ((renamed || merged.length > 0) && !createdHere.has(id)) reindexIds.add(id);
          if (changed || merged.length > 0) status = creates.has(id) ? 'created' : 'updated';
        }
        for (const i of rec.identities) {
          const key = identityKey(i);
          if (!owner.has(key)) {
            owner.set(key, id);
            newIdentities.push({ ...i, id: newSortableId(), customerId: id });
            const here = createdHere.get(id);
            if (here) here.identities.push(i);
            else reindexIds.add(id);
            if (status === 'unchanged') status = 'updated';
          }
        }
        if (hasCrmId(rec.identities)) crmOwned.add(id);
        touched.add(id);
        results.push({ line: rec.line, customerId: id, status, merged });
      }

      async function flush() {
        for (const [cid, fields] of creates) {
          const here = createdHere.get(cid);
          if (here) here.names = [fields.displayName, fields.name];
        }
        await createCustomers(
          workspaceId,
          [...creates].map(([cid, fields]) => ({ id: cid, fields })),
          now,
        );
        for (const [cid, fields] of creates)
          existing.set(cid, {
            id: cid,
            workspaceId,
            ...fields,
            mergedInto: null,
            erasedAt: null,
            createdAt: now,
            updatedAt: now,
          });
        creates.clear();
        await insertIdentities(workspaceId, newIdentities.splice(0), now);
        await upsertFields(workspaceId, [...updates], existing, now);
        for (const [cid, fields] of updates) {
          const e = existing.get(cid);
          if (e) existing.set(cid, { ...e, ...fields, updatedAt: now });
        }
        updates.clear();
      }
      await flush();
      await insertTerms(
        workspaceId,
        [...createdHere].map(([customerId, e]) => ({
          customerId,
          terms: searchTerms(e.names, e.identities),
        })),
      );
      await reindex(workspaceId, [...reindexIds]);
      await suggestByNameCity(workspaceId, [...touched], now);
      return results;
    },
  };

  /** Writes changed fields of many customers in one statement per 200 (an upsert on the primary key). */
  async function upsertFields(
    workspaceId: string,
    rows: [string, CustomerFields][],
    existing: Map<string, Customer>,
    now: string,
  ) {
    for (const part of chunks(rows, 200)) {
      const values = part.flatMap(([id, fields]) => {
        const e = existing.get(id);
        if (!e) return [];
        return [
          {
            id,
            workspace_id: workspaceId,
            ...columnsOf(fields),
            merged_into: e.mergedInto,
            erased_at: e.erasedAt,
            created_at: e.createdAt,
            updated_at: now,
          },
        ];
      });
      if (values.length === 0) continue;
      await db
        .insertInto('customers')
        .values(values)
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => {
            const set: Record<string, unknown> = { updated_at: eb.ref('excluded.updated_at') };
            for (const col of [
              ...Object.values(FIELD_COLUMNS),
              'match_key',
              'birthday_md',
              'anniversary_md',
              'first_purchase_md',
            ] as const) {
              set[col] = eb.ref(`excluded.${col}`);
            }
            return set;
          }),
        )
        .execute();
    }
  }

  void dialect;
  return repo;
}

const hasCrmId = (ids: readonly CustomerIdentity[]) =>
  ids.some((i) => i.kind === 'external_id' && i.platform === 'crm');

function pickFields(c: CustomerFields): CustomerFields {
  const out = { ...EMPTY_FIELDS };
  for (const k of FIELD_KEYS) (out as unknown as Record<string, unknown>)[k] = c[k];
  return out;
}

/** The keys of `patch` whose value is not undefined. */
function definedOnly(patch: Partial<CustomerFields>): Partial<CustomerFields> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
}
