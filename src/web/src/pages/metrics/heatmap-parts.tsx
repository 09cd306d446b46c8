/**
 * The journey heatmap's parts: the stages × touchpoints grid, the weakest-link callout and the
 * "weight of the last impression" panel.
 */
import type { AnalyticsQuery } from '../../api';
import { formatInt } from '../../format';
import type { AnalyticsPeriod, HeatmapCell, JourneyHeatmap } from '../../types';
import {
  ChangeMark,
  describeEstimate,
  explorerHref,
  formatIndex,
  formatShare,
  indexColour,
  MIN_N,
} from './analytics-parts';

function Cell({
  touchpoint,
  label,
  cell,
  href,
}: {
  touchpoint: string;
  label: string;
  cell: HeatmapCell | undefined;
  href: string;
}) {
  const estimate = cell?.sentimentIndex;
  const empty = !cell || !estimate || estimate.n === 0 || estimate.value === null;
  const thin = !empty && !estimate.enough;
  const colours = indexColour(empty || thin ? null : estimate.value);
  const words = empty
    ? `${label}: no feedback in this period`
    : `${label}: sentiment index ${describeEstimate(estimate)}; ${formatInt(cell.volume)} items. Open them in the explorer.`;
  return (
    <a
      className={`heatmap-cell${empty ? ' is-empty' : ''}${thin ? ' is-thin' : ''}`}
      href={href}
      style={colours}
      title={words}
      aria-label={words}
      data-testid="heatmap-cell"
      data-touchpoint={touchpoint}
      data-value={estimate?.value ?? ''}
      data-enough={estimate?.enough ?? false}
    >
      <span className="heatmap-cell-label">{label}</span>
      <span className="heatmap-cell-value" data-testid="heatmap-value">
        {empty ? '—' : formatIndex(estimate.value)}
        <ChangeMark change={cell?.change} />
      </span>
      <span className="heatmap-cell-meta">
        {empty ? (
          'no feedback'
        ) : (
          <>
            {estimate.low !== null && estimate.high !== null && (
              <span className="heatmap-interval">
                {formatIndex(estimate.low)}…{formatIndex(estimate.high)}
              </span>
            )}{' '}
            <span data-testid="heatmap-volume">n={formatInt(cell.volume)}</span>
            {cell.change?.delta !== null && cell.change?.delta !== undefined && (
              <span className="heatmap-trend" title="Change against the previous period of the same length">
                {' '}
                · Δ{formatIndex(cell.change.delta)}
              </span>
            )}
            {thin && <span className="heatmap-thin"> · not enough data</span>}
          </>
        )}
      </span>
    </a>
  );
}

/**
 * Stages as rows (in journey order), their touchpoints as cells: colour and printed value by the
 * sentiment index, the sample, ▲▼ for a significant change; each cell opens its feedback in the
 * explorer. The grid scrolls sideways on a phone with the stage column held in place.
 */
export function HeatmapGrid({
  heatmap,
  query,
  period,
}: {
  heatmap: JourneyHeatmap;
  query: AnalyticsQuery;
  period: Partial<AnalyticsPeriod>;
}) {
  const byKey = new Map(heatmap.cells.map((c) => [`${c.stage}/${c.touchpoint}`, c]));
  const columns = Math.max(1, ...heatmap.stages.map((s) => s.touchpoints.length));
  return (
    <div className="heatmap-scroll" data-testid="heatmap-scroll">
      <div
        className="heatmap"
        role="list"
        aria-label="Journey heatmap: sentiment index by stage and touchpoint"
        style={{ gridTemplateColumns: `var(--heatmap-stage-width) repeat(${columns}, minmax(132px, 1fr))` }}
        data-testid="heatmap"
      >
        {heatmap.stages.map((stage, i) => (
          <div
            className="heatmap-row"
            role="listitem"
            key={stage.key}
            data-testid="heatmap-stage"
            data-stage={stage.key}
          >
            <div className="heatmap-stage">
              <span className="stage-number" aria-hidden="true">
                {i + 1}
              </span>
              <span data-testid="heatmap-stage-name">{stage.label}</span>
            </div>
            {stage.touchpoints.map((tp) => (
              <Cell
                key={tp.key}
                touchpoint={tp.key}
                label={tp.label}
                cell={
                  byKey.get(`${stage.key}/${tp.key}`) ?? heatmap.cells.find((c) => c.touchpoint === tp.key)
                }
                href={explorerHref(query, period, { touchpoint: tp.key })}
              />
            ))}
          </div>
        ))}
      </div>
    </div>
  );
}

/** The cells with enough data, worst first. */
export function weakestCells(heatmap: JourneyHeatmap): HeatmapCell[] {
  return heatmap.cells
    .filter((c) => c.sentimentIndex.enough && c.sentimentIndex.value !== null)
    .sort((a, b) => (a.sentimentIndex.value ?? 0) - (b.sentimentIndex.value ?? 0));
}

/** Names the weakest link (the server's choice, with its reason) and the next weakest cells. */
export function WeakestCallout({
  heatmap,
  query,
  period,
}: {
  heatmap: JourneyHeatmap;
  query: AnalyticsQuery;
  period: Partial<AnalyticsPeriod>;
}) {
  const labelOf = new Map(heatmap.stages.flatMap((s) => s.touchpoints.map((t) => [t.key, t.label] as const)));
  const ranked = weakestCells(heatmap).slice(0, 3);
  const weakest = heatmap.weakest;
  if (!weakest && ranked.length === 0) {
    return (
      <section className="card callout weakest" data-testid="weakest-link" data-touchpoint="">
        <h2 className="card-title">Weakest link</h2>
        <p className="muted">
          No touchpoint has {MIN_N} or more items in this period, so none can be named with confidence. Widen
          the period or remove a filter.
        </p>
      </section>
    );
  }
  return (
    <section
      className="card callout weakest"
      data-testid="weakest-link"
      data-touchpoint={weakest?.touchpoint ?? ''}
    >
      <h2 className="card-title">
        Weakest link:{' '}
        <a
          href={explorerHref(query, period, { touchpoint: weakest?.touchpoint ?? ranked[0]?.touchpoint })}
          data-testid="weakest-name"
        >
          {weakest?.label ?? labelOf.get(ranked[0]?.touchpoint ?? '') ?? ranked[0]?.touchpoint}
        </a>
      </h2>
      {weakest?.reason && <p data-testid="weakest-reason">{weakest.reason}</p>}
      {ranked.length > 0 && (
        <ol
          className="weakest-list small"
          aria-label="Lowest sentiment, with enough data"
          data-testid="weakest-ranking"
        >
          {ranked.map((c) => (
            <li key={`${c.stage}/${c.touchpoint}`} data-testid="weakest-rank" data-touchpoint={c.touchpoint}>
              <a href={explorerHref(query, period, { touchpoint: c.touchpoint })}>
                {labelOf.get(c.touchpoint) ?? c.touchpoint}
              </a>{' '}
              <span className="muted">
                {formatIndex(c.sentimentIndex.value)} ({formatIndex(c.sentimentIndex.low)} …{' '}
                {formatIndex(c.sentimentIndex.high)}
                ), n={formatInt(c.sentimentIndex.n)}
              </span>
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

/**
 * How much the last stage a customer reached explains their overall rating, against the first
 * stages — or, when the data cannot say, what it would need.
 */
export function LastImpressionPanel({ heatmap }: { heatmap: JourneyHeatmap }) {
  const li = heatmap.lastImpression;
  const weights = li.lastStageWeight !== null && li.firstStagesWeight !== null;
  return (
    <section
      className={`card last-impression${li.enough ? '' : ' is-thin'}`}
      aria-labelledby="last-impression-title"
      data-testid="last-impression"
      data-enough={li.enough}
    >
      <h2 className="card-title" id="last-impression-title">
        The weight of the last impression
      </h2>
      <p className="muted small">
        How much the experience at the last stage a customer reached explains their overall rating, against
        the first stages of the journey (share of the explained variance).
      </p>
      {li.enough && weights ? (
        <>
          <div className="weight-bars">
            <WeightBar label="Last stage reached" value={li.lastStageWeight} testId="last-stage-weight" />
            <WeightBar label="First stages" value={li.firstStagesWeight} testId="first-stages-weight" />
          </div>
          <p className="small" data-testid="last-impression-fit">
            R² = {li.r2 === null ? '—' : li.r2.toFixed(2)} · n = {formatInt(li.n)} rated customers
            {li.note ? ` · ${li.note}` : ''}
          </p>
        </>
      ) : (
        <div className="not-enough" data-testid="last-impression-thin">
          <strong>Not enough data</strong> (n = {formatInt(li.n)}
          {li.r2 !== null ? `, R² = ${li.r2.toFixed(2)}` : ''}).{' '}
          {li.note?.replace(/^not enough data[:.]?\s*/i, '') ??
            `It needs at least ${MIN_N} rated items that mention both a late and an early stage.`}
        </div>
      )}
    </section>
  );
}

function WeightBar({ label, value, testId }: { label: string; value: number | null; testId: string }) {
  const width = value === null ? 0 : Math.max(0, Math.min(1, value)) * 100;
  return (
    <div className="weight-bar" data-testid={testId} data-value={value ?? ''}>
      <span className="weight-bar-label">{label}</span>
      <span className="weight-bar-track" aria-hidden="true">
        <span className="weight-bar-fill" style={{ width: `${width}%` }} />
      </span>
      <span className="weight-bar-value">{formatShare(value)}</span>
    </div>
  );
}
