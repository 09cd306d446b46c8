import { describe, expect, it } from 'vitest';
import { ledgerTotals, recoveryComparison } from './ledger.js';
import { approvalRefusal, grantStatus, limitOf } from './rules.js';
import type { ExceptionEntry, RoleLimits } from './types.js';

const LIMITS: RoleLimits = { agent: 2500, admin: 20000, owner: null };

describe('grant and approval rules', () => {
  it('grants within the role limit, inclusive, and asks above it', () => {
    expect(grantStatus(LIMITS, 'agent', 2500)).toBe('granted');
    expect(grantStatus(LIMITS, 'agent', 2501)).toBe('pending');
    expect(grantStatus(LIMITS, 'admin', 20001)).toBe('pending');
    expect(grantStatus(LIMITS, 'owner', 10 ** 9)).toBe('granted');
    expect(limitOf(LIMITS, 'viewer')).toBe(0);
    expect(limitOf(LIMITS, null)).toBe(0);
  });

  const ask = (over: Partial<Parameters<typeof approvalRefusal>[0]>) =>
    approvalRefusal({
      status: 'pending',
      amount: 4000,
      limits: LIMITS,
      approver: { id: 'ada', role: 'admin' },
      requestedBy: 'ann',
      decision: 'approved',
      ...over,
    })?.code;

  it('lets an admin approve within their limit, never their own request; owners always', () => {
    expect(ask({})).toBeUndefined();
    expect(ask({ approver: { id: 'ann', role: 'agent' } })).toBe('forbidden');
    expect(ask({ requestedBy: 'ada' })).toBe('forbidden');
    expect(ask({ amount: 20001 })).toBe('forbidden');
    expect(
      ask({ amount: 20001, approver: { id: 'olga', role: 'owner' }, requestedBy: 'olga' }),
    ).toBeUndefined();
    const ownerAsks = { agent: 0, admin: 0, owner: 0 };
    expect(
      ask({ limits: ownerAsks, approver: { id: 'olga', role: 'owner' }, requestedBy: 'olga' }),
    ).toBeUndefined();
    expect(ask({ status: 'approved' })).toBe('conflict');
    expect(ask({ decision: 'rejected', requestedBy: 'ada', amount: 10 ** 6 })).toBeUndefined();
  });
});

describe('ledger totals', () => {
  let n = 0;
  const entry = (over: Partial<ExceptionEntry>): ExceptionEntry => ({
    id: `e${++n}`,
    type: { id: 't1', key: 'goodwill-credit', name: 'Goodwill credit', kind: 'goodwill_credit' },
    caseId: null,
    itemId: null,
    customerId: null,
    amount: 100,
    currency: 'USD',
    reason: '',
    status: 'granted',
    requestedBy: null,
    decidedBy: null,
    decidedAt: null,
    decisionNote: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    case: null,
    ...over,
  });

  it('adds granted and approved per currency, keeps pending and rejected apart', () => {
    const t = ledgerTotals([
      entry({ amount: 1999 }),
      entry({ amount: 1, status: 'approved', case: { status: 'closed', outcome: 'recovered' } }),
      entry({ amount: 700, status: 'pending' }),
      entry({ amount: 300, status: 'rejected' }),
      entry({ amount: 500, currency: 'EUR', case: { status: 'open', outcome: null } }),
    ]);
    expect(t.given).toEqual([
      { currency: 'EUR', count: 1, amount: 500 },
      { currency: 'USD', count: 2, amount: 2000 },
    ]);
    expect(t.pending).toEqual([{ currency: 'USD', count: 1, amount: 700 }]);
    expect(t.rejected).toEqual([{ currency: 'USD', count: 1, amount: 300 }]);
    expect(t.byOutcome.map((o) => [o.outcome, o.currency, o.amount])).toEqual([
      ['recovered', 'USD', 1],
      ['open', 'EUR', 500],
      ['no_case', 'USD', 1999],
    ]);
  });

  it('compares recovery rates, with no rate for no cases', () => {
    expect(
      recoveryComparison({
        withException: { closed: 4, recovered: 3 },
        withoutException: { closed: 0, recovered: 0 },
      }),
    ).toEqual({
      withException: { closed: 4, recovered: 3, rate: 0.75 },
      withoutException: { closed: 0, recovered: 0, rate: null },
    });
  });
});
