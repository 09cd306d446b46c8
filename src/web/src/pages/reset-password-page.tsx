import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { Logo } from '../components/logo';

const MIN_PASSWORD = 10;

/** "Forgot password": asks for a reset link. The answer is the same for every address. */
function RequestReset() {
  const [email, setEmail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [sent, setSent] = useState<string | null>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setSent((await api.requestPasswordReset(email.trim())).message);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="auth-card" onSubmit={(e) => void submit(e)} data-testid="reset-request-form">
      <Logo />
      <h1 className="auth-title">Forgot your password?</h1>
      {sent ? (
        <p className="alert alert-info" role="status" data-testid="reset-requested">
          {sent}
        </p>
      ) : (
        <>
          <p className="muted">
            Type the e-mail address of your account and we will send a link to choose a new password. If no
            e-mail arrives, this server may not send e-mail: ask the person who runs Touchpoint.
          </p>
          <ErrorBanner error={error} />
          <label className="field">
            <span>Email</span>
            <input
              type="email"
              autoComplete="username"
              required
              maxLength={320}
              value={email}
              onChange={(e) => setEmail(e.target.value)}
              data-testid="reset-email"
            />
          </label>
          <button
            className="btn btn-primary btn-block"
            type="submit"
            disabled={busy || !email.trim()}
            data-testid="reset-request-submit"
          >
            {busy ? 'Sending…' : 'Send the link'}
          </button>
        </>
      )}
      <a href="#/" data-testid="back-to-login">
        Back to log in
      </a>
    </form>
  );
}

/** Sets a new password with the token of a reset link; every session of the account ends. */
function ChooseNewPassword({ token, onDone }: { token: string; onDone: () => void }) {
  const [password, setPassword] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const mismatch = repeat !== '' && repeat !== password;

  async function submit(e: FormEvent) {
    e.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(null);
    try {
      await api.resetPassword({ token, password });
      onDone();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <form className="auth-card" onSubmit={(e) => void submit(e)} data-testid="reset-form">
      <Logo />
      <h1 className="auth-title">Choose a new password</h1>
      <p className="muted">Setting it logs this account out everywhere; then log in with the new one.</p>
      <ErrorBanner error={error} title="Could not set the password:" />
      <label className="field">
        <span>New password</span>
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={MIN_PASSWORD}
          maxLength={200}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          data-testid="reset-password"
        />
        <span className="muted small">At least {MIN_PASSWORD} characters.</span>
      </label>
      <label className="field">
        <span>Repeat it</span>
        <input
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
          aria-invalid={mismatch ? true : undefined}
          data-testid="reset-password-repeat"
        />
        {mismatch && <span className="field-error">The two passwords differ.</span>}
      </label>
      <button
        className="btn btn-primary btn-block"
        type="submit"
        disabled={busy || !password || mismatch}
        data-testid="reset-submit"
      >
        {busy ? 'Saving…' : 'Set the new password'}
      </button>
    </form>
  );
}

/** `#/reset-password`: ask for a link; `#/reset-password?token=…` (the mailed link): set the password. */
export function ResetPasswordPage({ token, onDone }: { token: string | null; onDone: () => void }) {
  return (
    <main className="center-screen">
      {token ? <ChooseNewPassword token={token} onDone={onDone} /> : <RequestReset />}
    </main>
  );
}
