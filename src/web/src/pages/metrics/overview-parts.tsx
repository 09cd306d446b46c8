/**
 * The overview's sections (issue #13): the touchpoint and stage filters, the headline cards, the
 * trends, the movers, open cases with their SLA and recent alerts.
 */
import { lazy, Suspense, useState } from 'react';
import { api, type AnalyticsQuery } from '../../api';
import { ErrorBanner } from '../../components/error-banner';
import { MetricCard, unitFormat, type Better } from '../../components/metric-card';
import { formatRelative, formatScore } from '../../format';
import type { AnalyticsPeriod, HeadlineMetric, MetricBucket, MetricKey, Metrics, Mover } from '../../types';
import { useResource } from '../../use-resource';
import { useWorkspaceMeta } from '../../workspace-meta';
import { KIND_TEXT, SeverityBadge } from '../alert-parts';
import { authorOf, PriorityBadge, SlaDue } from '../case-parts';
import { CsvButton, explorerHref } from './analytics-parts';

/** uPlot loads with the first chart, so pages without one (an agent's inbox) do not fetch it. */
const TrendChart = lazy(() =>
  import('../../components/trend-chart').then((m) => ({ default: m.TrendChart })),
);

/** The headline cards in the order a CX manager reads them: scores, then the conversation, then service. */
export const HEADLINE_ORDER: readonly MetricKey[] = [
  'nps',
  'csat',
  'ces',
  'stars',
  'sentiment_index',
  'volume',
  'share_of_voice',
  'response_rate',
  'first_response_hours',
  'resolution_hours',
  'sla_kept',
  'recovery_rate',
];

/**
 * Whether a rise is good news. Times: lower is better. Volume and share of voice: neither in
 * itself. CES is read as the analysis reads it (src/analysis/sentiment/rating.ts): 1–7, higher = easier,
 * so a rise is good news like the other scores.
 */
const BETTER: Partial<Record<MetricKey, Better>> = {
  volume: 'neither',
  share_of_voice: 'neither',
  first_response_hours: 'lower',
  resolution_hours: 'lower',
};

/** The trend charts, by the series the API sends. */
const TRENDS: readonly { key: MetricKey; title: string }[] = [
  { key: 'volume', title: 'Volume' },
  { key: 'sentiment_index', title: 'Sentiment index' },
  { key: 'stars', title: 'Star rating' },
  { key: 'nps', title: 'NPS' },
  { key: 'csat', title: 'CSAT' },
  { key: 'ces', title: 'Customer effort (CES)' },
];

export const BUCKETS: readonly { value: MetricBucket; label: string }[] = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
];

/** A readable default bucket for the period: days up to a month, weeks up to a quarter, else months. */
export function defaultBucket(query: AnalyticsQuery): MetricBucket {
  if (query.preset === '7d' || query.preset === '30d') return 'day';
  if (query.preset === '90d' || query.preset === 'quarter') return 'week';
  if (query.preset === 'custom' && query.from && query.to) {
    const days = (Date.parse(query.to) - Date.parse(query.from)) / 86_400_000 + 1;
    return days <= 45 ? 'day' : days <= 200 ? 'week' : 'month';
  }
  return 'month';
}

/** The stage and touchpoint filters, inside the shared period and filter bar. */
export function JourneyFilters({
  query,
  onChange,
}: {
  query: AnalyticsQuery;
  onChange: (patch: Record<string, string | undefined>) => void;
}) {
  const { stages } = useWorkspaceMeta();
  return (
    <>
      <label className="filter">
        <span className="filter-label">Stage</span>
        <select
          value={query.stage ?? ''}
          onChange={(e) => onChange({ stage: e.target.value })}
          data-testid="analytics-stage"
        >
          <option value="">Any</option>
          {stages.map((s) => (
            <option key={s.key} value={s.key}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <span className="filter-label">Touchpoint</span>
        <select
          value={query.touchpoint ?? ''}
          onChange={(e) => onChange({ touchpoint: e.target.value })}
          data-testid="analytics-touchpoint"
        >
          <option value="">Any</option>
          {stages.map((s) => (
            <optgroup key={s.key} label={s.name}>
              {s.touchpoints.map((t) => (
                <option key={t.key} value={t.key}>
                  {t.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
    </>
  );
}

/** The headline metrics as cards, in HEADLINE_ORDER. */
export function HeadlineCards({ headline }: { headline: HeadlineMetric[] }) {
  const byKey = new Map(headline.map((h) => [h.key, h]));
  const ordered = [
    ...HEADLINE_ORDER.flatMap((k) => byKey.get(k) ?? []),
    ...headline.filter((h) => !HEADLINE_ORDER.includes(h.key)),
  ];
  return (
    <div className="metric-cards" data-testid="headline-cards">
      {ordered.map((h) => (
        <MetricCard
          key={h.key}
          metricKey={h.key}
          label={h.label}
          unit={h.unit}
          estimate={h.estimate}
          change={h.change}
          better={BETTER[h.key] ?? 'higher'}
          distribution={h.distribution}
        />
      ))}
    </div>
  );
}

/** One trend chart per metric with data in the period; the others named in one line. */
export function Trends({
  metrics,
  bucket,
  onBucket,
  csvQuery,
}: {
  metrics: Metrics;
  bucket: MetricBucket;
  onBucket: (bucket: MetricBucket) => void;
  csvQuery: Record<string, string | undefined>;
}) {
  const units = new Map(metrics.headline.map((h) => [h.key, h.unit]));
  const shown = TRENDS.flatMap((t) => {
    const series = metrics.series.find((s) => s.key === t.key);
    return series && series.points.some((p) => p.estimate.value !== null)
      ? [{ ...t, points: series.points }]
      : [];
  });
  const missing = TRENDS.filter((t) => !shown.some((s) => s.key === t.key)).map((t) => t.title);
  return (
    <section className="card" aria-labelledby="trends-title" data-testid="overview-trends">
      <div className="card-head">
        <h2 className="card-title" id="trends-title">
          Trends
        </h2>
        <div className="overview-card-tools">
          <div className="segmented" role="group" aria-label="Bucket">
            {BUCKETS.map((b) => (
              <button
                key={b.value}
                type="button"
                className={`btn btn-sm${b.value === bucket ? ' btn-primary' : ' btn-secondary'}`}
                aria-pressed={b.value === bucket}
                onClick={() => onBucket(b.value)}
                data-testid={`bucket-${b.value}`}
              >
                {b.label}
              </button>
            ))}
          </div>
          <CsvButton path="/metrics" query={csvQuery} filename="metrics.csv" testId="trends-csv" />
        </div>
      </div>
      <p className="muted small">
        Per {bucket}, with the 95% interval shaded; hollow grey points stand on fewer than 30 answers.
      </p>
      <div className="trend-grid">
        {shown.map((t) => {
          const format = unitFormat(units.get(t.key) ?? 'count');
          return (
            <div key={t.key} className="trend-cell" data-metric={t.key}>
              <h3 className="trend-title">{t.title}</h3>
              <Suspense fallback={<span className="spinner" aria-label="Loading the chart" />}>
                <TrendChart
                  title={t.title}
                  points={t.points}
                  format={format.value}
                  domain={t.key === 'volume' ? undefined : format.domain}
                  testId={`trend-${t.key}`}
                />
              </Suspense>
            </div>
          );
        })}
      </div>
      {missing.length > 0 && (
        <p className="muted small" data-testid="trends-missing">
          No data in this period for: {missing.join(', ')}.
        </p>
      )}
    </section>
  );
}

function MoverRow({ mover, href }: { mover: Mover; href: string }) {
  const sig = mover.significant === true;
  const delta = mover.delta ?? 0;
  const words = `${mover.label}: sentiment ${formatScore(mover.before.value ?? 0)} → ${formatScore(mover.after.value ?? 0)}`;
  return (
    <li
      className="mover"
      data-testid="mover"
      data-touchpoint={mover.touchpoint}
      data-significant={String(sig)}
    >
      <a href={href} className="mover-link" data-testid="mover-link" title={`${words}. Open its feedback.`}>
        <span className="mover-label">{mover.label}</span>
        <span className="mover-values small muted">
          {formatScore(mover.before.value ?? 0)} → {formatScore(mover.after.value ?? 0)}
          <span className="mover-n"> · n={mover.after.n}</span>
        </span>
        <span className={`mover-delta${sig ? (delta < 0 ? ' is-bad' : ' is-good') : ' is-noise'}`}>
          {sig ? (delta < 0 ? '▼ ' : '▲ ') : ''}
          {formatScore(delta)}
          <span className="mover-sig small">
            {sig ? ' significant' : mover.significant === null ? ' too few to test' : ' noise'}
          </span>
        </span>
      </a>
    </li>
  );
}

/** Touchpoints whose sentiment fell or rose most against the previous period, each into the explorer. */
export function Movers({
  metrics,
  query,
  csvQuery,
}: {
  metrics: Metrics;
  query: AnalyticsQuery;
  csvQuery: Record<string, string | undefined>;
}) {
  const period: AnalyticsPeriod = {
    from: metrics.period.from.slice(0, 10),
    to: metrics.period.to.slice(0, 10),
  };
  const link = (m: Mover) => explorerHref(query, period, { touchpoint: m.touchpoint });
  const byDelta = [...metrics.movers].filter((m) => m.delta !== null);
  const worse = byDelta.filter((m) => (m.delta ?? 0) < 0).sort((a, b) => (a.delta ?? 0) - (b.delta ?? 0));
  const better = byDelta.filter((m) => (m.delta ?? 0) > 0).sort((a, b) => (b.delta ?? 0) - (a.delta ?? 0));
  return (
    <section className="card" aria-labelledby="movers-title" data-testid="overview-movers">
      <div className="card-head">
        <h2 className="card-title" id="movers-title">
          Top movers
        </h2>
        <CsvButton path="/metrics" query={csvQuery} filename="metrics.csv" testId="movers-csv" />
      </div>
      <p className="muted small">
        Touchpoints whose sentiment index changed most against the previous period; click one for its
        feedback.
      </p>
      {worse.length === 0 && better.length === 0 ? (
        <p className="muted" data-testid="movers-empty">
          No touchpoint was mentioned in both periods.
        </p>
      ) : (
        <div className="movers-two">
          <div>
            <h3 className="movers-heading">Getting worse</h3>
            {worse.length === 0 ? (
              <p className="muted small">None.</p>
            ) : (
              <ul className="movers" data-testid="movers-worse">
                {worse.slice(0, 5).map((m) => (
                  <MoverRow key={m.touchpoint} mover={m} href={link(m)} />
                ))}
              </ul>
            )}
          </div>
          <div>
            <h3 className="movers-heading">Getting better</h3>
            {better.length === 0 ? (
              <p className="muted small">None.</p>
            ) : (
              <ul className="movers" data-testid="movers-better">
                {better.slice(0, 5).map((m) => (
                  <MoverRow key={m.touchpoint} mover={m} href={link(m)} />
                ))}
              </ul>
            )}
          </div>
        </div>
      )}
    </section>
  );
}

/** The most urgent active cases with their SLA, and the period's SLA figures from the headline. */
export function OpenCases({ headline }: { headline: HeadlineMetric[] }) {
  const cases = useResource('overview:cases', () => api.cases({ status: 'active' }, null, 5));
  // When the list was rendered first: the SLA times are relative to it (the list reloads with the page).
  const [now] = useState(() => Date.now());
  const sla = headline.find((h) => h.key === 'sla_kept');
  const first = headline.find((h) => h.key === 'first_response_hours');
  const list = cases.data?.cases ?? [];
  return (
    <section className="card" aria-labelledby="cases-title" data-testid="overview-cases">
      <div className="card-head">
        <h2 className="card-title" id="cases-title">
          Open cases and SLA
        </h2>
        <a className="btn btn-ghost btn-sm" href="#/inbox">
          Open the inbox
        </a>
      </div>
      <p className="muted small">
        {sla && sla.estimate.value !== null
          ? `SLA kept ${unitFormat('ratio').value(sla.estimate.value)} of ${sla.estimate.n} decided in the period`
          : 'No SLA decided in the period'}
        {first && first.estimate.value !== null
          ? ` · first response ${unitFormat('hours').value(first.estimate.value)} on average`
          : ''}
        .
      </p>
      <ErrorBanner error={cases.error} title="Could not load the cases." />
      {cases.data && list.length === 0 && (
        <p className="muted">No active cases. Nothing waits for an answer.</p>
      )}
      {list.length > 0 && (
        <ul className="overview-list" data-testid="overview-case-list">
          {list.map((c) => (
            <li key={c.id} data-testid="overview-case">
              <a href={`#/cases/${encodeURIComponent(c.id)}`} className="overview-list-link">
                <PriorityBadge label={c.priority.label} />
                <span className="overview-list-text">
                  <strong>{authorOf(c)}</strong>{' '}
                  <span className="muted">{c.item?.text.slice(0, 120) ?? ''}</span>
                </span>
              </a>
              <SlaDue sla={c.sla} now={now} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The open and acknowledged alerts, most severe first. */
export function RecentAlerts() {
  const alerts = useResource('overview:alerts', () => api.alerts({ status: 'active' }, null, 5));
  const list = alerts.data?.alerts ?? [];
  return (
    <section className="card" aria-labelledby="alerts-title" data-testid="overview-alerts">
      <div className="card-head">
        <h2 className="card-title" id="alerts-title">
          Recent alerts
        </h2>
        <a className="btn btn-ghost btn-sm" href="#/alerts">
          All alerts
        </a>
      </div>
      <ErrorBanner error={alerts.error} title="Could not load the alerts." />
      {alerts.data && list.length === 0 && <p className="muted">No open alerts.</p>}
      {list.length > 0 && (
        <ul className="overview-list" data-testid="overview-alert-list">
          {list.map((a) => (
            <li key={a.id} data-testid="overview-alert">
              <a href={`#/alerts/${encodeURIComponent(a.id)}`} className="overview-list-link">
                <SeverityBadge severity={a.severity} />
                <span className="overview-list-text">
                  <strong>{KIND_TEXT[a.kind]}</strong> <span className="muted">{a.title}</span>
                </span>
              </a>
              <span className="muted small">{formatRelative(a.lastFiringAt)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
