import type { CaseOutcome, CaseStatus } from '../types.js';

/** What an exception gives the customer. */
export const EXCEPTION_KINDS = ['goodwill_credit', 'fee_waiver', 'special_occasion', 'other'] as const;
export type ExceptionKind = (typeof EXCEPTION_KINDS)[number];

/**
 * `granted`: given by someone within their own limit. `pending`: above the requester's limit, waiting
 * for an admin. `approved` / `rejected`: decided by an approver. Only granted and approved ones cost.
 */
export const EXCEPTION_STATUSES = ['pending', 'approved', 'rejected', 'granted'] as const;
export type ExceptionStatus = (typeof EXCEPTION_STATUSES)[number];

/** The roles that may grant exceptions; viewers may not. */
export const GRANTING_ROLES = ['agent', 'admin', 'owner'] as const;
export type GrantingRole = (typeof GRANTING_ROLES)[number];

/**
 * The most each role may grant without approval, in minor units of the type's currency (cents):
 * `null` is unlimited, `0` means every exception of this type needs an approver.
 */
export type RoleLimits = Record<GrantingRole, number | null>;

/** A rule the business runs by (a refund policy, a no-outside-food rule), listed for staff. */
export interface Policy {
  id: string;
  key: string;
  name: string;
  description: string;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface PolicyInput {
  key: string;
  name: string;
  description: string;
  active: boolean;
}

/** An exception staff may grant to a policy, with its limits per role. */
export interface ExceptionType {
  id: string;
  policyId: string | null;
  key: string;
  name: string;
  kind: ExceptionKind;
  /** ISO 4217 code; amounts of this type are in its minor units. */
  currency: string;
  limits: RoleLimits;
  requiresReason: boolean;
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface ExceptionTypeInput {
  policyId: string | null;
  key: string;
  name: string;
  kind: ExceptionKind;
  currency: string;
  limits: RoleLimits;
  requiresReason: boolean;
  active: boolean;
}

/** One exception as written by a grant or a request. */
export interface NewException {
  id: string;
  typeId: string;
  caseId: string | null;
  itemId: string | null;
  customerId: string | null;
  /** Minor units (cents) of `currency`: integers, so totals add up exactly. */
  amount: number;
  currency: string;
  reason: string;
  status: 'granted' | 'pending';
  requestedBy: string;
  /** Who decided: the requester for a grant within their limit, null while pending. */
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
}

/** One line of the ledger: the exception, who asked and decided, and the outcome of its case. */
export interface ExceptionEntry {
  id: string;
  type: { id: string; key: string; name: string; kind: ExceptionKind };
  caseId: string | null;
  itemId: string | null;
  customerId: string | null;
  amount: number;
  currency: string;
  reason: string;
  status: ExceptionStatus;
  requestedBy: { id: string; name: string } | null;
  decidedBy: { id: string; name: string } | null;
  decidedAt: string | null;
  decisionNote: string | null;
  createdAt: string;
  /** The case's status and outcome now; null without a case. */
  case: { status: CaseStatus; outcome: CaseOutcome | null } | null;
}

export interface ExceptionFilter {
  status?: ExceptionStatus | undefined;
  typeId?: string | undefined;
  caseId?: string | undefined;
}

/** Closed cases with an outcome, split by whether they had a granted or approved exception. */
export interface RecoveryCounts {
  withException: { closed: number; recovered: number };
  withoutException: { closed: number; recovered: number };
}
