/**
 * Corrections of an item's analysis by the people who read it (issue #3): the corrected label is
 * what the item shows, filters and counts by, and what the workspace model learns from, with more
 * weight than a star rating; the machine's label stays in the analysis.
 */
import type { SentimentLabel } from '../../analysis/types.js';
import { AppError } from '../errors.js';
import type { Correction, CorrectionField, Store } from '../ports.js';
import type { Actor } from '../types.js';

/** The item's current corrections by field; what the item's wire format carries. */
export interface ItemCorrections {
  sentiment: Correction | null;
}

const notFound = () => new AppError('feedback_not_found', 'No such feedback item in this workspace.');

/**
 * Sets the item's sentiment as a person read it, replacing their or anyone's earlier correction;
 * audited with the label it replaced. Throws `feedback_not_found` for items of other workspaces.
 */
export async function correctSentiment(
  store: Store,
  scope: { workspaceId: string; actor: Actor },
  itemId: string,
  label: SentimentLabel,
): Promise<Correction> {
  const { workspaceId, actor } = scope;
  return store.transaction(async (tx) => {
    // The corrections repository keeps the rollups (issue #13) in step with the label.
    const written = await tx.corrections.set(
      workspaceId,
      itemId,
      { field: 'sentiment', value: label, createdBy: actor.type === 'user' ? actor.id : null },
      new Date().toISOString(),
    );
    if (!written) throw notFound();
    const { correction, previous } = written;
    await tx.audit.record({
      workspaceId,
      actor,
      action: 'feedback.correct',
      targetType: 'feedback_item',
      targetId: itemId,
      data: {
        field: 'sentiment',
        value: label,
        version: correction.version,
        previous: previous ? { value: previous.value, by: previous.createdBy?.id ?? null } : null,
      },
    });
    return correction;
  });
}

/**
 * Withdraws the item's correction of `field`, so the machine's label shows again; audited. Nothing
 * to withdraw is not an error; an item of another workspace throws `feedback_not_found`.
 */
export async function withdrawCorrection(
  store: Store,
  scope: { workspaceId: string; actor: Actor },
  itemId: string,
  field: CorrectionField,
): Promise<void> {
  const { workspaceId, actor } = scope;
  await store.transaction(async (tx) => {
    const removed = await tx.corrections.remove(workspaceId, itemId, field);
    if (!removed) {
      // Nothing to withdraw is fine, but another workspace's item still answers like a missing one.
      if (!(await tx.feedback.get(workspaceId, itemId))) throw notFound();
      return;
    }
    await tx.audit.record({
      workspaceId,
      actor,
      action: 'feedback.correction_withdraw',
      targetType: 'feedback_item',
      targetId: itemId,
      data: { field, value: removed.value, version: removed.version, by: removed.createdBy?.id ?? null },
    });
  });
}

/** Each item with its current corrections, for presenting a page of items or one item. */
export async function withCorrections<T extends { id: string }>(
  store: Store,
  workspaceId: string,
  items: readonly T[],
): Promise<(T & { corrections: ItemCorrections })[]> {
  const all = await store.corrections.forItems(
    workspaceId,
    items.map((i) => i.id),
  );
  return items.map((item) => ({
    ...item,
    corrections: { sentiment: all.find((c) => c.itemId === item.id && c.field === 'sentiment') ?? null },
  }));
}
