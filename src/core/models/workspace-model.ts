import { loadClassifier, type Example } from '../../analysis/learn/index.js';
import type { SentimentModel } from '../../analysis/types.js';
import type { ModelFigures, Store, StoredModel } from '../ports.js';
import type { Actor } from '../types.js';
import { trainOffThread } from './train-thread.js';

/** Fewest rated items, and fewest per label, before a workspace gets a model of its own. */
export const MIN_LABELLED = 200;
export const MIN_PER_LABEL = 20;
/** Most recent rated items a model learns from: enough for the hashed model, bounded in memory. */
export const MAX_LABELLED = 50_000;

/**
 * The sentiment label a customer gave themselves: stars 1–2 negative, 3 neutral, 4–5 positive;
 * NPS 0–6 detractor (negative), 7–8 passive (neutral), 9–10 promoter (positive); CSAT 1–5 like
 * stars; CES 1–7 (7 = easiest) 1–3 negative, 4 neutral, 5–7 positive.
 */
export function labelOf(
  rating: number | null,
  score: { kind: string; value: number } | null,
): string | undefined {
  if (rating !== null) return rating < 2.5 ? 'negative' : rating < 3.5 ? 'neutral' : 'positive';
  if (!score) return undefined;
  const { kind, value } = score;
  if (kind === 'nps') return value <= 6 ? 'negative' : value <= 8 ? 'neutral' : 'positive';
  if (kind === 'csat') return value <= 2 ? 'negative' : value === 3 ? 'neutral' : 'positive';
  if (kind === 'ces') return value <= 3 ? 'negative' : value === 4 ? 'neutral' : 'positive';
  return undefined;
}

/**
 * How much an agent's correction counts against a label read from a rating. A person chose it after
 * reading the text, while stars often disagree with the words (a 3-star "great food, slow service").
 * 3 is a judgement, not yet a measurement: no labelled set of corrections exists to tune it on.
 */
export const CORRECTION_WEIGHT = 3;

/**
 * The examples a workspace model learns from: each correction with weight `CORRECTION_WEIGHT`, and
 * each rated item's label from its rating or score unless a correction was made on that same version
 * (the person read the words; the stars may say something else). A correction of an older version
 * labels that version's text, so the current, edited text still learns from its rating.
 */
export function trainingExamples(
  rated: readonly {
    id: string;
    version: number;
    text: string;
    rating: number | null;
    score: { kind: string; value: number } | null;
  }[],
  corrections: readonly { itemId: string; version: number; text: string; label: string }[],
): Example[] {
  const examples: Example[] = corrections.map((c) => ({
    text: c.text,
    label: c.label,
    weight: CORRECTION_WEIGHT,
  }));
  const corrected = new Set(corrections.map((c) => `${c.itemId}@${c.version}`));
  for (const r of rated) {
    if (corrected.has(`${r.id}@${r.version}`)) continue;
    const label = labelOf(r.rating, r.score);
    if (label) examples.push({ text: r.text, label });
  }
  return examples;
}

/** Whether a workspace has enough labelled items for a model of its own, and what is missing. */
export interface TrainingReadiness {
  ready: boolean;
  /** Labelled examples (rated items and corrections); "at least" once it reaches `READINESS_SAMPLE`. */
  ratedItems: number;
  perLabel: Record<string, number>;
  /** What is missing, in a sentence for the person about to press "Train now"; null when ready. */
  missing: string | null;
}

/** Most rated items the readiness check reads: far above the threshold, so it stays cheap. */
export const READINESS_SAMPLE = 2_000;

/** Whether these examples are enough to train on, by the same rule `trainWorkspaceModel` applies. */
export function readinessOf(examples: readonly { label: string }[]): TrainingReadiness {
  const perLabel: Record<string, number> = {};
  for (const e of examples) perLabel[e.label] = (perLabel[e.label] ?? 0) + 1;
  const usable = Object.values(perLabel).filter((n) => n >= MIN_PER_LABEL).length;
  const n = examples.length;
  const missing =
    n < MIN_LABELLED
      ? `${n} of ${MIN_LABELLED} rated items; import more rated reviews`
      : usable < 2
        ? `${usable === 0 ? 'No' : 'Only one'} label has ${MIN_PER_LABEL} or more rated items (${Object.entries(
            perLabel,
          )
            .map(([l, c]) => `${l} ${c}`)
            .join(', ')}); two are needed: import rated reviews with other verdicts`
        : null;
  return { ready: missing === null, ratedItems: n, perLabel, missing };
}

/**
 * How far the workspace is from a model of its own, counted like training counts (issue #12: "Train
 * now" queued a job that did nothing, and the page waited a minute before saying why). Reads at most
 * `READINESS_SAMPLE` of each kind: more can only add to counts that already pass.
 */
export async function trainingReadiness(store: Store, workspaceId: string): Promise<TrainingReadiness> {
  const [rows, corrections] = await Promise.all([
    store.feedback.labelled(workspaceId, READINESS_SAMPLE),
    store.corrections.sentimentLabels(workspaceId, READINESS_SAMPLE),
  ]);
  return readinessOf(trainingExamples(rows, corrections));
}

export type TrainOutcome =
  { trained: true; model: StoredModel } | { trained: false; reason: string; examples: number };

/**
 * Trains the workspace's own sentiment model from its rated items (ratings and survey scores are
 * free labels) and its agents' corrections (explicit labels, weighted `CORRECTION_WEIGHT`; on the
 * version it was made on, a correction replaces the rating's label, and a corrected item without a
 * rating is an example too), measures it by 5-fold cross-validation, and stores it as the next
 * version. Items without a rating (social posts, tickets) are then analysed with it.
 */
export async function trainWorkspaceModel(
  store: Store,
  workspaceId: string,
  actor: Actor,
): Promise<TrainOutcome> {
  const [rows, corrections] = await Promise.all([
    store.feedback.labelled(workspaceId, MAX_LABELLED),
    store.corrections.sentimentLabels(workspaceId, MAX_LABELLED),
  ]);
  const examples = trainingExamples(rows, corrections);
  const perLabel = new Map<string, number>();
  for (const e of examples) perLabel.set(e.label, (perLabel.get(e.label) ?? 0) + 1);
  if (!readinessOf(examples).ready) {
    return {
      trained: false,
      examples: examples.length,
      reason: `needs at least ${MIN_LABELLED} rated items (corrected ones count too) with ${MIN_PER_LABEL}+ in two labels; has ${examples.length} (${[...perLabel].map(([l, n]) => `${l} ${n}`).join(', ') || 'none'})`,
    };
  }
  const options = {
    classWeight: 'balanced' as const,
    name: 'workspace-sentiment',
    trainedOn: `workspace ${workspaceId}`,
  };
  // CPU-heavy: in a worker thread, so requests keep being answered (issue #13: 114 s blocked).
  const { cv, data } = await trainOffThread(examples, options);
  const metrics: ModelFigures = {
    corrections: corrections.length,
    accuracy: cv.accuracy,
    macroF1: cv.macroF1,
    folds: cv.folds,
    perClass: cv.perClass,
  };
  const model = await store.models.insert(workspaceId, {
    task: 'sentiment',
    examples: examples.length,
    metrics,
    data,
  });
  await store.audit.record({
    workspaceId,
    actor,
    action: 'model.train',
    targetType: 'model',
    targetId: model.id,
    data: {
      version: model.version,
      examples: examples.length,
      corrections: corrections.length,
      accuracy: cv.accuracy,
      macroF1: cv.macroF1,
    },
  });
  return { trained: true, model };
}

/** The workspace's newest sentiment model, ready for the analyser; undefined when it has none. */
export async function loadWorkspaceModel(
  store: Store,
  workspaceId: string,
): Promise<SentimentModel | undefined> {
  const stored = await store.models.latest(workspaceId, 'sentiment');
  if (!stored) return undefined;
  const classifier = loadClassifier(stored.data);
  return { name: `workspace-sentiment@${stored.version}`, predict: (text) => classifier.predict(text) };
}
