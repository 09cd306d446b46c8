import { useEffect, useRef, useState, type FormEvent } from 'react';
import { api } from '../api';
import type { WorkspaceSummary } from '../types';
import { ErrorBanner } from './error-banner';

/** A modal (native <dialog>, so focus and Escape work) that creates a workspace the user owns. */
export function NewWorkspaceDialog({
  onClose,
  onCreated,
}: {
  onClose: () => void;
  onCreated: (w: WorkspaceSummary) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const created = await api.createWorkspace(name.trim());
      // The creator owns the new workspace; the API may or may not echo the role.
      onCreated({ ...created, role: created.role ?? 'owner', isDemo: created.isDemo ?? false });
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  }

  return (
    <dialog ref={ref} className="dialog" onClose={onClose} aria-labelledby="new-ws-title">
      <form onSubmit={(e) => void submit(e)}>
        <h2 id="new-ws-title">New workspace</h2>
        <p className="muted">A workspace holds one business: its brands, its feedback and its team.</p>
        <ErrorBanner error={error} />
        <label className="field">
          <span>Name</span>
          <input
            autoFocus
            required
            maxLength={120}
            value={name}
            onChange={(e) => setName(e.target.value)}
            data-testid="new-workspace-name"
          />
        </label>
        <div className="dialog-actions">
          <button className="btn btn-ghost" type="button" onClick={onClose}>
            Cancel
          </button>
          <button
            className="btn btn-primary"
            type="submit"
            disabled={busy || !name.trim()}
            data-testid="new-workspace-submit"
          >
            {busy ? 'Creating…' : 'Create workspace'}
          </button>
        </div>
      </form>
    </dialog>
  );
}
