/** What happened on a case: replies with their delivery status, and the events and notes in order. */
import { formatDateTime, humanize } from '../format';
import type { CaseDetail, CaseEvent, Reply } from '../types';
import type { People } from './case-parts';

const REPLY_STATUS_TEXT: Record<Reply['status'], string> = {
  draft: 'Not posted yet',
  queued: 'Queued',
  sending: 'Sending',
  sent: 'Sent',
  failed: 'Failed',
  posted: 'Posted by hand',
};
const REPLY_TONE: Record<Reply['status'], string> = {
  draft: 'muted',
  queued: 'info',
  sending: 'info',
  sent: 'positive',
  failed: 'negative',
  posted: 'positive',
};

/** The replies of a case, newest first; a failed one shows the channel's error. */
export function CaseReplies({ replies, people }: { replies: Reply[]; people: People }) {
  if (replies.length === 0) return null;
  const sorted = [...replies].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  return (
    <section className="card" aria-labelledby="replies-title" data-testid="case-replies">
      <h2 id="replies-title" className="card-title">
        Replies <span className="count">{replies.length}</span>
      </h2>
      <ol className="replies">
        {sorted.map((r) => (
          <li key={r.id} className="reply" data-testid="case-reply" data-status={r.status}>
            <div className="reply-head">
              <span className={`badge badge-${REPLY_TONE[r.status]}`} data-testid="reply-status">
                {REPLY_STATUS_TEXT[r.status]}
              </span>
              <span className="muted small">
                {humanize(r.channel)}
                {r.recipient && <> to {r.recipient}</>} · {people.userName(r.sentBy) ?? 'API'} ·{' '}
                <time dateTime={r.sentAt ?? r.createdAt}>{formatDateTime(r.sentAt ?? r.createdAt)}</time>
                {r.attempts > 1 && <> · {r.attempts} tries</>}
              </span>
            </div>
            {r.status === 'failed' && r.lastError && (
              <p className="reply-error" role="alert" data-testid="reply-error">
                Not delivered: {r.lastError}
              </p>
            )}
            {r.status === 'queued' && r.lastError && (
              <p className="muted small">
                Last try failed ({r.lastError}); next try {formatDateTime(r.nextAttemptAt)}.
              </p>
            )}
            <p className="reply-text">{r.text}</p>
          </li>
        ))}
      </ol>
    </section>
  );
}

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** One event in words. Customer text in bodies stays text (React escapes it). */
function describe(e: CaseEvent, people: People): string {
  const b = e.body;
  const who = (id: unknown) => people.userName(str(id)) ?? 'nobody';
  switch (e.kind) {
    case 'opened': {
      const rule =
        b.openedBy && typeof b.openedBy === 'object' && 'rule' in b.openedBy ? str(b.openedBy.rule) : null;
      return rule
        ? `Opened by the playbook rule “${rule}” (${str(b.priority) ?? ''})`
        : `Opened by hand (${str(b.priority) ?? ''})`;
    }
    case 'joined':
      return 'Another item of the customer joined the case';
    case 'note':
      return 'Note';
    case 'assigned':
      if ('to' in b) {
        const by = str(b.by);
        return `Assigned to ${who(b.to)}${by === 'round_robin' ? ' (round robin)' : by === 'escalation' ? ' (escalation)' : ''}`;
      }
      return `Moved to the team ${people.teamName(str(b.teamId)) ?? 'none'}`;
    case 'status':
      return `Status: ${humanize(str(b.from) ?? '')} → ${humanize(str(b.to) ?? '')}`;
    case 'priority':
      return `Priority: ${str(b.from) ?? ''} → ${str(b.to) ?? ''}${str(b.reason) ? ` (${str(b.reason)})` : ''}`;
    case 'reply':
      return `Reply ${str(b.status) === 'posted' ? 'posted by hand' : 'sent'} (${humanize(str(b.channel) ?? '')})`;
    case 'reply_failed':
      return `Reply failed after ${typeof b.attempts === 'number' ? b.attempts : '?'} tries: ${str(b.error) ?? 'unknown error'}`;
    case 'breach':
      return 'First-response SLA breached';
    case 'escalated':
      return 'Escalated';
    case 'notify':
      return `Notified ${Array.isArray(b.to) ? b.to.map(who).join(', ') || 'the team' : (str(b.to) ?? 'the team')}${str(b.reason) ? ` (${str(b.reason)})` : ''}`;
    case 'version': {
      const rating = typeof b.rating === 'number' ? `, rating ${b.rating}` : '';
      const sentiment = str(b.sentiment) ? `, ${str(b.sentiment)}` : '';
      return `The customer edited their review (version ${typeof b.version === 'number' ? b.version : '?'}${rating}${sentiment})`;
    }
    case 'outcome':
      return `Closed: ${humanize(str(b.outcome) ?? '')}${str(b.reason) ? ` (${str(b.reason)})` : ''}`;
  }
}

/** Events and notes, oldest first, as one timeline. */
export function CaseTimeline({ detail, people }: { detail: CaseDetail; people: People }) {
  const events = [...detail.events].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <ol className="timeline" data-testid="case-timeline">
      {events.map((e) => {
        const actor =
          e.actor.type === 'system'
            ? 'Touchpoint'
            : e.actor.type === 'api_key'
              ? 'API key'
              : people.userName(e.actor.id);
        const note = e.kind === 'note' ? str(e.body.text) : null;
        const closeNote = e.kind === 'outcome' ? str(e.body.note) : null;
        return (
          <li
            key={e.id}
            className={`timeline-event event-${e.kind}`}
            data-testid="case-event"
            data-kind={e.kind}
          >
            <div className="timeline-head">
              <strong>{describe(e, people)}</strong>
              <span className="muted small">
                {actor ?? 'someone'} · <time dateTime={e.at}>{formatDateTime(e.at)}</time>
              </span>
            </div>
            {(note ?? closeNote) && <p className="note-text">{note ?? closeNote}</p>}
            {e.mentions.length > 0 && (
              <p className="small muted">
                Mentioned: {e.mentions.map((id) => people.userName(id) ?? id).join(', ')}
              </p>
            )}
          </li>
        );
      })}
    </ol>
  );
}
