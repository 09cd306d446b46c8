/**
 * `touchpoint eval --dataset intents`: the analyser's intents against a labelled intent file
 * (`../shared/INTENTS.md`), per intent and averaged over the nine, plus how often an item the
 * inbox would put on top because of an intent really carries such an intent.
 */
import { createAnalyzer, INTENTS, type Intent } from '../analysis/index.js';
import { DEFAULT_PLAYBOOK } from '../core/cases/playbook.js';
import { readIntents } from './datasets/intents.js';
import { DEFAULT_TOUCHPOINTS } from './mappings.js';
import type { ClassMetrics } from './metrics.js';

/**
 * Intents that make a case Urgent by themselves: those of the default playbook's rules that open a
 * case with minimum priority `urgent` (today "Safety or legal issue": safety_issue, legal_threat).
 * Read from the playbook, not restated, so the figure follows the rule.
 */
export const URGENT_INTENTS: readonly Intent[] = [
  ...new Set(
    DEFAULT_PLAYBOOK.filter(
      (r) => r.enabled && r.actions.openCase && r.actions.minPriority === 'urgent',
    ).flatMap((r) => r.conditions.intents ?? []),
  ),
];

/** Whether a set of intents puts an item on top of the inbox by itself (see `URGENT_INTENTS`). */
export const urgentByIntent = (intents: readonly string[]): boolean =>
  intents.some((i) => (URGENT_INTENTS as readonly string[]).includes(i));

export interface IntentMetrics {
  intents: Record<Intent, ClassMetrics>;
  /** F1 of the true/false positives summed over the nine intents. */
  microF1: number;
  /** Unweighted mean of the nine per-intent F1 (an intent with no gold item and no prediction counts 0). */
  macroF1: number;
  /** Of the items the analyser makes urgent by an intent, the share whose gold intents do too (0 when none). */
  urgentPrecision: number;
  /** Of the items whose gold intents make them urgent, the share the analyser makes urgent. */
  urgentRecall: number;
  urgent: { predicted: number; correct: number; gold: number; intents: readonly Intent[] };
}

export interface IntentsReport {
  dataset: 'intents';
  file: string;
  mode: 'zero-shot';
  model: string;
  n: number;
  /** Items per language code. */
  languages: Record<string, number>;
  metrics: IntentMetrics;
  itemsPerSecond: number;
}

const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
const harmonic = (p: number, r: number): number => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/**
 * Per-intent precision/recall/F1/support, micro- and macro-F1 over the nine intents, and the
 * urgent-by-intent precision and recall, of `predicted` label sets against `gold`.
 *
 * @example
 * intentMetrics([['complaint']], [['complaint', 'safety_issue']]).urgentPrecision // 0
 */
export function intentMetrics(
  gold: readonly (readonly string[])[],
  predicted: readonly (readonly string[])[],
): IntentMetrics {
  if (gold.length !== predicted.length)
    throw new Error(`intentMetrics: ${gold.length} gold sets but ${predicted.length} predictions`);
  const per = {} as Record<Intent, ClassMetrics>;
  let [tp, fp, fn] = [0, 0, 0];
  for (const intent of INTENTS) {
    let [t, f, n] = [0, 0, 0];
    gold.forEach((g, i) => {
      const inGold = g.includes(intent);
      const inPredicted = (predicted[i] as readonly string[]).includes(intent);
      if (inGold && inPredicted) t++;
      else if (inPredicted) f++;
      else if (inGold) n++;
    });
    [tp, fp, fn] = [tp + t, fp + f, fn + n];
    const precision = ratio(t, t + f);
    const recall = ratio(t, t + n);
    per[intent] = { precision, recall, f1: harmonic(precision, recall), support: t + n };
  }
  let urgentPredicted = 0;
  let urgentCorrect = 0;
  let urgentGold = 0;
  gold.forEach((g, i) => {
    const isGold = urgentByIntent(g);
    const isPredicted = urgentByIntent(predicted[i] as readonly string[]);
    if (isGold) urgentGold++;
    if (isPredicted) urgentPredicted++;
    if (isGold && isPredicted) urgentCorrect++;
  });
  return {
    intents: per,
    microF1: harmonic(ratio(tp, tp + fp), ratio(tp, tp + fn)),
    macroF1: ratio(
      INTENTS.reduce((sum, i) => sum + per[i].f1, 0),
      INTENTS.length,
    ),
    urgentPrecision: ratio(urgentCorrect, urgentPredicted),
    urgentRecall: ratio(urgentCorrect, urgentGold),
    urgent: { predicted: urgentPredicted, correct: urgentCorrect, gold: urgentGold, intents: URGENT_INTENTS },
  };
}

/**
 * Runs the analyser as ingest does (`createAnalyzer()`, the default journey taxonomy) on every text
 * of an intent file and scores its intents.
 *
 * @example
 * (await runIntentsEval({ file: 'bench/data/intents-dev.csv' })).metrics.macroF1
 */
export async function runIntentsEval(options: { file: string }): Promise<IntentsReport> {
  const { records } = await readIntents(options.file);
  const analyzer = createAnalyzer();
  const started = performance.now();
  const predicted = records.map((r) =>
    analyzer.analyze({ text: r.text }, { taxonomy: DEFAULT_TOUCHPOINTS }).intents.map((m) => m.intent),
  );
  const seconds = (performance.now() - started) / 1000;
  const gold = records.map((r) => r.intents);
  const languages: Record<string, number> = {};
  for (const r of records) languages[r.language] = (languages[r.language] ?? 0) + 1;
  return {
    dataset: 'intents',
    file: options.file,
    mode: 'zero-shot',
    model: analyzer.model,
    n: records.length,
    languages,
    metrics: intentMetrics(gold, predicted),
    itemsPerSecond: seconds > 0 ? Math.round(records.length / seconds) : 0,
  };
}

const pct = (x: number): string => (x * 100).toFixed(1);

/** The table `touchpoint eval --dataset intents` prints: per intent P/R/F1 and support, the averages, urgent. */
export function formatIntentsReport(report: IntentsReport): string {
  const m = report.metrics;
  const rows = [
    ['intent', 'P %', 'R %', 'F1 %', 'support'],
    ...INTENTS.map((i) => [
      i,
      pct(m.intents[i].precision),
      pct(m.intents[i].recall),
      pct(m.intents[i].f1),
      String(m.intents[i].support),
    ]),
  ];
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  const table = rows.map((r) =>
    r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '),
  );
  const languages = Object.entries(report.languages)
    .sort(([, a], [, b]) => b - a)
    .map(([l, n]) => `${l} ${n}`)
    .join(', ');
  return [
    `intents · zero-shot · ${report.model} · ${report.n} items (${languages}) from ${report.file}`,
    '',
    ...table,
    '',
    `micro-F1 ${pct(m.microF1)}  macro-F1 ${pct(m.macroF1)} (over the nine)`,
    `urgent by intent (${m.urgent.intents.join(', ')}): precision ${pct(m.urgentPrecision)} % ` +
      `(${m.urgent.correct} of ${m.urgent.predicted} flagged), recall ${pct(m.urgentRecall)} % of ${m.urgent.gold}`,
    `${report.itemsPerSecond} items/s`,
  ].join('\n');
}
