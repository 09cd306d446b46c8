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

/** A secret shown once (an API key, an invitation link): read-only, selected on focus, with a copy button. */
export function SecretField({
  value,
  label,
  testId,
  copyTestId,
}: {
  value: string;
  label: string;
  testId: string;
  copyTestId: string;
}) {
  return (
    <div className="secret">
      <input
        readOnly
        value={value}
        aria-label={label}
        onFocus={(e) => e.target.select()}
        data-testid={testId}
      />
      <CopyButton text={value} testId={copyTestId} />
    </div>
  );
}
