/**
 * The manager's home (issue #13): how the workspace is doing in the period and filters of the URL
 * (`#/overview?preset=90d&brand=harbor&bucket=week`): headline metrics with their intervals and
 * whether they really changed, trends, the touchpoints that moved, open cases and recent alerts.
 * Agents keep the inbox as their home; anyone can open this page from the navigation.
 */
import { api, metricsApi } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import type { MetricBucket } from '../../types';
import { useResource } from '../../use-resource';
import { FirstSteps } from '../first-steps';
import {
  AnalyticsEmpty,
  analyticsQueryOf,
  CsvButton,
  NoDataHint,
  PeriodFilterBar,
  periodLabel,
  periodOf,
  queryKey,
  useUrlQuery,
} from './analytics-parts';
import {
  BUCKETS,
  defaultBucket,
  HeadlineCards,
  JourneyFilters,
  Movers,
  OpenCases,
  RecentAlerts,
  Trends,
} from './overview-parts';
import './overview.css';

export function OverviewPage() {
  const url = useUrlQuery();
  const query = analyticsQueryOf(url.params);
  const bucket: MetricBucket =
    BUCKETS.find((b) => b.value === url.params.get('bucket'))?.value ?? defaultBucket(query);
  const key = queryKey(query, `&bucket=${bucket}`);
  const metrics = useResource(`metrics:${key}`, () => metricsApi.metrics(query, bucket));
  // One item is enough to know whether the workspace has any (the explorer's first page is fast).
  const any = useResource('overview:any-item', () => api.feedback({}, null, 1));
  const data = metrics.data;
  const period = periodOf(query, data?.period);
  const volume = data?.headline.find((h) => h.key === 'volume');
  const csvQuery = { ...query, bucket };

  if (any.data && any.data.items.length === 0) {
    return (
      <div className="page overview" data-testid="overview">
        <header className="page-header">
          <div>
            <h1>Overview</h1>
            <p className="page-sub">How customers feel, whether it changed, and what needs you.</p>
          </div>
        </header>
        <section className="card" data-testid="overview-empty">
          <h2 className="card-title">No feedback yet</h2>
          <p>
            The overview fills in as feedback arrives: import a file of reviews or survey answers, connect a
            source through the API, or look around the demo workspace first.
          </p>
          <FirstSteps next="#/overview" />
        </section>
      </div>
    );
  }

  return (
    <div className="page overview" data-testid="overview" aria-busy={metrics.loading}>
      <header className="page-header">
        <div>
          <h1>Overview</h1>
          <p className="page-sub" data-testid="overview-period">
            {periodLabel(query, period)}
            {data && ` · compared with ${periodLabel({ preset: 'custom' }, data.previous)}`}
          </p>
        </div>
        <CsvButton path="/metrics" query={csvQuery} filename="metrics.csv" testId="overview-csv" />
      </header>
      <PeriodFilterBar query={query} onChange={url.set}>
        <JourneyFilters query={query} onChange={url.set} />
      </PeriodFilterBar>
      <ErrorBanner error={metrics.error} title="Could not load the metrics." />
      {data && (
        <div
          className={`overview-body${metrics.loading ? ' is-stale' : ''}`}
          data-testid="overview-body"
          data-loaded={key}
        >
          {volume && volume.estimate.n === 0 && (
            <AnalyticsEmpty title="No feedback in this period and filter." testId="overview-no-data">
              <NoDataHint query={query} onChange={url.set} />
            </AnalyticsEmpty>
          )}
          <section aria-label="Headline metrics">
            <HeadlineCards headline={data.headline} />
          </section>
          <Trends
            metrics={data}
            bucket={bucket}
            onBucket={(b) => url.set({ bucket: b })}
            csvQuery={csvQuery}
          />
          <Movers metrics={data} query={query} csvQuery={csvQuery} />
          <div className="overview-two">
            <OpenCases headline={data.headline} />
            <RecentAlerts />
          </div>
        </div>
      )}
      {!data && metrics.loading && <span className="spinner" aria-label="Loading" />}
    </div>
  );
}
