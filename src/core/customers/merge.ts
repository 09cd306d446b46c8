/**
 * Merge and unmerge (issue #14): commands that run one transaction each, audited, and recount the
 * profiles of both customers (B's `recompute`). Nothing is merged without a person or the business's
 * own record (a CRM row) saying so; an undo restores both customers exactly from the merge's snapshot.
 */
import { AppError } from '../errors.js';
import type { Repos, Store } from '../ports.js';
import type { Actor } from '../types.js';
import type { CustomerMerge, MatchSuggestion, MergeReason } from './ports.js';

/** Follows `merged_into` to the customer that holds a merged one now (at most a few hops). */
export async function survivorOf(repos: Repos, workspaceId: string, id: string): Promise<string | undefined> {
  let current = await repos.customers.get(workspaceId, id);
  for (let hops = 0; current?.mergedInto && hops < 10; hops++) {
    current = await repos.customers.get(workspaceId, current.mergedInto);
  }
  return current?.id;
}

/**
 * Profiles after merges: survivors are recounted from their items, and the merged customers (no item
 * left) leave the stats and the stage counts (B's `forget`; their moments moved with the merge).
 */
export async function recountAfterMerge(
  tx: Repos,
  workspaceId: string,
  survivors: readonly string[],
  merged: readonly string[],
  now: string,
): Promise<void> {
  if (survivors.length > 0) await tx.customerProfiles.recompute(workspaceId, survivors, now);
  if (merged.length > 0) await tx.customerProfiles.forget(workspaceId, merged);
}

async function mergeIn(
  tx: Repos,
  input: {
    workspaceId: string;
    survivorId: string;
    mergedId: string;
    reason: MergeReason;
    actor: Actor;
    now: string;
  },
): Promise<CustomerMerge> {
  const { workspaceId, survivorId, mergedId } = input;
  if (survivorId === mergedId)
    throw new AppError('validation_failed', 'A customer cannot be merged with itself.');
  const [a, b] = await Promise.all([
    tx.customers.get(workspaceId, survivorId),
    tx.customers.get(workspaceId, mergedId),
  ]);
  if (!a || !b) throw new AppError('not_found', 'No such customer in this workspace.');
  for (const c of [a, b]) {
    if (c.mergedInto)
      throw new AppError('conflict', `Customer ${c.id} was merged into ${c.mergedInto}; merge that one.`);
    if (c.erasedAt) throw new AppError('conflict', `Customer ${c.id} was erased.`);
  }
  // The log of an import folded first: B's moments from it must exist before they move to A.
  await tx.customerProfiles.settle(workspaceId, input.now);
  const merge = await tx.customers.merge(input);
  await recountAfterMerge(tx, workspaceId, [survivorId], [mergedId], input.now);
  await tx.audit.record({
    workspaceId,
    actor: input.actor,
    action: 'customer.merge',
    targetType: 'customer',
    targetId: survivorId,
    data: { mergeId: merge.id, mergedId, reason: input.reason },
  });
  return merge;
}

/** Merges `mergedId` into `survivorId`. */
export function mergeCustomers(
  store: Store,
  input: {
    workspaceId: string;
    survivorId: string;
    mergedId: string;
    reason: MergeReason;
    actor: Actor;
    now: string;
  },
): Promise<CustomerMerge> {
  return store.transaction((tx) => mergeIn(tx, input));
}

/** Undoes a merge: both customers as they were, and items since by the merged one's identities go back. */
export async function undoMerge(
  store: Store,
  input: { workspaceId: string; mergeId: string; actor: Actor; now: string },
): Promise<CustomerMerge> {
  return store.transaction(async (tx) => {
    await tx.customerProfiles.settle(input.workspaceId, input.now); // before any moment moves back
    const r = await tx.customers.undoMerge(input.workspaceId, input.mergeId, input.actor, input.now);
    if (r === undefined) throw new AppError('not_found', 'No such merge in this workspace.');
    if (r === 'already_undone') throw new AppError('conflict', 'This merge was undone already.');
    if (r === 'erased')
      throw new AppError('conflict', 'This person was erased: their merge cannot be undone.');
    if (r === 'superseded') {
      throw new AppError('conflict', 'A later merge involves these customers: undo that one first.');
    }
    await tx.customerProfiles.recompute(input.workspaceId, [r.survivorId, r.mergedId], input.now);
    await tx.audit.record({
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: 'customer.unmerge',
      targetType: 'customer',
      targetId: r.survivorId,
      data: { mergeId: r.id, mergedId: r.mergedId },
    });
    return r;
  });
}

/**
 * An agent's decision on a match suggestion: `merge` merges the pair (the older customer survives) and
 * closes it as merged; `reject` records "not the same person" (the pair is never suggested again).
 */
export async function decideSuggestion(
  store: Store,
  input: {
    workspaceId: string;
    suggestionId: string;
    decision: 'merge' | 'reject';
    actor: Actor;
    now: string;
  },
): Promise<{ suggestion: MatchSuggestion; merge: CustomerMerge | null }> {
  return store.transaction(async (tx) => {
    const s = await tx.customers.getSuggestion(input.workspaceId, input.suggestionId);
    if (!s) throw new AppError('not_found', 'No such suggestion in this workspace.');
    if (s.status !== 'open') throw new AppError('conflict', `This suggestion is ${s.status} already.`);
    let merge: CustomerMerge | null = null;
    if (input.decision === 'merge') {
      // ids are time-ordered: customer_a is the older one, and it survives.
      merge = await mergeIn(tx, {
        workspaceId: input.workspaceId,
        survivorId: s.customerA,
        mergedId: s.customerB,
        reason: 'suggestion',
        actor: input.actor,
        now: input.now,
      });
    }
    const decided = await tx.customers.decideSuggestion(
      input.workspaceId,
      s.id,
      input.decision === 'merge' ? 'merged' : 'rejected',
      input.actor.id,
      input.now,
    );
    await tx.audit.record({
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: `customer.suggestion.${input.decision}`,
      targetType: 'customer_match_suggestion',
      targetId: s.id,
      data: { customerA: s.customerA, customerB: s.customerB, reason: s.reason },
    });
    return { suggestion: decided ?? s, merge };
  });
}
