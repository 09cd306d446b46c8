import { api } from '../api';
import { formatDateTime, humanize } from '../format';
import type { ExceptionEntry } from '../types';
import { useResource } from '../use-resource';

/** An amount in minor units of `currency` (cents), as money: 2500 USD → $25.00. */
export function formatMoney(minor: number, currency: string): string {
  try {
    const f = new Intl.NumberFormat(undefined, { style: 'currency', currency });
    const digits = f.resolvedOptions().maximumFractionDigits ?? 2;
    return f.format(minor / 10 ** digits);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
}

const STATUS_TONE: Record<ExceptionEntry['status'], string> = {
  granted: 'positive',
  approved: 'positive',
  pending: 'info',
  rejected: 'negative',
};

/** The exceptions ledger entries of a case: what was granted or asked for, its cost, who decided. */
export function CaseExceptions({ caseId, version }: { caseId: string; version: string }) {
  const { data } = useResource(`exceptions:${caseId}:${version}`, () => api.exceptionLedger({ caseId }));
  const entries = data?.exceptions ?? [];
  if (entries.length === 0) return null;
  return (
    <section className="card" aria-labelledby="exceptions-title" data-testid="case-exceptions">
      <h2 id="exceptions-title" className="card-title">
        Exceptions <span className="count">{entries.length}</span>
      </h2>
      <ul className="history">
        {entries.map((x) => (
          <li key={x.id} className="history-item" data-testid="case-exception" data-status={x.status}>
            <div className="history-head">
              <strong>{x.type.name}</strong>
              <span>{formatMoney(x.amount, x.currency)}</span>
              <span className={`badge badge-${STATUS_TONE[x.status]}`}>{humanize(x.status)}</span>
            </div>
            {x.reason && <p className="note-text">{x.reason}</p>}
            <p className="muted small">
              {x.requestedBy ? `Asked by ${x.requestedBy.name}` : 'Asked'} · {formatDateTime(x.createdAt)}
              {x.decidedBy && ` · ${humanize(x.status)} by ${x.decidedBy.name}`}
              {x.decisionNote && ` (${x.decisionNote})`}
            </p>
          </li>
        ))}
      </ul>
    </section>
  );
}
