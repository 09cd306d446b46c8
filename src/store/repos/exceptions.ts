import { sql, type Kysely } from 'kysely';
import type { ExceptionRepo } from '../../core/ports.js';
import type {
  ExceptionEntry,
  ExceptionKind,
  ExceptionStatus,
  ExceptionType,
  ExceptionTypeInput,
  Policy,
  RoleLimits,
} from '../../core/exceptions/types.js';
import type { CaseOutcome, CaseStatus } from '../../core/types.js';
import type { DB } from '../schema.js';
import { withCaseTables, type CaseTables } from './case-tables.js';
import { isUniqueViolation, newId, parseJson, type Conn } from './util.js';

/** Row types of the tables of migration 0005. */
export type ExceptionTables = {
  policies: {
    id: string;
    workspace_id: string;
    key: string;
    name: string;
    description: string;
    active: number;
    created_at: string;
    updated_at: string;
  };
  exception_types: {
    id: string;
    workspace_id: string;
    policy_id: string | null;
    key: string;
    name: string;
    kind: string;
    currency: string;
    limits: string;
    requires_reason: number;
    active: number;
    created_at: string;
    updated_at: string;
  };
  exceptions: {
    id: string;
    workspace_id: string;
    type_id: string;
    case_id: string | null;
    item_id: string | null;
    customer_id: string | null;
    amount: number;
    currency: string;
    reason: string;
    status: string;
    requested_by: string | null;
    decided_by: string | null;
    decided_at: string | null;
    decision_note: string | null;
    created_at: string;
  };
};

type ExceptionsDb = Kysely<DB & CaseTables & ExceptionTables>;

const withExceptionTables = (db: Kysely<DB>): ExceptionsDb =>
  withCaseTables(db).withTables<ExceptionTables>();

const presentPolicy = (r: ExceptionTables['policies']): Policy => ({
  id: r.id,
  key: r.key,
  name: r.name,
  description: r.description,
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const presentType = (r: ExceptionTables['exception_types']): ExceptionType => ({
  id: r.id,
  policyId: r.policy_id,
  key: r.key,
  name: r.name,
  kind: r.kind as ExceptionKind,
  currency: r.currency,
  limits: parseJson<RoleLimits>(r.limits, { agent: 0, admin: 0, owner: null }),
  requiresReason: r.requires_reason === 1,
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

function typeRow(workspaceId: string, id: string, t: ExceptionTypeInput, now: string) {
  return {
    id,
    workspace_id: workspaceId,
    policy_id: t.policyId,
    key: t.key,
    name: t.name,
    kind: t.kind,
    currency: t.currency,
    limits: JSON.stringify(t.limits),
    requires_reason: t.requiresReason ? 1 : 0,
    active: t.active ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
}

function selectLedger(db: ExceptionsDb, workspaceId: string) {
  return db
    .selectFrom('exceptions as e')
    .innerJoin('exception_types as t', 't.id', 'e.type_id')
    .leftJoin('users as rq', 'rq.id', 'e.requested_by')
    .leftJoin('users as dc', 'dc.id', 'e.decided_by')
    .leftJoin('cases as c', 'c.id', 'e.case_id')
    .select([
      'e.id',
      'e.type_id',
      't.key as type_key',
      't.name as type_name',
      't.kind as type_kind',
      'e.case_id',
      'e.item_id',
      'e.customer_id',
      'e.amount',
      'e.currency',
      'e.reason',
      'e.status',
      'e.requested_by',
      'rq.name as requested_name',
      'e.decided_by',
      'dc.name as decided_name',
      'e.decided_at',
      'e.decision_note',
      'e.created_at',
      'c.status as case_status',
      'c.outcome as case_outcome',
    ])
    .where('e.workspace_id', '=', workspaceId);
}

type LedgerRow = Awaited<ReturnType<ReturnType<typeof selectLedger>['execute']>>[number];

const presentEntry = (r: LedgerRow): ExceptionEntry => ({
  id: r.id,
  type: { id: r.type_id, key: r.type_key, name: r.type_name, kind: r.type_kind as ExceptionKind },
  caseId: r.case_id,
  itemId: r.item_id,
  customerId: r.customer_id,
  amount: Number(r.amount),
  currency: r.currency,
  reason: r.reason,
  status: r.status as ExceptionStatus,
  requestedBy: r.requested_by === null ? null : { id: r.requested_by, name: r.requested_name ?? '' },
  decidedBy: r.decided_by === null ? null : { id: r.decided_by, name: r.decided_name ?? '' },
  decidedAt: r.decided_at,
  decisionNote: r.decision_note,
  createdAt: r.created_at,
  case:
    r.case_id === null || r.case_status === null
      ? null
      : { status: r.case_status as CaseStatus, outcome: r.case_outcome as CaseOutcome | null },
});

/** Policies, exception types and the exceptions ledger (migration 0005). */
export function exceptionRepo({ db: base }: Conn): ExceptionRepo {
  const db = withExceptionTables(base);

  const getEntry = async (workspaceId: string, id: string) => {
    const row = await selectLedger(db, workspaceId).where('e.id', '=', id).executeTakeFirst();
    return row && presentEntry(row);
  };
  const getType = async (workspaceId: string, id: string) => {
    const row = await db
      .selectFrom('exception_types')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .where('id', '=', id)
      .executeTakeFirst();
    return row && presentType(row);
  };
  const policies = async (workspaceId: string) =>
    (
      await db
        .selectFrom('policies')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('name')
        .orderBy('id')
        .execute()
    ).map(presentPolicy);

  return {
    policies,

    async replacePolicies(workspaceId, list, now) {
      const keys = list.map((p) => p.key);
      const q = db.deleteFrom('policies').where('workspace_id', '=', workspaceId);
      await (keys.length > 0 ? q.where('key', 'not in', keys) : q).execute();
      for (const p of list) {
        await db
          .insertInto('policies')
          .values({
            id: newId(),
            workspace_id: workspaceId,
            key: p.key,
            name: p.name,
            description: p.description,
            active: p.active ? 1 : 0,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) =>
            oc.columns(['workspace_id', 'key']).doUpdateSet({
              name: p.name,
              description: p.description,
              active: p.active ? 1 : 0,
              updated_at: now,
            }),
          )
          .execute();
      }
      return policies(workspaceId);
    },

    async types(workspaceId) {
      const rows = await db
        .selectFrom('exception_types')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('name')
        .orderBy('id')
        .execute();
      return rows.map(presentType);
    },

    getType,

    async createType(workspaceId, type, now) {
      const id = newId();
      try {
        await db
          .insertInto('exception_types')
          .values(typeRow(workspaceId, id, type, now))
          .execute();
      } catch (e) {
        if (isUniqueViolation(e)) return undefined;
        throw e;
      }
      return getType(workspaceId, id);
    },

    async updateType(workspaceId, id, patch, now) {
      const set = {
        ...(patch.policyId !== undefined ? { policy_id: patch.policyId } : {}),
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.kind !== undefined ? { kind: patch.kind } : {}),
        ...(patch.currency !== undefined ? { currency: patch.currency } : {}),
        ...(patch.limits !== undefined ? { limits: JSON.stringify(patch.limits) } : {}),
        ...(patch.requiresReason !== undefined ? { requires_reason: patch.requiresReason ? 1 : 0 } : {}),
        ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
        updated_at: now,
      };
      const r = await db
        .updateTable('exception_types')
        .set(set)
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) === 0) return undefined;
      return getType(workspaceId, id);
    },

    async seedDefaults(workspaceId, defaults, now) {
      const any = await db
        .selectFrom('exception_types')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .limit(1)
        .executeTakeFirst();
      if (any) return;
      // Two first requests may seed at once: the unique keys make the second a no-op.
      for (const p of defaults.policies) {
        await db
          .insertInto('policies')
          .values({
            id: newId(),
            workspace_id: workspaceId,
            key: p.key,
            name: p.name,
            description: p.description,
            active: p.active ? 1 : 0,
            created_at: now,
            updated_at: now,
          })
          .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
          .execute();
      }
      const byKey = new Map((await policies(workspaceId)).map((p) => [p.key, p.id]));
      for (const { policyKey, ...t } of defaults.types) {
        const policyId = policyKey === null ? null : (byKey.get(policyKey) ?? null);
        await db
          .insertInto('exception_types')
          .values(typeRow(workspaceId, newId(), { ...t, policyId }, now))
          .onConflict((oc) => oc.columns(['workspace_id', 'key']).doNothing())
          .execute();
      }
    },

    async insert(workspaceId, e) {
      await db
        .insertInto('exceptions')
        .values({
          id: e.id,
          workspace_id: workspaceId,
          type_id: e.typeId,
          case_id: e.caseId,
          item_id: e.itemId,
          customer_id: e.customerId,
          amount: e.amount,
          currency: e.currency,
          reason: e.reason,
          status: e.status,
          requested_by: e.requestedBy,
          decided_by: e.decidedBy,
          decided_at: e.decidedAt,
          decision_note: null,
          created_at: e.createdAt,
        })
        .execute();
      const entry = await getEntry(workspaceId, e.id);
      if (!entry) throw new Error(`exception ${e.id} not found after writing it`);
      return entry;
    },

    get: getEntry,

    async decide(workspaceId, id, d) {
      const r = await db
        .updateTable('exceptions')
        .set({ status: d.status, decided_by: d.decidedBy, decided_at: d.decidedAt, decision_note: d.note })
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },

    async list(workspaceId, filter) {
      let q = selectLedger(db, workspaceId);
      if (filter.status !== undefined) q = q.where('e.status', '=', filter.status);
      if (filter.typeId !== undefined) q = q.where('e.type_id', '=', filter.typeId);
      if (filter.caseId !== undefined) q = q.where('e.case_id', '=', filter.caseId);
      const rows = await q.orderBy('e.created_at', 'desc').orderBy('e.id', 'desc').execute();
      return rows.map(presentEntry);
    },

    async caseRef(workspaceId, caseId) {
      const row = await db
        .selectFrom('cases')
        .select(['item_id', 'customer_id'])
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', caseId)
        .executeTakeFirst();
      return row && { itemId: row.item_id, customerId: row.customer_id };
    },

    async itemRef(workspaceId, itemId) {
      const row = await db
        .selectFrom('feedback_items')
        .select('customer_id')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', itemId)
        .executeTakeFirst();
      return row && { customerId: row.customer_id };
    },

    async recovery(workspaceId) {
      // Closed cases with an outcome, split by whether any granted or approved exception names them.
      const rows = await db
        .selectFrom('cases as c')
        .select([
          sql<number>`case when exists (select 1 from exceptions e where e.workspace_id = c.workspace_id and e.case_id = c.id and e.status in ('granted', 'approved')) then 1 else 0 end`.as(
            'with_exception',
          ),
          sql<number>`count(*)`.as('closed'),
          sql<number>`sum(case when c.outcome = 'recovered' then 1 else 0 end)`.as('recovered'),
        ])
        .where('c.workspace_id', '=', workspaceId)
        .where('c.outcome', 'is not', null)
        .groupBy(sql`1`)
        .execute();
      const counts = {
        withException: { closed: 0, recovered: 0 },
        withoutException: { closed: 0, recovered: 0 },
      };
      for (const r of rows) {
        const bucket = Number(r.with_exception) === 1 ? counts.withException : counts.withoutException;
        bucket.closed = Number(r.closed);
        bucket.recovered = Number(r.recovered);
      }
      return counts;
    },
  };
}
