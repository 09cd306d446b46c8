/**
 * The competitor benchmark (issue #13): own brands against each competitor, brand by brand and
 * touchpoint by touchpoint, each difference with its significance; where to talk and where to fix.
 */
import { analyticsApi, getWorkspaceId, type AnalyticsQuery } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import type { Benchmark } from '../../types';
import { useResource, type Resource } from '../../use-resource';
import { useWorkspaceMeta } from '../../workspace-meta';
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
import { BrandComparison, ContrastList, TouchpointTable } from './benchmark-parts';

/** Loads the benchmark for a query (a brand filter makes no sense here: every brand is compared). */
export function useBenchmark(query: AnalyticsQuery): Resource<Benchmark> {
  const { brands } = useWorkspaceMeta();
  // Brands change kind on the Brands page: the key includes the kinds so the comparison follows.
  const kinds = brands.map((b) => `${b.id}:${b.kind}`).join(',');
  return useResource(`benchmark:${getWorkspaceId() ?? ''}:${queryKey(query)}:${kinds}`, () =>
    analyticsApi.benchmark(query),
  );
}

/** What a benchmark without a competitor or without an own brand is missing, and where to fix it. */
export function BenchmarkPrerequisite({ benchmark }: { benchmark: Benchmark }) {
  const own = benchmark.brands.some((b) => b.kind === 'own');
  const competitor = benchmark.brands.some((b) => b.kind === 'competitor');
  if (own && competitor) return null;
  return (
    <AnalyticsEmpty
      title={own ? 'No competitor to compare with.' : 'No own brand to compare.'}
      testId="benchmark-setup"
    >
      <p>
        Mark brands as own or competitor on the <a href="#/brands">Brands</a> page, or import a competitor’s
        reviews with a brand name (the Import page’s “Your brand” field marks the others as competitors).
      </p>
    </AnalyticsEmpty>
  );
}

export function BenchmarkPage() {
  const url = useUrlQuery();
  const query = analyticsQueryOf(url.params);
  delete query.brand;
  const benchmark = useBenchmark(query);
  const data = benchmark.data;
  const period = periodOf(query, data?.period);
  const total = data?.brands.reduce((s, b) => s + b.volume, 0) ?? 0;
  const ready =
    data && data.brands.some((b) => b.kind === 'own') && data.brands.some((b) => b.kind === 'competitor');

  return (
    <div className="page page-wide analytics" data-testid="benchmark-page" aria-busy={benchmark.loading}>
      <div className="page-header">
        <div>
          <h1>Competitor benchmark</h1>
          <p className="page-sub">
            Your brands against each competitor. Differences are ours minus theirs; * marks a difference that
            is significant at 5 %, greyed figures have too little data to trust.
          </p>
        </div>
      </div>
      <PeriodFilterBar query={query} onChange={url.set} hide={['brand']} />
      <ErrorBanner error={benchmark.error} title="Could not load the benchmark." />
      {!data && !benchmark.error && (
        <div className="list-empty">
          <span className="spinner" aria-label="Loading" />
        </div>
      )}
      {data && !ready && (
        <section className="card">
          <BenchmarkPrerequisite benchmark={data} />
        </section>
      )}
      {data && ready && total === 0 && (
        <section className="card">
          <AnalyticsEmpty title="No feedback for these brands in this period." testId="benchmark-empty">
            <NoDataHint query={query} onChange={url.set} />
          </AnalyticsEmpty>
        </section>
      )}
      {data && ready && total > 0 && (
        <>
          <section
            className={`card list-card${benchmark.loading ? ' is-stale' : ''}`}
            aria-labelledby="benchmark-brands-title"
          >
            <div className="card-head card-title-pad">
              <div>
                <h2 className="card-title" id="benchmark-brands-title">
                  Brand by brand
                </h2>
                <p className="muted small" data-testid="benchmark-period">
                  {periodLabel(query, period)}
                </p>
              </div>
              <CsvButton
                path="/benchmark"
                query={{ ...query }}
                filename="benchmark.csv"
                testId="benchmark-csv"
              />
            </div>
            <BrandComparison benchmark={data} query={query} period={period} />
          </section>
          <section
            className={`card list-card${benchmark.loading ? ' is-stale' : ''}`}
            aria-labelledby="benchmark-tp-title"
          >
            <div className="card-head card-title-pad">
              <div>
                <h2 className="card-title" id="benchmark-tp-title">
                  Touchpoint by touchpoint
                </h2>
                <p className="muted small">
                  Sentiment index; under each competitor, ours minus theirs. The CSV above holds this table
                  too.
                </p>
              </div>
            </div>
            <TouchpointTable benchmark={data} />
          </section>
          <div className="analytics-two">
            <section className="card contrast-strong" aria-labelledby="their-weak-title">
              <h2 className="card-title" id="their-weak-title">
                Their weak spots where we are strong <span className="muted small">(for marketing)</span>
              </h2>
              <ContrastList
                items={data.theirWeakOurStrong}
                testId="their-weak-our-strong"
                empty="No touchpoint where we are significantly ahead of a competitor in this period."
              />
            </section>
            <section className="card contrast-weak" aria-labelledby="our-weak-title">
              <h2 className="card-title" id="our-weak-title">
                Where they are strong and we are weak <span className="muted small">(fix first)</span>
              </h2>
              <ContrastList
                items={data.ourWeakTheirStrong}
                testId="our-weak-their-strong"
                empty="No touchpoint where a competitor is significantly ahead of us in this period."
              />
            </section>
          </div>
        </>
      )}
    </div>
  );
}

/**
 * The top of the Brands page: own brands beside the competitors (all time unless the URL names a
 * period), with the way to the full benchmark.
 */
export function BrandsBenchmarkSummary() {
  const url = useUrlQuery();
  const query = analyticsQueryOf(url.params, 'all');
  delete query.brand;
  const benchmark = useBenchmark(query);
  const data = benchmark.data;
  const period = periodOf(query, data?.period);
  const ready =
    data && data.brands.some((b) => b.kind === 'own') && data.brands.some((b) => b.kind === 'competitor');
  const full = new URLSearchParams(
    Object.entries(query).filter((e): e is [string, string] => typeof e[1] === 'string'),
  ).toString();
  return (
    <section
      className={`card list-card${benchmark.loading ? ' is-stale' : ''}`}
      aria-labelledby="brands-benchmark-title"
      data-testid="brands-benchmark"
    >
      <div className="card-head card-title-pad">
        <div>
          <h2 className="card-title" id="brands-benchmark-title">
            Own vs competitors
          </h2>
          <p className="muted small">{periodLabel(query, period)}</p>
        </div>
        <a href={`#/benchmark?${full}`} className="small nowrap" data-testid="brands-benchmark-link">
          Touchpoint by touchpoint →
        </a>
      </div>
      <ErrorBanner error={benchmark.error} title="Could not load the comparison." />
      {data && !ready && <BenchmarkPrerequisite benchmark={data} />}
      {data && ready && <BrandComparison benchmark={data} query={query} period={period} />}
    </section>
  );
}
