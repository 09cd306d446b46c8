/**
 * Suggested segments (issue #14): customers clustered by the touchpoints they talk about. Each
 * customer of a bounded sample is a vector of their mentions per touchpoint (L2-normalised, so a
 * chatty customer and a quiet one with the same interests are close); k-means (`ml-kmeans`,
 * k-means++ with a fixed seed) for k = 2…8, and the k with the best mean silhouette wins. Each
 * cluster is named by its top touchpoints and comes with rules that save it as a segment.
 */
import { kmeans } from 'ml-kmeans';
import type { SegmentRules } from './segments.js';

/** Customers read for a suggestion: k-means and the silhouettes stay well under a second. */
export const CLUSTER_SAMPLE = 2_000;
/** Points the silhouette of each k is computed on (it is quadratic). */
export const SILHOUETTE_SAMPLE = 400;
/** Touchpoints kept as dimensions: the most mentioned in the sample. */
export const MAX_DIMENSIONS = 30;
export const K_RANGE = [2, 8] as const;
/** Fewer customers with touchpoints than this: no suggestion (nothing to cluster). */
export const MIN_CUSTOMERS = 10;
const SEED = 14;
/** k-means stops here if it has not converged (7 runs of up to 100 on 2,000 customers took 0.5–0.8 s under load). */
const MAX_ITERATIONS = 50;

/** One customer's counts for one touchpoint (from `customer_stats.touchpoint_counts`). */
export interface TouchpointCount {
  customerId: string;
  touchpoint: string;
  mentions: number;
  positive: number;
  negative: number;
}

export interface ClusterSuggestion {
  /** Top touchpoints of the cluster, most characteristic first. */
  touchpoints: { key: string; name: string; weight: number; positiveShare: number; negativeShare: number }[];
  name: string;
  /** Customers of the sample in the cluster, and their share of the sample. */
  size: number;
  share: number;
  /** Rules that save the cluster as a segment (its top touchpoints, mentioned, praised or criticised). */
  rules: SegmentRules;
}

export interface ClusterAnswer {
  k: number | null;
  silhouette: number | null;
  /** Customers with touchpoints in the sample. */
  sampled: number;
  clusters: ClusterSuggestion[];
}

const euclidean2 = (a: readonly number[], b: readonly number[]) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    s += d * d;
  }
  return s;
};

/** Distances between the points `idx` (row-major, `idx.length`²): computed once for every k. */
export function distances(points: readonly number[][], idx: readonly number[]): Float64Array {
  const n = idx.length;
  const d = new Float64Array(n * n);
  for (let a = 0; a < n; a++)
    for (let b = a + 1; b < n; b++) {
      const v = Math.sqrt(euclidean2(points[idx[a] ?? 0] ?? [], points[idx[b] ?? 0] ?? []));
      d[a * n + b] = v;
      d[b * n + a] = v;
    }
  return d;
}

/** Mean silhouette of a clustering over the points `idx` (`dist`: their `distances`, when already known). */
export function silhouette(
  points: readonly number[][],
  labels: readonly number[],
  idx: readonly number[],
  dist: Float64Array = distances(points, idx),
): number {
  const n = idx.length;
  let total = 0;
  let counted = 0;
  for (let u = 0; u < n; u++) {
    const i = idx[u] ?? 0;
    const sums = new Map<number, { sum: number; n: number }>();
    for (let v = 0; v < n; v++) {
      if (v === u) continue;
      const l = labels[idx[v] ?? 0];
      if (l === undefined) continue;
      const s = sums.get(l) ?? { sum: 0, n: 0 };
      s.sum += dist[u * n + v] ?? 0;
      s.n++;
      sums.set(l, s);
    }
    const own = sums.get(labels[i] ?? -1);
    if (!own || own.n === 0) continue; // a singleton's silhouette is 0 by convention: leave it out
    const a = own.sum / own.n;
    let b = Infinity;
    for (const [l, s] of sums) if (l !== labels[i] && s.n > 0) b = Math.min(b, s.sum / s.n);
    if (!Number.isFinite(b)) continue;
    const m = Math.max(a, b);
    total += m === 0 ? 0 : (b - a) / m;
    counted++;
  }
  return counted === 0 ? 0 : total / counted;
}

/**
 * Clusters the sampled customers by their touchpoints. `names` maps touchpoint keys to their names.
 * Deterministic for the same rows.
 */
export function suggestClusters(
  rows: readonly TouchpointCount[],
  names: ReadonlyMap<string, string>,
): ClusterAnswer {
  const byCustomer = new Map<string, TouchpointCount[]>();
  const totals = new Map<string, number>();
  for (const r of rows) {
    if (r.mentions <= 0) continue;
    const list = byCustomer.get(r.customerId) ?? [];
    list.push(r);
    byCustomer.set(r.customerId, list);
    totals.set(r.touchpoint, (totals.get(r.touchpoint) ?? 0) + r.mentions);
  }
  const dims = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, MAX_DIMENSIONS)
    .map(([k]) => k);
  const dimIndex = new Map(dims.map((k, i) => [k, i]));
  const customers = [...byCustomer.keys()].sort();
  const points: number[][] = [];
  const members: TouchpointCount[][] = [];
  for (const id of customers) {
    const v = new Array<number>(dims.length).fill(0);
    for (const r of byCustomer.get(id) ?? []) {
      const i = dimIndex.get(r.touchpoint);
      if (i !== undefined) v[i] = r.mentions;
    }
    const norm = Math.sqrt(v.reduce((s, x) => s + x * x, 0));
    if (norm === 0) continue;
    points.push(v.map((x) => x / norm));
    members.push(byCustomer.get(id) ?? []);
  }
  if (points.length < MIN_CUSTOMERS || dims.length < 2) {
    return { k: null, silhouette: null, sampled: points.length, clusters: [] };
  }
  // Every n-th point for the silhouettes: spread over the sample, the same on every run.
  const step = Math.max(1, Math.floor(points.length / SILHOUETTE_SAMPLE));
  const idx = points.map((_, i) => i).filter((i) => i % step === 0);
  const dist = distances(points, idx);
  let best: { k: number; score: number; labels: number[] } | null = null;
  const maxK = Math.min(K_RANGE[1], points.length - 1);
  for (let k = K_RANGE[0]; k <= maxK; k++) {
    const r = kmeans(points, k, { seed: SEED, initialization: 'kmeans++', maxIterations: MAX_ITERATIONS });
    const score = silhouette(points, r.clusters, idx, dist);
    if (!best || score > best.score + 1e-9) best = { k, score, labels: r.clusters };
  }
  if (!best) return { k: null, silhouette: null, sampled: points.length, clusters: [] };

  const clusters: ClusterSuggestion[] = [];
  for (let c = 0; c < best.k; c++) {
    const inCluster = best.labels.flatMap((l, i) => (l === c ? [i] : []));
    if (inCluster.length === 0) continue;
    const weight = new Array<number>(dims.length).fill(0);
    const pos = new Array<number>(dims.length).fill(0);
    const neg = new Array<number>(dims.length).fill(0);
    const ment = new Array<number>(dims.length).fill(0);
    for (const i of inCluster) {
      const p = points[i] ?? [];
      for (let d = 0; d < dims.length; d++) weight[d] = (weight[d] ?? 0) + (p[d] ?? 0) / inCluster.length;
      for (const r of members[i] ?? []) {
        const d = dimIndex.get(r.touchpoint);
        if (d === undefined) continue;
        pos[d] = (pos[d] ?? 0) + r.positive;
        neg[d] = (neg[d] ?? 0) + r.negative;
        ment[d] = (ment[d] ?? 0) + r.mentions;
      }
    }
    const order = dims.map((_, d) => d).sort((a, b) => (weight[b] ?? 0) - (weight[a] ?? 0));
    const topWeight = weight[order[0] ?? 0] ?? 0;
    // The touchpoints that characterise it: at least half the weight of the strongest, three at most.
    const top = order.filter((d) => (weight[d] ?? 0) >= topWeight / 2 && (weight[d] ?? 0) > 0).slice(0, 3);
    const tps = top.map((d) => {
      const key = dims[d] ?? '';
      const m = ment[d] ?? 0;
      return {
        key,
        name: names.get(key) ?? key,
        weight: Math.round((weight[d] ?? 0) * 1000) / 1000,
        positiveShare: m > 0 ? Math.round(((pos[d] ?? 0) / m) * 1000) / 1000 : 0,
        negativeShare: m > 0 ? Math.round(((neg[d] ?? 0) / m) * 1000) / 1000 : 0,
      };
    });
    const lead = tps[0];
    const leadMode = (t: (typeof tps)[number]) =>
      t.negativeShare >= 0.6 ? 'criticises' : t.positiveShare >= 0.6 ? 'praises' : 'mentions';
    const verb = { criticises: 'criticise', praises: 'praise', mentions: 'talk about' } as const;
    clusters.push({
      touchpoints: tps,
      name: lead
        ? `${tps.length === 1 ? `Customers who ${verb[leadMode(lead)]} ${lead.name}` : `Customers who talk about ${tps.map((t) => t.name).join(', ')}`}`
        : 'Customers',
      size: inCluster.length,
      share: Math.round((inCluster.length / points.length) * 1000) / 1000,
      rules: {
        // The leading touchpoint as the rule (as they express it); the others describe the cluster.
        touchpoints: lead ? [{ key: lead.key, mode: leadMode(lead), min: 1 }] : [],
        intents: [],
        lifecycle: [],
        tags: [],
        languages: [],
        platforms: [],
      },
    });
  }
  clusters.sort((a, b) => b.size - a.size);
  return { k: best.k, silhouette: Math.round(best.score * 1000) / 1000, sampled: points.length, clusters };
}
