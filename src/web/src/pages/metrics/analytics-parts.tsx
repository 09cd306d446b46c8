/**
 * Pieces shared by the analytics pages (journey heatmap, key drivers, competitor benchmark): the
 * period and filters kept in the URL, an estimate with its interval and sample, the significance
 * marker, the CSV download and the empty states.
 */
import { FilterSelect } from '../../components/filter-select';
import { useState, type ReactNode } from 'react';
import { analyticsApi, customersApi, type AnalyticsQuery } from '../../api';
import { useResource } from '../../use-resource';
import { ErrorBanner } from '../../components/error-banner';
import { formatInt, formatScore, humanize, languageName } from '../../format';
import { navigate, useLocation } from '../../router';
import type { AnalyticsPeriod, Estimate, EstimateChange } from '../../types';
import { useWorkspaceMeta } from '../../workspace-meta';
import { CHANNELS, LANGUAGES, PLATFORMS } from '../feedback-filters';
import './analytics.css';

/** Below this many items an estimate is "not enough data" (the server's MIN_N, said in the UI). */
export const MIN_N = 30;

export const PRESETS = [
  { value: '7d', label: 'Last 7 days' },
  { value: '30d', label: 'Last 30 days' },
  { value: '90d', label: 'Last 90 days' },
  { value: 'quarter', label: 'This quarter' },
  { value: 'all', label: 'All time' },
  { value: 'custom', label: 'Custom…' },
] as const;

/** The URL query keys of the period and the filters, in the order they are written. */
export const ANALYTICS_KEYS = [
  'preset',
  'from',
  'to',
  'brand',
  'platform',
  'channel',
  'language',
  'touchpoint',
  'stage',
  'segment',
] as const satisfies readonly (keyof AnalyticsQuery)[];

/**
 * The page's query in the URL (`#/drivers?preset=90d&brand=acme&target=nps`): every change is a
 * new history entry, so a view can be bookmarked and shared and back and forward work.
 */
export function useUrlQuery(): {
  path: string;
  params: URLSearchParams;
  /** Sets (or with '' removes) keys; others stay. */
  set: (patch: Record<string, string | undefined>) => void;
} {
  const location = useLocation();
  const [path = '/'] = location.raw.split('?', 1);
  const params = location.query;
  const set = (patch: Record<string, string | undefined>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(patch)) {
      if (v) next.set(k, v);
      else next.delete(k);
    }
    const qs = next.toString();
    navigate(`${path}${qs ? `?${qs}` : ''}`);
  };
  return { path, params, set };
}

/** The analytics query (period and filters) from the URL; `fallbackPreset` when the URL names none. */
export function analyticsQueryOf(params: URLSearchParams, fallbackPreset = '30d'): AnalyticsQuery {
  const query: AnalyticsQuery = {};
  for (const key of ANALYTICS_KEYS) {
    const v = params.get(key);
    if (v) query[key] = v;
  }
  if (!query.preset) query.preset = query.from || query.to ? 'custom' : fallbackPreset;
  if (query.preset !== 'custom') {
    delete query.from;
    delete query.to;
  }
  return query;
}

/** A stable cache key for a query (`useResource`'s key). */
export function queryKey(query: AnalyticsQuery, extra = ''): string {
  return `${ANALYTICS_KEYS.map((k) => `${k}=${query[k] ?? ''}`).join('&')}${extra}`;
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The calendar days the answer covers: the server's own `period` when it sends one, else what the
 * preset means today (UTC days, as the server counts them). Undefined for all time.
 */
export function periodOf(query: AnalyticsQuery, answered?: AnalyticsPeriod): Partial<AnalyticsPeriod> {
  if (answered) return { from: answered.from.slice(0, 10), to: answered.to.slice(0, 10) };
  const today = new Date();
  const back = (days: number) => ({
    from: day(new Date(today.getTime() - (days - 1) * 86_400_000)),
    to: day(today),
  });
  switch (query.preset) {
    case '7d':
      return back(7);
    case '90d':
      return back(90);
    case 'quarter': {
      const start = new Date(Date.UTC(today.getUTCFullYear(), Math.floor(today.getUTCMonth() / 3) * 3, 1));
      return { from: day(start), to: day(today) };
    }
    case 'all':
      return {};
    case 'custom':
      return { from: query.from, to: query.to };
    default:
      return back(30);
  }
}

/** The explorer (`#/feedback`) filtered as the analytics view is, plus `extra` (a touchpoint, a brand). */
export function explorerHref(
  query: AnalyticsQuery,
  period: Partial<AnalyticsPeriod>,
  extra: Record<string, string | undefined> = {},
): string {
  const params = new URLSearchParams();
  const all: Record<string, string | undefined> = {
    brand: query.brand,
    platform: query.platform,
    channel: query.channel,
    language: query.language,
    touchpoint: query.touchpoint,
    segment: query.segment,
    from: period.from,
    to: period.to,
    ...extra,
  };
  for (const [k, v] of Object.entries(all)) if (v) params.set(k, v);
  const qs = params.toString();
  return `#/feedback${qs ? `?${qs}` : ''}`;
}

/** Human words for the period, e.g. `Last 30 days (4 Nov – 3 Dec 2026)` or `22 Feb – 23 Feb 2015`. */
export function periodLabel(query: AnalyticsQuery, period: Partial<AnalyticsPeriod>): string {
  const preset = PRESETS.find((p) => p.value === query.preset);
  const days = period.from && period.to ? `${shortDay(period.from)} – ${shortDay(period.to)}` : '';
  if (query.preset === 'custom') return days || 'Custom period';
  if (query.preset === 'all') return 'All time';
  return days ? `${preset?.label ?? query.preset} (${days})` : (preset?.label ?? '');
}

const dayFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  timeZone: 'UTC',
});
function shortDay(iso: string): string {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(d.getTime()) ? iso : dayFormat.format(d);
}

function Select({
  name,
  ...rest
}: Omit<Parameters<typeof FilterSelect>[0], 'testId' | 'anyLabel'> & { name: string }) {
  return <FilterSelect {...rest} testId={`analytics-${name}`} />;
}

/**
 * The period presets and the filters of an analytics page, written to the URL as they change.
 * `hide` leaves out filters a page has no use for (the benchmark compares brands: no brand filter).
 */
export function PeriodFilterBar({
  query,
  onChange,
  hide = [],
  children,
}: {
  query: AnalyticsQuery;
  onChange: (patch: Record<string, string | undefined>) => void;
  hide?: readonly ('brand' | 'platform' | 'channel' | 'language')[];
  /** More filters of the page (the overview's stage and touchpoint), after the shared ones. */
  children?: ReactNode;
}) {
  const { brands } = useWorkspaceMeta();
  // Saved segments (issue #14): items of their members only, on every analytics page.
  const segments = useResource('segments', () => customersApi.segments()).data?.segments ?? [];
  const [custom, setCustom] = useState(query.preset === 'custom');
  const showCustom = custom || query.preset === 'custom';
  const shown = (key: 'brand' | 'platform' | 'channel' | 'language') => !hide.includes(key);
  // On a phone the filters beyond the period fold away behind a button, as the explorer's do.
  const [more, setMore] = useState(false);
  const active = (['brand', 'platform', 'channel', 'language', 'segment'] as const).filter(
    (k) => query[k],
  ).length;
  return (
    <section
      className="filters analytics-filters"
      aria-label="Period and filters"
      data-testid="analytics-filters"
    >
      <div className="filters-row">
        <label className="filter">
          <span className="filter-label">Period</span>
          <select
            value={showCustom ? 'custom' : (query.preset ?? '30d')}
            onChange={(e) => {
              const preset = e.target.value;
              setCustom(preset === 'custom');
              if (preset !== 'custom') onChange({ preset, from: undefined, to: undefined });
            }}
            data-testid="analytics-preset"
          >
            {PRESETS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </label>
        {showCustom && (
          <>
            <label className="filter">
              <span className="filter-label">From</span>
              <input
                type="date"
                value={query.from ?? ''}
                onChange={(e) => onChange({ preset: 'custom', from: e.target.value })}
                data-testid="analytics-from"
              />
            </label>
            <label className="filter">
              <span className="filter-label">To</span>
              <input
                type="date"
                value={query.to ?? ''}
                min={query.from}
                onChange={(e) => onChange({ preset: 'custom', to: e.target.value })}
                data-testid="analytics-to"
              />
            </label>
          </>
        )}
        <button
          className="btn btn-secondary filters-toggle"
          type="button"
          aria-expanded={more}
          aria-controls="analytics-filters-more"
          onClick={() => setMore(!more)}
          data-testid="analytics-filters-toggle"
        >
          {more ? 'Fewer filters' : `Filters${active ? ` (${active})` : ''}`}
        </button>
      </div>
      <div id="analytics-filters-more" className={`filters-grid${more ? '' : ' is-folded'}`}>
        {shown('brand') && (
          <Select
            name="brand"
            label="Brand"
            value={query.brand}
            options={brands.map((b) => ({
              value: b.slug,
              label: b.kind === 'competitor' ? `${b.name} (competitor)` : b.name,
            }))}
            onChange={(brand) => onChange({ brand })}
          />
        )}
        {shown('platform') && (
          <Select
            name="platform"
            label="Platform"
            value={query.platform}
            options={PLATFORMS.map((p) => ({ value: p, label: humanize(p) }))}
            onChange={(platform) => onChange({ platform })}
          />
        )}
        {shown('channel') && (
          <Select
            name="channel"
            label="Channel"
            value={query.channel}
            options={CHANNELS.map((c) => ({ value: c, label: humanize(c) }))}
            onChange={(channel) => onChange({ channel })}
          />
        )}
        {shown('language') && (
          <Select
            name="language"
            label="Language"
            value={query.language}
            options={LANGUAGES.map((l) => ({ value: l, label: languageName(l) }))}
            onChange={(language) => onChange({ language })}
          />
        )}
        {(segments.length > 0 || query.segment) && (
          <Select
            name="segment"
            label="Segment"
            value={query.segment}
            options={segments.map((x) => ({ value: x.id, label: x.name }))}
            onChange={(segment) => onChange({ segment })}
          />
        )}
        {children}
      </div>
    </section>
  );
}

/** A sentiment index (−1…1) as the pages print it: `+0.42`, `−0.61`, or `—`. */
export function formatIndex(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : formatScore(value);
}

/** A star average: `3.42`. */
export function formatStars(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : value.toFixed(2);
}

/** A share (0…1) as a percentage with one decimal. */
export function formatShare(value: number | null | undefined): string {
  return value === null || value === undefined ? '—' : `${(value * 100).toFixed(1)}%`;
}

/** The tooltip and screen-reader words for an estimate: value, interval, sample, and whether it is enough. */
export function describeEstimate(e: Estimate, format: (v: number | null) => string = formatIndex): string {
  if (e.n === 0 || e.value === null) return 'No data';
  const interval =
    e.low !== null && e.high !== null ? `, 95% interval ${format(e.low)} to ${format(e.high)}` : '';
  const thin = e.enough ? '' : ` — not enough data (needs ${MIN_N})`;
  return `${format(e.value)}${interval}, n=${formatInt(e.n)}${thin}`;
}

/**
 * An estimate printed with its interval and sample. Greyed, and said so, when the sample is below
 * the minimum: a number from three answers must not look as sure as one from three thousand.
 */
export function EstimateValue({
  estimate,
  format = formatIndex,
  testId,
  compact = false,
}: {
  estimate: Estimate;
  format?: (v: number | null) => string;
  testId?: string;
  compact?: boolean;
}) {
  const empty = estimate.n === 0 || estimate.value === null;
  return (
    <span
      className={`estimate${estimate.enough ? '' : ' is-thin'}`}
      title={describeEstimate(estimate, format)}
      data-testid={testId}
      data-enough={estimate.enough}
      data-value={estimate.value ?? ''}
    >
      <span className="estimate-value">{empty ? '—' : format(estimate.value)}</span>
      {!empty && !compact && estimate.low !== null && estimate.high !== null && (
        <span className="estimate-interval">
          {format(estimate.low)} … {format(estimate.high)}
        </span>
      )}
      <span className="estimate-n">n={formatInt(estimate.n)}</span>
      {!empty && !estimate.enough && <span className="estimate-thin">not enough data</span>}
    </span>
  );
}

/** ▲ or ▼ for a significant change (p < 0.05); nothing for noise or too little data. */
export function ChangeMark({
  change,
  testId,
}: {
  change: EstimateChange | null | undefined;
  testId?: string;
}) {
  if (!change?.significant || change.delta === null || change.delta === 0) return null;
  const up = change.delta > 0;
  const p =
    change.pValue === null ? '' : `, p=${change.pValue < 0.001 ? '<0.001' : change.pValue.toFixed(3)}`;
  const words = `${up ? 'Significant rise' : 'Significant fall'} of ${formatScore(change.delta)} against the previous period${p}`;
  return (
    <span
      className={`change-mark ${up ? 'is-up' : 'is-down'}`}
      title={words}
      aria-label={words}
      role="img"
      data-testid={testId ?? 'change-mark'}
      data-direction={up ? 'up' : 'down'}
    >
      {up ? '▲' : '▼'}
    </span>
  );
}

/**
 * A difference between two brands, with its significance: `▲ +0.21*` when we lead significantly.
 * `delta` is ours minus theirs.
 */
export function DeltaMark({
  delta,
  significant,
  pValue,
  testId,
}: {
  delta: number | null;
  significant: boolean | null;
  pValue?: number | null;
  testId?: string;
}) {
  if (delta === null) return <span className="delta muted">—</span>;
  const sig = significant === true;
  const p =
    pValue === null || pValue === undefined ? '' : ` (p=${pValue < 0.001 ? '<0.001' : pValue.toFixed(3)})`;
  const words =
    significant === null ? 'not enough data to test' : sig ? `significant${p}` : `not significant${p}`;
  return (
    <span
      className={`delta${sig ? (delta > 0 ? ' is-ahead' : ' is-behind') : ' is-noise'}`}
      title={`Ours minus theirs: ${formatScore(delta)}, ${words}`}
      data-testid={testId ?? 'delta'}
      data-significant={significant === null ? 'unknown' : String(sig)}
    >
      {sig ? (delta > 0 ? '▲ ' : '▼ ') : ''}
      {formatScore(delta)}
      {sig ? <span aria-label=", significant">*</span> : null}
    </span>
  );
}

/** Downloads the table's data as CSV (the API's `format=csv`, formula-safe). */
export function CsvButton({
  path,
  query,
  filename,
  testId,
}: {
  path: string;
  query: Record<string, string | undefined>;
  filename: string;
  testId?: string;
}) {
  const [state, setState] = useState<{ busy: boolean; error: unknown }>({ busy: false, error: null });
  return (
    <span className="csv-download">
      <button
        type="button"
        className="btn btn-ghost btn-sm"
        disabled={state.busy}
        onClick={() => {
          setState({ busy: true, error: null });
          analyticsApi.downloadCsv(path, query, filename).then(
            () => setState({ busy: false, error: null }),
            (error: unknown) => setState({ busy: false, error }),
          );
        }}
        data-testid={testId ?? 'csv-download'}
      >
        Download CSV
      </button>
      <ErrorBanner error={state.error} title="Could not download the CSV." />
    </span>
  );
}

/** An empty state that says what to do next. */
export function AnalyticsEmpty({
  title,
  children,
  testId,
}: {
  title: string;
  children?: ReactNode;
  testId?: string;
}) {
  return (
    <div className="analytics-empty" data-testid={testId ?? 'analytics-empty'}>
      <p className="analytics-empty-title">{title}</p>
      {children && <div className="muted">{children}</div>}
    </div>
  );
}

/** The next steps when a period has no data: a wider period, or data in. */
export function NoDataHint({
  query,
  onChange,
}: {
  query: AnalyticsQuery;
  onChange: (patch: Record<string, string | undefined>) => void;
}) {
  return (
    <p>
      {query.preset !== 'all' && (
        <>
          <button
            type="button"
            className="link-button"
            onClick={() => onChange({ preset: 'all', from: undefined, to: undefined })}
            data-testid="analytics-all-time"
          >
            Show all time
          </button>
          {', clear a filter, or '}
        </>
      )}
      <a href="#/import">import a file</a> (or send feedback through the API) to fill it.
    </p>
  );
}

/**
 * The colour of a sentiment index on a diverging red (−1) – neutral grey (0) – blue (+1) scale:
 * red–blue rather than red–green so that colour-blind readers see the difference; the value is
 * printed on the cell anyway. Mixed in OKLab by the browser, so equal steps look equal.
 */
export function indexColour(value: number | null): { background: string; color: string } {
  if (value === null) return { background: 'var(--neu-soft)', color: 'var(--text-muted)' };
  const strength = Math.min(1, Math.abs(value) / 0.8);
  const end = value < 0 ? '#b2182b' : '#2166ac';
  return {
    background: `color-mix(in oklab, ${end} ${Math.round(strength * 88)}%, #f4f4f2)`,
    color: strength > 0.55 ? '#ffffff' : 'var(--text)',
  };
}

/** The legend of the diverging scale. */
export function IndexLegend() {
  const stops = [-0.8, -0.4, 0, 0.4, 0.8];
  return (
    <div className="index-legend small" aria-label="Colour scale: sentiment index from −1 (red) to +1 (blue)">
      <span className="muted">Sentiment index</span>
      <span className="index-legend-scale" aria-hidden="true">
        {stops.map((s) => (
          <span key={s} style={indexColour(s)}>
            {formatIndex(s)}
          </span>
        ))}
      </span>
      <span className="index-legend-thin" aria-hidden="true">
        n&lt;{MIN_N}
      </span>
      <span className="muted">▲▼ significant change</span>
    </div>
  );
}

/**
 * An interval drawn on a track: the line from low to high, the dot at the value. `domain` is the
 * track's range (−1…1 for a sentiment index, 1…5 for stars).
 */
export function IntervalBar({
  estimate,
  domain,
  kind,
}: {
  estimate: Estimate;
  domain: [number, number];
  kind?: 'own' | 'competitor';
}) {
  const [lo, hi] = domain;
  const pos = (v: number) => `${Math.max(0, Math.min(100, ((v - lo) / (hi - lo)) * 100))}%`;
  if (estimate.value === null) return <span className="interval-bar is-empty" aria-hidden="true" />;
  const zero = lo < 0 && hi > 0 ? pos(0) : null;
  return (
    <span
      className={`interval-bar${estimate.enough ? '' : ' is-thin'}${kind ? ` is-${kind}` : ''}`}
      aria-hidden="true"
    >
      {zero && <span className="interval-zero" style={{ left: zero }} />}
      {estimate.low !== null && estimate.high !== null && (
        <span
          className="interval-range"
          style={{ left: pos(estimate.low), width: `calc(${pos(estimate.high)} - ${pos(estimate.low)})` }}
        />
      )}
      <span className="interval-dot" style={{ left: pos(estimate.value) }} />
    </span>
  );
}
