/**
 * What people do on a customer's page (issue #14): notes, merging with another customer (confirmed,
 * audited, undoable) and the privacy actions of admins: export everything as JSON, and erase with a
 * typed confirmation. Each asks before it changes anything nobody can take back.
 */
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { customersApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { formatDateTime } from '../../format';
import type { CustomerPatch, CustomerProfile, CustomerSummary, IdentityKind } from '../../types';
import { useResource } from '../../use-resource';
import { PLATFORMS } from '../feedback-filters';
import { CustomerLink, IdentityList, primaryIdentity } from './customer-parts';

/** Runs an action with a busy flag and its error. */
function useAction() {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  return {
    ...state,
    async run(action: () => Promise<unknown>): Promise<boolean> {
      setState({ busy: true, error: null });
      try {
        await action();
        setState({ busy: false, error: null });
        return true;
      } catch (error) {
        setState({ busy: false, error });
        return false;
      }
    },
  };
}

/** The customer's notes, newest first, with a box to add one (agents and up). */
export function CustomerNotes({ customerId, canWrite }: { customerId: string; canWrite: boolean }) {
  const notes = useResource(`customer-notes:${customerId}`, () => customersApi.notes(customerId));
  const [text, setText] = useState('');
  const action = useAction();
  const list = [...(notes.data?.notes ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  async function submit(e: FormEvent) {
    e.preventDefault();
    const body = text.trim();
    if (!body) return;
    if (await action.run(() => customersApi.addNote(customerId, body))) {
      setText('');
      notes.reload();
    }
  }

  return (
    <section className="card" aria-labelledby="notes-title" data-testid="customer-notes">
      <h2 id="notes-title" className="card-title">
        Notes <span className="count">{list.length}</span>
      </h2>
      <ErrorBanner error={notes.error} title="Could not load the notes." />
      {notes.data && list.length === 0 && (
        <p className="muted" data-testid="notes-empty">
          No notes yet. Write down what the team should remember: a preference, an allergy, a promise made.
        </p>
      )}
      <ul className="notes-list">
        {list.map((n) => (
          <li key={n.id} data-testid="customer-note">
            <span className="muted small">
              {n.authorName ?? 'Someone'} · <time dateTime={n.createdAt}>{formatDateTime(n.createdAt)}</time>
            </span>
            <p>{n.text}</p>
          </li>
        ))}
      </ul>
      {canWrite && (
        <form onSubmit={(e) => void submit(e)} className="note-form">
          <label className="field">
            <span>Add a note</span>
            <textarea
              rows={2}
              maxLength={10_000}
              value={text}
              onChange={(e) => setText(e.target.value)}
              data-testid="customer-note-text"
            />
          </label>
          <ErrorBanner error={action.error} title="The note was not saved." />
          <div className="form-actions">
            <button
              type="submit"
              className="btn btn-primary btn-sm"
              disabled={action.busy || !text.trim()}
              data-testid="customer-note-add"
            >
              {action.busy ? 'Saving…' : 'Add note'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}

/** A modal built on the native <dialog> (focus trap and Escape for free). */
function Dialog({
  title,
  onClose,
  children,
  testId,
}: {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId: string;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="dialog" onClose={onClose} aria-label={title} data-testid={testId}>
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

/**
 * Merging this customer with another: find the other by name, e-mail or handle, read both side by
 * side, confirm. The survivor is this customer; the merge can be undone from the list below.
 */
export function CustomerMerging({
  profile,
  canWrite,
  onChanged,
}: {
  profile: CustomerProfile;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const merges = useResource(`customer-merges:${profile.id}`, () => customersApi.merges(profile.id));
  const [open, setOpen] = useState(false);
  const [q, setQ] = useState('');
  const [other, setOther] = useState<CustomerSummary | null>(null);
  const found = useResource(q.trim().length >= 2 ? `customer-merge-search:${q.trim()}` : null, () =>
    customersApi.list({ q: q.trim() }, null, 8),
  );
  const action = useAction();
  const candidates = (found.data?.customers ?? []).filter((c) => c.id !== profile.id && !c.mergedInto);
  const mine = (merges.data?.merges ?? []).filter(
    (m) => m.survivorId === profile.id || m.mergedId === profile.id,
  );

  async function merge() {
    if (!other) return;
    if (await action.run(() => customersApi.merge(profile.id, other.id))) {
      setOpen(false);
      setOther(null);
      setQ('');
      merges.reload();
      onChanged();
    }
  }

  return (
    <section className="card" aria-labelledby="merge-title" data-testid="customer-merges">
      <h2 id="merge-title" className="card-title">
        Same person?
      </h2>
      <p className="muted small">
        Merge when another customer record is this same person: their identities, items, cases and notes move
        here. Every merge can be undone exactly.
      </p>
      {mine.length > 0 && (
        <ul className="plain-list">
          {mine.map((m) => (
            <li key={m.id} data-testid="merge-record" data-undone={m.undoneAt ? 'true' : 'false'}>
              <span className="small">
                {m.survivorId === profile.id ? 'Merged in ' : 'Merged into '}
                <CustomerLink
                  id={m.survivorId === profile.id ? m.mergedId : m.survivorId}
                  name="the other record"
                />{' '}
                <span className="muted">
                  · {formatDateTime(m.createdAt)}
                  {m.undoneAt ? ` · undone ${formatDateTime(m.undoneAt)}` : ''}
                </span>
              </span>
              {canWrite && !m.undoneAt && (
                <button
                  type="button"
                  className="btn btn-ghost btn-sm"
                  disabled={action.busy}
                  onClick={() =>
                    void action
                      .run(() => customersApi.undoMerge(m.id))
                      .then((ok) => {
                        if (!ok) return;
                        merges.reload();
                        onChanged();
                      })
                  }
                  data-testid="merge-undo"
                >
                  Undo
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorBanner error={merges.error ?? (open ? null : action.error)} />
      {canWrite && !profile.mergedInto && !profile.erasedAt && (
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          onClick={() => setOpen(true)}
          data-testid="merge-open"
        >
          Merge with another customer…
        </button>
      )}
      {open && (
        <Dialog title="Merge with another customer" onClose={() => setOpen(false)} testId="merge-dialog">
          {!other ? (
            <>
              <label className="field">
                <span>Find the other record</span>
                <input
                  autoFocus
                  type="search"
                  placeholder="Name, e-mail or @handle"
                  value={q}
                  onChange={(e) => setQ(e.target.value)}
                  data-testid="merge-search"
                />
              </label>
              <ul className="plain-list">
                {candidates.map((c) => (
                  <li key={c.id}>
                    <button
                      type="button"
                      className="link-button"
                      onClick={() => setOther(c)}
                      data-testid="merge-candidate"
                    >
                      {c.name ?? 'Unnamed customer'}
                    </button>{' '}
                    <span className="muted small">{primaryIdentity(c.identities)}</span>
                  </li>
                ))}
              </ul>
              {found.data && candidates.length === 0 && (
                <p className="muted small">No other customer matches.</p>
              )}
            </>
          ) : (
            <>
              <div className="side-by-side">
                <div>
                  <h3>Keeps</h3>
                  <strong>{profile.name ?? 'Unnamed customer'}</strong>
                  <p className="muted small">{primaryIdentity(profile.identities)}</p>
                </div>
                <div>
                  <h3>Merged in</h3>
                  <strong>{other.name ?? 'Unnamed customer'}</strong>
                  <p className="muted small">{primaryIdentity(other.identities)}</p>
                </div>
              </div>
              <p className="small">
                Everything of {other.name ?? 'the other record'} moves to {profile.name ?? 'this customer'}.
                You can undo this later.
              </p>
            </>
          )}
          <ErrorBanner error={action.error} title="Not merged." />
          <div className="dialog-actions">
            <button
              className="btn btn-ghost"
              type="button"
              onClick={() => (other ? setOther(null) : setOpen(false))}
            >
              {other ? 'Back' : 'Cancel'}
            </button>
            <button
              className="btn btn-primary"
              type="button"
              disabled={!other || action.busy}
              onClick={() => void merge()}
              data-testid="merge-confirm"
            >
              {action.busy ? 'Merging…' : 'Merge'}
            </button>
          </div>
        </Dialog>
      )}
    </section>
  );
}

/** Export everything as JSON, and erase with a typed confirmation (admins and owners). */
export function CustomerPrivacy({ profile, onErased }: { profile: CustomerProfile; onErased: () => void }) {
  const [open, setOpen] = useState(false);
  const [typed, setTyped] = useState('');
  const exporting = useAction();
  const erasing = useAction();
  const word = 'ERASE';

  return (
    <section className="card customer-danger" aria-labelledby="privacy-title" data-testid="customer-privacy">
      <h2 id="privacy-title" className="card-title">
        Privacy
      </h2>
      <p className="muted small">
        A customer may ask for everything you hold about them, or to be forgotten. Erasing removes their name,
        identities and texts everywhere; totals and charts stay as they were. It cannot be undone.
      </p>
      <div className="page-actions">
        <button
          type="button"
          className="btn btn-secondary btn-sm"
          disabled={exporting.busy}
          onClick={() => void exporting.run(() => customersApi.exportJson(profile.id))}
          data-testid="customer-export"
        >
          {exporting.busy ? 'Preparing…' : 'Export as JSON'}
        </button>
        {!profile.erasedAt && (
          <button
            type="button"
            className="btn btn-danger btn-sm"
            onClick={() => setOpen(true)}
            data-testid="customer-erase"
          >
            Erase customer…
          </button>
        )}
      </div>
      <ErrorBanner error={exporting.error} title="Could not export." />
      {open && (
        <Dialog title="Erase this customer" onClose={() => setOpen(false)} testId="erase-dialog">
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (typed !== word) return;
              void erasing
                .run(() => customersApi.erase(profile.id))
                .then((ok) => {
                  if (!ok) return;
                  setOpen(false);
                  onErased();
                });
            }}
          >
            <p>
              Everything personal about <strong>{profile.name ?? 'this customer'}</strong> is removed: name,
              identities, the texts of their items, notes and replies. Aggregates stay. This cannot be undone.
            </p>
            <label className="field">
              <span>
                Type <strong>{word}</strong> to confirm
              </span>
              <input
                autoFocus
                value={typed}
                onChange={(e) => setTyped(e.target.value)}
                autoComplete="off"
                data-testid="erase-confirm-text"
              />
            </label>
            <ErrorBanner error={erasing.error} title="Not erased." />
            <div className="dialog-actions">
              <button className="btn btn-ghost" type="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button
                className="btn btn-danger"
                type="submit"
                disabled={typed !== word || erasing.busy}
                data-testid="erase-confirm"
              >
                {erasing.busy ? 'Erasing…' : 'Erase for good'}
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </section>
  );
}

const KINDS: { value: IdentityKind; label: string; platform: boolean }[] = [
  { value: 'email', label: 'E-mail', platform: false },
  { value: 'phone', label: 'Phone', platform: false },
  { value: 'handle', label: 'Social handle', platform: true },
  { value: 'marketplace_id', label: 'Marketplace id', platform: true },
  { value: 'external_id', label: 'CRM id', platform: false },
];

/**
 * Identities by channel; agents add one (an e-mail, a phone, a handle on a platform) or remove one.
 * An identity that belongs to someone else is refused by the server (merge them instead).
 */
export function CustomerIdentities({
  profile,
  canWrite,
  onChanged,
}: {
  profile: CustomerProfile;
  canWrite: boolean;
  onChanged: () => void;
}) {
  const [kind, setKind] = useState<IdentityKind>('email');
  const [platform, setPlatform] = useState('');
  const [value, setValue] = useState('');
  const [adding, setAdding] = useState(false);
  const action = useAction();
  const needsPlatform = KINDS.find((k) => k.value === kind)?.platform ?? false;
  const editable = canWrite && !profile.mergedInto && !profile.erasedAt;

  async function add(e: FormEvent) {
    e.preventDefault();
    const body = {
      kind,
      value: value.trim(),
      ...(needsPlatform ? { platform: platform.trim().toLowerCase() } : {}),
    };
    if (await action.run(() => customersApi.addIdentity(profile.id, body))) {
      setValue('');
      setAdding(false);
      onChanged();
    }
  }

  return (
    <section className="card" aria-labelledby="ids-title" data-testid="customer-identities">
      <h2 id="ids-title" className="card-title">
        Reached us as
      </h2>
      <IdentityList
        identities={profile.identities}
        onRemove={
          editable
            ? (i) =>
                void action
                  .run(() => customersApi.removeIdentity(profile.id, i.id))
                  .then((ok) => ok && onChanged())
            : undefined
        }
      />
      <ErrorBanner error={action.error} title="Not changed." />
      {editable &&
        (adding ? (
          <form className="identity-form" onSubmit={(e) => void add(e)} data-testid="identity-form">
            <label className="field">
              <span>Kind</span>
              <select
                value={kind}
                onChange={(e) => setKind(e.target.value as IdentityKind)}
                data-testid="identity-kind"
              >
                {KINDS.map((k) => (
                  <option key={k.value} value={k.value}>
                    {k.label}
                  </option>
                ))}
              </select>
            </label>
            {needsPlatform && (
              <label className="field">
                <span>Platform</span>
                <input
                  required
                  list="identity-platforms"
                  placeholder="twitter, instagram, amazon"
                  value={platform}
                  onChange={(e) => setPlatform(e.target.value)}
                />
                <datalist id="identity-platforms">
                  {PLATFORMS.map((x) => (
                    <option key={x} value={x} />
                  ))}
                </datalist>
              </label>
            )}
            <label className="field">
              <span>Value</span>
              <input
                required
                maxLength={320}
                value={value}
                onChange={(e) => setValue(e.target.value)}
                data-testid="identity-value"
              />
            </label>
            <div className="form-actions">
              <button type="button" className="btn btn-ghost btn-sm" onClick={() => setAdding(false)}>
                Cancel
              </button>
              <button
                type="submit"
                className="btn btn-primary btn-sm"
                disabled={action.busy || !value.trim()}
                data-testid="identity-add"
              >
                Add
              </button>
            </div>
          </form>
        ) : (
          <button
            type="button"
            className="btn btn-secondary btn-sm"
            onClick={() => setAdding(true)}
            data-testid="identity-open"
          >
            Add an identity…
          </button>
        ))}
    </section>
  );
}

/** Edits the customer's own fields (agents): name, city, personal dates, value, tags, language. */
export function CustomerEdit({ profile, onSaved }: { profile: CustomerProfile; onSaved: () => void }) {
  const [open, setOpen] = useState(false);
  const initial = {
    name: profile.name ?? '',
    city: profile.city ?? '',
    birthday: profile.birthday ?? '',
    anniversary: profile.anniversary ?? '',
    firstPurchase: profile.firstPurchase ?? '',
    lifetimeValue: profile.lifetimeValue === null ? '' : String(profile.lifetimeValue),
    currency: profile.currency ?? '',
    tags: profile.tags.join(', '),
    language: profile.language ?? '',
  };
  const [form, setForm] = useState(initial);
  const action = useAction();
  const text = (v: string) => v.trim() || null;
  const field = (key: keyof typeof initial, label: string, type = 'text') => (
    <label className="field">
      <span>{label}</span>
      <input
        type={type}
        value={form[key]}
        onChange={(e) => setForm({ ...form, [key]: e.target.value })}
        data-testid={`customer-edit-${key}`}
      />
    </label>
  );

  async function save(e: FormEvent) {
    e.preventDefault();
    const value = form.lifetimeValue.trim();
    const patch: CustomerPatch = {
      name: text(form.name),
      city: text(form.city),
      birthday: text(form.birthday),
      anniversary: text(form.anniversary),
      firstPurchase: text(form.firstPurchase),
      lifetimeValue: value ? Number(value) : null,
      currency: text(form.currency),
      tags: form.tags
        .split(/[,;]/)
        .map((t) => t.trim())
        .filter(Boolean),
      language: text(form.language),
    };
    if (await action.run(() => customersApi.update(profile.id, patch))) {
      setOpen(false);
      onSaved();
    }
  }

  return (
    <>
      <button
        type="button"
        className="btn btn-secondary btn-sm"
        onClick={() => {
          setForm(initial);
          setOpen(true);
        }}
        data-testid="customer-edit"
      >
        Edit details
      </button>
      {open && (
        <Dialog title="Edit details" onClose={() => setOpen(false)} testId="customer-edit-dialog">
          <form onSubmit={(e) => void save(e)}>
            {field('name', 'Name')}
            {field('city', 'City')}
            <div className="form-grid">
              {field('birthday', 'Birthday', 'date')}
              {field('anniversary', 'Anniversary', 'date')}
              {field('firstPurchase', 'First purchase', 'date')}
            </div>
            <div className="form-grid">
              {field('lifetimeValue', 'Lifetime value', 'number')}
              {field('currency', 'Currency (EUR, USD…)')}
              {field('language', 'Language (en, de…)')}
            </div>
            {field('tags', 'Tags, separated by commas')}
            <p className="muted small">
              The value is shown to the team; it never changes a case&apos;s priority.
            </p>
            <ErrorBanner error={action.error} title="Not saved." />
            <div className="dialog-actions">
              <button className="btn btn-ghost" type="button" onClick={() => setOpen(false)}>
                Cancel
              </button>
              <button
                className="btn btn-primary"
                type="submit"
                disabled={action.busy}
                data-testid="customer-edit-save"
              >
                {action.busy ? 'Saving…' : 'Save'}
              </button>
            </div>
          </form>
        </Dialog>
      )}
    </>
  );
}
