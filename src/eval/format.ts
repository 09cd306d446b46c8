import type { EvalReport, SystemFigures } from './run.js';

const pct = (x: number): string => (x * 100).toFixed(1);
const int = (x: number): string => x.toLocaleString('en-US');

/** Left-aligns the first column and right-aligns the others. */
function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows
    .map((r) =>
      r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join('  '),
    )
    .join('\n');
}

/**
 * The human-readable report of `touchpoint eval`: a header line, a table of systems (accuracy and
 * F1 in %, items/s), per-class F1 with precision/recall, and the SemEval / GermEval extra figures.
 */
export function formatReport(report: EvalReport): string {
  const how =
    report.mode === 'zero-shot'
      ? 'zero-shot'
      : report.split
        ? `trained on ${int(report.trainN ?? 0)} (split ${report.split.ratio}, seed ${report.split.seed}) in ${report.trainSeconds ?? 0} s`
        : `trained on ${int(report.trainN ?? 0)} from ${report.trainFile ?? ''} in ${report.trainSeconds ?? 0} s`;
  const lines = [
    `${report.dataset} · ${report.task} · ${how} · ${int(report.n)} items from ${report.file}` +
      (report.skipped > 0 ? ` (${int(report.skipped)} skipped)` : ''),
    '',
  ];
  const systems: SystemFigures[] = [
    { name: report.model, metrics: report.metrics, itemsPerSecond: report.itemsPerSecond },
    ...report.peers,
  ];
  lines.push(
    table([
      ['system', 'accuracy %', 'macro-F1', 'micro-F1', 'items/s'],
      ...systems.map((s) => [
        s.name,
        pct(s.metrics.accuracy),
        pct(s.metrics.macroF1),
        pct(s.metrics.microF1),
        int(s.itemsPerSecond),
      ]),
    ]),
    '',
    table([
      [
        'F1 (P/R) %',
        'support',
        ...systems.map((_, i) => (i === 0 ? 'touchpoint' : (systems[i]?.name.split('@')[0] ?? ''))),
      ],
      ...report.labels.map((label) => [
        label,
        int(report.metrics.perClass[label]?.support ?? 0),
        ...systems.map((s) => {
          const c = s.metrics.perClass[label];
          return c ? `${pct(c.f1)} (${pct(c.precision)}/${pct(c.recall)})` : '—';
        }),
      ]),
    ]),
  );
  const m = report.metrics;
  if (m.categoryF1 !== undefined)
    lines.push(
      '',
      `aspect categories (${int(report.sentences ?? 0)} sentences, ${int(report.categories ?? 0)} gold pairs): ` +
        `P ${pct(m.categoryPrecision ?? 0)}  R ${pct(m.categoryRecall ?? 0)}  F1 ${pct(m.categoryF1)}  ·  ` +
        `category polarity accuracy ${pct(m.categoryPolarityAccuracy ?? 0)} %`,
    );
  if (m.relevance)
    lines.push(
      '',
      `relevance: accuracy ${pct(m.relevance.accuracy)} %  macro-F1 ${pct(m.relevance.macroF1)}  micro-F1 ${pct(m.relevance.microF1)}`,
    );
  return lines.join('\n');
}
