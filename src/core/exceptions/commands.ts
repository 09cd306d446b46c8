import type { Principal } from '../auth/permissions.js';
import { AppError } from '../errors.js';
import type { Store } from '../ports.js';
import { DEFAULT_EXCEPTION_TYPES, DEFAULT_POLICIES } from './defaults.js';
import { ledgerTotals, recoveryComparison, type LedgerTotals, type RecoveryComparison } from './ledger.js';
import { approvalRefusal, grantStatus } from './rules.js';
import type {
  ExceptionEntry,
  ExceptionFilter,
  ExceptionType,
  ExceptionTypeInput,
  Policy,
  PolicyInput,
} from './types.js';
import { randomUUID } from 'node:crypto';

const notFound = (what: string) => new AppError('not_found', `No such ${what} in this workspace.`);

function userOf(p: Principal): string {
  if (p.actor.type !== 'user') {
    throw new AppError('forbidden', 'Exceptions are granted and decided by people, not API keys.');
  }
  return p.actor.id;
}

/** Gives a workspace the default policy and exception types the first time it looks at them. */
export async function ensureExceptionDefaults(store: Store, workspaceId: string, now: string): Promise<void> {
  await store.exceptions.seedDefaults(
    workspaceId,
    { policies: DEFAULT_POLICIES, types: DEFAULT_EXCEPTION_TYPES },
    now,
  );
}

/** The workspace's policies (the defaults on first use). */
export async function listPolicies(store: Store, workspaceId: string, now: string): Promise<Policy[]> {
  await ensureExceptionDefaults(store, workspaceId, now);
  return store.exceptions.policies(workspaceId);
}

/** Makes the workspace's policies exactly `policies` (matched by key). */
export async function replacePolicies(
  store: Store,
  p: Principal,
  policies: readonly PolicyInput[],
  now: string,
): Promise<Policy[]> {
  const keys = new Set<string>();
  policies.forEach((x, i) => {
    if (keys.has(x.key)) {
      throw new AppError('validation_failed', `The key "${x.key}" is given twice.`, [
        { path: `policies.${i}.key`, message: 'is given twice' },
      ]);
    }
    keys.add(x.key);
  });
  await ensureExceptionDefaults(store, p.workspaceId, now);
  return store.transaction(async (tx) => {
    const saved = await tx.exceptions.replacePolicies(p.workspaceId, policies, now);
    await tx.audit.record({
      workspaceId: p.workspaceId,
      actor: p.actor,
      action: 'policies.replace',
      data: { keys: [...keys] },
    });
    return saved;
  });
}

/** The exception types with their limits per role (the defaults on first use). */
export async function listExceptionTypes(
  store: Store,
  workspaceId: string,
  now: string,
): Promise<ExceptionType[]> {
  await ensureExceptionDefaults(store, workspaceId, now);
  return store.exceptions.types(workspaceId);
}

async function checkPolicy(store: Store, workspaceId: string, policyId: string | null | undefined) {
  if (policyId === null || policyId === undefined) return;
  const found = (await store.exceptions.policies(workspaceId)).some((x) => x.id === policyId);
  if (!found) throw notFound('policy');
}

export async function createExceptionType(
  store: Store,
  p: Principal,
  input: ExceptionTypeInput,
  now: string,
): Promise<ExceptionType> {
  await ensureExceptionDefaults(store, p.workspaceId, now);
  await checkPolicy(store, p.workspaceId, input.policyId);
  const created = await store.exceptions.createType(p.workspaceId, input, now);
  if (!created)
    throw new AppError('conflict', `An exception type with the key "${input.key}" exists already.`);
  await store.audit.record({
    workspaceId: p.workspaceId,
    actor: p.actor,
    action: 'exception_type.create',
    targetType: 'exception_type',
    targetId: created.id,
    data: { key: created.key, limits: created.limits },
  });
  return created;
}

export async function updateExceptionType(
  store: Store,
  p: Principal,
  id: string,
  patch: Partial<Omit<ExceptionTypeInput, 'key'>>,
  now: string,
): Promise<ExceptionType> {
  await checkPolicy(store, p.workspaceId, patch.policyId);
  const updated = await store.exceptions.updateType(p.workspaceId, id, patch, now);
  if (!updated) throw notFound('exception type');
  await store.audit.record({
    workspaceId: p.workspaceId,
    actor: p.actor,
    action: 'exception_type.update',
    targetType: 'exception_type',
    targetId: id,
    data: { ...patch },
  });
  return updated;
}

export interface GrantInput {
  typeId: string;
  /** Minor units (cents) of the type's currency. */
  amount: number;
  currency?: string | undefined;
  reason?: string | undefined;
  caseId?: string | null | undefined;
  itemId?: string | null | undefined;
}

/**
 * Grants an exception within the caller's limit for its type (`granted`), or asks for it above the
 * limit (`pending`, for an admin or an owner to approve). Tied to a case, it also records the case's
 * item and customer.
 */
export async function grantException(
  store: Store,
  p: Principal,
  input: GrantInput,
  now: string,
): Promise<ExceptionEntry> {
  const requester = userOf(p);
  const type = await store.exceptions.getType(p.workspaceId, input.typeId);
  if (!type) throw notFound('exception type');
  if (!type.active) {
    throw new AppError('validation_failed', `"${type.name}" is switched off in this workspace.`, [
      { path: 'typeId', message: 'is not active' },
    ]);
  }
  if (input.currency !== undefined && input.currency !== type.currency) {
    throw new AppError('validation_failed', `"${type.name}" is granted in ${type.currency}.`, [
      { path: 'currency', message: `must be ${type.currency}` },
    ]);
  }
  const reason = (input.reason ?? '').trim();
  if (type.requiresReason && reason === '') {
    throw new AppError('validation_failed', `"${type.name}" needs a reason.`, [
      { path: 'reason', message: 'is required for this exception type' },
    ]);
  }
  let itemId = input.itemId ?? null;
  let customerId: string | null = null;
  const caseId = input.caseId ?? null;
  if (caseId !== null) {
    const ref = await store.exceptions.caseRef(p.workspaceId, caseId);
    if (!ref) throw notFound('case');
    itemId ??= ref.itemId;
    customerId = ref.customerId;
  }
  if (itemId !== null) {
    const ref = await store.exceptions.itemRef(p.workspaceId, itemId);
    if (!ref) throw notFound('feedback item');
    customerId ??= ref.customerId;
  }
  const status = grantStatus(type.limits, p.role, input.amount);
  return store.transaction(async (tx) => {
    const entry = await tx.exceptions.insert(p.workspaceId, {
      id: randomUUID(),
      typeId: type.id,
      caseId,
      itemId,
      customerId,
      amount: input.amount,
      currency: type.currency,
      reason,
      status,
      requestedBy: requester,
      decidedBy: status === 'granted' ? requester : null,
      decidedAt: status === 'granted' ? now : null,
      createdAt: now,
    });
    await tx.audit.record({
      workspaceId: p.workspaceId,
      actor: p.actor,
      action: status === 'granted' ? 'exception.grant' : 'exception.request',
      targetType: 'exception',
      targetId: entry.id,
      data: { type: type.key, amount: entry.amount, currency: entry.currency, caseId },
    });
    return entry;
  });
}

/**
 * Approves or rejects a pending exception. Only admins and owners decide; approving needs the
 * amount within the approver's limit (owners have none) and, for admins, someone else's request.
 */
export async function decideException(
  store: Store,
  p: Principal,
  id: string,
  decision: 'approved' | 'rejected',
  note: string | null,
  now: string,
): Promise<ExceptionEntry> {
  const approver = userOf(p);
  const entry = await store.exceptions.get(p.workspaceId, id);
  if (!entry) throw notFound('exception');
  const type = await store.exceptions.getType(p.workspaceId, entry.type.id);
  if (!type) throw notFound('exception type');
  const refusal = approvalRefusal({
    status: entry.status,
    amount: entry.amount,
    limits: type.limits,
    approver: { id: approver, role: p.role },
    requestedBy: entry.requestedBy?.id ?? null,
    decision,
  });
  if (refusal) throw new AppError(refusal.code, refusal.message);
  return store.transaction(async (tx) => {
    const won = await tx.exceptions.decide(p.workspaceId, id, {
      status: decision,
      decidedBy: approver,
      decidedAt: now,
      note,
    });
    // Two approvers at once: the conditional update lets one win; the other hears it was decided.
    if (!won) throw new AppError('conflict', 'This exception was decided already.');
    await tx.audit.record({
      workspaceId: p.workspaceId,
      actor: p.actor,
      action: decision === 'approved' ? 'exception.approve' : 'exception.reject',
      targetType: 'exception',
      targetId: id,
      data: { amount: entry.amount, currency: entry.currency, ...(note ? { note } : {}) },
    });
    const decided = await tx.exceptions.get(p.workspaceId, id);
    if (!decided) throw notFound('exception');
    return decided;
  });
}

export interface Ledger {
  /** The newest `limit` lines. */
  exceptions: ExceptionEntry[];
  /** How many lines match the filter; the totals cover all of them. */
  total: number;
  totals: LedgerTotals;
  recovery: RecoveryComparison;
}

/** The ledger: each exception with its cost and its case's outcome, the totals, and what flexibility buys. */
export async function exceptionLedger(
  store: Store,
  workspaceId: string,
  filter: ExceptionFilter,
  limit: number,
): Promise<Ledger> {
  const [entries, counts] = await Promise.all([
    store.exceptions.list(workspaceId, filter),
    store.exceptions.recovery(workspaceId),
  ]);
  return {
    exceptions: entries.slice(0, limit),
    total: entries.length,
    totals: ledgerTotals(entries),
    recovery: recoveryComparison(counts),
  };
}
