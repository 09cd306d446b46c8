import { useState } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { SentimentBadge } from '../components/sentiment-badge';
import { formatDateTime } from '../format';
import type { FeedbackDetail, SentimentLabel } from '../types';

const LABELS = ['negative', 'neutral', 'positive'] as const satisfies readonly SentimentLabel[];
const NAMES: Record<SentimentLabel, string> = {
  negative: 'Negative',
  neutral: 'Neutral',
  positive: 'Positive',
};

type Correction = NonNullable<FeedbackDetail['corrections']['sentiment']>;

/** "Corrected by Ana Agent, 3 Mar 2026 10:02": who set the label the item shows. */
export function CorrectedBy({ correction }: { correction: Correction }) {
  return (
    <span className="muted small" data-testid="corrected-by">
      Corrected by <strong>{correction.createdBy?.name ?? 'a former member'}</strong>,{' '}
      <time dateTime={correction.createdAt}>{formatDateTime(correction.createdAt)}</time>
    </span>
  );
}

/**
 * The agent's buttons to set the item's sentiment as they read it, and to undo their correction.
 * Corrections are explicit training labels of the workspace model (issue #3).
 */
export function SentimentCorrection({
  item,
  onCorrected,
  onWithdrawn,
}: {
  item: FeedbackDetail;
  onCorrected: (item: FeedbackDetail) => void;
  onWithdrawn: () => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const correction = item.corrections.sentiment;
  const current = correction && correction.version === item.version ? correction.label : null;

  async function run(action: () => Promise<void>) {
    setBusy(true);
    setError(null);
    try {
      await action();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="analysis-block" data-testid="sentiment-correction">
      <h3 id="correct-title">Correct the sentiment</h3>
      <p className="muted small">
        If the model read this item wrong, say how it reads. Your label is shown everywhere and teaches the
        workspace&apos;s own model.
      </p>
      {correction && correction.version !== item.version && (
        <p className="muted small" data-testid="correction-stale">
          Version {correction.version} was corrected to <SentimentBadge label={correction.label} />; the text
          has changed since, so the model reads the current version.
        </p>
      )}
      <div className="correction-actions" role="group" aria-labelledby="correct-title">
        {LABELS.map((label) => (
          <button
            key={label}
            type="button"
            className={`btn btn-sm ${current === label ? 'btn-primary' : 'btn-secondary'}`}
            aria-pressed={current === label}
            disabled={busy}
            data-testid={`correct-${label}`}
            onClick={() => void run(async () => onCorrected(await api.correctSentiment(item.id, label)))}
          >
            {NAMES[label]}
          </button>
        ))}
        {correction && (
          <button
            type="button"
            className="btn btn-sm btn-ghost"
            disabled={busy}
            data-testid="correction-undo"
            onClick={() =>
              void run(async () => {
                await api.withdrawCorrection(item.id);
                onWithdrawn();
              })
            }
          >
            Undo correction
          </button>
        )}
      </div>
      <ErrorBanner error={error} title="Could not save the correction." />
    </div>
  );
}
