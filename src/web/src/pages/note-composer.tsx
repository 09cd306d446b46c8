import { useLayoutEffect, useRef, useState } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import type { Member } from '../types';

/**
 * How a member is mentioned so the server finds them: `@first.last` from their name, or the local
 * part of their e-mail when the name has characters a mention cannot hold.
 */
export function mentionHandle(m: Member): string {
  const name = m.user.name.trim().toLowerCase().replace(/\s+/g, '.');
  return name && /^[\p{L}\p{N}_.+-]+$/u.test(name) ? name : (m.user.email.split('@')[0] ?? m.user.email);
}

/** The `@word` being typed just before the caret, if any. */
function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const m = /(?:^|[^\p{L}\p{N}_.])@([\p{L}\p{N}_.+-]*)$/u.exec(text.slice(0, caret));
  if (!m) return null;
  const query = m[1] ?? '';
  return { start: caret - query.length - 1, query: query.toLowerCase() };
}

/** An internal note with @mentions: typing `@` suggests members; the server resolves and records them. */
export function NoteComposer({
  caseId,
  members,
  onAdded,
}: {
  caseId: string;
  members: Member[];
  onAdded: () => void;
}) {
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<string | null>(null);
  const box = useRef<HTMLTextAreaElement>(null);
  const pendingCaret = useRef<number | null>(null);

  const at = mentionAt(text, caret);
  const suggestions = at
    ? members
        .filter(
          (m) =>
            m.user.name.toLowerCase().includes(at.query) ||
            m.user.email.toLowerCase().startsWith(at.query) ||
            mentionHandle(m).startsWith(at.query),
        )
        .slice(0, 5)
    : [];

  function insert(m: Member) {
    if (!at) return;
    const handle = `@${mentionHandle(m)} `;
    const next = text.slice(0, at.start) + handle + text.slice(caret);
    const pos = at.start + handle.length;
    setText(next);
    setCaret(pos);
    pendingCaret.current = pos;
  }

  // Back into the box after the inserted mention, before the next key arrives (a frame later would
  // let the first keys land at the end of the text).
  useLayoutEffect(() => {
    const pos = pendingCaret.current;
    if (pos === null || !box.current) return;
    pendingCaret.current = null;
    box.current.focus();
    box.current.setSelectionRange(pos, pos);
  });

  async function submit() {
    setBusy(true);
    setError(null);
    try {
      const { mentions } = await api.addCaseNote(caseId, text);
      setText('');
      setResult(
        mentions.length > 0
          ? `Note added; ${mentions.map((m) => m.name).join(', ')} mentioned.`
          : 'Note added.',
      );
      onAdded();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="note-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (text.trim()) void submit();
      }}
    >
      <label className="field">
        <span>Internal note</span>
        <textarea
          ref={box}
          rows={3}
          value={text}
          placeholder="Only your team sees notes. Type @ to mention someone."
          onChange={(e) => {
            setText(e.target.value);
            setCaret(e.target.selectionStart);
          }}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          data-testid="note-text"
        />
      </label>
      {suggestions.length > 0 && (
        <ul className="mention-suggestions" aria-label="Mention a member">
          {suggestions.map((m) => (
            <li key={m.user.id}>
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => insert(m)}>
                @{mentionHandle(m)} <span className="muted">{m.user.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      <ErrorBanner error={error} title="The note was not added." />
      <div className="form-actions">
        <button
          type="submit"
          className="btn btn-secondary"
          disabled={busy || !text.trim()}
          data-testid="note-submit"
        >
          {busy ? 'Adding…' : 'Add note'}
        </button>
        <span className="muted small" aria-live="polite">
          {result}
        </span>
      </div>
    </form>
  );
}
