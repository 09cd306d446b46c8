/** An accessible progress bar; indeterminate (striped) when `value` is null. */
export function ProgressBar({
  value,
  label,
  testId = 'import-progress',
}: {
  value: number | null;
  label: string;
  testId?: string;
}) {
  const pct = value === null ? null : Math.round(Math.max(0, Math.min(1, value)) * 100);
  return (
    <div
      className={`progress${pct === null ? ' progress-indeterminate' : ''}`}
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct ?? undefined}
      data-testid={testId}
      data-value={pct ?? ''}
    >
      <div className="progress-fill" style={{ width: `${pct ?? 100}%` }} />
    </div>
  );
}
