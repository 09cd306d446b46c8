import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { Logo } from '../components/logo';
import type { Session } from '../types';

export function LoginPage({ onLoggedIn, notice }: { onLoggedIn: (s: Session) => void; notice?: string }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onLoggedIn(await api.login({ email, password }));
    } catch (err) {
      setError(
        err instanceof ApiError && err.code === 'invalid_credentials'
          ? new Error('The email or the password is wrong.')
          : err,
      );
      setBusy(false);
    }
  }

  return (
    <main className="center-screen">
      <form className="auth-card" onSubmit={(e) => void submit(e)} data-testid="login-form">
        <Logo />
        <h1 className="auth-title">Log in</h1>
        {notice && !error && (
          <p className="alert alert-info" role="status" data-testid="login-notice">
            {notice}
          </p>
        )}
        <ErrorBanner error={error} />
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            autoComplete="username"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            data-testid="login-email"
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            data-testid="login-password"
          />
        </label>
        <button
          className="btn btn-primary btn-block"
          type="submit"
          disabled={busy}
          data-testid="login-submit"
        >
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <a href="#/reset-password" className="small" data-testid="forgot-password">
          Forgot your password?
        </a>
      </form>
    </main>
  );
}
