/** Keyboard shortcuts of the inbox and the case page: when not to take a key, and the `?` help. */
import { useEffect, useRef } from 'react';

/**
 * Whether a key event comes from somewhere the person is typing (a field, a select, an editable
 * element, an open dialog's controls): single-letter shortcuts must never steal those keys.
 */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target.closest('dialog[open]')) return true;
  const tag = target.tagName;
  if (tag === 'TEXTAREA' || tag === 'SELECT') return true;
  if (tag === 'INPUT') {
    const type = (target as HTMLInputElement).type;
    return !['button', 'checkbox', 'radio', 'submit', 'reset'].includes(type);
  }
  return false;
}

/** The list of shortcuts in a modal (native <dialog>: focus is trapped and Escape closes it). */
export function ShortcutsDialog({
  title,
  shortcuts,
  onClose,
}: {
  title: string;
  shortcuts: [string, string][];
  onClose: () => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog
      ref={ref}
      className="dialog"
      onClose={onClose}
      aria-labelledby="shortcuts-title"
      data-testid="shortcuts"
      onKeyDown={(e) => {
        if (e.key === '?') {
          e.preventDefault();
          onClose();
        }
      }}
    >
      <h2 id="shortcuts-title">{title}</h2>
      <dl className="shortcuts">
        {shortcuts.map(([keys, what]) => (
          <div key={keys} className="shortcut">
            <dt>
              {keys.split(' / ').map((k, i) => (
                <span key={k}>
                  {i > 0 && ' or '}
                  <kbd>{k}</kbd>
                </span>
              ))}
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <p className="muted small">Shortcuts pause while you type in a field.</p>
      <div className="dialog-actions">
        <button type="button" className="btn btn-primary" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
