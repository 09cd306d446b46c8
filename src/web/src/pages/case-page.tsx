import { useEffect, useState, type ReactNode } from 'react';
import { api } from '../api';
import { ErrorBanner, LoadState } from '../components/error-banner';
import { HighlightedText } from '../components/highlighted-text';
import { SentimentBadge } from '../components/sentiment-badge';
import { Stars } from '../components/stars';
import { formatCompact, formatDateTime, humanize } from '../format';
import { href, navigate, useLocation } from '../router';
import type { CaseDetail, CaseOutcome, Role } from '../types';
import { useResource } from '../use-resource';
import { useWorkspaceMeta } from '../workspace-meta';
import { AnalysisPanel } from './analysis-panel';
import { OUTCOME_TEXT, PriorityBadge, SlaDue, statusText, usePeople, type People } from './case-parts';
import { CaseExceptions } from './case-exceptions';
import { CaseReplies, CaseTimeline } from './case-timeline';
import { CaseCustomer } from './customers/case-customer';
import { NoteComposer } from './note-composer';
import { ReplyComposer } from './reply-composer';
import { isTypingTarget, ShortcutsDialog } from './shortcuts';

const CASE_SHORTCUTS: [string, string][] = [
  ['r', 'Write the reply'],
  ['a', 'Assign the case to me'],
  ['e', 'Close the case as resolved'],
  ['u / Esc', 'Back to the inbox'],
  ['?', 'Show these shortcuts'],
];

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="meta-row">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

type CaseItem = CaseDetail['items'][number];

/** One item of the case: who said it where, and the text (as text, sentences marked by sentiment). */
function CaseItemCard({ item, first }: { item: CaseItem; first: boolean }) {
  const author = [item.author.name, item.author.handle && `@${item.author.handle.replace(/^@/, '')}`]
    .filter(Boolean)
    .join(' ');
  return (
    <section className="card" data-testid="case-item" data-id={item.id}>
      <div className="detail-badges">
        <SentimentBadge label={item.sentiment?.label} status={item.analysisStatus} />
        {item.rating !== null && <Stars rating={item.rating} />}
        {item.intents.map((intent) => (
          <span key={intent} className="tag">
            {humanize(intent)}
          </span>
        ))}
        {!first && <span className="tag">Joined {formatDateTime(item.joinedAt)}</span>}
        {item.version > 1 && <span className="tag tag-positive">Edited · version {item.version}</span>}
      </div>
      <p className="case-item-by">
        <strong data-testid="case-author">{author || 'Anonymous'}</strong>
        {item.author.reach !== null && (
          <span className="muted"> · {formatCompact(item.author.reach)} followers</span>
        )}
        <span className="muted">
          {' '}
          · {humanize(item.platform)} · <time dateTime={item.postedAt}>{formatDateTime(item.postedAt)}</time>{' '}
          · <a href={href(`/feedback/${encodeURIComponent(item.id)}`)}>Item page</a>
        </span>
      </p>
      {item.title && <h2 className="detail-title">{item.title}</h2>}
      <div data-testid="case-item-text">
        <HighlightedText text={item.text} sentences={item.analysis?.sentences ?? null} />
      </div>
    </section>
  );
}

/** Assignee, team and status controls, and closing with an outcome. */
function CaseControls({
  detail,
  people,
  userId,
  canWork,
  onChanged,
}: {
  detail: CaseDetail;
  people: People;
  userId: string;
  canWork: boolean;
  onChanged: (next: CaseDetail) => void;
}) {
  const [outcome, setOutcome] = useState<CaseOutcome>('resolved');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const closed = detail.status === 'closed';

  async function act(request: () => Promise<CaseDetail>) {
    setBusy(true);
    setError(null);
    try {
      onChanged(await request());
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="card" aria-labelledby="work-title">
      <h2 id="work-title" className="card-title">
        Owner and outcome
      </h2>
      <ErrorBanner error={error} />
      <div className="case-controls">
        <label className="field">
          <span>Assignee</span>
          <select
            value={detail.assigneeId ?? ''}
            disabled={!canWork || busy}
            onChange={(e) =>
              void act(() => api.updateCase(detail.id, { assigneeId: e.target.value || null }))
            }
            data-testid="case-assignee"
          >
            <option value="">Unassigned</option>
            {people.agents.map((m) => (
              <option key={m.user.id} value={m.user.id}>
                {m.user.name || m.user.email}
                {m.user.id === userId ? ' (you)' : ''}
              </option>
            ))}
          </select>
        </label>
        {canWork && detail.assigneeId !== userId && (
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            disabled={busy}
            onClick={() => void act(() => api.updateCase(detail.id, { assigneeId: userId }))}
            data-testid="case-assign-me"
          >
            Assign to me
          </button>
        )}
        {canWork && detail.teamId && (
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            disabled={busy}
            onClick={() => void act(() => api.updateCase(detail.id, { assigneeId: 'next' }))}
          >
            Next in team
          </button>
        )}
        <label className="field">
          <span>Team</span>
          <select
            value={detail.teamId ?? ''}
            disabled={!canWork || busy}
            onChange={(e) => void act(() => api.updateCase(detail.id, { teamId: e.target.value || null }))}
            data-testid="case-team"
          >
            <option value="">No team</option>
            {people.teams.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </label>
        {!closed && canWork && (
          <label className="check">
            <input
              type="checkbox"
              checked={detail.status === 'waiting'}
              disabled={busy}
              onChange={(e) =>
                void act(() => api.updateCase(detail.id, { status: e.target.checked ? 'waiting' : 'open' }))
              }
            />
            Waiting for the customer
          </label>
        )}
      </div>
      {canWork &&
        (closed ? (
          <div className="form-actions">
            <button
              type="button"
              className="btn btn-secondary"
              disabled={busy}
              onClick={() => void act(() => api.updateCase(detail.id, { status: 'open' }))}
              data-testid="case-reopen"
            >
              Reopen
            </button>
          </div>
        ) : (
          <form
            className="close-form"
            onSubmit={(e) => {
              e.preventDefault();
              void act(() => api.closeCase(detail.id, { outcome, note: note.trim() || undefined }));
            }}
          >
            <fieldset className="field">
              <legend>Close with the outcome</legend>
              <div className="outcomes" role="radiogroup">
                {(Object.keys(OUTCOME_TEXT) as CaseOutcome[]).map((o) => (
                  <label key={o} className="check">
                    <input
                      type="radio"
                      name="outcome"
                      value={o}
                      checked={outcome === o}
                      onChange={() => setOutcome(o)}
                      data-testid={`outcome-${o}`}
                    />
                    {OUTCOME_TEXT[o]}
                  </label>
                ))}
              </div>
            </fieldset>
            <label className="field">
              <span>Closing note (optional)</span>
              <input value={note} onChange={(e) => setNote(e.target.value)} maxLength={10_000} />
            </label>
            <button type="submit" className="btn btn-primary" disabled={busy} data-testid="case-close">
              Close case
            </button>
          </form>
        ))}
    </section>
  );
}

/** Everything the customer told us, newest first; items of this case are marked. */
function CustomerHistory({ detail }: { detail: CaseDetail }) {
  const inCase = new Set(detail.items.map((i) => i.id));
  const history = [...detail.history].sort((a, b) => b.postedAt.localeCompare(a.postedAt));
  return (
    <section className="card" aria-labelledby="history-title" data-testid="customer-history">
      <h2 id="history-title" className="card-title">
        Customer history <span className="count">{history.length}</span>
      </h2>
      {history.length === 0 ? (
        <p className="muted">
          {detail.customerId
            ? 'Nothing else from this customer.'
            : 'This author is not linked to a customer yet.'}
        </p>
      ) : (
        <ol className="history">
          {history.map((h) => (
            <li key={h.id} className="history-item">
              <div className="history-head">
                {h.sentiment === 'negative' || h.sentiment === 'neutral' || h.sentiment === 'positive' ? (
                  <SentimentBadge label={h.sentiment} />
                ) : null}
                {h.rating !== null && <Stars rating={h.rating} />}
                <span className="muted small">
                  {humanize(h.platform)} · <time dateTime={h.postedAt}>{formatDateTime(h.postedAt)}</time>
                </span>
                {inCase.has(h.id) && <span className="tag">This case</span>}
              </div>
              <a className="history-text" href={href(`/feedback/${encodeURIComponent(h.id)}`)}>
                {h.text}
              </a>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * A case: the customer's item(s) with the analysis, the reply box with its live tone check, the
 * replies and their delivery, notes and the timeline; on the side the priority, the SLA, the owner,
 * closing with an outcome, and the customer's whole history.
 */
export function CasePage({ id, userId, role }: { id: string; userId: string; role: Role }) {
  const location = useLocation();
  const people = usePeople();
  const { brands } = useWorkspaceMeta();
  const {
    data: detail,
    error,
    loading,
    reload,
    mutate,
  } = useResource(`case:${id}`, () => api.caseDetail(id));
  const canWork = role !== 'viewer';
  const [showHelp, setShowHelp] = useState(false);
  const [focusReply, setFocusReply] = useState(location.query.get('reply') === '1');
  const [now, setNow] = useState(() => Date.now());
  const me = people.members.find((m) => m.user.id === userId);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(t);
  }, []);

  // A reply in the outbox is delivered by a worker: look again until it is sent or failed.
  const inFlight = detail?.replies.some((r) => r.status === 'queued' || r.status === 'sending') ?? false;
  useEffect(() => {
    if (!inFlight) return;
    const t = setTimeout(reload, 2000);
    return () => clearTimeout(t);
  }, [inFlight, reload, detail]);

  useEffect(() => {
    function onKey(e: KeyboardEvent) {
      if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return;
      if (e.key === '?') {
        e.preventDefault();
        setShowHelp((s) => !s);
        return;
      }
      if (e.key === 'u' || e.key === 'Escape') {
        navigate('#/inbox');
        return;
      }
      if (!canWork || !detail) return;
      if (e.key === 'r') {
        e.preventDefault();
        const box = document.querySelector<HTMLTextAreaElement>('[data-testid="reply-text"]');
        box?.focus();
        setFocusReply(true);
      } else if (e.key === 'a' && detail.assigneeId !== userId) {
        e.preventDefault();
        void api.updateCase(detail.id, { assigneeId: userId }).then((next) => mutate(() => next), reload);
      } else if (e.key === 'e' && detail.status !== 'closed') {
        e.preventDefault();
        void api.closeCase(detail.id, { outcome: 'resolved' }).then((next) => mutate(() => next), reload);
      }
    }
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [canWork, detail, mutate, reload, userId]);

  const brand = detail ? brands.find((b) => b.id === detail.brandId) : undefined;

  return (
    <div className="page page-wide">
      <nav className="breadcrumb" aria-label="Breadcrumb">
        <a href="#/inbox" data-testid="back-to-inbox">
          ← Inbox
        </a>
      </nav>
      <LoadState
        error={error}
        loading={loading}
        loaded={Boolean(detail)}
        what="case"
        notFoundTestId="case-not-found"
      />

      {detail && (
        <div
          className="detail"
          data-testid="case"
          data-status={detail.status}
          data-outcome={detail.outcome ?? ''}
        >
          <div className="detail-main">
            <header className="case-header">
              <div className="case-title-row">
                <PriorityBadge label={detail.priority.label} />
                <h1 className="case-title">
                  {detail.item?.authorName || detail.authorHandle || 'Anonymous customer'}{' '}
                  <span className="muted">on {humanize(detail.platform)}</span>
                </h1>
                <span
                  className={`badge ${detail.status === 'closed' ? 'badge-positive' : 'badge-info'}`}
                  data-testid="case-status"
                >
                  {statusText(detail)}
                </span>
              </div>
              <p className="muted" data-testid="priority-explanation">
                {detail.priority.explanation}
              </p>
              <p className="muted small">
                Press <kbd>?</kbd> for shortcuts.
              </p>
            </header>
            {detail.items.map((item, i) => (
              <CaseItemCard key={item.id} item={item} first={i === 0} />
            ))}
            <CaseReplies replies={detail.replies} people={people} />
            {canWork && (
              <ReplyComposer
                key={`${detail.id}:${detail.replies.length}`}
                detail={detail}
                agentName={me?.user.name ?? null}
                autoFocus={focusReply}
                onReplied={() => {
                  setFocusReply(false);
                  reload();
                }}
              />
            )}
            <section className="card" aria-labelledby="activity-title">
              <h2 id="activity-title" className="card-title">
                Notes and activity
              </h2>
              <CaseTimeline detail={detail} people={people} />
              {canWork && <NoteComposer caseId={detail.id} members={people.members} onAdded={reload} />}
            </section>
            {/* What the analysis found, per item: below the work, since the item card shows the gist. */}
            {detail.items.map((item) => (
              <AnalysisPanel
                key={`analysis-${item.id}`}
                item={item}
                canCorrect={canWork}
                onCorrected={reload}
                onWithdrawn={reload}
              />
            ))}
          </div>
          <aside className="detail-side case-side">
            <section className="card">
              <h2 className="card-title">Case</h2>
              <dl className="meta">
                <Fact label="First response">
                  <SlaDue sla={detail.sla} now={now} />
                  {detail.firstResponseAt && (
                    <div className="muted small" data-testid="case-first-response">
                      Answered {formatDateTime(detail.firstResponseAt)}
                    </div>
                  )}
                </Fact>
                <Fact label="Priority">
                  <ul className="reasons">
                    {detail.priority.reasons.map((r) => (
                      <li key={r}>{r}</li>
                    ))}
                  </ul>
                </Fact>
                <Fact label="Opened">
                  <time dateTime={detail.openedAt}>{formatDateTime(detail.openedAt)}</time>
                  <div className="muted small">
                    {detail.openedBy.type === 'playbook'
                      ? `by the playbook: ${detail.openedBy.rule}`
                      : `by ${people.userName(detail.openedBy.id) ?? 'hand'}`}
                  </div>
                </Fact>
                {detail.escalatedAt && (
                  <Fact label="Escalated">
                    <time dateTime={detail.escalatedAt}>{formatDateTime(detail.escalatedAt)}</time>
                  </Fact>
                )}
                {detail.closedAt && (
                  <Fact label="Closed">
                    <time dateTime={detail.closedAt}>{formatDateTime(detail.closedAt)}</time>
                    {detail.outcome && <div data-testid="case-outcome">{OUTCOME_TEXT[detail.outcome]}</div>}
                  </Fact>
                )}
                {brand && <Fact label="Brand">{brand.name}</Fact>}
              </dl>
            </section>
            <CaseControls
              detail={detail}
              people={people}
              userId={userId}
              canWork={canWork}
              onChanged={(next) => mutate(() => next)}
            />
            <CaseExceptions caseId={detail.id} version={detail.updatedAt} role={role} />
            {detail.customerId ? (
              <CaseCustomer customerId={detail.customerId} version={detail.updatedAt} />
            ) : (
              <CustomerHistory detail={detail} />
            )}
          </aside>
        </div>
      )}
      {showHelp && (
        <ShortcutsDialog
          title="Case shortcuts"
          shortcuts={CASE_SHORTCUTS}
          onClose={() => setShowHelp(false)}
        />
      )}
    </div>
  );
}
