/** Pieces the inbox and the case page share: the priority badge, the SLA due time, people's names. */
import { useMemo } from 'react';
import { api } from '../api';
import { formatDateTime, formatRelative, humanize } from '../format';
import type { CaseSummary, Member, PriorityLabel, Team } from '../types';
import { useResource } from '../use-resource';

const PRIORITY_TEXT: Record<PriorityLabel, string> = {
  urgent: 'Urgent',
  high: 'High',
  normal: 'Normal',
  low: 'Low',
};

/** The priority label as a coloured pill; the reasons are said beside it, never only in colour. */
export function PriorityBadge({ label }: { label: PriorityLabel }) {
  return (
    <span className={`badge prio prio-${label}`} data-testid="priority-badge" data-priority={label}>
      {PRIORITY_TEXT[label]}
    </span>
  );
}

/** When the first response is due, relative to now; red once breached, amber in its last quarter. */
export function SlaDue({ sla, now }: { sla: CaseSummary['sla']; now: number }) {
  if (sla.state === 'none' || sla.dueAt === null) return <span className="muted">No SLA</span>;
  if (sla.state === 'met') {
    return (
      <span className="sla sla-met" data-testid="sla" data-state="met">
        Met
      </span>
    );
  }
  const breached = sla.state === 'breached';
  return (
    <time
      className={`sla sla-${sla.state}`}
      dateTime={sla.dueAt}
      title={`First response due ${formatDateTime(sla.dueAt)}`}
      data-testid="sla"
      data-state={sla.state}
    >
      {breached
        ? `Breached ${formatRelative(sla.breachedAt ?? sla.dueAt, now)}`
        : `Due ${formatRelative(sla.dueAt, now)}`}
    </time>
  );
}

/** The author as the inbox shows them: name, else handle, else anonymous. */
export function authorOf(c: CaseSummary): string {
  const name = c.item?.authorName;
  const handle = c.authorHandle ? `@${c.authorHandle.replace(/^@/, '')}` : null;
  return name || handle || 'Anonymous';
}

export const OUTCOME_TEXT = { resolved: 'Resolved', recovered: 'Recovered', lost: 'Lost' } as const;

export function statusText(c: Pick<CaseSummary, 'status' | 'outcome'>): string {
  if (c.status === 'closed') return c.outcome ? `Closed · ${OUTCOME_TEXT[c.outcome]}` : 'Closed';
  return humanize(c.status);
}

export interface People {
  members: Member[];
  teams: Team[];
  /** Members who may work cases (agents, admins, owners). */
  agents: Member[];
  userName: (id: string | null | undefined) => string | null;
  teamName: (id: string | null | undefined) => string | null;
  /** Reloads the teams (after the teams page changed one). */
  reloadTeams: () => void;
  error: unknown;
}

/** The workspace's members and teams, for names and pickers. */
export function usePeople(workspaceKey = 'current'): People {
  const members = useResource(`members:${workspaceKey}`, () => api.members());
  const teams = useResource(`teams:${workspaceKey}`, () => api.teams());
  return useMemo(() => {
    const m = members.data?.members ?? [];
    const t = teams.data?.teams ?? [];
    const users = new Map(m.map((x) => [x.user.id, x.user.name || x.user.email]));
    const teamNames = new Map(t.map((x) => [x.id, x.name]));
    return {
      members: m,
      teams: t,
      agents: m.filter((x) => x.role !== 'viewer'),
      userName: (id) => (id ? (users.get(id) ?? null) : null),
      teamName: (id) => (id ? (teamNames.get(id) ?? null) : null),
      reloadTeams: teams.reload,
      error: members.error ?? teams.error,
    };
  }, [members.data, members.error, teams.data, teams.error, teams.reload]);
}
