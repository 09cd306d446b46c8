/**
 * The priority sweep: a case's priority follows time and its items. The customer's wait grows, and a
 * worse item may join (a legal threat after a complaint). Priorities only ever rise (`refreshed`):
 * a person's choice and an escalation stand. A new label is an event on the case; a higher score
 * alone moves the case up the inbox silently.
 */
import type { Store, SweepCursor } from '../ports.js';
import { groupBy } from '../group.js';
import type { Actor } from '../types.js';
import type { Clock } from './clock.js';
import { priorityInputOf, sourceOfItem } from './open.js';
import { explain, priorityOf, refreshed } from './priority.js';
import { yieldToEventLoop } from '../slices.js';

const SYSTEM: Actor = { type: 'system', id: null };
const PAGE = 200;
/**
 * A case is read until this long after its priority settled, so it gets its final value even when
 * sweeps were missed for a while (the sweep is hourly).
 */
export const SWEEP_GRACE_HOURS = 6;

export interface PrioritySweepResult {
  checked: number;
  raised: number;
  relabelled: number;
}

/**
 * Recomputes the priority of the active cases of every workspace whose priority can still change
 * with time (a last item joined less than 72 h + grace ago), as of the clock's now, at most `limit`.
 * Cases are read a keyset page at a time by an index (migration 0013), their items in two queries per
 * workspace on the page, and the event loop is free between pages; a run does not grow with the
 * history (issue #13: every active case, 344k, each page sorting them all). A raise is a conditional
 * write, so two runs at once record it once. `signal` stops the run between pages.
 */
export async function prioritySweep(
  deps: { store: Store; clock: Clock },
  options: { limit?: number; signal?: AbortSignal } = {},
): Promise<PrioritySweepResult> {
  const { store, clock } = deps;
  const limit = options.limit ?? Number.POSITIVE_INFINITY;
  const now = clock.now();
  const at = now.toISOString();
  const since = new Date(now.getTime() - SWEEP_GRACE_HOURS * 3_600_000).toISOString();
  const result: PrioritySweepResult = { checked: 0, raised: 0, relabelled: 0 };
  let after: SweepCursor | null = null;
  while (result.checked < limit && !options.signal?.aborted) {
    const { cases: page, next } = await store.cases.toReprioritize(
      since,
      after,
      Math.min(PAGE, limit - result.checked),
    );
    for (const [ws, cases] of groupBy(page, (c) => c.workspaceId)) {
      const links = await store.cases.itemsOf(
        ws,
        cases.map((c) => c.id),
      );
      const items = new Map(
        (await store.feedback.getMany(ws, [...new Set(links.map((l) => l.itemId))])).map((i) => [
          i.id,
          priorityOf(priorityInputOf(sourceOfItem(i)), now),
        ]),
      );
      const itemsOf = groupBy(links, (l) => l.caseId);
      for (const c of cases) {
        result.checked++;
        const priorities = (itemsOf.get(c.id) ?? []).flatMap((l) => {
          const p = items.get(l.itemId);
          return p ? [p] : [];
        });
        const next = refreshed(c.priority, priorities);
        if (!next) continue;
        const relabel = next.label !== c.priority.label;
        const raised = await store.transaction(async (tx) => {
          // Not a person's update: `updatedAt` stays.
          if (!(await tx.cases.raisePriority(ws, c.id, c.priority.score, next))) return false;
          if (relabel) {
            await tx.cases.addEvents(ws, [
              {
                caseId: c.id,
                kind: 'priority',
                actor: SYSTEM,
                body: { from: c.priority.label, to: next.label, reason: `recomputed: ${explain(next)}` },
                at,
              },
            ]);
          }
          return true;
        });
        if (!raised) continue;
        result.raised++;
        if (relabel) result.relabelled++;
      }
    }
    after = next;
    await yieldToEventLoop();
    if (!next) break;
  }
  return result;
}
