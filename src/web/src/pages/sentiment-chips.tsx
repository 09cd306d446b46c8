import { formatInt } from '../format';
import type { FeedbackCounts, SentimentLabel } from '../types';

const ORDER: SentimentLabel[] = ['negative', 'neutral', 'positive'];
const LABEL: Record<SentimentLabel, string> = {
  negative: 'Negative',
  neutral: 'Neutral',
  positive: 'Positive',
};

/**
 * Totals by sentiment for the current filters (ignoring the sentiment filter itself), as chips
 * that set or clear the sentiment filter, with a bar showing the split.
 */
export function SentimentChips({
  counts,
  selected,
  onSelect,
}: {
  counts: FeedbackCounts | undefined;
  selected: string | undefined;
  onSelect: (sentiment: string) => void;
}) {
  const by = counts?.bySentiment;
  const total = counts?.total ?? 0;
  // Past 1,000 matches of a search (or another filter the rollups do not keep) the server stops counting.
  const n = (x: number) => `${formatInt(x)}${counts && !counts.exact ? '+' : ''}`;
  return (
    <div className="summary" data-testid="sentiment-counts">
      <div className="chips" role="group" aria-label="Filter by sentiment">
        <button
          type="button"
          className={`chip${!selected ? ' chip-active' : ''}`}
          aria-pressed={!selected}
          onClick={() => onSelect('')}
          data-testid="chip-all"
        >
          All <span className="chip-count">{counts ? n(total) : '…'}</span>
        </button>
        {ORDER.map((label) => (
          <button
            key={label}
            type="button"
            className={`chip chip-${label}${selected === label ? ' chip-active' : ''}`}
            aria-pressed={selected === label}
            onClick={() => onSelect(selected === label ? '' : label)}
            data-testid={`chip-${label}`}
          >
            <span className="badge-dot" aria-hidden="true" />
            {LABEL[label]} <span className="chip-count">{by ? n(by[label]) : '…'}</span>
          </button>
        ))}
        {by && by.unanalysed > 0 && (
          <span className="chip chip-static" title="Waiting for analysis">
            Unanalysed <span className="chip-count">{n(by.unanalysed)}</span>
          </span>
        )}
      </div>
      {by && total > 0 && (
        <div className="split" aria-hidden="true">
          {ORDER.map((label) =>
            by[label] > 0 ? (
              <span key={label} className={`split-${label}`} style={{ flexGrow: by[label] }} />
            ) : null,
          )}
          {by.unanalysed > 0 && <span className="split-none" style={{ flexGrow: by.unanalysed }} />}
        </div>
      )}
    </div>
  );
}
