import { useCallback, useEffect, useState } from 'react';
import { api } from '../api';
import { ErrorBanner } from '../components/error-banner';
import { href, navigate, rememberListHref, useLocation } from '../router';
import type { FeedbackItem } from '../types';
import { useResource } from '../use-resource';
import { filtersFromQuery, stableKey, toApiFilters, type FilterKey } from './feedback-filters';
import { FeedbackTable } from './feedback-table';
import { formatInt } from '../format';
import { FilterBar } from './filter-bar';
import { FirstSteps } from './first-steps';
import { SentimentChips } from './sentiment-chips';

interface More {
  key: string;
  items: FeedbackItem[];
  nextCursor: string | null;
}

/** The feedback explorer: sentiment totals, filters, and the list of items with "Load more". */
export function FeedbackPage() {
  const { query, raw } = useLocation();
  useEffect(() => rememberListHref(raw), [raw]);
  const values = filtersFromQuery(query);
  const key = stableKey(values);
  const { sentiment: _sentiment, sort: _sort, ...countValues } = values;

  const first = useResource(`feedback:${key}`, () => api.feedback(toApiFilters(values)));
  const counts = useResource(`counts:${stableKey(countValues)}`, () =>
    api.feedbackCounts(toApiFilters(countValues)),
  );
  const [more, setMore] = useState<More | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreError, setMoreError] = useState<unknown>(null);

  const extra = more?.key === key ? more : null;
  const items = [...(first.data?.items ?? []), ...(extra?.items ?? [])];
  const nextCursor = extra ? extra.nextCursor : (first.data?.nextCursor ?? null);

  const setFilter = useCallback(
    (name: FilterKey, value: string) => {
      const next: Record<string, string | undefined> = { ...values, [name]: value || undefined };
      navigate(href('/feedback', next), { replace: true });
    },
    // `values` is rebuilt every render from the URL; its serialized form is the real dependency.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [key],
  );

  async function loadMore() {
    if (!nextCursor) return;
    setLoadingMore(true);
    setMoreError(null);
    try {
      const page = await api.feedback(toApiFilters(values), nextCursor);
      setMore({ key, items: [...(extra?.items ?? []), ...page.items], nextCursor: page.nextCursor });
    } catch (err) {
      setMoreError(err);
    } finally {
      setLoadingMore(false);
    }
  }

  const by = counts.data?.bySentiment;
  const sentimentKey = values.sentiment as keyof NonNullable<typeof by> | undefined;
  const matching = counts.data ? (sentimentKey && by ? by[sentimentKey] : counts.data.total) : undefined;
  const showingStale = first.loading && first.data !== undefined;

  return (
    <div className="page page-wide">
      <div className="page-header">
        <div>
          <h1>Feedback</h1>
          <p className="page-sub">Everything customers said, across every channel.</p>
        </div>
        <a className="btn btn-secondary" href="#/import">
          Import file
        </a>
      </div>

      <SentimentChips
        counts={counts.data}
        selected={values.sentiment}
        onSelect={(s) => setFilter('sentiment', s)}
      />
      <FilterBar
        values={values}
        onChange={setFilter}
        onClear={() => navigate('#/feedback', { replace: true })}
      />

      <ErrorBanner error={first.error ?? counts.error} title="Could not load feedback." />

      <section className={`card list-card${showingStale ? ' is-stale' : ''}`} aria-busy={first.loading}>
        {first.data === undefined && first.loading ? (
          <div className="list-empty">
            <span className="spinner" aria-label="Loading" />
          </div>
        ) : items.length === 0 ? (
          <div className="list-empty" data-testid="feedback-empty">
            <p>
              <strong>No feedback matches.</strong>
            </p>
            {Object.keys(countValues).length > 0 || values.sentiment ? (
              <p className="muted">Try removing a filter.</p>
            ) : (
              <FirstSteps />
            )}
          </div>
        ) : (
          <FeedbackTable items={items} />
        )}
      </section>

      <ErrorBanner error={moreError} />
      <div className="list-footer">
        <span className="muted" data-testid="feedback-shown">
          {items.length > 0 &&
            `Showing ${items.length}${matching !== undefined ? ` of ${formatInt(matching)}${counts.data?.exact === false ? '+' : ''}` : ''}`}
        </span>
        {nextCursor && (
          <button
            className="btn btn-secondary"
            type="button"
            onClick={() => void loadMore()}
            disabled={loadingMore}
            data-testid="load-more"
          >
            {loadingMore ? 'Loading…' : 'Load more'}
          </button>
        )}
      </div>
    </div>
  );
}
