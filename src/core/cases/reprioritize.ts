/**
 * The priority sweep: a case's priority follows time and its items. The customer's wait grows, and a
 * worse item may join (a legal threat after a complaint). Priorities only ever rise (`refreshed`):
 * a person's choice and an escalation stand. A new label is an event on the case; a higher score
 * alone moves the case up the inbox silently.
 */
import type { Store } from '../ports.js';
import { groupBy } from '../group.js';
import type { Actor } from '../types.js';
import type { Clock } from './clock.js';
import { priorityInputOf, sourceOfItem } from './open.js';
import { explain, priorityOf, refreshed } from './priority.js';

const SYSTEM: Actor = { type: 'system', id: null };
const PAGE = 200;

export interface PrioritySweepResult {
  checked: number;
  raised: number;
  relabelled: number;
}

/**
 * Recomputes the priority of every active case of every workspace, as of the clock's now (at most
 * `limit`). Cases are read a page at a time, with their items in two queries per workspace on the page.
 */
export async function prioritySweep(
  deps: { store: Store; clock: Clock },
  limit = Number.POSITIVE_INFINITY,
): Promise<PrioritySweepResult> {
  const { store, clock } = deps;
  const now = clock.now();
  const at = now.toISOString();
  const result: PrioritySweepResult = { checked: 0, raised: 0, relabelled: 0 };
  let after: string | null = null;
  while (result.checked < limit) {
    const page = await store.cases.active(after, Math.min(PAGE, limit - result.checked));
    if (page.length === 0) break;
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
        result.raised++;
        const relabel = next.label !== c.priority.label;
        if (relabel) result.relabelled++;
        await store.transaction(async (tx) => {
          // Not a person's update: `updatedAt` stays.
          await tx.cases.update(ws, c.id, { priority: next, updatedAt: c.updatedAt });
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
        });
      }
    }
    after = page[page.length - 1]?.id ?? null;
  }
  return result;
}
