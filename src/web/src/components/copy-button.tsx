import { useEffect, useState } from 'react';

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text, testId }: { text: string; testId?: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);

  useEffect(() => {
    if (copied === null) return;
    const t = setTimeout(() => setCopied(null), 2000);
    return () => clearTimeout(t);
  }, [copied]);

  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
    } catch {
      // The Clipboard API needs a secure context (https or localhost); the user can still select the text.
      setCopied(false);
    }
  }

  return (
    <button
      className="btn btn-secondary btn-sm"
      type="button"
      onClick={() => void copy()}
      data-testid={testId}
    >
      <span aria-live="polite">
        {copied === true ? 'Copied' : copied === false ? 'Select and copy' : 'Copy'}
      </span>
    </button>
  );
}
