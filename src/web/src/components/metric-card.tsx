/**
 * A headline metric as a card: the value, its 95 % interval and sample size, and the change against
 * the previous period with whether it is real (significant at 0.05) or noise. Below the minimum
 * sample the card is greyed and says "Not enough data (n=3)" rather than showing a confident number.
 */
import { formatInt, formatMinutes, formatScore } from '../format';
import type { Estimate, EstimateChange, MetricUnit } from '../types';
import './charts.css';

/** How a unit's values and changes read: `42%`, `+0.31`, `4.12 ★`, `+35`, `3.5 h`. */
export interface UnitFormat {
  value: (v: number) => string;
  /** A difference between two values of the unit, signed. */
  delta: (d: number) => string;
  /** The y range when the unit fixes one. */
  domain?: [number, number];
}

const signed = (text: string, d: number) => (d > 0 ? `+${text}` : d < 0 ? `−${text}` : text);

export const UNIT_FORMATS: Record<string, UnitFormat> = {
  count: {
    value: (v) => formatInt(Math.round(v)),
    delta: (d) => signed(formatInt(Math.abs(Math.round(d))), d),
  },
  ratio: {
    value: (v) => `${(v * 100).toFixed(1)}%`,
    delta: (d) => signed(`${Math.abs(d * 100).toFixed(1)} pts`, d),
    domain: [0, 1],
  },
  index: { value: formatScore, delta: formatScore, domain: [-1, 1] },
  stars: { value: (v) => v.toFixed(2), delta: (d) => signed(Math.abs(d).toFixed(2), d), domain: [1, 5] },
  nps: {
    value: (v) => signed(Math.abs(v).toFixed(0), v),
    delta: (d) => signed(Math.abs(d).toFixed(1), d),
    domain: [-100, 100],
  },
  ces: { value: (v) => v.toFixed(2), delta: (d) => signed(Math.abs(d).toFixed(2), d), domain: [1, 7] },
  hours: { value: (v) => formatMinutes(v * 60), delta: (d) => signed(formatMinutes(Math.abs(d) * 60), d) },
};

export function unitFormat(unit: MetricUnit): UnitFormat {
  return (
    UNIT_FORMATS[unit] ?? { value: (v) => v.toFixed(2), delta: (d) => signed(Math.abs(d).toFixed(2), d) }
  );
}

/** Whether a rise is good news: lower is better for times and effort; volume is neither. */
export type Better = 'higher' | 'lower' | 'neither';

/** The words and marker for a change: `▲ +4.2 pts, significant`, `no real change`, or why there is none. */
export function describeChange(
  change: EstimateChange | null,
  format: UnitFormat,
  better: Better,
): { mark: string; text: string; tone: 'good' | 'bad' | 'neutral' | 'none'; significant: string } {
  if (!change || change.delta === null)
    return { mark: '', text: 'no previous period to compare', tone: 'none', significant: 'unknown' };
  if (change.significant === null)
    return {
      mark: '',
      text: `${format.delta(change.delta)}, not enough data to test`,
      tone: 'none',
      significant: 'unknown',
    };
  if (!change.significant || change.delta === 0)
    return {
      mark: '≈',
      text: `no real change (${format.delta(change.delta)})`,
      tone: 'neutral',
      significant: 'false',
    };
  const up = change.delta > 0;
  const tone = better === 'neither' ? 'neutral' : up === (better === 'higher') ? 'good' : 'bad';
  const p =
    change.pValue === null ? '' : `, p${change.pValue < 0.001 ? '<0.001' : `=${change.pValue.toFixed(3)}`}`;
  return {
    mark: up ? '▲' : '▼',
    text: `${format.delta(change.delta)}, significant${p}`,
    tone,
    significant: 'true',
  };
}

/** Ratings in the 1…5 star bars as one stacked bar, with counts in its label. */
export function StarsBar({ distribution }: { distribution: number[] }) {
  const total = distribution.reduce((s, n) => s + n, 0);
  const words = distribution.map((n, i) => `${i + 1}★ ${formatInt(n)}`).join(', ');
  return (
    <div
      className="stars-bar"
      role="img"
      aria-label={`Ratings: ${words}`}
      title={words}
      data-testid="stars-distribution"
    >
      {total === 0
        ? null
        : distribution.map((n, i) =>
            n === 0 ? null : (
              <span key={i} className={`stars-bar-part is-${i + 1}`} style={{ flexGrow: n }}>
                {n / total >= 0.12 ? `${i + 1}★` : ''}
              </span>
            ),
          )}
    </div>
  );
}

export function MetricCard({
  metricKey,
  label,
  unit,
  estimate,
  change,
  better = 'higher',
  distribution,
}: {
  metricKey: string;
  label: string;
  unit: MetricUnit;
  estimate: Estimate;
  change: EstimateChange | null;
  better?: Better;
  distribution?: number[] | undefined;
}) {
  const format = unitFormat(unit);
  const empty = estimate.value === null || estimate.n === 0;
  const thin = !empty && !estimate.enough;
  const moved = describeChange(thin || empty ? null : change, format, better);
  return (
    <article
      className={`metric-card${empty || thin ? ' is-thin' : ''}`}
      data-testid="metric-card"
      data-metric={metricKey}
      data-enough={estimate.enough}
    >
      <h3 className="metric-label">{label}</h3>
      <p className="metric-value" data-testid="metric-value">
        {empty ? '—' : format.value(estimate.value ?? 0)}
      </p>
      <p className="metric-detail small">
        {!empty && estimate.low !== null && estimate.high !== null && (
          <span className="metric-interval" data-testid="metric-interval" title="95% interval">
            {format.value(estimate.low)} … {format.value(estimate.high)}
          </span>
        )}
        <span className="metric-n" data-testid="metric-n">
          n={formatInt(estimate.n)}
        </span>
      </p>
      {distribution && !empty && <StarsBar distribution={distribution} />}
      {empty ? (
        <p className="metric-thin small">No data in this period</p>
      ) : thin ? (
        <p className="metric-thin small" data-testid="metric-thin">
          Not enough data (n={formatInt(estimate.n)})
        </p>
      ) : (
        <p
          className={`metric-change small is-${moved.tone}`}
          data-testid="metric-change"
          data-significant={moved.significant}
          title="Against the previous period of the same length"
        >
          {moved.mark && <span aria-hidden="true">{moved.mark} </span>}
          {moved.text}
        </p>
      )}
    </article>
  );
}
