/** The journey heatmap (issue #13): stages × touchpoints, the weakest link, the last impression. */
import type { SampleItem, Store } from '../ports.js';
import { lastImpressionWeight } from './drivers.js';
import { type Period } from './presets.js';
import { sentimentIndexChange, sentimentIndexEstimate, type Change, type Estimate } from './stats.js';

import {
  contextOf,
  sumBy,
  touchpointSentiment,
  zero,
  LAST_IMPRESSION_MIN_CUSTOMERS,
  LAST_IMPRESSION_SAMPLE,
  TP_FIELDS,
  type AnalyticsParams,
  type AnalyticsScope,
  type Context,
} from './context.js';

// ---------- GET /journey/heatmap ----------

export interface HeatmapAnswer {
  period: Period;
  previous: Period;
  stages: { key: string; label: string; touchpoints: { key: string; label: string }[] }[];
  cells: {
    stage: string;
    touchpoint: string;
    volume: number;
    sentimentIndex: Estimate;
    change: Change | null;
  }[];
  weakest: { stage: string; touchpoint: string; label: string; reason: string } | null;
  lastImpression: {
    lastStageWeight: number | null;
    firstStagesWeight: number | null;
    r2: number | null;
    n: number;
    enough: boolean;
    note: string | null;
  };
}

const fmt = (x: number | null) => (x === null ? '—' : (Math.round(x * 100) / 100).toFixed(2));

/**
 * Stages × touchpoints of the workspace's journey: mentions and the touchpoint's sentiment index with
 * its change; the weakest link (the cell whose sentiment is surely lowest: the lowest upper bound among
 * cells with enough data); and the weight of the last impression.
 */
export async function heatmapOf(
  store: Store,
  scope: AnalyticsScope,
  params: AnalyticsParams,
): Promise<HeatmapAnswer> {
  const ctx = await contextOf(store, scope, params);
  const [now, before, sample] = await Promise.all([
    store.metrics.rollup(ctx.filter, { dims: ['touchpoint'], fields: TP_FIELDS }),
    store.metrics.rollup(ctx.prevFilter, { dims: ['touchpoint'], fields: TP_FIELDS }),
    store.metrics.sample(ctx.filter, { limit: LAST_IMPRESSION_SAMPLE, repeatAuthors: true }),
  ]);
  const b = sumBy(now, (r) => r.touchpoint);
  const a = sumBy(before, (r) => r.touchpoint);
  const only = ctx.filter.touchpoints ? new Set(ctx.filter.touchpoints) : null;
  const stages = ctx.stages
    .map((s) => ({
      key: s.key,
      label: s.name,
      touchpoints: s.touchpoints
        .filter((t) => !only || only.has(t.key))
        .map((t) => ({ key: t.key, label: t.name })),
    }))
    .filter((s) => s.touchpoints.length > 0);
  const cells: HeatmapAnswer['cells'] = [];
  for (const s of stages) {
    for (const t of s.touchpoints) {
      const c = b.get(t.key) ?? zero();
      const p = a.get(t.key);
      const change = p ? sentimentIndexChange(touchpointSentiment(p), touchpointSentiment(c)) : null;
      cells.push({
        stage: s.key,
        touchpoint: t.key,
        volume: c.n,
        sentimentIndex: sentimentIndexEstimate(touchpointSentiment(c)),
        change: change && change.delta !== null ? change : null,
      });
    }
  }
  let weakest: HeatmapAnswer['weakest'] = null;
  const candidates = cells.filter((c) => c.sentimentIndex.enough && c.sentimentIndex.high !== null);
  candidates.sort((x, y) => (x.sentimentIndex.high ?? 0) - (y.sentimentIndex.high ?? 0));
  const worst = candidates[0];
  if (worst) {
    const tp = ctx.touchpoints.get(worst.touchpoint);
    const e = worst.sentimentIndex;
    weakest = {
      stage: worst.stage,
      touchpoint: worst.touchpoint,
      label: `${tp?.stageLabel ?? worst.stage} › ${tp?.label ?? worst.touchpoint}`,
      reason: `Sentiment index ${fmt(e.value)} (95 % interval ${fmt(e.low)} to ${fmt(e.high)}) over ${e.n} mentions: the lowest upper bound of the ${candidates.length} touchpoints with enough data.`,
    };
  }
  return {
    period: ctx.period,
    previous: ctx.previous,
    stages,
    cells,
    weakest,
    lastImpression: lastImpressionOf(ctx, sample),
  };
}

/**
 * Per customer (author handle) with ≥ 2 items in the sample: the mean touchpoint sentiment at the
 * last stage they reached and over the stages before it, against their latest rating (stars, else
 * NPS answer over 2 so both read 0–5); Johnson's weights of [last, first].
 */
function lastImpressionOf(ctx: Context, sample: readonly SampleItem[]): HeatmapAnswer['lastImpression'] {
  const byAuthor = new Map<string, SampleItem[]>();
  for (const item of sample) {
    if (!item.authorHandle) continue;
    const list = byAuthor.get(item.authorHandle) ?? [];
    list.push(item);
    byAuthor.set(item.authorHandle, list);
  }
  const rows: { last: number; first: number; rating: number }[] = [];
  for (const items of byAuthor.values()) {
    if (items.length < 2) continue;
    items.sort((x, y) => x.postedAt.localeCompare(y.postedAt));
    const mentions = items.flatMap((i) =>
      i.touchpoints.flatMap((t) => {
        const tp = ctx.touchpoints.get(t.key);
        return tp ? [{ position: tp.position, score: t.score }] : [];
      }),
    );
    if (mentions.length === 0) continue;
    const lastPosition = Math.max(...mentions.map((m) => m.position));
    const last = mentions.filter((m) => m.position === lastPosition);
    const first = mentions.filter((m) => m.position < lastPosition);
    const rated = [...items].reverse().find((i) => i.rating !== null || i.npsScore !== null);
    if (first.length === 0 || !rated) continue;
    const mean = (xs: { score: number }[]) => xs.reduce((s, x) => s + x.score, 0) / xs.length;
    rows.push({ last: mean(last), first: mean(first), rating: rated.rating ?? (rated.npsScore ?? 0) / 2 });
  }
  const w = lastImpressionWeight(rows);
  const enough = w.enough && rows.length >= LAST_IMPRESSION_MIN_CUSTOMERS;
  return {
    ...w,
    enough,
    note: enough
      ? `${rows.length} customers with items at two or more stages; the last stage explains ${Math.round((w.lastStageWeight ?? 0) * 100)} % of the explained variance of their rating.`
      : `Not enough data: ${rows.length} customers wrote about two or more stages and gave a rating (${LAST_IMPRESSION_MIN_CUSTOMERS} needed).`,
  };
}
