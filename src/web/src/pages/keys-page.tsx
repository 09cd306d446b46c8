import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { SecretField } from '../components/copy-button';
import { ErrorBanner } from '../components/error-banner';
import { formatDateTime } from '../format';
import { SCOPES, type ApiKey, type Scope } from '../types';
import { useResource } from '../use-resource';

const SCOPE_HELP: Record<Scope, string> = {
  'feedback:read': 'Read feedback items and counts',
  'feedback:write': 'Send feedback items',
  'workspace:read': 'Read brands and the journey taxonomy',
  'analytics:read': 'Read metrics, the journey heatmap, key drivers and the benchmark',
  'customers:read': 'Read customers: profiles, timelines, moments, lifecycle, ambassadors, segments',
  'customers:write':
    'Import customers, add notes, merge and unmerge, decide match suggestions, save segments',
  'customers:privacy': 'Export everything about one customer and erase them',
  'surveys:read':
    'Read surveys, their results and invitations, contact rules, the send log and review requests',
  'surveys:write':
    'Create and change surveys, invite customers, change contact rules and consent, send review requests',
  'events:write': 'Send customer events (an order delivered, a case closed) that trigger surveys',
};

function NewKey({ secret, apiKey, onDismiss }: { secret: string; apiKey: ApiKey; onDismiss: () => void }) {
  return (
    <section className="card callout" role="status" data-testid="new-key">
      <h2 className="card-title">Key “{apiKey.name}” created</h2>
      <p>
        Copy it now: it is shown only once. Send it as <code>Authorization: Bearer …</code>.
      </p>
      <SecretField value={secret} label="New API key" testId="new-key-value" copyTestId="copy-key" />
      <button className="btn btn-ghost btn-sm" type="button" onClick={onDismiss}>
        I have stored it
      </button>
    </section>
  );
}

/** API keys of the workspace: create one with scopes (the secret is shown once), list, revoke. */
export function KeysPage() {
  const keys = useResource('keys', () => api.keys());
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<Scope[]>(['feedback:write']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [created, setCreated] = useState<{ key: string; apiKey: ApiKey } | null>(null);

  function toggle(scope: Scope) {
    setScopes((s) => (s.includes(scope) ? s.filter((x) => x !== scope) : [...s, scope]));
  }

  async function create(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await api.createKey(name.trim(), scopes));
      setName('');
      keys.reload();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  async function revoke(key: ApiKey) {
    if (!window.confirm(`Revoke the key “${key.name}”? Programs using it will stop working at once.`)) return;
    setError(null);
    try {
      await api.revokeKey(key.id);
      keys.reload();
    } catch (err) {
      setError(err);
    }
  }

  const list = keys.data?.keys ?? [];

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>API keys</h1>
          <p className="page-sub">Keys let other programs send and read feedback of this workspace.</p>
        </div>
      </div>

      {created && <NewKey secret={created.key} apiKey={created.apiKey} onDismiss={() => setCreated(null)} />}
      <ErrorBanner error={error ?? keys.error} />

      <form className="card form-card" onSubmit={(e) => void create(e)} data-testid="key-form">
        <h2 className="card-title">Create a key</h2>
        <label className="field">
          <span>Name</span>
          <input
            required
            maxLength={100}
            placeholder="e.g. Zendesk sync"
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="key-name"
          />
        </label>
        <fieldset className="field">
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="check">
              <input
                type="checkbox"
                checked={scopes.includes(scope)}
                onChange={() => toggle(scope)}
                data-testid={`key-scope-${scope}`}
              />
              <code>{scope}</code> <span className="muted">{SCOPE_HELP[scope]}</span>
            </label>
          ))}
        </fieldset>
        <div className="form-actions">
          <button
            className="btn btn-primary"
            type="submit"
            disabled={busy || !name.trim() || scopes.length === 0}
            data-testid="key-create"
          >
            {busy ? 'Creating…' : 'Create key'}
          </button>
        </div>
      </form>

      <section className="card list-card">
        {keys.loading && !keys.data ? (
          <div className="list-empty">
            <span className="spinner" aria-label="Loading" />
          </div>
        ) : list.length === 0 ? (
          <p className="list-empty muted">No API keys yet.</p>
        ) : (
          <table className="table" data-testid="keys-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Key</th>
                <th scope="col">Scopes</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((key) => (
                <tr key={key.id} data-testid="key-row" className={key.revokedAt ? 'is-revoked' : undefined}>
                  <td>
                    {key.name}
                    {key.revokedAt && <span className="badge badge-muted">Revoked</span>}
                  </td>
                  <td>
                    <code>{key.prefix}…</code>
                  </td>
                  <td>
                    {key.scopes.map((s) => (
                      <span key={s} className="tag">
                        {s}
                      </span>
                    ))}
                  </td>
                  <td className="nowrap">{formatDateTime(key.createdAt)}</td>
                  <td className="nowrap">{key.lastUsedAt ? formatDateTime(key.lastUsedAt) : 'Never'}</td>
                  <td className="actions">
                    {!key.revokedAt && (
                      <button
                        className="btn btn-danger btn-sm"
                        type="button"
                        onClick={() => void revoke(key)}
                        data-testid="key-revoke"
                      >
                        Revoke
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
