import { useEffect, useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { Logo } from '../components/logo';
import { formatDateTime, humanize } from '../format';
import type { ReceivedInvitation, Session } from '../types';

const MIN_PASSWORD = 10;

type Loaded =
  | { phase: 'loading' }
  | { phase: 'failed'; error: unknown }
  | { phase: 'ready'; invitation: ReceivedInvitation };

/**
 * The page an invitation link opens (`#/invitation?token=…`), signed in or not. Signed in as the
 * invited address, one button accepts. Otherwise the invitee sets a name and password for a new
 * account, or types the password of the account the address already has; the page does not say
 * which exists, so the link does not tell its holder whether the address has an account.
 */
export function InvitationPage({
  token,
  session,
  onAccepted,
}: {
  token: string;
  session: Session | null;
  onAccepted: (session: Session, workspaceId: string) => void;
}) {
  const [loaded, setLoaded] = useState<Loaded>({ phase: 'loading' });
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let current = true;
    api.previewInvitation(token).then(
      (invitation) => current && setLoaded({ phase: 'ready', invitation }),
      (e: unknown) => current && setLoaded({ phase: 'failed', error: e }),
    );
    return () => {
      current = false;
    };
  }, [token]);

  async function accept(e?: FormEvent) {
    e?.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const trimmed = name.trim();
      const r = await api.acceptInvitationByToken({
        token,
        ...(trimmed ? { name: trimmed } : {}),
        ...(password ? { password } : {}),
      });
      onAccepted(r.session, r.workspaceId);
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'invalid_credentials'
          ? new Error('That is not the password of the account with this address.')
          : err,
      );
      setBusy(false);
    }
  }

  let body;
  if (loaded.phase === 'loading') {
    body = <span className="spinner" aria-label="Loading" />;
  } else if (loaded.phase === 'failed') {
    body = (
      <>
        <h1 className="auth-title">Invitation</h1>
        <p className="alert alert-error" role="alert" data-testid="invitation-invalid">
          {loaded.error instanceof ApiError && loaded.error.code === 'invitation_not_found'
            ? 'This invitation link does not work: it was used, declined or revoked, or it expired. Ask the person who invited you for a new one.'
            : 'The invitation could not be loaded.'}
        </p>
        <a href="#/">Go to Touchpoint</a>
      </>
    );
  } else {
    const inv = loaded.invitation;
    const signedInAsInvitee = session !== null && session.user.email === inv.email;
    body = (
      <>
        <h1 className="auth-title">Join {inv.workspaceName}</h1>
        <p data-testid="invitation-summary">
          {inv.invitedBy ?? 'Someone'} invited <strong>{inv.email}</strong> as{' '}
          <strong>{humanize(inv.role)}</strong>. The link works until {formatDateTime(inv.expiresAt)}.
        </p>
        <ErrorBanner error={error} title="Could not accept:" />
        {signedInAsInvitee ? (
          <button
            className="btn btn-primary btn-block"
            type="button"
            disabled={busy}
            onClick={() => void accept()}
            data-testid="invitation-accept"
          >
            {busy ? 'Joining…' : `Join as ${session.user.name}`}
          </button>
        ) : (
          <form className="form-card" onSubmit={(e) => void accept(e)} data-testid="invitation-form">
            <p className="muted small">
              New to Touchpoint? Choose your name and a password. Already have an account with this address?
              Type its password; your name stays as it is.
            </p>
            <label className="field">
              <span>Your name</span>
              <input
                autoComplete="name"
                maxLength={120}
                value={name}
                onChange={(e) => setName(e.target.value)}
                data-testid="invitation-name"
              />
            </label>
            <label className="field">
              <span>Password</span>
              <input
                type="password"
                autoComplete="new-password"
                required
                maxLength={200}
                value={password}
                onChange={(e) => setPassword(e.target.value)}
                aria-describedby="invitation-password-help"
                data-testid="invitation-password"
              />
              <span className="muted small" id="invitation-password-help">
                A new password needs at least {MIN_PASSWORD} characters.
              </span>
            </label>
            <button
              className="btn btn-primary btn-block"
              type="submit"
              disabled={busy || !password}
              data-testid="invitation-submit"
            >
              {busy ? 'Joining…' : 'Accept and join'}
            </button>
          </form>
        )}
        <p className="muted small">
          Not for you? Ignore it: nothing changes until it is accepted.
          {session && ' Signed-in invitations also show on your account page, where you can decline them.'}
        </p>
      </>
    );
  }

  return (
    <main className="center-screen">
      <div className="auth-card" data-testid="invitation-page">
        <Logo />
        {body}
      </div>
    </main>
  );
}
