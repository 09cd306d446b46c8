/**
 * Key drivers' parts: the relative-weights bar chart and the importance × performance quadrant
 * (a small SVG: a dozen labelled points need no chart library).
 */
import { formatInt } from '../../format';
import type { Driver, DriverQuadrant, DriverTarget, KeyDrivers } from '../../types';
import { describeEstimate, EstimateValue, formatIndex, formatShare, MIN_N } from './analytics-parts';

export const QUADRANTS: Record<DriverQuadrant, { label: string; hint: string }> = {
  fix_first: { label: 'Fix first', hint: 'matters a lot, performs poorly' },
  keep_up: { label: 'Keep up', hint: 'matters a lot, performs well' },
  dont_over_invest: { label: "Don't over-invest", hint: 'matters little, performs well' },
  secondary: { label: 'Secondary', hint: 'matters little, performs poorly' },
};

export const TARGETS: { value: DriverTarget; label: string }[] = [
  { value: 'stars', label: 'Star rating' },
  { value: 'nps', label: 'NPS' },
];

/** Each touchpoint's share of the explained variance (R²), largest first. */
export function WeightBars({ drivers }: { drivers: Driver[] }) {
  const sorted = [...drivers].sort((a, b) => b.share - a.share);
  const max = Math.max(0.0001, ...sorted.map((d) => d.share));
  return (
    <ol className="driver-bars" aria-label="Relative weights, largest first" data-testid="driver-bars">
      {sorted.map((d) => (
        <li
          key={d.touchpoint}
          className={`driver-bar q-${d.quadrant}`}
          data-testid="driver-bar"
          data-touchpoint={d.touchpoint}
          data-share={d.share}
        >
          <span className="driver-bar-label">{d.label}</span>
          <span className="driver-bar-track" aria-hidden="true">
            <span className="driver-bar-fill" style={{ width: `${(d.share / max) * 100}%` }} />
          </span>
          <span className="driver-bar-value">{formatShare(d.share)}</span>
          <span className="driver-bar-meta muted small">
            {QUADRANTS[d.quadrant].label} · {formatInt(d.mentions)} mentions
          </span>
        </li>
      ))}
    </ol>
  );
}

const W = 560;
const H = 360;
const PAD = { left: 48, right: 16, top: 28, bottom: 40 };

/**
 * Importance (share of R²) across, performance (the touchpoint's sentiment index) up, split at the
 * average importance and the average performance into the four labelled quadrants.
 */
export function QuadrantChart({ drivers }: { drivers: Driver[] }) {
  const points = drivers.filter((d) => d.performance.value !== null);
  if (points.length === 0) return <p className="muted">No touchpoint has a performance figure yet.</p>;
  const shares = points.map((d) => d.share);
  const perfs = points.map((d) => d.performance.value ?? 0);
  // The mean importance and performance, as the server splits the quadrants (quadrantMids).
  const impMid = drivers.reduce((s, d) => s + d.share, 0) / Math.max(1, drivers.length);
  const perfMid = perfs.reduce((s, v) => s + v, 0) / perfs.length;
  const xMax = Math.max(impMid * 2, ...shares) * 1.1;
  const yLo = Math.min(perfMid - 0.1, ...perfs) - 0.05;
  const yHi = Math.max(perfMid + 0.1, ...perfs) + 0.05;
  const x = (v: number) => PAD.left + (v / xMax) * (W - PAD.left - PAD.right);
  const y = (v: number) => PAD.top + (1 - (v - yLo) / (yHi - yLo)) * (H - PAD.top - PAD.bottom);
  const mx = x(impMid);
  const my = y(perfMid);
  const corner = (q: DriverQuadrant, cx: number, cy: number, anchor: 'start' | 'end') => (
    <text x={cx} y={cy} textAnchor={anchor} className={`quadrant-label q-${q}`} data-testid="quadrant-label">
      {QUADRANTS[q].label}
    </text>
  );
  return (
    <figure className="quadrant" data-testid="quadrant">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Importance against performance for ${points.length} touchpoints: ${points
          .map((d) => `${d.label} ${QUADRANTS[d.quadrant].label.toLowerCase()}`)
          .join(', ')}`}
      >
        <rect
          x={mx}
          y={PAD.top}
          width={W - PAD.right - mx}
          height={my - PAD.top}
          className="quadrant-bg q-keep_up"
        />
        <rect
          x={mx}
          y={my}
          width={W - PAD.right - mx}
          height={H - PAD.bottom - my}
          className="quadrant-bg q-fix_first"
        />
        <rect
          x={PAD.left}
          y={PAD.top}
          width={mx - PAD.left}
          height={my - PAD.top}
          className="quadrant-bg q-dont_over_invest"
        />
        <rect
          x={PAD.left}
          y={my}
          width={mx - PAD.left}
          height={H - PAD.bottom - my}
          className="quadrant-bg q-secondary"
        />
        <line x1={mx} x2={mx} y1={PAD.top} y2={H - PAD.bottom} className="quadrant-axis" />
        <line x1={PAD.left} x2={W - PAD.right} y1={my} y2={my} className="quadrant-axis" />
        {corner('dont_over_invest', PAD.left + 6, PAD.top - 10, 'start')}
        {corner('keep_up', W - PAD.right - 6, PAD.top - 10, 'end')}
        {corner('secondary', PAD.left + 6, H - PAD.bottom + 28, 'start')}
        {corner('fix_first', W - PAD.right - 6, H - PAD.bottom + 28, 'end')}
        <text x={(PAD.left + W - PAD.right) / 2} y={H - 6} textAnchor="middle" className="quadrant-title">
          Importance (share of R²) →
        </text>
        <text
          x={12}
          y={(PAD.top + H - PAD.bottom) / 2}
          textAnchor="middle"
          transform={`rotate(-90 12 ${(PAD.top + H - PAD.bottom) / 2})`}
          className="quadrant-title"
        >
          Performance (sentiment) →
        </text>
        {points.map((d) => {
          const px = x(d.share);
          const py = y(d.performance.value ?? 0);
          const right = px > W - 140;
          return (
            <g
              key={d.touchpoint}
              className={`quadrant-point q-${d.quadrant}${d.performance.enough ? '' : ' is-thin'}`}
              data-testid="quadrant-point"
              data-touchpoint={d.touchpoint}
              data-quadrant={d.quadrant}
            >
              <title>{`${d.label}: ${QUADRANTS[d.quadrant].label} — weight ${formatShare(d.share)}, sentiment ${describeEstimate(d.performance)}`}</title>
              {d.performance.low !== null && d.performance.high !== null && (
                <line
                  x1={px}
                  x2={px}
                  y1={y(d.performance.low)}
                  y2={y(d.performance.high)}
                  className="quadrant-ci"
                />
              )}
              <circle cx={px} cy={py} r={6} />
              <text x={right ? px - 9 : px + 9} y={py + 4} textAnchor={right ? 'end' : 'start'}>
                {d.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="muted small">
        Lines at the average importance ({formatShare(impMid)}) and the average performance (
        {formatIndex(perfMid)}). Vertical whiskers: 95 % interval of the sentiment; hollow points have fewer
        than {MIN_N} mentions.
      </figcaption>
    </figure>
  );
}

/** The "too thin to trust" panel: the sample, and what a trustworthy answer needs. */
export function ThinWarning({ drivers }: { drivers: KeyDrivers }) {
  return (
    <div className="alert alert-warning" role="status" data-testid="drivers-thin">
      <strong>Too thin to trust: n = {formatInt(drivers.n)}</strong>
      {' — '}
      {drivers.warning ??
        `needs at least ${MIN_N} rated items per touchpoint in the analysis, and more items than touchpoints. Widen the period or import rated reviews.`}
    </div>
  );
}

/** Every driver with its figures: weight, raw weight, performance with its interval, mentions, quadrant. */
export function DriversTable({
  drivers,
  stageLabel,
}: {
  drivers: Driver[];
  stageLabel: (key: string) => string;
}) {
  const sorted = [...drivers].sort((a, b) => b.share - a.share);
  return (
    <table className="table" data-testid="drivers-table">
      <thead>
        <tr>
          <th scope="col">Touchpoint</th>
          <th scope="col">Stage</th>
          <th scope="col" className="num">
            Share of R²
          </th>
          <th scope="col" className="num">
            Raw weight
          </th>
          <th scope="col" className="num">
            Sentiment (performance)
          </th>
          <th scope="col" className="num">
            Mentions
          </th>
          <th scope="col">Quadrant</th>
        </tr>
      </thead>
      <tbody>
        {sorted.map((d) => (
          <tr
            key={d.touchpoint}
            data-testid="driver-row"
            data-touchpoint={d.touchpoint}
            data-quadrant={d.quadrant}
          >
            <th scope="row">{d.label}</th>
            <td>{stageLabel(d.stage)}</td>
            <td className="num">{formatShare(d.share)}</td>
            <td className="num">{d.rawWeight.toFixed(3)}</td>
            <td className="num">
              <EstimateValue estimate={d.performance} />
            </td>
            <td className="num">{formatInt(d.mentions)}</td>
            <td>
              <span className={`quadrant-tag q-${d.quadrant}`}>{QUADRANTS[d.quadrant].label}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
