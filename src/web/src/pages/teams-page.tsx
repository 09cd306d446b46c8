import { useState, type FormEvent } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import type { Member, Team, TeamCreateInput } from '../types';
import { useResource } from '../use-resource';
import { useWorkspaceMeta } from '../workspace-meta';

interface Draft {
  name: string;
  leadUserId: string | null;
  contact: string | null;
  members: string[];
  touchpoints: string[];
}

const toggle = (list: string[], value: string, on: boolean) =>
  on ? [...new Set([...list, value])] : list.filter((v) => v !== value);

/** Name, lead, members and owned touchpoints of a team; used to create one and to edit one. */
function TeamForm({
  initial,
  agents,
  owners,
  submitLabel,
  onSubmit,
  onCancel,
}: {
  initial: Draft;
  agents: Member[];
  /** Which team owns each touchpoint now, to say that taking it moves it. */
  owners: Map<string, Team>;
  submitLabel: string;
  onSubmit: (draft: Draft) => Promise<void>;
  onCancel?: () => void;
}) {
  const { stages } = useWorkspaceMeta();
  const [draft, setDraft] = useState<Draft>(initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit({ ...draft, name: draft.name.trim() });
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="team-form" onSubmit={(e) => void submit(e)} data-testid="team-form">
      <ErrorBanner error={error} />
      <div className="form-grid">
        <label className="field">
          <span>Name</span>
          <input
            required
            maxLength={120}
            value={draft.name}
            onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            data-testid="team-name"
          />
        </label>
        <label className="field">
          <span>Lead</span>
          <select
            value={draft.leadUserId ?? ''}
            onChange={(e) => setDraft({ ...draft, leadUserId: e.target.value || null })}
          >
            <option value="">No lead</option>
            {agents.map((m) => (
              <option key={m.user.id} value={m.user.id}>
                {m.user.name || m.user.email}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>Private contact</span>
          <input
            maxLength={200}
            placeholder="care@example.com, +1 555 0100 or DM"
            value={draft.contact ?? ''}
            onChange={(e) =>
              setDraft({ ...draft, contact: e.target.value.trim() === '' ? null : e.target.value })
            }
            aria-describedby="team-contact-help"
            data-testid="team-contact"
          />
          <small id="team-contact-help" className="muted">
            Public reply drafts of this team&apos;s cases invite the customer here for details.
          </small>
        </label>
      </div>
      <fieldset className="field">
        <legend>Members (cases are assigned round robin among them)</legend>
        <div className="check-grid">
          {agents.map((m) => (
            <label key={m.user.id} className="check">
              <input
                type="checkbox"
                checked={draft.members.includes(m.user.id)}
                onChange={(e) =>
                  setDraft({ ...draft, members: toggle(draft.members, m.user.id, e.target.checked) })
                }
                data-testid={`team-member-${m.user.email}`}
              />
              {m.user.name || m.user.email} <span className="muted small">{m.role}</span>
            </label>
          ))}
        </div>
      </fieldset>
      <fieldset className="field">
        <legend>Touchpoints it owns (their cases go to this team)</legend>
        {stages.map((stage) => (
          <div key={stage.key} className="team-stage">
            <div className="muted small">{stage.name}</div>
            <div className="check-grid">
              {stage.touchpoints.map((tp) => {
                const owner = owners.get(tp.key);
                return (
                  <label key={tp.key} className="check">
                    <input
                      type="checkbox"
                      checked={draft.touchpoints.includes(tp.key)}
                      onChange={(e) =>
                        setDraft({
                          ...draft,
                          touchpoints: toggle(draft.touchpoints, tp.key, e.target.checked),
                        })
                      }
                      data-testid={`team-touchpoint-${tp.key}`}
                    />
                    {tp.name}
                    {owner && !draft.touchpoints.includes(tp.key) && (
                      <span className="muted small"> ({owner.name})</span>
                    )}
                  </label>
                );
              })}
            </div>
          </div>
        ))}
      </fieldset>
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-primary"
          disabled={busy || !draft.name.trim()}
          data-testid="team-submit"
        >
          {busy ? 'Saving…' : submitLabel}
        </button>
        {onCancel && (
          <button type="button" className="btn btn-ghost" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}

/** Teams own touchpoints: a case about a touchpoint goes to its team. Admins create and edit teams. */
export function TeamsPage({ canManage }: { canManage: boolean }) {
  const { touchpointName } = useWorkspaceMeta();
  const teams = useResource('teams', () => api.teams());
  const members = useResource('members', () => api.members());
  const [editing, setEditing] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const agents = (members.data?.members ?? []).filter((m) => m.role !== 'viewer');
  const list = teams.data?.teams ?? [];
  const owners = new Map<string, Team>();
  for (const t of list) for (const tp of t.touchpoints) owners.set(tp, t);
  const userName = (id: string | null) => agents.find((m) => m.user.id === id)?.user.name ?? null;

  async function create(d: Draft) {
    const body: TeamCreateInput = {
      name: d.name,
      leadUserId: d.leadUserId,
      contact: d.contact,
      members: d.members,
      touchpoints: d.touchpoints,
    };
    await api.createTeam(body);
    setCreating(false);
    teams.reload();
  }

  return (
    <div className="page" data-testid="teams-page">
      <div className="page-header">
        <div>
          <h1>Teams</h1>
          <p className="page-sub muted">
            Each touchpoint has one owning team; the playbook routes a case to the team that owns the
            touchpoint it is about.
          </p>
        </div>
        {canManage && !creating && (
          <button
            type="button"
            className="btn btn-primary"
            onClick={() => setCreating(true)}
            data-testid="team-new"
          >
            New team
          </button>
        )}
      </div>
      <ErrorBanner error={teams.error ?? members.error} title="Could not load the teams." />
      {creating && (
        <section className="card form-card">
          <h2 className="card-title">New team</h2>
          <TeamForm
            initial={{ name: '', leadUserId: null, contact: null, members: [], touchpoints: [] }}
            agents={agents}
            owners={owners}
            submitLabel="Create team"
            onSubmit={create}
            onCancel={() => setCreating(false)}
          />
        </section>
      )}
      {teams.data && list.length === 0 && !creating && (
        <div className="card empty-state">
          <p>No teams yet. Without teams, cases wait in the shared inbox until someone takes them.</p>
        </div>
      )}
      {list.map((t) => (
        <section key={t.id} className="card" data-testid="team" data-key={t.key}>
          <div className="card-head">
            <h2 className="card-title">{t.name}</h2>
            {canManage && editing !== t.id && (
              <button type="button" className="btn btn-secondary btn-sm" onClick={() => setEditing(t.id)}>
                Edit
              </button>
            )}
          </div>
          {editing === t.id ? (
            <TeamForm
              initial={{
                name: t.name,
                leadUserId: t.leadUserId,
                contact: t.contact,
                members: t.members.map((m) => m.userId),
                touchpoints: t.touchpoints,
              }}
              agents={agents}
              owners={owners}
              submitLabel="Save"
              onSubmit={async (d) => {
                await api.updateTeam(t.id, d);
                setEditing(null);
                teams.reload();
              }}
              onCancel={() => setEditing(null)}
            />
          ) : (
            <dl className="meta">
              <div className="meta-row">
                <dt>Lead</dt>
                <dd>{userName(t.leadUserId) ?? <span className="muted">None</span>}</dd>
              </div>
              <div className="meta-row">
                <dt>Private contact</dt>
                <dd data-testid="team-contact-shown">{t.contact ?? <span className="muted">None</span>}</dd>
              </div>
              <div className="meta-row">
                <dt>Members</dt>
                <dd data-testid="team-members">
                  {t.members.length === 0 ? (
                    <span className="muted">None</span>
                  ) : (
                    t.members.map((m) => m.name || m.email).join(', ')
                  )}
                </dd>
              </div>
              <div className="meta-row">
                <dt>Owns</dt>
                <dd data-testid="team-touchpoints">
                  {t.touchpoints.length === 0 ? (
                    <span className="muted">No touchpoint</span>
                  ) : (
                    t.touchpoints.map((k) => (
                      <span key={k} className="tag">
                        {touchpointName(k)}
                      </span>
                    ))
                  )}
                </dd>
              </div>
            </dl>
          )}
        </section>
      ))}
    </div>
  );
}
