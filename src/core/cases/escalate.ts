/**
 * The SLA sweep: cases whose first response is overdue are marked breached and escalated — priority
 * one step up, reassigned to the team lead (or a workspace admin), and a notification recorded.
 * Replies stuck in `sending` (a worker died mid-send) are marked failed, never re-sent blindly.
 */
import type { NewCaseEvent, Store } from '../ports.js';
import type { Actor, Case } from '../types.js';
import type { Clock } from './clock.js';
import { atLeast, oneUp } from './priority.js';
import { yieldToEventLoop } from '../slices.js';

const SYSTEM: Actor = { type: 'system', id: null };
/** A reply `sending` for longer than this was interrupted. */
export const STUCK_SENDING_MINUTES = 15;

/** Who takes an escalated case: the team's lead, else the workspace's first admin, else its first owner. */
async function escalationTarget(store: Store, c: Case): Promise<string | null> {
  if (c.teamId) {
    const team = await store.teams.get(c.workspaceId, c.teamId);
    if (team?.leadUserId) return team.leadUserId;
  }
  const members = await store.users.members(c.workspaceId);
  return (
    members.find((m) => m.role === 'admin')?.user.id ??
    members.find((m) => m.role === 'owner')?.user.id ??
    null
  );
}

export interface SweepResult {
  breached: number;
  escalated: number;
  interruptedReplies: number;
}

/** Cases handled between two yields of the event loop. */
const YIELD_EVERY = 50;

/**
 * Marks and escalates up to `limit` overdue cases of any workspace, as of the clock's now. Reads
 * only unanswered, unmarked active cases by due time (a partial index, migration 0013), yields the
 * event loop every 50 cases, and marks a case with a conditional write, so two runs at once breach
 * and escalate it once. `signal` stops the run between cases.
 */
export async function slaSweep(
  deps: { store: Store; clock: Clock },
  options: { limit?: number; signal?: AbortSignal } = {},
): Promise<SweepResult> {
  const { store, clock } = deps;
  const limit = options.limit ?? 500;
  const now = clock.now();
  const at = now.toISOString();
  const result: SweepResult = { breached: 0, escalated: 0, interruptedReplies: 0 };
  // One lookup per team (or workspace) per run, not one per case.
  const targets = new Map<string, Promise<string | null>>();
  const targetOf = (c: Case) => {
    const key = `${c.workspaceId}\u0000${c.teamId ?? ''}`;
    let t = targets.get(key);
    if (!t) targets.set(key, (t = escalationTarget(store, c)));
    return t;
  };
  let handled = 0;
  for (const c of await store.cases.overdue(at, limit)) {
    if (options.signal?.aborted) break;
    if (++handled % YIELD_EVERY === 0) await yieldToEventLoop();
    const events: NewCaseEvent[] = [
      {
        caseId: c.id,
        kind: 'breach',
        actor: SYSTEM,
        body: { dueAt: c.dueAt, priority: c.priority.label },
        at,
      },
    ];
    const target = await targetOf(c);
    const priority = atLeast(c.priority, oneUp(c.priority.label), 'SLA breached');
    const escalate = c.escalatedAt === null;
    if (escalate) {
      events.push({
        caseId: c.id,
        kind: 'escalated',
        actor: SYSTEM,
        body: {
          from: { priority: c.priority.label, assigneeId: c.assigneeId },
          to: { priority: priority.label, assigneeId: target ?? c.assigneeId },
        },
        at,
      });
      if (target && target !== c.assigneeId) {
        events.push({
          caseId: c.id,
          kind: 'assigned',
          actor: SYSTEM,
          body: { to: target, from: c.assigneeId, by: 'escalation' },
          at,
        });
      }
      events.push({
        caseId: c.id,
        kind: 'notify',
        actor: SYSTEM,
        body: { to: target ? [target] : [], reason: 'SLA breached' },
        at,
      });
    }
    const marked = await store.transaction(async (tx) => {
      if (!(await tx.cases.claimBreach(c.workspaceId, c.id, at))) return false;
      await tx.cases.update(c.workspaceId, c.id, {
        updatedAt: at,
        ...(escalate
          ? {
              escalatedAt: at,
              priority,
              ...(target && target !== c.assigneeId ? { assigneeId: target } : {}),
            }
          : {}),
      });
      await tx.cases.addEvents(c.workspaceId, events);
      return true;
    });
    if (!marked) continue;
    result.breached++;
    if (escalate) result.escalated++;
  }
  const before = new Date(now.getTime() - STUCK_SENDING_MINUTES * 60_000).toISOString();
  for (const { workspaceId, reply } of await store.replies.stuck(before, limit)) {
    const error = 'interrupted while sending: check the channel before sending it again';
    await store.transaction(async (tx) => {
      await tx.replies.update(workspaceId, reply.id, { status: 'failed', lastError: error, updatedAt: at });
      await tx.cases.addEvents(workspaceId, [
        {
          caseId: reply.caseId,
          kind: 'reply_failed',
          actor: SYSTEM,
          body: { replyId: reply.id, channel: reply.channel, attempts: reply.attempts, error },
          at,
        },
      ]);
    });
    result.interruptedReplies++;
  }
  return result;
}
