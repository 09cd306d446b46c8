import { useEffect, useState } from 'react';

/** A search field that commits what was typed after a short pause, or at once on Enter. */
export function SearchBox({
  value,
  onCommit,
  placeholder = 'Search text, e.g. refund or 服务',
  testId = 'search',
}: {
  value: string;
  onCommit: (q: string) => void;
  placeholder?: string;
  testId?: string;
}) {
  const [draft, setDraft] = useState(value);
  const [committed, setCommitted] = useState(value);
  // Follow the URL when it changes from outside (back button, "Clear filters").
  if (committed !== value) {
    setCommitted(value);
    setDraft(value);
  }

  useEffect(() => {
    if (draft.trim() === committed.trim()) return;
    const timer = setTimeout(() => onCommit(draft.trim()), 350);
    return () => clearTimeout(timer);
  }, [draft, committed, onCommit]);

  return (
    <form
      className="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onCommit(draft.trim());
      }}
    >
      <label className="filter-label" htmlFor="feedback-search">
        Search
      </label>
      <svg viewBox="0 0 24 24" width="16" height="16" aria-hidden="true" className="search-icon">
        <circle cx="11" cy="11" r="7" fill="none" stroke="currentColor" strokeWidth="2" />
        <path d="m20 20-4-4" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
      </svg>
      <input
        id="feedback-search"
        type="search"
        placeholder={placeholder}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        data-testid={testId}
      />
    </form>
  );
}
