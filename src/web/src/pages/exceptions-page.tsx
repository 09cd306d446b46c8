import { useState } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import {
  formatMoney,
  GrantExceptionForm,
  limitText,
  minorDigits,
  parseMoney,
} from '../components/grant-exception';
import { formatDateTime, formatInt, formatPercent, humanize } from '../format';
import type { ExceptionEntry, ExceptionLedger, ExceptionStatus, ExceptionType, Policy, Role } from '../types';
import { useResource } from '../use-resource';

type Sum = ExceptionLedger['totals']['given'][number];

const STATUSES: ExceptionStatus[] = ['granted', 'approved', 'pending', 'rejected'];
const LIMIT_ROLES = ['agent', 'admin', 'owner'] as const;

/** Sums in several currencies, one after the other: amounts of different currencies never add up. */
function Sums({ sums, testId }: { sums: Sum[]; testId: string }) {
  if (sums.length === 0) return <span data-testid={testId}>{formatMoney(0, 'USD')}</span>;
  return <span data-testid={testId}>{sums.map((s) => formatMoney(s.amount, s.currency)).join(' + ')}</span>;
}

const count = (sums: Sum[]) => sums.reduce((n, s) => n + s.count, 0);

function statusBadge(status: ExceptionStatus) {
  const tone =
    status === 'rejected' ? 'badge-negative' : status === 'pending' ? 'badge-info' : 'badge-positive';
  return (
    <span className={`badge ${tone}`} data-testid="exception-status">
      {humanize(status)}
    </span>
  );
}

function outcomeText(e: ExceptionEntry): string {
  if (!e.case) return '—';
  return e.case.outcome ? humanize(e.case.outcome) : humanize(e.case.status);
}

/** Pending exceptions with Approve and Reject, for admins and owners. */
function Approvals({
  pending,
  role,
  userId,
  onDecided,
}: {
  pending: ExceptionEntry[];
  role: Role;
  userId: string;
  onDecided: () => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function decide(id: string, decision: 'approve' | 'reject') {
    setBusy(id);
    setError(null);
    try {
      await api.decideException(id, decision);
      onDecided();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card" aria-labelledby="approvals-title" data-testid="approvals">
      <h2 id="approvals-title" className="card-title">
        Waiting for approval
      </h2>
      <ErrorBanner error={error} title="Could not decide:" />
      {pending.length === 0 ? (
        <p className="list-empty muted">Nothing waits for approval.</p>
      ) : (
        <table className="table table-compact">
          <tbody>
            {pending.map((e) => {
              const own = e.requestedBy?.id === userId && role !== 'owner';
              return (
                <tr key={e.id} data-testid="approval-row" data-id={e.id}>
                  <td>{e.type.name}</td>
                  <td className="num">{formatMoney(e.amount, e.currency)}</td>
                  <td>{e.requestedBy?.name ?? '—'}</td>
                  <td className="muted">{e.reason}</td>
                  <td className="actions">
                    <button
                      className="btn btn-primary btn-sm"
                      type="button"
                      disabled={busy === e.id || own}
                      title={own ? 'Another admin or an owner approves your own request.' : undefined}
                      onClick={() => void decide(e.id, 'approve')}
                      data-testid="approve"
                    >
                      Approve
                    </button>{' '}
                    <button
                      className="btn btn-secondary btn-sm"
                      type="button"
                      disabled={busy === e.id}
                      onClick={() => void decide(e.id, 'reject')}
                      data-testid="reject"
                    >
                      Reject
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** The ledger: each exception with its cost, who asked and decided, and its case's outcome. */
function LedgerTable({ entries }: { entries: ExceptionEntry[] }) {
  if (entries.length === 0) return <p className="list-empty muted">No exceptions yet.</p>;
  return (
    <table className="table" data-testid="ledger-table">
      <thead>
        <tr>
          <th scope="col">When</th>
          <th scope="col">Exception</th>
          <th scope="col" className="num">
            Cost
          </th>
          <th scope="col">Status</th>
          <th scope="col">Asked by</th>
          <th scope="col">Decided by</th>
          <th scope="col">Case</th>
          <th scope="col">Outcome</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {entries.map((e) => (
          <tr key={e.id} data-testid="ledger-row" data-id={e.id} data-status={e.status}>
            <td>{formatDateTime(e.createdAt)}</td>
            <td>{e.type.name}</td>
            <td className="num" data-testid="ledger-amount">
              {formatMoney(e.amount, e.currency)}
            </td>
            <td>{statusBadge(e.status)}</td>
            <td>{e.requestedBy?.name ?? '—'}</td>
            <td>{e.decidedBy?.name ?? '—'}</td>
            <td>{e.caseId ? <a href={`#/cases/${encodeURIComponent(e.caseId)}`}>Open case</a> : '—'}</td>
            <td data-testid="ledger-outcome">{outcomeText(e)}</td>
            <td className="muted">{e.reason}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One exception type's limits per role, editable by admins (in major units). */
function TypeRow({
  type,
  canManage,
  onSaved,
}: {
  type: ExceptionType;
  canManage: boolean;
  onSaved: () => void;
}) {
  const show = (v: number | null) => (v === null ? '' : String(v / 10 ** minorDigits(type.currency)));
  const [limits, setLimits] = useState(() => ({
    agent: show(type.limits.agent),
    admin: show(type.limits.admin),
    owner: show(type.limits.owner),
  }));
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);

  async function save(patch: Parameters<typeof api.updateExceptionType>[1]) {
    setBusy(true);
    setError(null);
    try {
      await api.updateExceptionType(type.id, patch);
      onSaved();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  function saveLimits() {
    const parsed = Object.fromEntries(
      LIMIT_ROLES.map((r) => [r, limits[r].trim() === '' ? null : parseMoney(limits[r], type.currency)]),
    ) as Record<(typeof LIMIT_ROLES)[number], number | null>;
    const bad = LIMIT_ROLES.find((r) => limits[r].trim() !== '' && parsed[r] === null);
    if (bad) {
      setError(new Error(`The ${bad} limit is not an amount in ${type.currency}.`));
      return;
    }
    void save({ limits: parsed });
  }

  return (
    <tr data-testid="type-row" data-key={type.key}>
      <td>
        {type.name}
        {!type.active && <span className="badge badge-muted"> off</span>}
        <div className="muted small">
          {humanize(type.kind)} · {type.currency}
          {type.requiresReason ? ' · reason required' : ''}
        </div>
        <ErrorBanner error={error} />
      </td>
      {LIMIT_ROLES.map((r) => (
        <td key={r} className="num" data-testid={`type-limit-${r}`}>
          {canManage ? (
            <input
              className="limit-input"
              inputMode="decimal"
              size={8}
              placeholder="no limit"
              aria-label={`${humanize(r)} limit of ${type.name}`}
              value={limits[r]}
              onChange={(e) => setLimits((l) => ({ ...l, [r]: e.target.value }))}
            />
          ) : (
            limitText(type, r)
          )}
        </td>
      ))}
      {canManage && (
        <td className="actions">
          <button className="btn btn-secondary btn-sm" type="button" disabled={busy} onClick={saveLimits}>
            Save
          </button>{' '}
          <button
            className="btn btn-ghost btn-sm"
            type="button"
            disabled={busy}
            onClick={() => void save({ active: !type.active })}
          >
            {type.active ? 'Switch off' : 'Switch on'}
          </button>
        </td>
      )}
    </tr>
  );
}

/** The exception types with their limits, and a form to add one (admins). */
function TypesCard({ canManage }: { canManage: boolean }) {
  const types = useResource('exception-types', () => api.exceptionTypes());
  const [draft, setDraft] = useState({
    name: '',
    kind: 'goodwill_credit' as ExceptionType['kind'],
    currency: 'USD',
  });
  const [error, setError] = useState<unknown>(null);

  async function add() {
    setError(null);
    try {
      const key = draft.name
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-+|-+$/g, '');
      await api.createExceptionType({
        // A name in another script has no ASCII slug: the key is then made up, and stays stable.
        key: key || `exception-${Date.now().toString(36)}`,
        name: draft.name,
        kind: draft.kind,
        currency: draft.currency,
      });
      setDraft((d) => ({ ...d, name: '' }));
      types.reload();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section className="card" aria-labelledby="types-title" data-testid="exception-types">
      <h2 id="types-title" className="card-title">
        Exceptions staff may grant
      </h2>
      <p className="muted small">
        The most each role grants without asking; above it an admin (within their own limit) or an owner
        approves. Empty means no limit.
      </p>
      <ErrorBanner error={types.error} title="Could not load the exception types." />
      <table className="table table-compact">
        <thead>
          <tr>
            <th scope="col">Exception</th>
            {LIMIT_ROLES.map((r) => (
              <th key={r} scope="col" className="num">
                {humanize(r)}
              </th>
            ))}
            {canManage && <th scope="col" />}
          </tr>
        </thead>
        <tbody>
          {types.data?.exceptionTypes.map((t) => (
            <TypeRow key={`${t.id}:${t.updatedAt}`} type={t} canManage={canManage} onSaved={types.reload} />
          ))}
        </tbody>
      </table>
      {canManage && (
        <div className="inline-form" data-testid="type-add">
          <input
            placeholder="New exception, e.g. Late checkout"
            maxLength={120}
            value={draft.name}
            onChange={(e) => setDraft((d) => ({ ...d, name: e.target.value }))}
            aria-label="Name of the new exception"
          />
          <select
            value={draft.kind}
            onChange={(e) => setDraft((d) => ({ ...d, kind: e.target.value as ExceptionType['kind'] }))}
            aria-label="Kind"
          >
            {(['goodwill_credit', 'fee_waiver', 'special_occasion', 'other'] as const).map((k) => (
              <option key={k} value={k}>
                {humanize(k)}
              </option>
            ))}
          </select>
          <input
            size={4}
            maxLength={3}
            value={draft.currency}
            onChange={(e) => setDraft((d) => ({ ...d, currency: e.target.value.toUpperCase() }))}
            aria-label="Currency"
          />
          <button
            className="btn btn-secondary btn-sm"
            type="button"
            disabled={!draft.name.trim()}
            onClick={() => void add()}
          >
            Add
          </button>
        </div>
      )}
      <ErrorBanner error={error} title="Could not add the exception:" />
    </section>
  );
}

/** The policies the business runs by; admins edit them in place and save the whole list. */
function PoliciesCard({ canManage }: { canManage: boolean }) {
  const policies = useResource('policies', () => api.policies());
  const [rows, setRows] = useState<Pick<Policy, 'key' | 'name' | 'description' | 'active'>[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const editing = rows !== null;
  const list = policies.data?.policies ?? [];

  async function save() {
    if (!rows) return;
    setBusy(true);
    setError(null);
    try {
      // New rows get a key from their name, made unique among the rows (the server matches by key).
      const taken = new Set(rows.map((r) => r.key).filter(Boolean));
      const keyOf = (name: string) => {
        const base =
          name
            .toLowerCase()
            .replace(/[^a-z0-9]+/g, '-')
            .replace(/^-+|-+$/g, '')
            .slice(0, 50) || 'policy';
        let key = base;
        for (let n = 2; taken.has(key); n++) key = `${base}-${n}`;
        taken.add(key);
        return key;
      };
      await api.savePolicies({
        policies: rows
          .filter((r) => r.name.trim())
          .map((r) => ({ ...r, key: r.key || keyOf(r.name), name: r.name.trim() })),
      });
      setRows(null);
      policies.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="policies-title" data-testid="policies">
      <div className="card-head">
        <h2 id="policies-title" className="card-title">
          Policies
        </h2>
        {canManage && !editing && (
          <button
            className="btn btn-secondary btn-sm"
            type="button"
            onClick={() =>
              setRows(list.map(({ key, name, description, active }) => ({ key, name, description, active })))
            }
            data-testid="policies-edit"
          >
            Edit
          </button>
        )}
      </div>
      <ErrorBanner error={policies.error ?? error} title="Policies:" />
      {!editing && list.length === 0 && <p className="list-empty muted">No policies written down yet.</p>}
      {!editing && (
        <ul className="policy-list">
          {list.map((p) => (
            <li key={p.id} data-testid="policy">
              <strong>{p.name}</strong>
              {!p.active && <span className="badge badge-muted"> inactive</span>}
              <div className="muted small">{p.description}</div>
            </li>
          ))}
        </ul>
      )}
      {editing && (
        <div className="form-card">
          {rows.map((r, i) => (
            <div key={i} className="form-grid" data-testid="policy-edit-row">
              <input
                aria-label="Policy name"
                maxLength={120}
                value={r.name}
                onChange={(e) =>
                  setRows((rs) => rs && rs.map((x, j) => (j === i ? { ...x, name: e.target.value } : x)))
                }
              />
              <input
                aria-label="Policy description"
                maxLength={4000}
                value={r.description}
                onChange={(e) =>
                  setRows(
                    (rs) => rs && rs.map((x, j) => (j === i ? { ...x, description: e.target.value } : x)),
                  )
                }
              />
              <label className="check">
                <input
                  type="checkbox"
                  checked={r.active}
                  onChange={(e) =>
                    setRows(
                      (rs) => rs && rs.map((x, j) => (j === i ? { ...x, active: e.target.checked } : x)),
                    )
                  }
                />
                Active
              </label>
            </div>
          ))}
          <div className="form-actions">
            <button
              className="btn btn-ghost btn-sm"
              type="button"
              onClick={() =>
                setRows((rs) => [...(rs ?? []), { key: '', name: '', description: '', active: true }])
              }
            >
              + Policy
            </button>
            <button
              className="btn btn-primary btn-sm"
              type="button"
              disabled={busy}
              onClick={() => void save()}
              data-testid="policies-save"
            >
              Save policies
            </button>
            <button className="btn btn-ghost btn-sm" type="button" onClick={() => setRows(null)}>
              Cancel
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

/**
 * Policies & exceptions: what staff may grant and up to how much, the approvals waiting for an
 * admin, and the ledger of every exception with its cost and its case's outcome — what flexibility buys.
 */
export function ExceptionsPage({ role, userId }: { role: Role; userId: string }) {
  const [status, setStatus] = useState<ExceptionStatus | ''>('');
  const [generation, setGeneration] = useState(0);
  const ledger = useResource(`exceptions:${status}:${generation}`, () =>
    api.exceptionLedger(status ? { status } : {}),
  );
  const pending = useResource(`exceptions:pending:${generation}`, () =>
    api.exceptionLedger({ status: 'pending' }),
  );
  const canManage = role === 'admin' || role === 'owner';
  const refresh = () => setGeneration((g) => g + 1);
  const l = ledger.data;
  const rate = (r: { rate: number | null; closed: number }) =>
    r.rate === null ? '—' : `${formatPercent(r.rate)} of ${formatInt(r.closed)}`;

  return (
    <div className="page page-wide" data-testid="exceptions-page">
      <div className="page-header">
        <div>
          <h1>Policies &amp; exceptions</h1>
          <p className="page-sub muted">
            Staff grant exceptions within their limit; above it, an admin approves. Every one is logged with
            its cost and what became of the case.
          </p>
        </div>
      </div>
      <ErrorBanner error={ledger.error ?? pending.error} title="Could not load the ledger." />
      {l && (
        <dl className="figures" data-testid="ledger-totals">
          <div className="figure">
            <dt>Given ({formatInt(count(l.totals.given))})</dt>
            <dd>
              <Sums sums={l.totals.given} testId="total-given" />
            </dd>
          </div>
          <div className="figure">
            <dt>Waiting ({formatInt(count(l.totals.pending))})</dt>
            <dd>
              <Sums sums={l.totals.pending} testId="total-pending" />
            </dd>
          </div>
          <div className="figure">
            <dt>Rejected ({formatInt(count(l.totals.rejected))})</dt>
            <dd>
              <Sums sums={l.totals.rejected} testId="total-rejected" />
            </dd>
          </div>
          <div
            className="figure"
            title="Closed cases with a granted or approved exception that ended recovered"
          >
            <dt>Recovered with an exception</dt>
            <dd data-testid="recovery-with">{rate(l.recovery.withException)}</dd>
          </div>
          <div className="figure" title="Closed cases without one">
            <dt>Recovered without</dt>
            <dd data-testid="recovery-without">{rate(l.recovery.withoutException)}</dd>
          </div>
        </dl>
      )}

      {canManage && pending.data && (
        <Approvals pending={pending.data.exceptions} role={role} userId={userId} onDecided={refresh} />
      )}

      <GrantExceptionForm role={role} onGranted={refresh} />

      <section className="card" aria-labelledby="ledger-title" data-testid="ledger">
        <div className="card-head">
          <h2 id="ledger-title" className="card-title">
            Ledger
          </h2>
          <label className="filter">
            <span className="filter-label">Status</span>
            <select
              value={status}
              onChange={(e) => setStatus(e.target.value as ExceptionStatus | '')}
              data-testid="ledger-status"
            >
              <option value="">All</option>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {humanize(s)}
                </option>
              ))}
            </select>
          </label>
        </div>
        {l && <LedgerTable entries={l.exceptions} />}
        {l && l.total > l.exceptions.length && (
          <p className="muted small">
            The newest {formatInt(l.exceptions.length)} of {formatInt(l.total)}; the totals cover all of them.
          </p>
        )}
        {l && l.totals.byOutcome.length > 0 && (
          <table className="table table-compact" data-testid="totals-by-outcome">
            <caption className="muted small">Given, by what became of the case</caption>
            <tbody>
              {l.totals.byOutcome.map((o) => (
                <tr key={`${o.outcome}:${o.currency}`} data-outcome={o.outcome}>
                  <th scope="row">{o.outcome === 'no_case' ? 'No case' : humanize(o.outcome)}</th>
                  <td className="num">{formatInt(o.count)}</td>
                  <td className="num">{formatMoney(o.amount, o.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {l && l.totals.byType.length > 0 && (
          <table className="table table-compact" data-testid="totals-by-type">
            <caption className="muted small">Given, by exception</caption>
            <tbody>
              {l.totals.byType.map((t) => (
                <tr key={`${t.typeId}:${t.currency}`}>
                  <th scope="row">{t.name}</th>
                  <td className="num">{formatInt(t.count)}</td>
                  <td className="num">{formatMoney(t.amount, t.currency)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <TypesCard canManage={canManage} />
      <PoliciesCard canManage={canManage} />
    </div>
  );
}
