import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { humanize } from '../format';
import type { ExceptionEntry, ExceptionType, Role } from '../types';
import { useResource } from '../use-resource';
import { ErrorBanner } from './error-banner';

/** How many minor units a currency has (2 for USD and EUR, 0 for JPY). */
export function minorDigits(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** An amount in minor units as money: `formatMoney(2500, 'USD')` → `$25.00`. */
export function formatMoney(minor: number, currency: string): string {
  const major = minor / 10 ** minorDigits(currency);
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency }).format(major);
  } catch {
    return `${major.toFixed(2)} ${currency}`;
  }
}

/**
 * What a person typed (`25`, `25.5`, `25,50`) in minor units, or null when it is not an amount of
 * the currency (negative, or more decimals than the currency has).
 */
export function parseMoney(text: string, currency: string): number | null {
  const digits = minorDigits(currency);
  const t = text.trim().replace(',', '.');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return null;
  const fraction = m[2] ?? '';
  if (fraction.length > digits) return null;
  return Number(m[1]) * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0');
}

/** The limit of `role` for a type, as people read it. */
export function limitText(type: ExceptionType, role: Role): string {
  if (role === 'viewer') return 'none';
  const limit = type.limits[role];
  return limit === null ? 'no limit' : formatMoney(limit, type.currency);
}

/** The server's message for one field of a refused request, if it sent one. */
function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors?.find((e) => e.path === field)?.message;
}

interface GrantExceptionFormProps {
  role: Role;
  /** The case the exception is for; its item and customer are recorded with it. */
  caseId?: string;
  itemId?: string;
  onGranted?: (entry: ExceptionEntry) => void;
}

/**
 * Grants an exception — within the signed-in person's limit for its type it is granted at once,
 * above it it waits for an admin. Embeddable on a case page: `<GrantExceptionForm role={role} caseId={id} />`.
 */
export function GrantExceptionForm({ role, caseId, itemId, onGranted }: GrantExceptionFormProps) {
  const types = useResource('exception-types', () => api.exceptionTypes());
  const active = types.data?.exceptionTypes.filter((t) => t.active) ?? [];
  const [typeId, setTypeId] = useState('');
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<ExceptionEntry | null>(null);
  const type = active.find((t) => t.id === typeId) ?? active[0];
  const minor = type ? parseMoney(amount, type.currency) : null;
  const needsApproval =
    type &&
    minor !== null &&
    role !== 'viewer' &&
    type.limits[role] !== null &&
    minor > (type.limits[role] ?? 0);

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!type) return;
    if (minor === null) {
      setError(
        new ApiError(400, {
          title: 'Invalid amount',
          detail: `Give the amount in ${type.currency}, such as 25 or 25.50.`,
          errors: [{ path: 'amount', message: `must be an amount in ${type.currency}` }],
        }),
      );
      return;
    }
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const entry = await api.grantException({
        typeId: type.id,
        amount: minor,
        reason,
        ...(caseId ? { caseId } : {}),
        ...(itemId ? { itemId } : {}),
      });
      setDone(entry);
      setAmount('');
      setReason('');
      onGranted?.(entry);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  if (role === 'viewer') return null;
  return (
    <form className="card form-card grant-form" onSubmit={(e) => void submit(e)} data-testid="grant-form">
      <h2 className="card-title">{caseId ? 'Grant an exception on this case' : 'Grant an exception'}</h2>
      <ErrorBanner error={types.error} title="Could not load the exception types." />
      <div className="form-grid">
        <label className="field">
          <span>Exception</span>
          <select
            value={type?.id ?? ''}
            onChange={(e) => setTypeId(e.target.value)}
            data-testid="grant-type"
            disabled={active.length === 0}
          >
            {active.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Amount{type ? ` (${type.currency})` : ''}</span>
          <input
            inputMode="decimal"
            required
            placeholder="25.00"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
            aria-invalid={fieldError(error, 'amount') ? true : undefined}
            data-testid="grant-amount"
          />
          {fieldError(error, 'amount') && (
            <span className="field-error" data-testid="grant-amount-error">
              {fieldError(error, 'amount')}
            </span>
          )}
        </label>
      </div>
      {type && (
        <p className="muted small field-note" data-testid="grant-limit">
          Your limit for {type.name.toLowerCase()}: {limitText(type, role)}.{' '}
          {needsApproval ? 'This amount is above it: an admin will be asked to approve.' : ''}
        </p>
      )}
      <label className="field">
        <span>Reason{type?.requiresReason ? '' : ' (optional)'}</span>
        <textarea
          rows={2}
          maxLength={2000}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          aria-invalid={fieldError(error, 'reason') ? true : undefined}
          data-testid="grant-reason"
        />
        {fieldError(error, 'reason') && <span className="field-error">{fieldError(error, 'reason')}</span>}
      </label>
      <ErrorBanner error={error} title="Could not grant the exception:" />
      {done && (
        <p className="alert alert-info" role="status" data-testid="grant-result" data-status={done.status}>
          {done.status === 'granted'
            ? `Granted: ${done.type.name} of ${formatMoney(done.amount, done.currency)}.`
            : `${humanize(done.status)}: ${done.type.name} of ${formatMoney(done.amount, done.currency)} waits for an admin's approval.`}
        </p>
      )}
      <div className="form-actions">
        <button className="btn btn-primary" type="submit" disabled={busy || !type} data-testid="grant-submit">
          {busy ? 'Sending…' : needsApproval ? 'Ask for approval' : 'Grant'}
        </button>
      </div>
    </form>
  );
}
