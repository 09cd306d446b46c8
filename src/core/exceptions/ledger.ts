import type { ExceptionEntry, ExceptionStatus, RecoveryCounts } from './types.js';

/** A sum of exceptions in one currency. */
export interface Sum {
  currency: string;
  count: number;
  /** Minor units. */
  amount: number;
}

/** Where an exception's case stands: its outcome, `open` while it has none, `no_case` without one. */
export type LedgerOutcome = 'recovered' | 'resolved' | 'lost' | 'open' | 'no_case';

export interface LedgerTotals {
  /** What was given: granted and approved exceptions. */
  given: Sum[];
  pending: Sum[];
  rejected: Sum[];
  /** Given, by exception type. */
  byType: (Sum & { typeId: string; key: string; name: string })[];
  /** Given, by the outcome of the case. */
  byOutcome: (Sum & { outcome: LedgerOutcome })[];
}

/** Granted and approved exceptions cost the business; pending and rejected ones do not (yet). */
export const isGiven = (status: ExceptionStatus): boolean => status === 'granted' || status === 'approved';

export function outcomeOf(e: ExceptionEntry): LedgerOutcome {
  if (e.case === null) return 'no_case';
  return e.case.outcome ?? 'open';
}

function add<K>(map: Map<string, Sum & K>, key: string, currency: string, amount: number, extra: K) {
  const s = map.get(key) ?? { currency, count: 0, amount: 0, ...extra };
  s.count += 1;
  s.amount += amount;
  map.set(key, s);
}

const byCurrency = <T extends Sum>(a: T, b: T) => a.currency.localeCompare(b.currency);

/**
 * The totals of ledger lines, per currency (amounts of different currencies never add up):
 * given (granted + approved), pending and rejected apart, and what was given by type and by outcome.
 */
export function ledgerTotals(entries: readonly ExceptionEntry[]): LedgerTotals {
  const given = new Map<string, Sum>();
  const pending = new Map<string, Sum>();
  const rejected = new Map<string, Sum>();
  const byType = new Map<string, Sum & { typeId: string; key: string; name: string }>();
  const byOutcome = new Map<string, Sum & { outcome: LedgerOutcome }>();
  for (const e of entries) {
    if (e.status === 'pending') add(pending, e.currency, e.currency, e.amount, {});
    else if (e.status === 'rejected') add(rejected, e.currency, e.currency, e.amount, {});
    else {
      add(given, e.currency, e.currency, e.amount, {});
      add(byType, `${e.type.id}\u0000${e.currency}`, e.currency, e.amount, {
        typeId: e.type.id,
        key: e.type.key,
        name: e.type.name,
      });
      const outcome = outcomeOf(e);
      add(byOutcome, `${outcome}\u0000${e.currency}`, e.currency, e.amount, { outcome });
    }
  }
  const order: LedgerOutcome[] = ['recovered', 'resolved', 'lost', 'open', 'no_case'];
  return {
    given: [...given.values()].sort(byCurrency),
    pending: [...pending.values()].sort(byCurrency),
    rejected: [...rejected.values()].sort(byCurrency),
    byType: [...byType.values()].sort((a, b) => a.name.localeCompare(b.name) || byCurrency(a, b)),
    byOutcome: [...byOutcome.values()].sort(
      (a, b) => order.indexOf(a.outcome) - order.indexOf(b.outcome) || byCurrency(a, b),
    ),
  };
}

export interface RecoveryComparison {
  withException: { closed: number; recovered: number; rate: number | null };
  withoutException: { closed: number; recovered: number; rate: number | null };
}

/** What flexibility buys: the recovery rate of closed cases with an exception given, and without. */
export function recoveryComparison(c: RecoveryCounts): RecoveryComparison {
  const rate = (x: { closed: number; recovered: number }) => ({
    ...x,
    rate: x.closed === 0 ? null : x.recovered / x.closed,
  });
  return { withException: rate(c.withException), withoutException: rate(c.withoutException) };
}
