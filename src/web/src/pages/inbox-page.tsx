import { useEffect, useRef, useState } from 'react';
import { api, customersApi, errorMessage, type CaseFilters } from '../api';
import { FilterSelect } from '../components/filter-select';
import { ErrorBanner } from '../components/error-banner';
import { humanize } from '../format';
import { href, navigate, useLocation } from '../router';
import type { CasePage, CaseSummary, Role } from '../types';
import { useResource } from '../use-resource';
import { useWorkspaceMeta } from '../workspace-meta';
import { authorOf, PriorityBadge, SlaDue, statusText, usePeople } from './case-parts';
import { FirstSteps } from './first-steps';
import { isTypingTarget, ShortcutsDialog } from './shortcuts';

type Scope = 'all' | 'mine' | 'team';
const SCOPES: { value: Scope; label: string }[] = [
  { value: 'mine', label: 'Mine' },
  { value: 'team', label: 'My team' },
  { value: 'all', label: 'All' },
];
const STATUSES = ['active', 'open', 'waiting', 'closed', 'all'] as const;
type StatusFilter = (typeof STATUSES)[number];
const STATUS_LABEL: Record<StatusFilter, string> = {
  active: 'Open and waiting',
  open: 'Open',
  waiting: 'Waiting',
  closed: 'Closed',
  all: 'All',
};

export const INBOX_SHORTCUTS: [string, string][] = [
  ['j / ↓', 'Next case'],
  ['k / ↑', 'Previous case'],
  ['Enter / o', 'Open the case'],
  ['r', 'Reply: open the case with the reply box focused'],
  ['a', 'Assign the case to me'],
  ['e', 'Close the case as resolved'],
  ['?', 'Show these shortcuts'],
];

/** A one-line notice after an action, with an undo where there is one. */
interface Notice {
  text: string;
  undo?: () => Promise<void>;
  error?: boolean;
}

/**
 * The inbox: the workspace's cases by priority, highest first, each with why it is that urgent and
 * when its first response is due. Built for the keyboard (`?` lists the keys).
 */
export function InboxPage({ userId, role }: { userId: string; role: Role }) {
  const location = useLocation();
  const { touchpointName } = useWorkspaceMeta();
  const people = usePeople();
  const canWork = role !== 'viewer';
  const myTeams = people.teams.filter((t) => t.members.some((m) => m.userId === userId));
  const scope: Scope = SCOPES.find((s) => s.value === location.query.get('scope'))?.value ?? 'all';
  const status: StatusFilter = STATUSES.find((s) => s === location.query.get('status')) ?? 'active';
  const teamId = location.query.get('team') ?? myTeams[0]?.id;

  const segment = location.query.get('segment') ?? undefined;
  const segments = useResource('segments', () => customersApi.segments()).data?.segments ?? [];
  const filters: CaseFilters = { status };
  if (segment) filters.segment = segment;
  if (scope === 'mine') filters.mine = 'true';
  if (scope === 'team') filters.teamId = teamId ?? 'none';
  const key = `cases:${JSON.stringify(filters)}`;
  const first = useResource(key, () => api.cases(filters));
  // A workspace with no feedback at all offers the demo and an import, as the explorer does.
  const empty = useResource('counts:{}', () => api.feedbackCounts({}));
  const [more, setMore] = useState<{ key: string; pages: CasePage[] }>({ key, pages: [] });
  const pages = more.key === key ? more.pages : [];
  // A case may move between pages when the first one is fetched again: show it once.
  const cases: CaseSummary[] = [
    ...new Map(
      [...(first.data?.cases ?? []), ...pages.flatMap((p) => p.cases)].map((c) => [c.id, c]),
    ).values(),
  ];
  const nextCursor = pages.length > 0 ? pages[pages.length - 1]?.nextCursor : first.data?.nextCursor;
  const [loadingMore, setLoadingMore] = useState(false);

  const [selected, setSelected] = useState(0);
  const [showHelp, setShowHelp] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const [now, setNow] = useState(() => Date.now());
  const rows = useRef<(HTMLTableRowElement | null)[]>([]);

  // SLA times move on; new cases arrive. Every 30 s the clock ticks, every minute the first page
  // is fetched again while the tab is visible (pages loaded with "Load more" are kept until then).
  const { reload: reloadFirst } = first;
  useEffect(() => {
    let ticks = 0;
    const t = setInterval(() => {
      setNow(Date.now());
      ticks += 1;
      if (ticks % 2 === 0 && document.visibilityState === 'visible') reloadFirst();
    }, 30_000);
    return () => clearInterval(t);
  }, [reloadFirst]);

  const index = Math.min(selected, Math.max(0, cases.length - 1));
  const current = cases[index];

  const setFilter = (patch: Record<string, string | undefined>) => {
    const q = {
      scope: scope === 'all' ? undefined : scope,
      status: status === 'active' ? undefined : status,
      team: location.query.get('team') ?? undefined,
      segment,
      ...patch,
    };
    setSelected(0);
    navigate(href('/inbox', q), { replace: true });
  };

  const reloadAll = () => {
    setMore({ key: '', pages: [] });
    first.reload();
  };

  const run = async (action: () => Promise<void>, done: Notice) => {
    try {
      await action();
      setNotice(done);
    } catch (e) {
      setNotice({ text: errorMessage(e), error: true });
    }
    reloadAll();
  };

  const assignToMe = (c: CaseSummary) => {
    if (c.assigneeId === userId) {
      setNotice({ text: 'This case is already yours.' });
      return;
    }
    const before = c.assigneeId;
    void run(() => api.updateCase(c.id, { assigneeId: userId }).then(() => undefined), {
      text: `Assigned to you: ${authorOf(c)}`,
      undo: () => api.updateCase(c.id, { assigneeId: before }).then(() => undefined),
    });
  };

  const resolve = (c: CaseSummary) => {
    if (c.status === 'closed') {
      setNotice({ text: 'This case is already closed.' });
      return;
    }
    const before = c.status === 'waiting' ? 'waiting' : 'open';
    void run(() => api.closeCase(c.id, { outcome: 'resolved' }).then(() => undefined), {
      text: `Closed as resolved: ${authorOf(c)}`,
      undo: () => api.updateCase(c.id, { status: before }).then(() => undefined),
    });
  };

  const move = (delta: number) => {
    if (cases.length === 0) return;
    const next = Math.max(0, Math.min(cases.length - 1, index + delta));
    setSelected(next);
    rows.current[next]?.focus();
  };

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
      if (isTypingTarget(e.target)) return;
      if (e.key === '?') {
        e.preventDefault();
        setShowHelp((s) => !s);
        return;
      }
      if (showHelp) return;
      const open = (reply: boolean) =>
        current &&
        navigate(href(`/cases/${encodeURIComponent(current.id)}`, { reply: reply ? '1' : undefined }));
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          e.preventDefault();
          move(1);
          break;
        case 'k':
        case 'ArrowUp':
          e.preventDefault();
          move(-1);
          break;
        case 'Enter':
        case 'o':
          // Enter on a focused link or button does its own thing.
          if (e.key === 'Enter' && (e.target as HTMLElement).closest('a, button')) return;
          e.preventDefault();
          open(false);
          break;
        case 'r':
          if (!canWork) return;
          e.preventDefault();
          open(true);
          break;
        case 'a':
          if (!canWork || !current) return;
          e.preventDefault();
          assignToMe(current);
          break;
        case 'e':
          if (!canWork || !current) return;
          e.preventDefault();
          resolve(current);
          break;
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
    // Subscribed anew on every render, so the handler always sees the current list and selection.
  });

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    try {
      const page = await api.cases(filters, nextCursor);
      setMore({ key, pages: [...pages, page] });
    } catch (e) {
      setNotice({ text: errorMessage(e), error: true });
    } finally {
      setLoadingMore(false);
    }
  }

  return (
    <div className="page page-wide" data-testid="inbox">
      <div className="page-header">
        <div>
          <h1>Inbox</h1>
          <p className="page-sub muted">
            Cases by priority: how bad and how visible, and how long the customer has waited — never what they
            spend.{' '}
            <button type="button" className="link-button" onClick={() => setShowHelp(true)}>
              Keyboard shortcuts <kbd>?</kbd>
            </button>
          </p>
        </div>
      </div>

      <div className="filters filters-row inbox-filters">
        <div className="segmented" role="group" aria-label="Whose cases">
          {SCOPES.map((s) => (
            <button
              key={s.value}
              type="button"
              className={`segment${scope === s.value ? ' is-active' : ''}`}
              aria-pressed={scope === s.value}
              disabled={s.value === 'team' && myTeams.length === 0}
              title={s.value === 'team' && myTeams.length === 0 ? 'You are in no team yet' : undefined}
              onClick={() => setFilter({ scope: s.value === 'all' ? undefined : s.value })}
              data-testid={`inbox-scope-${s.value}`}
            >
              {s.label}
            </button>
          ))}
        </div>
        {scope === 'team' && myTeams.length > 1 && (
          <label className="filter">
            <span className="filter-label">Team</span>
            <select value={teamId} onChange={(e) => setFilter({ team: e.target.value })}>
              {myTeams.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="filter">
          <span className="filter-label">Status</span>
          <select
            value={status}
            onChange={(e) => setFilter({ status: e.target.value === 'active' ? undefined : e.target.value })}
            data-testid="inbox-status"
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {STATUS_LABEL[s]}
              </option>
            ))}
          </select>
        </label>
        {(segments.length > 0 || segment) && (
          <FilterSelect
            testId="inbox-segment"
            label="Segment"
            value={segment}
            options={segments.map((x) => ({ value: x.id, label: x.name }))}
            onChange={(v) => setFilter({ segment: v || undefined })}
          />
        )}
      </div>

      <ErrorBanner error={first.error} title="Could not load the inbox." />
      <div aria-live="polite" className="inbox-notice-slot">
        {notice && (
          <div
            className={`alert ${notice.error ? 'alert-error' : 'alert-info'} inbox-notice`}
            data-testid="inbox-notice"
          >
            {notice.text}
            {notice.undo && (
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => {
                  const undo = notice.undo;
                  setNotice(null);
                  if (undo) void run(undo, { text: 'Undone.' });
                }}
              >
                Undo
              </button>
            )}
          </div>
        )}
      </div>

      <section className={`card list-card${first.loading ? ' is-stale' : ''}`} aria-busy={first.loading}>
        {first.loading && !first.data && <span className="spinner" aria-label="Loading" />}
        {first.data && cases.length === 0 && (
          <div className="list-empty" data-testid="inbox-empty">
            <p>
              <strong>Nothing waiting.</strong>
            </p>
            <p className="muted">
              The playbook opens a case for every negative or urgent public item and every detractor survey
              answer; you can also open one from any item.
            </p>
            {empty.data?.total === 0 && <FirstSteps />}
          </div>
        )}
        {cases.length > 0 && (
          <table
            className="table table-cards inbox-table"
            role="grid"
            aria-label="Cases"
            data-testid="inbox-table"
          >
            <thead>
              <tr>
                <th scope="col" className="col-priority">
                  Priority
                </th>
                <th scope="col">Customer and what they said</th>
                <th scope="col" className="col-touchpoint">
                  Touchpoint
                </th>
                <th scope="col" className="col-owner">
                  Team / assignee
                </th>
                <th scope="col" className="col-sla">
                  First response
                </th>
              </tr>
            </thead>
            <tbody>
              {cases.map((c, i) => {
                const link = href(`/cases/${encodeURIComponent(c.id)}`);
                const isSelected = i === index;
                return (
                  <tr
                    key={c.id}
                    ref={(el) => {
                      rows.current[i] = el;
                    }}
                    className={`row-link inbox-row${isSelected ? ' is-selected' : ''}`}
                    tabIndex={isSelected ? 0 : -1}
                    aria-selected={isSelected}
                    data-testid="inbox-row"
                    data-id={c.id}
                    data-priority={c.priority.label}
                    onFocus={() => setSelected(i)}
                    onClick={(e) => {
                      if ((e.target as HTMLElement).closest('a') || window.getSelection()?.toString()) return;
                      navigate(link);
                    }}
                  >
                    <td>
                      <PriorityBadge label={c.priority.label} />
                    </td>
                    <td className="cell-text">
                      <div className="inbox-who">
                        <a href={link} className="item-link" tabIndex={-1} data-testid="inbox-author">
                          {authorOf(c)}
                        </a>
                        <span className="muted small">
                          {humanize(c.platform)}
                          {c.status !== 'open' && <> · {statusText(c)}</>}
                        </span>
                      </div>
                      <span className="item-snippet" data-testid="inbox-excerpt">
                        {c.item?.title ? `${c.item.title} — ` : ''}
                        {c.item?.text ?? ''}
                      </span>
                      <div className="prio-why small" data-testid="priority-explanation">
                        {c.priority.explanation}
                      </div>
                    </td>
                    <td>
                      {c.touchpointKey ? touchpointName(c.touchpointKey) : <span className="muted">—</span>}
                    </td>
                    <td>
                      <div>{people.teamName(c.teamId) ?? <span className="muted">No team</span>}</div>
                      <div className="small" data-testid="inbox-assignee">
                        {c.assigneeId === userId ? (
                          <strong>You</strong>
                        ) : (
                          (people.userName(c.assigneeId) ?? <span className="muted">Unassigned</span>)
                        )}
                      </div>
                    </td>
                    <td className="nowrap">
                      <SlaDue sla={c.sla} now={now} />
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
        {nextCursor && (
          <div className="list-footer">
            <button
              type="button"
              className="btn btn-secondary"
              onClick={() => void loadMore()}
              disabled={loadingMore}
            >
              {loadingMore ? 'Loading…' : 'Load more'}
            </button>
          </div>
        )}
      </section>

      {showHelp && (
        <ShortcutsDialog
          title="Inbox shortcuts"
          shortcuts={INBOX_SHORTCUTS}
          onClose={() => setShowHelp(false)}
        />
      )}
    </div>
  );
}
