import { useState, type FormEvent } from 'react';
import { api, ApiError } from '../api';
import { SecretField } from '../components/copy-button';
import { ErrorBanner } from '../components/error-banner';
import { formatDate, formatDateTime, humanize } from '../format';
import { ROLES, type Invitation, type InvitationCreated, type Member, type Role } from '../types';
import { useResource } from '../use-resource';

/** One line per role; each role can do everything the ones above it can. */
export const ROLE_HELP: Record<Role, string> = {
  viewer: 'Reads feedback, brands and the journey.',
  agent: 'Reads everything a viewer does, and corrects the sentiment of items (and will answer customers).',
  admin: 'Also imports and ingests feedback, and manages API keys and brands.',
  owner: 'Also invites members, changes their roles and removes them.',
};

/** The server's message for one field of a refused request (`errors[].path`), if it sent one. */
function fieldError(error: unknown, field: string): string | undefined {
  if (!(error instanceof ApiError)) return undefined;
  return error.problem.errors?.find((e) => e.path === field)?.message;
}

/** The dashboard link of an invitation token (hash route, so the token never reaches a server log). */
export function invitationLink(token: string): string {
  return `${window.location.origin}/#/invitation?token=${encodeURIComponent(token)}`;
}

function InviteForm({ onInvited }: { onInvited: (created: InvitationCreated) => void }) {
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('viewer');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.invite({ email: email.trim(), role });
      setEmail('');
      onInvited(created);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  const emailError = fieldError(error, 'email');
  return (
    <form className="card form-card member-form" onSubmit={(e) => void submit(e)} data-testid="member-form">
      <h2 className="card-title">Invite someone</h2>
      <p className="muted small field-note">
        They join once they accept: by the link in the e-mail, or in Touchpoint when they already have an
        account. Without e-mail set up on this server you get the link to pass on yourself.
      </p>
      <div className="form-grid">
        <label className="field">
          <span>Email</span>
          <input
            type="email"
            required
            maxLength={254}
            autoComplete="off"
            placeholder="name@example.com"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            aria-invalid={emailError ? true : undefined}
            data-testid="new-member-email"
          />
          {emailError && (
            <span className="field-error" data-testid="new-member-email-error">
              {emailError}
            </span>
          )}
        </label>
        <label className="field">
          <span>Role</span>
          <select
            value={role}
            onChange={(e) => setRole(e.target.value as Role)}
            aria-describedby="member-role-help"
            data-testid="new-member-role"
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {humanize(r)}
              </option>
            ))}
          </select>
        </label>
      </div>
      <ul className="role-help" id="member-role-help" data-testid="role-help">
        {ROLES.map((r) => (
          <li key={r} className={r === role ? 'is-selected' : undefined}>
            <strong>{humanize(r)}</strong> <span className="muted">{ROLE_HELP[r]}</span>
          </li>
        ))}
      </ul>
      <ErrorBanner error={error} title="Could not invite:" />
      <div className="form-actions">
        <button
          className="btn btn-primary"
          type="submit"
          disabled={busy || !email.trim()}
          data-testid="member-invite"
        >
          {busy ? 'Inviting…' : 'Send invitation'}
        </button>
      </div>
    </form>
  );
}

/** What happened to the invitation just made: mailed, or its link to copy (shown once). */
function Invited({ created, onDismiss }: { created: InvitationCreated; onDismiss: () => void }) {
  const { invitation, token } = created;
  if (token === null) {
    return (
      <p className="alert alert-info" role="status" data-testid="invitation-sent">
        {`An invitation to join as ${invitation.role} was e-mailed to ${invitation.email}.`}
      </p>
    );
  }
  const link = invitationLink(token);
  return (
    <section className="card callout" role="status" data-testid="invitation-link">
      <h2 className="card-title">Invitation for {invitation.email}</h2>
      <p>
        {created.emailError
          ? `The e-mail could not be sent (${created.emailError}). `
          : 'This server does not send e-mail (TOUCHPOINT_SMTP_URL and TOUCHPOINT_PUBLIC_URL are not both set). '}
        Copy the link and pass it on privately: it is shown only once, works once and until{' '}
        {formatDateTime(invitation.expiresAt)}.
      </p>
      <SecretField
        value={link}
        label="Invitation link"
        testId="invitation-link-value"
        copyTestId="copy-invitation-link"
      />
      <button className="btn btn-ghost btn-sm" type="button" onClick={onDismiss}>
        I have passed it on
      </button>
    </section>
  );
}

const STATE_TAG: Record<Invitation['state'], string> = {
  pending: 'tag-positive',
  accepted: '',
  declined: 'tag-negative',
  revoked: 'tag-negative',
  expired: '',
};

function Invitations({ list, onRevoked }: { list: Invitation[]; onRevoked: () => void }) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  async function revoke(id: string) {
    setBusy(id);
    setError(null);
    try {
      await api.revokeInvitation(id);
      onRevoked();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(null);
    }
  }

  return (
    <section className="card list-card" data-testid="invitations">
      <h2 className="card-title card-title-pad">Invitations</h2>
      <ErrorBanner error={error} title="Could not revoke:" />
      {list.length === 0 ? (
        <p className="list-empty muted">No invitations yet.</p>
      ) : (
        <table className="table members-table" data-testid="invitations-table">
          <thead>
            <tr>
              <th scope="col">Email</th>
              <th scope="col" className="col-role">
                Role
              </th>
              <th scope="col">State</th>
              <th scope="col">Expires</th>
              <th scope="col" className="actions">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {list.map((i) => (
              <tr key={i.id} data-testid="invitation-row" data-email={i.email} data-state={i.state}>
                <td data-testid="invitation-email">{i.email}</td>
                <td className="col-role">
                  <span className={`tag role-${i.role}`}>{humanize(i.role)}</span>
                </td>
                <td>
                  <span className={`tag ${STATE_TAG[i.state]}`} data-testid="invitation-state">
                    {humanize(i.state)}
                  </span>
                </td>
                <td className="nowrap">{formatDate(i.expiresAt)}</td>
                <td className="actions">
                  {i.state === 'pending' && (
                    <button
                      className="btn btn-danger btn-sm"
                      type="button"
                      disabled={busy === i.id}
                      onClick={() => void revoke(i.id)}
                      aria-label={`Revoke the invitation of ${i.email}`}
                      data-testid="invitation-revoke"
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
 * The people of the workspace and their roles. Owners invite people (who join once they accept),
 * see and revoke invitations, change roles inline and remove members; everyone else reads.
 */
export function MembersPage({ role, userId }: { role: Role; userId: string }) {
  const members = useResource('members', () => api.members());
  const [saving, setSaving] = useState<ReadonlySet<string>>(new Set());
  const [failures, setFailures] = useState<ReadonlyMap<string, unknown>>(new Map());
  const [invited, setInvited] = useState<InvitationCreated | null>(null);

  const list = members.data?.members ?? [];
  // The list is fresher than the session: an owner who just stepped down sees the page read-only.
  const myRole = list.find((m) => m.user.id === userId)?.role ?? role;
  const canManage = myRole === 'owner';
  const invitations = useResource(canManage ? 'invitations' : null, () => api.invitations());

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
          Only owners can invite members, change roles or remove members.
        </p>
      )}
      <ErrorBanner error={members.error} />
      {invited && <Invited created={invited} onDismiss={() => setInvited(null)} />}

      {canManage && (
        <InviteForm
          onInvited={(created) => {
            setInvited(created);
            invitations.reload();
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

      {canManage && (
        <>
          <ErrorBanner error={invitations.error} />
          <Invitations list={invitations.data?.invitations ?? []} onRevoked={() => invitations.reload()} />
        </>
      )}
    </div>
  );
}
