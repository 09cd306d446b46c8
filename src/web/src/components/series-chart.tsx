/**
 * The series chart of an alert: negative items per bucket as bars, the expected value as a line,
 * the normal range (expected … upper threshold) shaded, and the alert's window highlighted.
 * Drawn by uPlot (canvas); the caption says what it shows in words and a data table follows for
 * screen readers and for anyone who wants the numbers.
 */
import { useMemo, useRef } from 'react';
import uPlot from 'uplot';
import { formatDateTime, formatInt } from '../format';
import { useUplot } from './chart-plot';

export interface SeriesPoint {
  /** Bucket start, ISO-8601. */
  at: string;
  observed: number;
  /** Null where the baseline has no estimate yet (cold start): a gap in the line and the band. */
  expected: number | null;
  /** The upper threshold of the normal range: above it the bucket is unusual. */
  upper: number | null;
}

interface SeriesChartProps {
  points: SeriesPoint[];
  /** The window the alert fired on (ISO-8601), highlighted. */
  window?: { from: string; to: string } | null;
  /** Bucket length, for the caption and the bar width. */
  bucketMinutes?: number | null;
  /**
   * Set when each point is the detector's own sliding window of this many minutes ending at `at`
   * (every 5 minutes), and `upper` the count at which that window breaks out: the chart then shows
   * exactly what was tested.
   */
  slidingMinutes?: number | null;
  /** What the series counts, e.g. `Negative items · Delivery · Twitter`. */
  title: string;
  height?: number;
}

const COLOURS = {
  observed: '#b42318',
  observedFill: 'rgba(180, 35, 24, 0.55)',
  expected: '#175cd3',
  upper: 'rgba(23, 92, 211, 0.45)',
  band: 'rgba(23, 92, 211, 0.14)',
  window: 'rgba(181, 71, 8, 0.12)',
};

const seconds = (iso: string) => new Date(iso).getTime() / 1000;
const round1 = (n: number | null) => (n === null ? '—' : String(Math.round(n * 10) / 10));
const isAbove = (p: SeriesPoint) => p.upper !== null && p.observed > p.upper;
const inside = (at: string, w: { from: string; to: string }) => {
  const t = Date.parse(at);
  return t >= Date.parse(w.from) && t < Date.parse(w.to);
};

/** One sentence that says what the chart shows, for the caption and the canvas's label. */
export function describeSeries(
  points: SeriesPoint[],
  window: SeriesChartProps['window'],
  slidingMinutes?: number | null,
): string {
  if (points.length === 0) return 'No data in this period.';
  const peak = points.reduce((a, b) => (b.observed > a.observed ? b : a));
  const head = `${points.length} ${slidingMinutes ? 'steps' : 'buckets'} from ${formatDateTime(points[0]?.at)} to ${formatDateTime(points[points.length - 1]?.at)}.`;
  if (slidingMinutes) {
    // Overlapping windows: a sum over them would count items several times.
    const over = points.filter((p) => p.upper !== null && p.observed >= p.upper).length;
    const threshold =
      peak.upper === null
        ? ''
        : ` (alert threshold ${formatInt(peak.upper)}, expected ${round1(peak.expected)})`;
    return `${head} Peak ${formatInt(peak.observed)} negative items in ${slidingMinutes} minutes at ${formatDateTime(peak.at)}${threshold}; ${over} step${over === 1 ? '' : 's'} at or above the alert threshold.`;
  }
  const inWindow = window ? points.filter((p) => inside(p.at, window)) : points.filter(isAbove);
  const above = points.filter(isAbove).length;
  const observed = inWindow.reduce((s, p) => s + p.observed, 0);
  const expected = inWindow.reduce((s, p) => s + (p.expected ?? 0), 0);
  const windowText =
    inWindow.length > 0
      ? ` In the alert's window: ${formatInt(observed)} negative items observed, ${round1(expected)} expected.`
      : '';
  return `${head}${windowText} Peak ${formatInt(peak.observed)} at ${formatDateTime(peak.at)}; ${above} bucket${above === 1 ? '' : 's'} above the normal range.`;
}

/** Shades the alert's window behind the series (a uPlot plugin: drawn on uPlot's own canvas). */
function windowPlugin(from: number, to: number): uPlot.Plugin {
  return {
    hooks: {
      drawClear: (u) => {
        const left = u.valToPos(from, 'x', true);
        const right = u.valToPos(to, 'x', true);
        const x0 = Math.max(u.bbox.left, Math.min(left, right));
        const x1 = Math.min(u.bbox.left + u.bbox.width, Math.max(left, right));
        if (x1 <= x0) return;
        u.ctx.save();
        u.ctx.fillStyle = COLOURS.window;
        u.ctx.fillRect(x0, u.bbox.top, x1 - x0, u.bbox.height);
        u.ctx.restore();
      },
    },
  };
}

/** The chart with its caption and a data table in a `<details>`. */
export function SeriesChart({
  points,
  window,
  bucketMinutes,
  slidingMinutes,
  title,
  height = 260,
}: SeriesChartProps) {
  const target = useRef<HTMLDivElement | null>(null);
  const summary = describeSeries(points, window, slidingMinutes);

  const data = useMemo<uPlot.AlignedData | null>(
    () =>
      points.length === 0
        ? null
        : [
            points.map((p) => seconds(p.at)),
            points.map((p) => p.observed),
            points.map((p) => p.expected),
            points.map((p) => p.upper),
          ],
    [points],
  );
  useUplot(
    target,
    (width) => ({
      width,
      height,
      plugins: window ? [windowPlugin(seconds(window.from), seconds(window.to))] : [],
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max * 1.1)] } },
      axes: [{}, { label: 'Negative items', size: 50 }],
      legend: { live: true },
      series: [
        { label: 'Time' },
        {
          label: 'Observed',
          stroke: COLOURS.observed,
          fill: COLOURS.observedFill,
          // Filled, not stroked: an empty bucket leaves no line on the axis.
          width: 0,
          paths: uPlot.paths.bars?.({ size: [0.7, 40] }),
          points: { show: false },
        },
        { label: 'Expected', stroke: COLOURS.expected, width: 2, points: { show: false } },
        {
          label: slidingMinutes ? 'Alert threshold' : 'Upper threshold',
          stroke: COLOURS.upper,
          width: 1,
          dash: [4, 4],
          points: { show: false },
        },
      ],
      // The normal range: between the upper threshold (series 3) and the expected value (series 2).
      bands: [{ series: [3, 2], fill: COLOURS.band }],
    }),
    data,
    [window, height, slidingMinutes],
  );

  return (
    <figure className="series-chart" data-testid="alert-chart" data-points={points.length}>
      <figcaption>
        <strong>{title}</strong>
        {slidingMinutes ? (
          <span className="muted">
            {' '}
            · in the last {slidingMinutes} minutes, every 5 minutes: what the detector tested
          </span>
        ) : bucketMinutes ? (
          <span className="muted"> · per {formatBucket(bucketMinutes)}</span>
        ) : null}
        <p className="muted small" data-testid="alert-chart-summary">
          {summary}
        </p>
        <ul className="chart-legend small" aria-hidden="true">
          <li>
            <span className="swatch swatch-observed" /> Observed negative items
          </li>
          <li>
            <span className="swatch swatch-expected" /> Expected
          </li>
          <li>
            <span className="swatch swatch-band" />{' '}
            {slidingMinutes
              ? 'Normal range (expected … the count at which the test alerts)'
              : 'Normal range (expected … upper threshold)'}
          </li>
          {window && (
            <li>
              <span className="swatch swatch-window" /> The alert&apos;s window
            </li>
          )}
        </ul>
      </figcaption>
      {points.length === 0 ? (
        <p className="muted">No series data for this alert.</p>
      ) : (
        <div
          ref={target}
          className="series-chart-plot"
          role="img"
          aria-label={`${title}. ${summary}`}
          data-testid="alert-chart-plot"
          data-band="expected-upper"
        />
      )}
      {points.length > 0 && (
        <details className="chart-data">
          <summary>Data table</summary>
          <table className="table table-compact" data-testid="alert-chart-table">
            <thead>
              <tr>
                <th scope="col">Bucket</th>
                <th scope="col" className="num">
                  Observed
                </th>
                <th scope="col" className="num">
                  Expected
                </th>
                <th scope="col" className="num">
                  Upper threshold
                </th>
              </tr>
            </thead>
            <tbody>
              {points.map((p) => {
                const inWindow = window ? inside(p.at, window) : false;
                return (
                  <tr key={p.at} className={inWindow ? 'in-window' : undefined}>
                    <th scope="row">
                      <time dateTime={p.at}>{formatDateTime(p.at)}</time>
                      {inWindow && <span className="visually-hidden"> (alert window)</span>}
                    </th>
                    <td className="num">{formatInt(p.observed)}</td>
                    <td className="num">{round1(p.expected)}</td>
                    <td className="num">{round1(p.upper)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </details>
      )}
    </figure>
  );
}

function formatBucket(minutes: number): string {
  if (minutes % 1440 === 0) return minutes === 1440 ? 'day' : `${minutes / 1440} days`;
  if (minutes % 60 === 0) return minutes === 60 ? 'hour' : `${minutes / 60} hours`;
  return `${minutes} minutes`;
}
