import { crossValidate, loadClassifier, trainClassifier, type Example } from '../../analysis/learn/index.js';
import type { SentimentModel } from '../../analysis/types.js';
import type { ModelFigures, Store, StoredModel } from '../ports.js';
import type { Actor } from '../types.js';

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

export type TrainOutcome =
  { trained: true; model: StoredModel } | { trained: false; reason: string; examples: number };

/**
 * Trains the workspace's own sentiment model from its rated items (ratings and survey scores are
 * free labels), measures it by 5-fold cross-validation, and stores it as the next version. Items
 * without a rating (social posts, tickets) are then analysed with it.
 */
export async function trainWorkspaceModel(
  store: Store,
  workspaceId: string,
  actor: Actor,
): Promise<TrainOutcome> {
  const rows = await store.feedback.labelled(workspaceId, MAX_LABELLED);
  const examples: Example[] = [];
  for (const r of rows) {
    const label = labelOf(r.rating, r.score);
    if (label) examples.push({ text: r.text, label });
  }
  const perLabel = new Map<string, number>();
  for (const e of examples) perLabel.set(e.label, (perLabel.get(e.label) ?? 0) + 1);
  const usable = [...perLabel.values()].filter((n) => n >= MIN_PER_LABEL).length;
  if (examples.length < MIN_LABELLED || usable < 2) {
    return {
      trained: false,
      examples: examples.length,
      reason: `needs at least ${MIN_LABELLED} rated items with ${MIN_PER_LABEL}+ in two labels; has ${examples.length} (${[...perLabel].map(([l, n]) => `${l} ${n}`).join(', ') || 'none'})`,
    };
  }
  const options = {
    classWeight: 'balanced' as const,
    name: 'workspace-sentiment',
    trainedOn: `workspace ${workspaceId}`,
  };
  const cv = crossValidate(examples, { ...options, folds: 5, seed: 1 });
  const classifier = trainClassifier(examples, options);
  const metrics: ModelFigures = {
    accuracy: cv.accuracy,
    macroF1: cv.macroF1,
    folds: cv.folds,
    perClass: cv.perClass,
  };
  const model = await store.models.insert(workspaceId, {
    task: 'sentiment',
    examples: examples.length,
    metrics,
    data: classifier.toJSON(),
  });
  await store.audit.record({
    workspaceId,
    actor,
    action: 'model.train',
    targetType: 'model',
    targetId: model.id,
    data: { version: model.version, examples: examples.length, accuracy: cv.accuracy, macroF1: cv.macroF1 },
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
