import type { Role } from '../types.js';
import type { ExceptionStatus, RoleLimits } from './types.js';

/**
 * The most `role` may grant of a type without approval, in minor units; `null` is unlimited.
 * Viewers (and API keys, which have no role) grant nothing.
 */
export function limitOf(limits: RoleLimits, role: Role | null): number | null {
  if (role === null || role === 'viewer') return 0;
  return limits[role];
}

/** True when `amount` is within the limit (inclusive). */
export const withinLimit = (limit: number | null, amount: number): boolean =>
  limit === null || amount <= limit;

/**
 * What a grant becomes: `granted` within the requester's limit, else `pending` for an approver.
 *
 * @example grantStatus({ agent: 2500, admin: 20000, owner: null }, 'agent', 3000) // 'pending'
 */
export function grantStatus(limits: RoleLimits, role: Role | null, amount: number): 'granted' | 'pending' {
  return withinLimit(limitOf(limits, role), amount) ? 'granted' : 'pending';
}

/**
 * Why an approver may not decide an exception, or undefined when they may: admins approve within
 * their limit and never their own request; owners approve anything, their own requests too.
 */
export function approvalRefusal(input: {
  status: ExceptionStatus;
  amount: number;
  limits: RoleLimits;
  approver: { id: string; role: Role | null };
  requestedBy: string | null;
  decision: 'approved' | 'rejected';
}): { code: 'conflict' | 'forbidden'; message: string } | undefined {
  const { status, amount, limits, approver, requestedBy, decision } = input;
  if (status !== 'pending') {
    return { code: 'conflict', message: `This exception is ${status}, not pending: it was decided already.` };
  }
  if (approver.role !== 'admin' && approver.role !== 'owner') {
    return { code: 'forbidden', message: 'Only an admin or an owner decides exceptions.' };
  }
  // Rejecting is always safe; approving spends money, so it needs a second person within their limit.
  if (decision === 'rejected') return undefined;
  if (requestedBy === approver.id && approver.role !== 'owner') {
    return {
      code: 'forbidden',
      message: 'You asked for this exception: another admin or an owner approves it.',
    };
  }
  // Owners approve any amount: the type's owner limit only says what they grant without a second look.
  if (approver.role !== 'owner' && !withinLimit(limitOf(limits, approver.role), amount)) {
    return {
      code: 'forbidden',
      message: 'This exception is above your approval limit: an owner approves it.',
    };
  }
  return undefined;
}
