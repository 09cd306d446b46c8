/**
 * The journey heatmap (issue #13): sentiment by stage and touchpoint for the period and filters in
 * the URL, the weakest link named, and the weight of the last impression. The Journey page shows it
 * as its first tab.
 */
import { analyticsApi, getWorkspaceId } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { useResource } from '../../use-resource';
import {
  AnalyticsEmpty,
  analyticsQueryOf,
  CsvButton,
  IndexLegend,
  NoDataHint,
  PeriodFilterBar,
  periodLabel,
  periodOf,
  queryKey,
  useUrlQuery,
} from './analytics-parts';
import { HeatmapGrid, LastImpressionPanel, WeakestCallout } from './heatmap-parts';

/** The heatmap with its filters, callout and panel (no page header: the Journey page has one). */
export function HeatmapView() {
  const url = useUrlQuery();
  const query = analyticsQueryOf(url.params);
  const heatmap = useResource(`heatmap:${getWorkspaceId() ?? ''}:${queryKey(query)}`, () =>
    analyticsApi.heatmap(query),
  );
  const data = heatmap.data;
  const period = periodOf(query, data?.period);
  const total = data?.cells.reduce((s, c) => s + c.volume, 0) ?? 0;

  return (
    <div className="analytics" data-testid="heatmap-view" aria-busy={heatmap.loading}>
      <PeriodFilterBar query={query} onChange={url.set} />
      <ErrorBanner error={heatmap.error} title="Could not load the journey heatmap." />
      {data && (
        <section
          className={`card analytics-card${heatmap.loading ? ' is-stale' : ''}`}
          aria-labelledby="heatmap-title"
          data-testid="heatmap-card"
          data-loaded={queryKey(query)}
        >
          <div className="card-head">
            <div>
              <h2 className="card-title" id="heatmap-title">
                Sentiment along the journey
              </h2>
              <p className="muted small" data-testid="heatmap-period">
                {periodLabel(query, period)} · {total.toLocaleString()} touchpoint mentions · click a cell for
                its feedback
              </p>
            </div>
            <CsvButton
              path="/journey/heatmap"
              query={{ ...query }}
              filename="journey-heatmap.csv"
              testId="heatmap-csv"
            />
          </div>
          {total === 0 ? (
            <AnalyticsEmpty title="No feedback mentions a touchpoint in this period." testId="heatmap-empty">
              <NoDataHint query={query} onChange={url.set} />
            </AnalyticsEmpty>
          ) : (
            <>
              <IndexLegend />
              <HeatmapGrid heatmap={data} query={query} period={period} />
            </>
          )}
        </section>
      )}
      {data && total > 0 && (
        <div className="analytics-two">
          <WeakestCallout heatmap={data} query={query} period={period} />
          <LastImpressionPanel heatmap={data} />
        </div>
      )}
      {!data && !heatmap.error && (
        <div className="list-empty">
          <span className="spinner" aria-label="Loading" />
        </div>
      )}
    </div>
  );
}
