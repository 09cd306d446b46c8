/**
 * Who to ask (survey invitations, review requests): customers found by search and picked one by
 * one, or every member of a saved segment.
 */
import { useEffect, useState } from 'react';
import { customersApi, type AskTarget } from '../../api';
import { formatInt } from '../../format';
import type { CustomerSummary } from '../../types';
import { useResource } from '../../use-resource';
import { primaryIdentity } from '../customers/customer-parts';

/**
 * A customer search field inside another form: Enter commits the search (it must not submit the
 * form around it), and so does a short pause in typing.
 */
function CustomerSearch({ onCommit }: { onCommit: (q: string) => void }) {
  const [draft, setDraft] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => onCommit(draft.trim()), 350);
    return () => clearTimeout(timer);
  }, [draft, onCommit]);
  return (
    <label className="field">
      <span>Customers</span>
      <input
        type="search"
        placeholder="Find a customer by name, e-mail or phone"
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={(e) => {
          if (e.key !== 'Enter') return;
          e.preventDefault();
          onCommit(draft.trim());
        }}
        data-testid="target-search"
      />
    </label>
  );
}

export function AskTargetPicker({ onChange }: { onChange: (target: AskTarget | null) => void }) {
  const segments = useResource('segments', () => customersApi.segments());
  const [mode, setMode] = useState<'customers' | 'segment'>('customers');
  const [q, setQ] = useState('');
  const found = useResource(q.trim().length >= 2 ? `ask-target-search:${q.trim()}` : null, () =>
    customersApi.list({ q: q.trim() }, null, 10),
  );
  const [chosen, setChosen] = useState<CustomerSummary[]>([]);
  const [segmentId, setSegmentId] = useState('');

  const emit = (m: typeof mode, c: CustomerSummary[], s: string) =>
    onChange(
      m === 'segment' ? (s ? { segmentId: s } : null) : c.length ? { customerIds: c.map((x) => x.id) } : null,
    );
  const choose = (c: CustomerSummary[]) => {
    setChosen(c);
    emit(mode, c, segmentId);
  };

  return (
    <div className="ask-target" data-testid="ask-target">
      <div className="segmented" role="radiogroup" aria-label="Who">
        {(['customers', 'segment'] as const).map((m) => (
          <button
            key={m}
            type="button"
            role="radio"
            aria-checked={mode === m}
            className={`segment${mode === m ? ' is-active' : ''}`}
            onClick={() => {
              setMode(m);
              emit(m, chosen, segmentId);
            }}
            data-testid={`target-mode-${m}`}
          >
            {m === 'customers' ? 'Chosen customers' : 'A segment'}
          </button>
        ))}
      </div>
      {mode === 'segment' ? (
        <label className="field">
          <span>Segment</span>
          <select
            value={segmentId}
            onChange={(e) => {
              setSegmentId(e.target.value);
              emit(mode, chosen, e.target.value);
            }}
            data-testid="target-segment"
          >
            <option value="">Choose a segment…</option>
            {(segments.data?.segments ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.name} ({formatInt(s.size)})
              </option>
            ))}
          </select>
          {segments.data?.segments.length === 0 && (
            <span className="muted small">
              No segments yet: <a href="#/segments">build one</a> from what customers care about.
            </span>
          )}
        </label>
      ) : (
        <>
          <CustomerSearch onCommit={setQ} />
          {found.data && found.data.customers.length > 0 && (
            <ul className="plain-list invite-found">
              {found.data.customers
                .filter((c) => !chosen.some((x) => x.id === c.id))
                .map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="btn btn-ghost btn-sm"
                      onClick={() => choose([...chosen, c])}
                      data-testid="target-add"
                      data-id={c.id}
                    >
                      + {c.name || 'Unnamed customer'}
                    </button>
                    <span className="muted small"> {primaryIdentity(c.identities) ?? 'no e-mail'}</span>
                  </li>
                ))}
            </ul>
          )}
          {q.trim().length >= 2 && found.data?.customers.length === 0 && (
            <p className="muted small">No customer matches “{q.trim()}”.</p>
          )}
          {chosen.length > 0 && (
            <div className="chips" data-testid="target-chosen">
              {chosen.map((c) => (
                <button
                  key={c.id}
                  type="button"
                  className="chip"
                  onClick={() => choose(chosen.filter((x) => x.id !== c.id))}
                  aria-label={`Remove ${c.name || 'customer'}`}
                >
                  {c.name || 'Unnamed customer'} ×
                </button>
              ))}
            </div>
          )}
        </>
      )}
    </div>
  );
}
