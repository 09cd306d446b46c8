import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { Logo } from '../components/logo';
import type { Session } from '../types';

const MIN_PASSWORD = 10;

/** First run: creates the owner account and the first workspace, then signs the owner in. */
export function SetupPage({ onDone }: { onDone: (s: Session) => void }) {
  const [form, setForm] = useState({ name: '', email: '', password: '', workspaceName: '' });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      onDone(await api.setup(form));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <main className="center-screen">
      <form className="auth-card" onSubmit={(e) => void submit(e)} data-testid="setup-form">
        <Logo />
        <h1 className="auth-title">Welcome to Touchpoint</h1>
        <p className="muted">Create the owner account and your first workspace.</p>
        <ErrorBanner error={error} title="Setup failed." />
        <label className="field">
          <span>Your name</span>
          <input
            required
            autoComplete="name"
            value={form.name}
            onChange={set('name')}
            data-testid="setup-name"
          />
        </label>
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            required
            autoComplete="username"
            value={form.email}
            onChange={set('email')}
            data-testid="setup-email"
          />
        </label>
        <label className="field">
          <span>Password</span>
          <input
            type="password"
            required
            minLength={MIN_PASSWORD}
            autoComplete="new-password"
            value={form.password}
            onChange={set('password')}
            aria-describedby="setup-password-hint"
            data-testid="setup-password"
          />
          <small id="setup-password-hint" className="muted">
            At least {MIN_PASSWORD} characters.
          </small>
        </label>
        <label className="field">
          <span>Workspace name</span>
          <input
            required
            placeholder="e.g. Harbor Bistro"
            value={form.workspaceName}
            onChange={set('workspaceName')}
            data-testid="setup-workspace"
          />
        </label>
        <button
          className="btn btn-primary btn-block"
          type="submit"
          disabled={busy}
          data-testid="setup-submit"
        >
          {busy ? 'Creating…' : 'Create account'}
        </button>
      </form>
    </main>
  );
}
