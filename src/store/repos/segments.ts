/**
 * Segments and their materialised members (issue #14, migration 0018) on both dialects. A refresh
 * reads the members outside any transaction, 5,000 customers (a key range) at a time with the event
 * loop free between them: each rule is an `exists` on the customer's own rows. The lifecycle,
 * promoter, touchpoint and intent rules read its `customer_stats` row (the counts per touchpoint and
 * intent are JSON on it since migration 0033, so that an ingested mention writes no page of its
 * own); the platform rule reads its identities. Then one short transaction writes the members that
 * changed since the last refresh (all of them the first time).
 */
import { sql, type Kysely, type RawBuilder, type SqlBool } from 'kysely';
import type { TouchpointCount } from '../../core/customers/clusters.js';
import type { Segment, SegmentRepo, SegmentRules } from '../../core/customers/segments.js';
import { SegmentRulesSchema } from '../../core/customers/segments.js';
import type { LifecycleStage } from '../../core/customers/lifecycle.js';
import type { Dialect } from '../database.js';
import type { DB } from '../schema.js';
import { countsOfRow } from './customer-profiles.js';
import { timeSlicer, yieldToEventLoop } from '../../core/slices.js';
import { chunks, newId, parseJson, type Conn } from './util.js';

/** Row types of migration 0018's segment tables. */
export type SegmentTables = {
  segments: {
    id: string;
    workspace_id: string;
    name: string;
    description: string;
    rules: string;
    members: number;
    computed_at: string | null;
    created_by: string | null;
    created_at: string;
    updated_at: string;
  };
  segment_members: { workspace_id: string; segment_id: string; customer_id: string };
};

type SegmentsDb = Kysely<DB & SegmentTables>;
export const withSegmentTables = (db: Kysely<DB>): SegmentsDb => db.withTables<SegmentTables>();

type Row = SegmentTables['segments'];

function present(r: Row): Segment {
  return {
    id: r.id,
    workspaceId: r.workspace_id,
    name: r.name,
    description: r.description,
    rules: SegmentRulesSchema.parse(parseJson(r.rules, {})),
    size: Number(r.members),
    computedAt: r.computed_at,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

const list = (values: readonly (string | number)[]) => sql.join(values.map((v) => sql`${v}`));

/**
 * Customers per slice of a segment refresh's read (`selectMembers`), and stored members per read of
 * its difference. On SQLite a slice holds the event loop: at 60k customers 20,000 held it 98–116 ms
 * a slice, 5,000 held it 26–59 ms, for the same time in all (bench/segment-refresh.ts, stop 30).
 */
export const REFRESH_SLICE = 5_000;

/**
 * The lifecycle stage of a `customer_stats` row (alias s) at `now`, as SQL: the same decision as
 * `stageOf` in src/core/customers/lifecycle.ts, on the stored thresholds.
 */
export function stageCondition(stage: LifecycleStage, now: string): RawBuilder<SqlBool> {
  const notNew = sql`(s.new_until is null or s.new_until <= ${now})`;
  const cadence = sql`s.visits >= 2 and s.at_risk_after is not null and s.lapsed_after is not null`;
  switch (stage) {
    case 'new':
      return sql<SqlBool>`(s.new_until is not null and s.new_until > ${now})`;
    case 'one_off':
      return sql<SqlBool>`(${notNew} and not (${cadence}))`;
    case 'lapsed':
      return sql<SqlBool>`(${notNew} and ${cadence} and s.lapsed_after <= ${now})`;
    case 'at_risk':
      return sql<SqlBool>`(${notNew} and ${cadence} and s.at_risk_after <= ${now} and s.lapsed_after > ${now})`;
    case 'active':
      return sql<SqlBool>`(${notNew} and ${cadence} and s.at_risk_after > ${now})`;
  }
}

/**
 * The conditions on `customers c` that make a member, one per rule given. Each reads the customer's
 * own rows by key (`exists`, correlated on `c.id`), so a refresh that reads the customers a key range
 * at a time does work in proportion to the range, whatever the rules.
 */
export function ruleConditions(r: SegmentRules, now: string, dialect: Dialect): RawBuilder<SqlBool>[] {
  const conds: RawBuilder<SqlBool>[] = [];
  // The counts are JSON on the stats row (migrations 0033, 0035): `[mentions, positive, negative]` per
  // touchpoint key, `[count]` per intent. Keys are checked slugs (SegmentRulesSchema).
  const position = { mentions: 0, praises: 1, criticises: 2 } as const;
  const count = (column: 'touchpoint_counts' | 'intent_counts', key: string, at: number) =>
    dialect === 'postgres'
      ? sql`coalesce((${sql.ref(`s.${column}`)}::jsonb -> ${key} ->> ${sql.lit(at)})::integer, 0)`
      : sql`coalesce(json_extract(${sql.ref(`s.${column}`)}, ${`$."${key}"[${at}]`}), 0)`;
  const counted = (
    column: 'touchpoint_counts' | 'intent_counts',
    rules: { key: string; at: number; min: number }[],
  ) =>
    rules.length === 0
      ? []
      : [
          sql<SqlBool>`exists (select 1 from customer_stats s where s.customer_id = c.id
            and ${sql.join(
              // The quoted key is looked for first: a plain substring search skips the JSON parse of
              // every row without it (2.5–2.8 → 1.7–2.0 s for "criticises delivery" at 632k customers, stop 28).
              rules.map(
                (x) =>
                  sql`${sql.raw(dialect === 'postgres' ? 'strpos' : 'instr')}(${sql.ref(`s.${column}`)}, ${`"${x.key}"`}) > 0
                    and ${count(column, x.key, x.at)} >= ${x.min}`,
              ),
              sql` and `,
            )})`,
        ];
  conds.push(
    ...counted(
      'touchpoint_counts',
      r.touchpoints.map((t) => ({ key: t.key, at: position[t.mode], min: t.min })),
    ),
    ...counted(
      'intent_counts',
      r.intents.map((i) => ({ key: i.intent, at: 0, min: i.min })),
    ),
  );
  if (r.lifecycle.length > 0) {
    const stages = sql.join(
      r.lifecycle.map((st) => stageCondition(st, now)),
      sql` or `,
    );
    conds.push(
      sql<SqlBool>`exists (select 1 from customer_stats s where s.customer_id = c.id and (${stages}))`,
    );
  }
  if (r.promoter !== undefined) {
    const promoter = sql`exists (select 1 from customer_stats s where s.customer_id = c.id and s.promoter = 1)`;
    conds.push(r.promoter ? sql<SqlBool>`${promoter}` : sql<SqlBool>`not ${promoter}`);
  }
  if (r.tags.length > 0) {
    conds.push(
      dialect === 'postgres'
        ? sql<SqlBool>`exists (select 1 from json_array_elements_text(c.tags::json) as tag(v) where tag.v in (${list(r.tags)}))`
        : sql<SqlBool>`exists (select 1 from json_each(c.tags) as tag where tag.value in (${list(r.tags)}))`,
    );
  }
  if (r.languages.length > 0) conds.push(sql<SqlBool>`lower(c.language) in (${list(r.languages)})`);
  if (r.platforms.length > 0) {
    const kinds = r.platforms.filter((p) => p === 'email' || p === 'phone');
    const kindCond = kinds.length > 0 ? sql` or ci.kind in (${list(kinds)})` : sql``;
    conds.push(sql<SqlBool>`exists (select 1 from customer_identities ci where ci.customer_id = c.id
      and (ci.platform in (${list(r.platforms)})${kindCond}))`);
  }
  return conds;
}

export function segmentRepo(
  { db: base, dialect }: Conn,
  { refreshSlice = REFRESH_SLICE }: { refreshSlice?: number } = {},
): SegmentRepo {
  const db = withSegmentTables(base);

  /**
   * The members of a segment's rules at `now`, read in slices of `refreshSlice` customers (a key
   * range each) with the event loop free between them, outside any transaction: on SQLite a rule over
   * every customer's stats took 1.7–2.0 s at 632k customers, all of it blocking the server's requests
   * and holding the write lock (issue #13).
   */
  async function selectMembers(workspaceId: string, rules: SegmentRules, now: string) {
    const members: string[] = [];
    for (let after = ''; ;) {
      const bound = await db
        .selectFrom('customers')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', '>', after)
        .orderBy('id')
        .offset(refreshSlice - 1)
        .limit(1)
        .executeTakeFirst();
      const range = { after, upTo: bound?.id ?? null };
      const conds = ruleConditions(rules, now, dialect);
      const rows = await sql<{ id: string }>`select c.id from customers c
        where c.workspace_id = ${workspaceId}
        and c.id > ${range.after} ${range.upTo === null ? sql`` : sql`and c.id <= ${range.upTo}`}
        and c.merged_into is null and c.erased_at is null
        ${conds.length > 0 ? sql`and ${sql.join(conds, sql` and `)}` : sql``}`.execute(db);
      for (const r of rows.rows) members.push(r.id);
      if (range.upTo === null) return members;
      after = range.upTo;
      await yieldToEventLoop();
    }
  }

  /**
   * The members stored now, read in key order `refreshSlice` at a time with the event loop free
   * between, outside any transaction (the base of a refresh's difference).
   */
  async function storedMembers(workspaceId: string, id: string): Promise<Set<string>> {
    const out = new Set<string>();
    for (let after: string | undefined; ;) {
      const page = await repo.members(workspaceId, id, after, refreshSlice);
      for (const m of page) out.add(m);
      if (page.length < refreshSlice) return out;
      after = page[page.length - 1];
      await yieldToEventLoop();
    }
  }

  /**
   * The stored members that are no longer members, and the members not stored yet: outside the write
   * transaction, with the event loop free every slice (at 531,637 members on PostgreSQL, building
   * the sets in one go held it for 0.4–0.7 s).
   */
  async function difference(stored: ReadonlySet<string>, members: readonly string[]) {
    const slice = timeSlicer();
    const wanted = new Set<string>();
    const added: string[] = [];
    const removed: string[] = [];
    let n = 0;
    for (const m of members) {
      wanted.add(m);
      if (!stored.has(m)) added.push(m);
      if (++n % 1024 === 0) await slice();
    }
    for (const m of stored) {
      if (!wanted.has(m)) removed.push(m);
      if (++n % 1024 === 0) await slice();
    }
    return { removed, added };
  }

  /** The ids of one JSON array parameter, read by the database itself. */
  const jsonIds = (json: string) =>
    dialect === 'postgres'
      ? sql`select value from json_array_elements_text(${json}::json) as e(value)`
      : sql`select value from json_each(${json})`;

  /**
   * Writes a segment's new members (in the caller's transaction) and records its size: only
   * `prior.diff`, the difference from the members stored when the refresh began, when that is still
   * what the table holds (the segment's `computed_at` and size as they were read), else the whole list.
   * An hourly refresh of a large segment changes few of its members, so its write transaction stays
   * short (issue #13: 0.2–0.4 s for 140,495 members written whole on SQLite, during which the
   * server's writes wait).
   */
  async function writeMembers(
    tx: SegmentsDb,
    workspaceId: string,
    id: string,
    members: readonly string[],
    prior: {
      computedAt: string | null;
      size: number;
      diff?: { removed: readonly string[]; added: readonly string[] };
    },
    now: string,
  ) {
    // Locked on PostgreSQL, so that two refreshes of one segment write one after the other and the
    // second sees the first's members (SQLite's write transactions are serial already).
    const seg = await tx
      .selectFrom('segments')
      .select(['computed_at', 'members'])
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .$if(dialect === 'postgres', (qb) => qb.forUpdate())
      .executeTakeFirst();
    if (!seg) return undefined;
    const diff =
      seg.computed_at !== null && seg.computed_at === prior.computedAt && Number(seg.members) === prior.size
        ? prior.diff
        : undefined;
    const [removed, added] = diff ? [diff.removed, diff.added] : [null, members];
    if (removed === null) await tx.deleteFrom('segment_members').where('segment_id', '=', id).execute();
    else
      for (const part of chunks(removed, 10_000))
        await sql`delete from segment_members where segment_id = ${id}
          and customer_id in (${jsonIds(JSON.stringify(part))})`.execute(tx);
    for (const part of chunks(added, 10_000))
      await sql`insert into segment_members (workspace_id, segment_id, customer_id)
        select ${workspaceId}, ${id}, value from (${jsonIds(JSON.stringify(part))}) as ids`.execute(tx);
    await tx
      .updateTable('segments')
      .set({ members: members.length, computed_at: now })
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .execute();
    return members.length;
  }

  const repo: SegmentRepo = {
    async create(input) {
      const row: Row = {
        id: newId(),
        workspace_id: input.workspaceId,
        name: input.name,
        description: input.description,
        rules: JSON.stringify(input.rules),
        members: 0,
        computed_at: null,
        created_by: input.createdBy,
        created_at: input.now,
        updated_at: input.now,
      };
      await db.insertInto('segments').values(row).execute();
      return present(row);
    },

    async get(workspaceId, id) {
      const r = await db
        .selectFrom('segments')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return r ? present(r) : undefined;
    },

    async list(workspaceId) {
      const rows = await db
        .selectFrom('segments')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map(present);
    },

    async count(workspaceId) {
      const r = await db
        .selectFrom('segments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .executeTakeFirst();
      return Number(r?.n ?? 0);
    },

    async update(workspaceId, id, patch, now) {
      const set: Partial<Row> = { updated_at: now };
      if (patch.name !== undefined) set.name = patch.name;
      if (patch.description !== undefined) set.description = patch.description;
      if (patch.rules !== undefined) set.rules = JSON.stringify(patch.rules);
      await db
        .updateTable('segments')
        .set(set)
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .execute();
      return this.get(workspaceId, id);
    },

    async delete(workspaceId, id) {
      const r = await db
        .deleteFrom('segments')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },

    async refresh(workspaceId, id, now) {
      const seg = await repo.get(workspaceId, id);
      if (!seg) return undefined;
      const members = await selectMembers(workspaceId, seg.rules, now);
      // The difference is worth computing only from a complete base: the stored members as counted.
      const stored = seg.computedAt === null ? undefined : await storedMembers(workspaceId, id);
      const prior = {
        computedAt: seg.computedAt,
        size: seg.size,
        diff: stored?.size === seg.size ? await difference(stored, members) : undefined,
      };
      // Deleted while its members were read: nothing to write. Rules changed meanwhile: the save
      // queued another refresh, which writes the new members after these.
      const write = (tx: SegmentsDb) => writeMembers(tx, workspaceId, id, members, prior, now);
      return db.isTransaction ? write(db) : db.transaction().execute(write);
    },

    async analyze() {
      // PostgreSQL plans `segment = ID` by the statistics of segment_members: without them it read
      // every member's items and sorted them (347 ms for an explorer page of a 10,000-member segment at
      // 100k customers), with them it reads the page in order, probing the members' key (2 ms).
      if (dialect === 'postgres') await sql`analyze segment_members`.execute(base);
    },

    async stale(before, limit) {
      const rows = await db
        .selectFrom('segments')
        .select(['workspace_id', 'id'])
        .where((eb) => eb.or([eb('computed_at', 'is', null), eb('computed_at', '<', before)]))
        .orderBy('computed_at')
        .limit(limit)
        .execute();
      return rows.map((r) => ({ workspaceId: r.workspace_id, id: r.id }));
    },

    async touchpointSample(workspaceId, start, limit) {
      // The counts are on the stats rows, read by their primary key.
      const ids = async (from: string, below: string | null, n: number) => {
        let q = db
          .selectFrom('customers')
          .select('id')
          .where('workspace_id', '=', workspaceId)
          .where('id', '>=', from)
          .where('merged_into', 'is', null)
          .where('erased_at', 'is', null);
        if (below !== null) q = q.where('id', '<', below);
        return (await q.orderBy('id').limit(n).execute()).map((r) => r.id);
      };
      const first = await ids(start, null, limit);
      const sample =
        first.length < limit ? [...first, ...(await ids('', start, limit - first.length))] : first;
      const out: TouchpointCount[] = [];
      for (const part of chunks(sample)) {
        const rows = await db
          .selectFrom('customer_stats')
          .select(['customer_id', 'touchpoint_counts', 'intent_counts'])
          .where('workspace_id', '=', workspaceId)
          .where('customer_id', 'in', part)
          .execute();
        for (const r of rows)
          for (const [key, [mentions, positive, negative]] of Object.entries(countsOfRow(r).touchpoints))
            if (mentions > 0)
              out.push({ customerId: r.customer_id, touchpoint: key, mentions, positive, negative });
      }
      return out;
    },

    async members(workspaceId, id, after, limit) {
      let q = db
        .selectFrom('segment_members')
        .select('customer_id')
        .where('segment_id', '=', id)
        .where('workspace_id', '=', workspaceId);
      if (after !== undefined) q = q.where('customer_id', '>', after);
      const rows = await q.orderBy('customer_id').limit(limit).execute();
      return rows.map((r) => r.customer_id);
    },
  };
  return repo;
}
