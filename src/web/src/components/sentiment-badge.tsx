import { formatScore } from '../format';
import type { SentimentLabel } from '../types';

const LABELS: Record<SentimentLabel, string> = {
  negative: 'Negative',
  neutral: 'Neutral',
  positive: 'Positive',
};

/** A coloured pill for a sentiment label, with the score when given. */
export function SentimentBadge({
  label,
  score,
  status,
}: {
  label: SentimentLabel | null | undefined;
  score?: number | null;
  status?: string;
}) {
  if (!label) {
    return (
      <span className="badge badge-muted" data-testid="sentiment-badge" data-sentiment="none">
        {status === 'failed' ? 'Failed' : 'Pending'}
      </span>
    );
  }
  return (
    <span className={`badge badge-${label}`} data-testid="sentiment-badge" data-sentiment={label}>
      <span className="badge-dot" aria-hidden="true" />
      {LABELS[label]}
      {score !== undefined && score !== null && <span className="badge-score">{formatScore(score)}</span>}
    </span>
  );
}
