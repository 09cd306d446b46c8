import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { formatDate, humanize } from '../format';
import type { ReceivedInvitation, Session } from '../types';
import { useResource } from '../use-resource';

const MIN_PASSWORD = 10;

/**
 * Invitations waiting for the signed-in user, each with Join and Decline. Shown as a banner on
 * every page while there are any, and on the account page.
 */
export function PendingInvitations({
  onJoined,
  compact = false,
}: {
  onJoined: (session: Session, workspaceId: string) => void;
  compact?: boolean;
}) {
  const pending = useResource('my-invitations', () => api.myInvitations());
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const list = pending.data?.invitations ?? [];

  async function act(invitation: ReceivedInvitation, join: boolean) {
    setBusy(invitation.id);
    setError(null);
    try {
      if (join) {
        const r = await api.acceptInvitation(invitation.id);
        onJoined(r.session, r.workspaceId);
      } else {
        await api.declineInvitation(invitation.id);
      }
      pending.mutate((d) => ({ invitations: d.invitations.filter((i) => i.id !== invitation.id) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  if (list.length === 0) {
    return compact || pending.loading ? null : (
      <p className="muted" data-testid="no-invitations">
        No invitations are waiting for you.
      </p>
    );
  }
  return (
    <section className="alert alert-info invitation-banner" role="status" data-testid="pending-invitations">
      <ErrorBanner error={error} title="Could not answer the invitation:" />
      <ul>
        {list.map((i) => (
          <li key={i.id} className="invitation-item" data-testid="pending-invitation">
            <span>
              {i.invitedBy ?? 'Someone'} invited you to <strong>{i.workspaceName}</strong> as{' '}
              {humanize(i.role)}
              <span className="muted small"> · until {formatDate(i.expiresAt)}</span>
            </span>
            <span className="form-actions">
              <button
                className="btn btn-primary btn-sm"
                type="button"
                disabled={busy === i.id}
                onClick={() => void act(i, true)}
                data-testid="pending-invitation-accept"
              >
                Join
              </button>
              <button
                className="btn btn-ghost btn-sm"
                type="button"
                disabled={busy === i.id}
                onClick={() => void act(i, false)}
                data-testid="pending-invitation-decline"
              >
                Decline
              </button>
            </span>
          </li>
        ))}
      </ul>
    </section>
  );
}

function ChangePassword() {
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', repeat: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const mismatch = form.repeat !== '' && form.repeat !== form.newPassword;
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    setDone(false);
    try {
      await api.changePassword({ currentPassword: form.currentPassword, newPassword: form.newPassword });
      setForm({ currentPassword: '', newPassword: '', repeat: '' });
      setDone(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const fieldError = (field: string) =>
    error instanceof ApiError ? error.problem.errors?.find((x) => x.path === field)?.message : undefined;
  const currentError = fieldError('currentPassword');
  const newError = fieldError('newPassword');
  return (
    <form className="card form-card" onSubmit={(e) => void submit(e)} data-testid="password-form">
      <h2 className="card-title">Password</h2>
      <p className="muted small field-note">
        Changing it logs you out on every other browser and device; this one stays signed in.
      </p>
      {done && (
        <p className="alert alert-info" role="status" data-testid="password-changed">
          Your password is changed. Every other session has ended.
        </p>
      )}
      <ErrorBanner error={currentError || newError ? null : error} title="Could not change the password:" />
      <label className="field">
        <span>Current password</span>
        <input
          type="password"
          autoComplete="current-password"
          required
          maxLength={200}
          value={form.currentPassword}
          onChange={set('currentPassword')}
          aria-invalid={currentError ? true : undefined}
          data-testid="current-password"
        />
        {currentError && (
          <span className="field-error" data-testid="current-password-error">
            The current password {currentError}.
          </span>
        )}
      </label>
      <div className="form-grid">
        <label className="field">
          <span>New password</span>
          <input
            type="password"
            autoComplete="new-password"
            required
            minLength={MIN_PASSWORD}
            maxLength={200}
            value={form.newPassword}
            onChange={set('newPassword')}
            aria-invalid={newError ? true : undefined}
            data-testid="new-password"
          />
          <span className={newError ? 'field-error' : 'muted small'}>
            {newError ? `The new password ${newError}.` : `At least ${MIN_PASSWORD} characters.`}
          </span>
        </label>
        <label className="field">
          <span>Repeat the new password</span>
          <input
            type="password"
            autoComplete="new-password"
            required
            value={form.repeat}
            onChange={set('repeat')}
            aria-invalid={mismatch ? true : undefined}
            data-testid="new-password-repeat"
          />
          {mismatch && <span className="field-error">The two passwords differ.</span>}
        </label>
      </div>
      <div className="form-actions">
        <button
          className="btn btn-primary"
          type="submit"
          disabled={busy || mismatch || !form.currentPassword || !form.newPassword}
          data-testid="password-submit"
        >
          {busy ? 'Saving…' : 'Change password'}
        </button>
      </div>
    </form>
  );
}

/** The signed-in person's own account: who they are, their password, invitations waiting for them. */
export function AccountPage({
  session,
  onJoined,
}: {
  session: Session;
  onJoined: (session: Session, workspaceId: string) => void;
}) {
  return (
    <div className="page" data-testid="account-page">
      <div className="page-header">
        <div>
          <h1>Your account</h1>
          <p className="page-sub">
            {session.user.name} · {session.user.email}
          </p>
        </div>
      </div>
      <ChangePassword />
      <section className="card form-card">
        <h2 className="card-title">Invitations</h2>
        <PendingInvitations onJoined={onJoined} />
      </section>
    </div>
  );
}
