/** A 1–5 star rating (halves allowed), readable by screen readers as "4.5 of 5 stars". */
export function Stars({ rating }: { rating: number | null | undefined }) {
  if (rating === null || rating === undefined) return <span className="muted">—</span>;
  const pct = Math.max(0, Math.min(5, rating)) * 20;
  return (
    <span className="stars" role="img" aria-label={`${rating} of 5 stars`} title={`${rating} / 5`}>
      <span className="stars-empty" aria-hidden="true">
        ★★★★★
      </span>
      <span className="stars-full" aria-hidden="true" style={{ width: `${pct}%` }}>
        ★★★★★
      </span>
    </span>
  );
}
