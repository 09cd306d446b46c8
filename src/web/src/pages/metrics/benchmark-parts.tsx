/**
 * Competitor benchmark parts: own brands beside each competitor (volume, share of voice, stars,
 * sentiment with intervals), the per-touchpoint table with differences and their significance, and
 * the two lists that say where to talk and where to fix. `BrandComparison` is also the top of the
 * Brands page.
 */
import type { AnalyticsQuery } from '../../api';
import { formatInt } from '../../format';
import type { AnalyticsPeriod, Benchmark, BenchmarkContrast, Estimate } from '../../types';
import {
  DeltaMark,
  EstimateValue,
  explorerHref,
  formatIndex,
  formatShare,
  formatStars,
  IntervalBar,
} from './analytics-parts';
import { useWorkspaceMeta } from '../../workspace-meta';

/** Ours minus theirs, from the values (the sign is ours, whatever the server's `delta` convention). */
function difference(own: Estimate, theirs: Estimate): number | null {
  return own.value === null || theirs.value === null ? null : own.value - theirs.value;
}

/** Own brands first, then competitors by volume. */
function ordered(benchmark: Benchmark) {
  return [...benchmark.brands].sort((a, b) =>
    a.kind === b.kind ? b.volume - a.volume : a.kind === 'own' ? -1 : 1,
  );
}

/**
 * Each brand side by side: volume, share of voice, star average and sentiment index with their
 * intervals drawn on one scale, so overlapping intervals read as "no clear difference".
 */
export function BrandComparison({
  benchmark,
  query,
  period,
}: {
  benchmark: Benchmark;
  query: AnalyticsQuery;
  period: Partial<AnalyticsPeriod>;
}) {
  // The benchmark names brands by id; the explorer filters by slug.
  const { brands } = useWorkspaceMeta();
  const slugOf = (id: string) => brands.find((b) => b.id === id)?.slug;
  // Tweets and other unrated feedback have no stars: no column of dashes then.
  const rated = benchmark.brands.some((b) => b.stars.n > 0);
  return (
    <table className="table benchmark-brands" data-testid="benchmark-brands">
      <thead>
        <tr>
          <th scope="col">Brand</th>
          <th scope="col" className="num">
            Volume
          </th>
          <th scope="col" className="num">
            Share of voice
          </th>
          {rated && <th scope="col">Stars (1–5)</th>}
          <th scope="col">Sentiment index (−1…+1)</th>
        </tr>
      </thead>
      <tbody>
        {ordered(benchmark).map((b) => (
          <tr
            key={b.id}
            className={`is-${b.kind}`}
            data-testid="benchmark-brand"
            data-kind={b.kind}
            data-brand={b.name}
            data-volume={b.volume}
          >
            <th scope="row">
              <a
                href={explorerHref({ ...query, brand: undefined }, period, { brand: slugOf(b.id) })}
                className="benchmark-brand-name"
              >
                {b.name}
              </a>{' '}
              <span className={`tag ${b.kind === 'own' ? 'tag-own' : 'tag-competitor'}`}>
                {b.kind === 'own' ? 'Own' : 'Competitor'}
              </span>
            </th>
            <td className="num" data-testid="benchmark-volume">
              {formatInt(b.volume)}
            </td>
            <td className="num" data-testid="benchmark-sov">
              {formatShare(b.shareOfVoice)}
            </td>
            {rated && (
              <td className="interval-cell">
                <IntervalBar estimate={b.stars} domain={[1, 5]} kind={b.kind} />
                <EstimateValue estimate={b.stars} format={formatStars} testId="benchmark-stars" />
              </td>
            )}
            <td className="interval-cell">
              <IntervalBar estimate={b.sentimentIndex} domain={[-1, 1]} kind={b.kind} />
              <EstimateValue estimate={b.sentimentIndex} testId="benchmark-sentiment" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Touchpoints down, brands across: our sentiment index, then each competitor's with the difference
 * (ours − theirs) and a * where it is significant at 5 %.
 */
export function TouchpointTable({ benchmark }: { benchmark: Benchmark }) {
  // A competitor without feedback in the period would only add an empty column.
  const competitors = ordered(benchmark).filter((b) => b.kind === 'competitor' && b.volume > 0);
  const ownName = benchmark.own.map((o) => o.name).join(' + ') || 'Own';
  return (
    <table className="table benchmark-touchpoints" data-testid="benchmark-touchpoints">
      <thead>
        <tr>
          <th scope="col">Touchpoint</th>
          <th scope="col" className="num benchmark-own-col">
            {ownName}
          </th>
          {competitors.map((c) => (
            <th scope="col" key={c.id} className="num" data-testid="benchmark-competitor-col">
              {c.name}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {benchmark.touchpoints.map((tp) => (
          <tr key={tp.key} data-testid="benchmark-touchpoint" data-touchpoint={tp.key}>
            <th scope="row">{tp.label}</th>
            <td className="num benchmark-own-col">
              <EstimateValue estimate={tp.own} compact testId="benchmark-own" />
            </td>
            {competitors.map((c) => {
              const cell = tp.competitors.find((x) => x.brandId === c.id);
              if (!cell)
                return (
                  <td key={c.id} className="num muted">
                    —
                  </td>
                );
              return (
                <td key={c.id} className="num" data-testid="benchmark-cell" data-brand={c.name}>
                  <EstimateValue estimate={cell.estimate} compact testId="benchmark-their" />
                  <DeltaMark
                    delta={difference(tp.own, cell.estimate)}
                    significant={cell.significant}
                    pValue={cell.pValue}
                    testId="benchmark-delta"
                  />
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** One of the two contrast lists: a touchpoint, the competitor, both figures and the gap. */
export function ContrastList({
  items,
  testId,
  empty,
}: {
  items: BenchmarkContrast[];
  testId: string;
  empty: string;
}) {
  if (items.length === 0) return <p className="muted small">{empty}</p>;
  return (
    <ul className="contrast-list" data-testid={testId}>
      {items.map((c) => {
        const delta = c.own && c.competitor ? difference(c.own, c.competitor) : c.delta;
        return (
          <li
            key={`${c.brandId}/${c.touchpoint}`}
            data-testid="contrast-item"
            data-touchpoint={c.touchpoint}
            data-brand={c.name}
          >
            <span>
              <strong>{c.label}</strong> <span className="muted">vs</span> {c.name}
            </span>
            <span className="contrast-figures small">
              {c.own && (
                <>
                  us {formatIndex(c.own.value)} (n={formatInt(c.own.n)})
                </>
              )}
              {c.competitor && (
                <>
                  {' · '}them {formatIndex(c.competitor.value)} (n={formatInt(c.competitor.n)})
                </>
              )}{' '}
              <DeltaMark delta={delta} significant={c.significant ?? true} pValue={c.pValue} />
            </span>
          </li>
        );
      })}
    </ul>
  );
}
