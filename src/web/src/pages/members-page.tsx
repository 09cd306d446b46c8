import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { formatDate, humanize } from '../format';
import { ROLES, type Member, type Role } from '../types';
import { useResource } from '../use-resource';

/** One line per role; each role can do everything the ones above it can. */
export const ROLE_HELP: Record<Role, string> = {
  viewer: 'Reads feedback, brands and the journey.',
  agent: 'Reads everything a viewer does, and corrects the sentiment of items (and will answer customers).',
  admin: 'Also imports and ingests feedback, and manages API keys and brands.',
  owner: 'Also adds, changes and removes members.',
};

const EMPTY_FORM = { email: '', role: 'viewer' as Role, name: '', password: '' };

/** The server's message for one field of a refused request (`errors[].path`), if it sent one. */
function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors?.find((e) => e.path === field)?.message;
}

function AddMemberForm({ onAdded }: { onAdded: (member: Member) => void }) {
  const [form, setForm] = useState(EMPTY_FORM);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const set = <K extends keyof typeof EMPTY_FORM>(key: K, value: (typeof EMPTY_FORM)[K]) =>
    setForm((f) => ({ ...f, [key]: value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const name = form.name.trim();
      const member = await api.addMember({
        email: form.email.trim(),
        role: form.role,
        ...(name ? { name } : {}),
        ...(form.password ? { password: form.password } : {}),
      });
      setForm(EMPTY_FORM);
      onAdded(member);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const errorFor = (field: string) => {
    const message = fieldError(error, field);
    return message ? (
      <span className="field-error" data-testid={`new-member-${field}-error`}>
        {message}
      </span>
    ) : null;
  };

  return (
    <form className="card form-card member-form" onSubmit={(e) => void submit(e)} data-testid="member-form">
      <h2 className="card-title">Add member</h2>
      <div className="form-grid">
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            required
            maxLength={254}
            autoComplete="off"
            placeholder="name@example.com"
            value={form.email}
            onChange={(e) => set('email', e.target.value)}
            aria-invalid={fieldError(error, 'email') ? true : undefined}
            data-testid="new-member-email"
          />
          {errorFor('email')}
        </label>
        <label className="field">
          <span>Role</span>
          <select
            value={form.role}
            onChange={(e) => set('role', e.target.value as Role)}
            aria-describedby="member-role-help"
            data-testid="new-member-role"
          >
            {ROLES.map((role) => (
              <option key={role} value={role}>
                {humanize(role)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul className="role-help" id="member-role-help" data-testid="role-help">
        {ROLES.map((role) => (
          <li key={role} className={role === form.role ? 'is-selected' : undefined}>
            <strong>{humanize(role)}</strong> <span className="muted">{ROLE_HELP[role]}</span>
          </li>
        ))}
      </ul>
      <fieldset className="field">
        <legend>New to Touchpoint?</legend>
        <p className="muted small field-note">
          For someone without an account yet: their name and a first password (at least 10 characters) to pass
          on to them privately. Leave both empty to add an existing account.
        </p>
        <div className="form-grid">
          <label className="field">
            <span>Name</span>
            <input
              maxLength={120}
              autoComplete="off"
              value={form.name}
              onChange={(e) => set('name', e.target.value)}
              aria-invalid={fieldError(error, 'name') ? true : undefined}
              data-testid="new-member-name"
            />
            {errorFor('name')}
          </label>
          <label className="field">
            <span>First password</span>
            <input
              type="password"
              minLength={10}
              autoComplete="new-password"
              value={form.password}
              onChange={(e) => set('password', e.target.value)}
              aria-invalid={fieldError(error, 'password') ? true : undefined}
              data-testid="new-member-password"
            />
            {errorFor('password')}
          </label>
        </div>
      </fieldset>
      <ErrorBanner error={error} title="Could not add the member:" />
      <div className="form-actions">
        <button
          className="btn btn-primary"
          type="submit"
          disabled={busy || !form.email.trim()}
          data-testid="member-add"
        >
          {busy ? 'Adding…' : 'Add member'}
        </button>
      </div>
    </form>
  );
}

interface RowProps {
  member: Member;
  isYou: boolean;
  canManage: boolean;
  busy: boolean;
  error: unknown;
  onChangeRole: (role: Role) => void;
  onRemove: () => void;
}

function MemberRow({ member, isYou, canManage, busy, error, onChangeRole, onRemove }: RowProps) {
  const [confirming, setConfirming] = useState(false);
  const label = member.user.name || member.user.email;
  return (
    <>
      <tr data-testid="member-row" data-email={member.user.email} data-role={member.role} aria-busy={busy}>
        <td>
          <span className="member-name" data-testid="member-name">
            {member.user.name}
          </span>
          {isYou && <span className="badge badge-muted">You</span>}
        </td>
        <td data-testid="member-email-cell">{member.user.email}</td>
        <td className="col-role">
          {canManage ? (
            <select
              className="role-select"
              value={member.role}
              disabled={busy}
              onChange={(e) => onChangeRole(e.target.value as Role)}
              aria-label={`Role of ${label}`}
              title={ROLE_HELP[member.role]}
              data-testid="member-role-select"
            >
              {ROLES.map((role) => (
                <option key={role} value={role}>
                  {humanize(role)}
                </option>
              ))}
            </select>
          ) : (
            <span
              className={`tag role-${member.role}`}
              title={ROLE_HELP[member.role]}
              data-testid="member-role"
            >
              {humanize(member.role)}
            </span>
          )}
        </td>
        <td className="nowrap">{formatDate(member.since)}</td>
        {canManage && (
          <td className="actions">
            {confirming ? (
              <span className="inline-form confirm" data-testid="member-remove-confirm">
                <span className="small">{isYou ? 'Remove yourself?' : 'Remove?'}</span>
                <button
                  className="btn btn-danger btn-sm"
                  type="button"
                  disabled={busy}
                  onClick={() => {
                    setConfirming(false);
                    onRemove();
                  }}
                  data-testid="member-remove-yes"
                >
                  Remove
                </button>
                <button
                  className="btn btn-ghost btn-sm"
                  type="button"
                  onClick={() => setConfirming(false)}
                  data-testid="member-remove-cancel"
                >
                  Cancel
                </button>
              </span>
            ) : (
              <button
                className="btn btn-danger btn-sm"
                type="button"
                disabled={busy}
                onClick={() => setConfirming(true)}
                aria-label={`Remove ${label}`}
                data-testid="member-remove"
              >
                Remove
              </button>
            )}
          </td>
        )}
      </tr>
      {Boolean(error) && (
        <tr className="row-error" data-testid="member-row-error">
          <td colSpan={canManage ? 5 : 4}>
            <ErrorBanner error={error} title={`Could not change ${label}:`} />
          </td>
        </tr>
      )}
    </>
  );
}

/**
 * The people of the workspace and their roles. Owners add members (an existing account, or a new
 * one with a first password), change roles inline and remove members; everyone else reads.
 */
export function MembersPage({ role, userId }: { role: Role; userId: string }) {
  const members = useResource('members', () => api.members());
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const [failures, setFailures] = useState<ReadonlyMap<string, unknown>>(new Map());
  const [added, setAdded] = useState<Member | null>(null);

  const list = members.data?.members ?? [];
  // The list is fresher than the session: an owner who just stepped down sees the page read-only.
  const myRole = list.find((m) => m.user.id === userId)?.role ?? role;
  const canManage = myRole === 'owner';

  function track(id: string, busy: boolean, error?: unknown) {
    setSaving((s) => {
      const next = new Set(s);
      if (busy) next.add(id);
      else next.delete(id);
      return next;
    });
    setFailures((f) => {
      const next = new Map(f);
      if (error) next.set(id, error);
      else next.delete(id);
      return next;
    });
  }

  const setRoleLocally = (id: string, to: Role) =>
    members.mutate((d) => ({ members: d.members.map((m) => (m.user.id === id ? { ...m, role: to } : m)) }));

  async function changeRole(member: Member, to: Role) {
    const id = member.user.id;
    track(id, true);
    // Optimistic, rolled back below when the server refuses; except for one's own role, which
    // decides what this page shows and so changes only once the server has agreed.
    if (id !== userId) setRoleLocally(id, to);
    try {
      await api.changeMemberRole(id, to);
      setRoleLocally(id, to);
      track(id, false);
    } catch (error) {
      setRoleLocally(id, member.role);
      track(id, false, error);
    }
  }

  async function remove(member: Member) {
    const id = member.user.id;
    track(id, true);
    try {
      await api.removeMember(id);
      if (id === userId) {
        // Out of this workspace: start over, and the app picks a workspace still ours.
        window.location.reload();
        return;
      }
      members.mutate((d) => ({ members: d.members.filter((m) => m.user.id !== id) }));
      if (added?.user.id === id) setAdded(null);
      track(id, false);
    } catch (error) {
      track(id, false, error);
    }
  }

  return (
    <div className="page">
      <div className="page-header">
        <div>
          <h1>Members</h1>
          <p className="page-sub">
            The people who can sign in to this workspace, and what each of them may do.
          </p>
        </div>
      </div>

      {!canManage && (
        <p className="alert alert-info" data-testid="members-readonly">
          Only owners can add members, change roles or remove members.
        </p>
      )}
      <ErrorBanner error={members.error} />
      {added && (
        <p className="alert alert-info" role="status" data-testid="member-added">
          {`${added.user.name || added.user.email} (${added.user.email}) was added as ${added.role}.`}
        </p>
      )}

      {canManage && (
        <AddMemberForm
          onAdded={(member) => {
            setAdded(member);
            members.mutate((d) => ({
              members: [...d.members.filter((m) => m.user.id !== member.user.id), member],
            }));
            members.reload();
          }}
        />
      )}

      <section className="card list-card">
        {members.loading && !members.data ? (
          <div className="list-empty">
            <span className="spinner" aria-label="Loading" />
          </div>
        ) : list.length === 0 ? (
          <p className="list-empty muted">No members.</p>
        ) : (
          <table className="table members-table" data-testid="members-table">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Email</th>
                <th scope="col" className="col-role">
                  Role
                </th>
                <th scope="col">Member since</th>
                {canManage && (
                  <th scope="col" className="actions">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {list.map((member) => (
                <MemberRow
                  key={member.user.id}
                  member={member}
                  isYou={member.user.id === userId}
                  canManage={canManage}
                  busy={saving.has(member.user.id)}
                  error={failures.get(member.user.id)}
                  onChangeRole={(to) => void changeRole(member, to)}
                  onRemove={() => void remove(member)}
                />
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
