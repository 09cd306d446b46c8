/**
 * The SLA sweep: cases whose first response is overdue are marked breached and escalated — priority
 * one step up, reassigned to the team lead (or a workspace admin), and a notification recorded.
 * Replies stuck in `sending` (a worker died mid-send) are marked failed, never re-sent blindly.
 */
import type { NewCaseEvent, Store } from '../ports.js';
import type { Actor, Case } from '../types.js';
import type { Clock } from './clock.js';
import { atLeast, oneUp } from './priority.js';

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

/** Marks and escalates up to `limit` overdue cases of any workspace, as of the clock's now. */
export async function slaSweep(deps: { store: Store; clock: Clock }, limit = 500): Promise<SweepResult> {
  const { store, clock } = deps;
  const now = clock.now();
  const at = now.toISOString();
  const result: SweepResult = { breached: 0, escalated: 0, interruptedReplies: 0 };
  for (const c of await store.cases.overdue(at, limit)) {
    const events: NewCaseEvent[] = [
      {
        caseId: c.id,
        kind: 'breach',
        actor: SYSTEM,
        body: { dueAt: c.dueAt, priority: c.priority.label },
        at,
      },
    ];
    const target = await escalationTarget(store, c);
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
    await store.transaction(async (tx) => {
      await tx.cases.update(c.workspaceId, c.id, {
        breachedAt: at,
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
    });
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
