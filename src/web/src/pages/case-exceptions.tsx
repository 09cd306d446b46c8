import { api } from '../api';
import { formatMoney, GrantExceptionForm } from '../components/grant-exception';
import { formatDateTime, humanize } from '../format';
import type { ExceptionEntry, Role } from '../types';
import { useResource } from '../use-resource';

const STATUS_TONE: Record<ExceptionEntry['status'], string> = {
  granted: 'positive',
  approved: 'positive',
  pending: 'info',
  rejected: 'negative',
};

/**
 * The exceptions ledger entries of a case (what was granted or asked for, its cost, who decided)
 * and, for agents and above, the form to grant one within their limit or ask for one above it.
 */
export function CaseExceptions({ caseId, version, role }: { caseId: string; version: string; role: Role }) {
  const { data, reload } = useResource(`exceptions:${caseId}:${version}`, () =>
    api.exceptionLedger({ caseId }),
  );
  const entries = data?.exceptions ?? [];
  return (
    <>
      {entries.length > 0 && (
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
          <p className="small">
            <a href="#/exceptions">The whole ledger</a>
          </p>
        </section>
      )}
      <GrantExceptionForm role={role} caseId={caseId} onGranted={reload} />
    </>
  );
}
