/** The Touchpoint mark and name. */
export function Logo({ compact = false }: { compact?: boolean }) {
  return (
    <div className="logo">
      <svg width="24" height="24" viewBox="0 0 32 32" aria-hidden="true">
        <rect width="32" height="32" rx="8" fill="currentColor" />
        <circle cx="16" cy="16" r="6" fill="white" />
      </svg>
      {!compact && <span className="logo-name">Touchpoint</span>}
    </div>
  );
}
