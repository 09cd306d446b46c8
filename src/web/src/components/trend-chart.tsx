/**
 * A metric's trend per bucket with its 95 % interval as a shaded band, drawn by uPlot like every chart
 * of the dashboard (chart-plot.ts). Buckets below the minimum sample are drawn as hollow grey points:
 * the value is there, but not to be trusted. A caption says in words what the chart shows, and a data
 * table follows for screen readers and for anyone who wants the numbers.
 */
import { useMemo, useRef } from 'react';
import type uPlot from 'uplot';
import { formatDate, formatInt } from '../format';
import type { Estimate } from '../types';
import { useUplot } from './chart-plot';
import './charts.css';

export interface TrendPoint {
  /** Bucket start: a day `2026-03-02` or a month `2026-03`. */
  t: string;
  estimate: Estimate;
}

interface TrendChartProps {
  title: string;
  points: TrendPoint[];
  /** Formats a value for the axis, the legend and the table. */
  format: (value: number) => string;
  /** The y range when it is fixed by the metric (−1…1 for an index, 1…5 for stars). */
  domain?: [number, number];
  height?: number;
  testId?: string;
}

const COLOURS = {
  line: '#175cd3',
  band: 'rgba(23, 92, 211, 0.16)',
  thin: '#98a2b3',
};

/** `2026-03` or `2026-03-02` → seconds since the epoch at that UTC day's start. */
const seconds = (t: string) => Date.parse(`${t.length === 7 ? `${t}-01` : t}T00:00:00Z`) / 1000;

/**
 * A short fingerprint of what is drawn (bucket, value, n of every point): the chart's
 * `data-series-hash`, so a test can see that a filter change redrew it with other data.
 */
export function seriesHash(points: TrendPoint[]): string {
  let h = 2166136261;
  for (const p of points) {
    for (const ch of `${p.t}:${p.estimate.value ?? ''}:${p.estimate.n};`) {
      h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
    }
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/** One sentence for the caption: span, buckets with data, the latest trusted value. */
function describeTrend(title: string, points: TrendPoint[], format: (v: number) => string): string {
  const withData = points.filter((p) => p.estimate.value !== null);
  if (withData.length === 0) return `No ${title.toLowerCase()} data in this period.`;
  const last = [...withData].reverse().find((p) => p.estimate.enough);
  const thin = withData.filter((p) => !p.estimate.enough).length;
  const latest = last
    ? ` Latest with enough data: ${format(last.estimate.value ?? 0)} (${formatDate(last.t)}, n=${formatInt(last.estimate.n)}).`
    : ' No bucket has enough data to trust on its own.';
  const thinText = thin > 0 ? ` ${thin} bucket${thin === 1 ? '' : 's'} below the minimum sample (grey).` : '';
  return `${withData.length} of ${points.length} buckets with data.${latest}${thinText}`;
}

export function TrendChart({ title, points, format, domain, height = 200, testId }: TrendChartProps) {
  const target = useRef<HTMLDivElement | null>(null);
  const hash = seriesHash(points);
  const drawn = points.filter((p) => p.estimate.value !== null).length;
  const data = useMemo<uPlot.AlignedData | null>(() => {
    if (points.length === 0) return null;
    const value = (p: TrendPoint) => p.estimate.value;
    return [
      points.map((p) => seconds(p.t)),
      points.map((p) => p.estimate.high),
      points.map((p) => p.estimate.low),
      points.map(value),
      points.map((p) => (p.estimate.enough ? null : value(p))),
    ];
    // The hash names the data; a new array with the same numbers need not redraw.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [hash]);

  useUplot(
    target,
    (width) => ({
      width,
      height,
      cursor: { drag: { x: false, y: false } },
      scales: {
        x: { time: true },
        y: domain ? { range: () => domain } : {},
      },
      axes: [{}, { size: 56, values: (_u, splits) => splits.map((v) => format(v)) }],
      legend: { live: true },
      series: [
        {
          label: 'Bucket',
          value: (_u, v) => (v === null ? '—' : formatDate(new Date(v * 1000).toISOString())),
        },
        { label: 'High', stroke: 'transparent', width: 0, points: { show: false }, value: (_u, v) => fmt(v) },
        { label: 'Low', stroke: 'transparent', width: 0, points: { show: false }, value: (_u, v) => fmt(v) },
        {
          label: title,
          stroke: COLOURS.line,
          width: 2,
          spanGaps: false,
          points: { show: true, size: 5, fill: COLOURS.line },
          value: (_u, v) => fmt(v),
        },
        {
          label: 'Not enough data',
          stroke: COLOURS.thin,
          width: 0,
          paths: () => null,
          points: { show: true, size: 7, fill: '#ffffff', stroke: COLOURS.thin, width: 2 },
          value: (_u, v) => fmt(v),
        },
      ],
      bands: [{ series: [1, 2], fill: COLOURS.band }],
    }),
    data,
    [height, domain?.[0], domain?.[1], title],
  );
  function fmt(v: number | null | undefined): string {
    return v === null || v === undefined ? '—' : format(v);
  }

  const summary = describeTrend(title, points, format);
  return (
    <figure
      className="trend-chart"
      data-testid={testId ?? 'trend-chart'}
      data-series-hash={hash}
      data-points={drawn}
    >
      <figcaption className="small muted" data-testid="trend-summary">
        {summary}
      </figcaption>
      {drawn === 0 ? (
        <p className="trend-empty muted">No data in this period.</p>
      ) : (
        <div
          ref={target}
          className="trend-plot"
          role="img"
          aria-label={`${title}. ${summary}`}
          data-testid="trend-plot"
        />
      )}
      {drawn > 0 && (
        <details className="chart-data">
          <summary>Data table</summary>
          <table className="table table-compact">
            <thead>
              <tr>
                <th scope="col">Bucket</th>
                <th scope="col" className="num">
                  Value
                </th>
                <th scope="col" className="num">
                  95% interval
                </th>
                <th scope="col" className="num">
                  n
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => (
                <tr key={p.t} className={p.estimate.enough ? undefined : 'is-thin'}>
                  <th scope="row">{p.t}</th>
                  <td className="num">{fmt(p.estimate.value)}</td>
                  <td className="num">
                    {p.estimate.low === null || p.estimate.high === null
                      ? '—'
                      : `${format(p.estimate.low)} … ${format(p.estimate.high)}`}
                  </td>
                  <td className="num">{formatInt(p.estimate.n)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}
