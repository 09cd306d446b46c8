import { useEffect, useMemo, useRef, useState } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { formatDateTime, formatInt, humanize } from '../format';
import { draftFor, lengthOf, mentionsOf, toneOf } from '../reply-draft';
import type { CaseDetail, Reply, ReplyChannel } from '../types';

const CHANNEL_TEXT: Record<ReplyChannel, string> = {
  manual: 'Post it myself (copy and mark posted)',
  email: 'E-mail',
  webhook: 'Webhook (your integration)',
  google_business: 'Google Business Profile reply',
};

const FALLBACK_TEXT = {
  no_writer: 'no language model is configured',
  error: 'the language model failed',
  timeout: 'the language model took too long',
  empty: 'the language model wrote nothing',
  tone: "the language model's text did not pass the tone check",
  too_long: "the language model's text was too long for the platform",
  language: 'the language model answered in another language',
} as const;

/** What the shut reply box says of the newest reply, before its time. */
const REPLIED_TEXT: Record<Reply['status'], string> = {
  draft: 'Saved, not posted yet,',
  queued: 'Queued for delivery',
  sending: 'Being sent since',
  sent: 'Sent',
  failed: 'Failed',
  posted: 'Posted by hand',
};

/**
 * The channel the server would pick for the platform, so the picker starts where the API would;
 * posting by hand when that channel is not configured on this server.
 */
function defaultChannel(platform: string, configured: readonly ReplyChannel[]): ReplyChannel {
  const wanted: ReplyChannel =
    platform === 'email' ? 'email' : platform === 'google' ? 'google_business' : 'manual';
  return configured.includes(wanted) ? wanted : 'manual';
}

/**
 * The reply box: the draft for the case's item, editable, with its length against the platform's
 * limit and the tone check as the agent types. "Send" hands it to a channel's outbox; for platforms
 * without a reply API the agent copies it, posts it there, and marks it posted.
 */
export function ReplyComposer({
  detail,
  agentName,
  autoFocus,
  onReplied,
}: {
  detail: CaseDetail;
  agentName: string | null;
  autoFocus: boolean;
  onReplied: (reply: Reply) => void;
}) {
  const [itemId, setItemId] = useState(detail.item?.id ?? detail.items[0]?.id ?? '');
  const item = detail.items.find((i) => i.id === itemId) ?? detail.items[0];
  const draft = useMemo(() => (item ? draftFor(detail, item, agentName) : null), [detail, item, agentName]);
  const [text, setText] = useState<string | null>(null);
  const value = text ?? draft?.text ?? '';
  const [channel, setChannel] = useState<ReplyChannel>(() =>
    defaultChannel(item?.platform ?? detail.platform, detail.channels),
  );
  const [to, setTo] = useState('');
  const [subject, setSubject] = useState('');
  const [confirmFlags, setConfirmFlags] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [copied, setCopied] = useState<boolean | null>(null);
  const [writing, setWriting] = useState(false);
  const [written, setWritten] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    if (autoFocus) box.current?.focus();
  }, [autoFocus]);

  const platform = item?.platform ?? detail.platform;
  const language = draft?.language ?? item?.language ?? 'en';
  const mentions = useMemo(() => (item ? mentionsOf(item) : []), [item]);
  const tone = useMemo(
    () => toneOf(value, { channel: detail.channel, platform }, language, mentions),
    [value, detail.channel, platform, language, mentions],
  );
  const length = lengthOf(value, platform);
  const over = length.limit !== null && length.length > length.limit;
  const flagged = tone.flags.length > 0;
  const manual = channel === 'manual';
  const closed = detail.status === 'closed';
  // The newest reply that reached (or is on its way to) the customer; a failed one does not count.
  const answered = [...detail.replies]
    .filter((r) => r.status !== 'failed' && r.status !== 'draft')
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))[0];
  const [another, setAnother] = useState(false);

  /** Asks the server's language model for a draft; the template comes back (with why) when it has none. */
  async function writeWithModel() {
    setWriting(true);
    setError(null);
    try {
      const w = await api.writeDraft(detail.id);
      setText(w.draft.text);
      setWritten(
        w.fallback
          ? `The template draft: ${FALLBACK_TEXT[w.fallback.reason]}.`
          : `Written by ${w.draft.source}; check it before you send it.`,
      );
    } catch (e) {
      setError(e);
    } finally {
      setWriting(false);
    }
  }

  async function send() {
    setBusy(true);
    setError(null);
    try {
      if (manual) {
        try {
          await navigator.clipboard.writeText(value);
          setCopied(true);
        } catch {
          // No clipboard outside a secure context: the agent selects the text instead.
          setCopied(false);
        }
      }
      const reply = await api.reply(detail.id, {
        text: value,
        channel,
        itemId: item?.id,
        ...(channel === 'email' ? { to: to.trim(), subject: subject.trim() || undefined } : {}),
        ...(manual ? { posted: true } : {}),
        ...(flagged && confirmFlags ? { confirmTone: true } : {}),
      });
      setText(null);
      setConfirmFlags(false);
      onReplied(reply);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  if (!item) return null;

  // Once the customer has an answer (posted, sent or on its way) or the case is closed, the box
  // stays shut until the agent asks for it: no fresh draft with a live button for a second post.
  if ((answered || closed) && !another) {
    return (
      <section className="card reply-composer" aria-labelledby="reply-title" data-testid="reply-done">
        <div className="card-head">
          <h2 id="reply-title" className="card-title">
            Reply
          </h2>
        </div>
        <p className="small" data-testid="reply-done-text">
          {answered
            ? `${REPLIED_TEXT[answered.status]} ${formatDateTime(answered.sentAt ?? answered.createdAt)}; the replies are below.`
            : 'This case was closed without a reply.'}
          {closed && answered ? ' This case is closed.' : ''}
        </p>
        <div className="form-actions">
          <button
            type="button"
            className="btn btn-ghost btn-sm"
            onClick={() => setAnother(true)}
            data-testid="reply-another"
          >
            {answered ? 'Write another reply' : 'Write a reply'}
          </button>
        </div>
      </section>
    );
  }

  const blocked =
    busy || value.trim() === '' || over || (flagged && !confirmFlags) || (channel === 'email' && !to.trim());

  return (
    <section className="card reply-composer" aria-labelledby="reply-title" data-testid="reply-composer">
      <div className="card-head">
        <h2 id="reply-title" className="card-title">
          Reply
        </h2>
        <span className="muted small">
          {draft
            ? `Draft in ${draft.language.toUpperCase()} from the ${draft.source}`
            : 'No draft: the item is not analysed yet'}
        </span>
      </div>
      {closed && <p className="muted small">This case is closed; a reply is still recorded on it.</p>}
      <form
        className="reply-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (!blocked) void send();
        }}
      >
        {detail.items.length > 1 && (
          <label className="field">
            <span>Answer</span>
            <select value={item.id} onChange={(e) => setItemId(e.target.value)}>
              {detail.items.map((i) => (
                <option key={i.id} value={i.id}>
                  {humanize(i.platform)} · {formatDateTime(i.postedAt)} · {i.text.slice(0, 60)}
                </option>
              ))}
            </select>
          </label>
        )}
        <label className="field">
          <span>Reply text</span>
          <textarea
            ref={box}
            rows={8}
            value={value}
            onChange={(e) => setText(e.target.value)}
            aria-describedby="reply-length reply-tone"
            data-testid="reply-text"
            lang={language}
          />
        </label>
        <div className="reply-meta">
          <span
            id="reply-length"
            className={`reply-length${over ? ' is-over' : ''}`}
            title={length.source}
            data-testid="reply-length"
          >
            {length.limit === null
              ? `${formatInt(length.length)} characters (no limit on ${humanize(platform)})`
              : `${formatInt(length.length)} / ${formatInt(length.limit)} on ${humanize(platform)}`}
          </span>
          <span className="reply-tools">
            {item.id === detail.item?.id && (
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => void writeWithModel()}
                disabled={writing}
                data-testid="reply-write"
              >
                {writing ? 'Writing…' : 'Write with the language model'}
              </button>
            )}
            {text !== null && draft && (
              <button
                type="button"
                className="btn btn-ghost btn-sm"
                onClick={() => {
                  setText(null);
                  setWritten(null);
                }}
              >
                Back to the draft
              </button>
            )}
          </span>
        </div>
        {written && (
          <p className="muted small" aria-live="polite" data-testid="reply-written">
            {written}
          </p>
        )}
        <div id="reply-tone" aria-live="polite" data-testid="tone" data-ok={tone.ok ? 'true' : 'false'}>
          {tone.ok ? (
            <p className="tone-ok small">
              <span aria-hidden="true">✓ </span>Tone check: apologetic, specific, not defensive.
            </p>
          ) : (
            <ul className="tone-flags">
              {tone.flags.map((f) => (
                <li key={f.code} className="tone-flag" data-testid="tone-flag" data-code={f.code}>
                  <strong>{humanize(f.code)}</strong>: {f.message}
                  {f.span && f.code !== 'too_long' && (
                    <>
                      {' '}
                      <q className="tone-span">{f.span.text}</q>
                    </>
                  )}
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="form-grid reply-options">
          <label className="field">
            <span>Send through</span>
            <select
              value={channel}
              onChange={(e) => setChannel(e.target.value as ReplyChannel)}
              data-testid="reply-channel"
            >
              {(Object.keys(CHANNEL_TEXT) as ReplyChannel[]).map((c) => (
                <option key={c} value={c} disabled={!detail.channels.includes(c)}>
                  {CHANNEL_TEXT[c]}
                  {detail.channels.includes(c) ? '' : ' — not configured on this server'}
                </option>
              ))}
            </select>
          </label>
          {channel === 'email' && (
            <>
              <label className="field">
                <span>To</span>
                <input type="email" value={to} onChange={(e) => setTo(e.target.value)} required />
              </label>
              <label className="field">
                <span>Subject</span>
                <input value={subject} onChange={(e) => setSubject(e.target.value)} maxLength={300} />
              </label>
            </>
          )}
        </div>
        {flagged && !over && (
          <label className="check">
            <input
              type="checkbox"
              checked={confirmFlags}
              onChange={(e) => setConfirmFlags(e.target.checked)}
              data-testid="reply-confirm-flags"
            />
            I read the tone check and want to send it as it is
          </label>
        )}
        <ErrorBanner error={error} title="The reply was not saved." />
        <div className="form-actions">
          <button type="submit" className="btn btn-primary" disabled={blocked} data-testid="reply-send">
            {busy ? 'Saving…' : manual ? 'Copy and mark posted' : 'Send'}
          </button>
          {manual && (
            <span className="muted small" aria-live="polite">
              {copied === true
                ? 'Copied to the clipboard.'
                : copied === false
                  ? 'Select the text and copy it; the clipboard is not available here.'
                  : `Post it on ${humanize(platform)}, then it counts as your first response.`}
            </span>
          )}
        </div>
      </form>
    </section>
  );
}
