/**
 * What people do with a case: assign it, write notes with @mentions, change its status or priority,
 * close it with an outcome. Each command checks the case is in the caller's workspace (another
 * workspace's case is `not_found`, like one that does not exist) and records an event.
 */
import { z } from 'zod';
import type { Principal } from '../auth/permissions.js';
import { roleAtLeast } from '../auth/permissions.js';
import { AppError, parseInput } from '../errors.js';
import { recoveredMoment } from '../customers/moments.js';
import type { CasePatch, NewCaseEvent, Store } from '../ports.js';
import { CASE_OUTCOMES, PRIORITY_LABELS, type Case, type User } from '../types.js';
import type { Clock } from './clock.js';
import { labelOf, PRIORITY_FLOOR } from './priority.js';

export interface CaseDeps {
  store: Store;
  clock: Clock;
}

export async function caseOrNotFound(store: Store, workspaceId: string, id: string): Promise<Case> {
  const c = await store.cases.get(workspaceId, id);
  if (!c) throw new AppError('not_found', 'No such case in this workspace.');
  return c;
}

/** A member of the workspace who may work cases (agent or above), or `validation_failed`. */
async function agentOf(store: Store, workspaceId: string, userId: string, path: string): Promise<User> {
  const role = await store.users.role(workspaceId, userId);
  const user = role ? await store.users.get(userId) : undefined;
  if (!role || !user || !roleAtLeast(role, 'agent')) {
    throw new AppError('validation_failed', 'Cases go to members who are agents, admins or owners.', [
      { path, message: 'not an agent of this workspace' },
    ]);
  }
  return user;
}

/**
 * Who did the work on an unassigned case gets it: the person who replies to or closes it becomes its
 * assignee, so measures and the leaderboard credit them (issue #12: a case closed by its only agent
 * counted for nobody). An assigned case keeps its assignee; an API key credits no one.
 */
export function creditUnassigned(
  c: Case,
  principal: Principal,
  by: 'reply' | 'close',
  at: string,
): { patch: Pick<CasePatch, 'assigneeId'>; events: NewCaseEvent[] } {
  if (c.assigneeId !== null || principal.actor.type !== 'user') return { patch: {}, events: [] };
  const to = principal.actor.id;
  return {
    patch: { assigneeId: to },
    events: [{ caseId: c.id, kind: 'assigned', actor: principal.actor, body: { to, from: null, by }, at }],
  };
}

export const CasePatchSchema = z
  .object({
    /** A user id, null to unassign, or `next` for the next member of the case's team (round robin). */
    assigneeId: z.union([z.string().min(1).max(100), z.null(), z.literal('next')]).optional(),
    teamId: z.string().min(1).max(100).nullable().optional(),
    status: z.enum(['open', 'waiting']).optional(),
    priority: z
      .object({ label: z.enum(PRIORITY_LABELS), reason: z.string().trim().min(1).max(300) })
      .strict()
      .optional(),
  })
  .strict();

/** Changes a case's assignee, team, status (open / waiting; reopening a closed case) or priority. */
export async function updateCase(
  deps: CaseDeps,
  principal: Principal,
  id: string,
  input: unknown,
): Promise<Case> {
  const body = parseInput(CasePatchSchema, input);
  const { store, clock } = deps;
  const ws = principal.workspaceId;
  const c = await caseOrNotFound(store, ws, id);
  const at = clock.now().toISOString();
  const patch: CasePatch = { updatedAt: at };
  const events: Parameters<Store['cases']['addEvents']>[1][number][] = [];
  const actor = principal.actor;
  let teamId = c.teamId;
  if (body.teamId !== undefined && body.teamId !== c.teamId) {
    if (body.teamId !== null && !(await store.teams.get(ws, body.teamId))) {
      throw new AppError('validation_failed', 'No such team in this workspace.', [
        { path: 'teamId', message: 'unknown team' },
      ]);
    }
    teamId = body.teamId;
    patch.teamId = teamId;
    events.push({ caseId: id, kind: 'assigned', actor, body: { teamId, from: { teamId: c.teamId } }, at });
  }
  if (body.assigneeId !== undefined) {
    let to: string | null;
    let by = 'hand';
    if (body.assigneeId === 'next') {
      if (!teamId) {
        throw new AppError('validation_failed', 'Round robin needs the case to belong to a team.', [
          { path: 'assigneeId', message: 'the case has no team' },
        ]);
      }
      const [next] = await store.teams.roundRobin(ws, teamId, 1);
      if (!next) {
        throw new AppError('validation_failed', 'The team has no members to assign to.', [
          { path: 'assigneeId', message: 'the team has no members' },
        ]);
      }
      to = next;
      by = 'round_robin';
    } else {
      to = body.assigneeId;
      if (to !== null) await agentOf(store, ws, to, 'assigneeId');
    }
    if (to !== c.assigneeId) {
      patch.assigneeId = to;
      events.push({ caseId: id, kind: 'assigned', actor, body: { to, from: c.assigneeId, by }, at });
    }
  }
  if (body.status !== undefined && body.status !== c.status) {
    patch.status = body.status;
    if (c.status === 'closed') {
      patch.closedAt = null;
      patch.outcome = null;
    }
    events.push({ caseId: id, kind: 'status', actor, body: { from: c.status, to: body.status }, at });
  }
  if (body.priority) {
    const score = PRIORITY_FLOOR[body.priority.label] + (body.priority.label === 'urgent' ? 10 : 5);
    const priority = {
      score,
      label: labelOf(score),
      reasons: [
        `set by hand: ${body.priority.reason}`,
        ...c.priority.reasons.filter((r) => !r.startsWith('set by hand: ')),
      ],
    };
    patch.priority = priority;
    events.push({
      caseId: id,
      kind: 'priority',
      actor,
      body: { from: c.priority.label, to: priority.label, reason: body.priority.reason },
      at,
    });
  }
  if (events.length > 0) {
    await store.transaction(async (tx) => {
      await tx.cases.update(ws, id, patch);
      await tx.cases.addEvents(ws, events);
    });
  }
  return caseOrNotFound(store, ws, id);
}

export const NoteSchema = z.object({ text: z.string().trim().min(1).max(10_000) }).strict();

/**
 * The members named in a note: `@email` exactly, or `@name` matching a member's name without
 * spaces, first name, or the local part of their e-mail (case-insensitive).
 *
 * @example mentionsIn('@olga can you call them? cc @bo@example.com', members) // ids of Olga and Bo
 */
export function mentionsIn(text: string, members: readonly User[]): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(
    /(?<![\p{L}\p{N}_.])@([\p{L}\p{N}_.+-]+(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?)/gu,
  )) {
    const word = (m[1] ?? '').replace(/[.]+$/, '').toLowerCase();
    if (word === '') continue;
    const user = members.find((u) => {
      const email = u.email.toLowerCase();
      if (word.includes('@')) return email === word;
      const name = u.name.toLowerCase();
      return (
        name.replace(/\s+/g, '') === word ||
        name.replace(/\s+/g, '.') === word ||
        name.split(/\s+/)[0] === word ||
        email.split('@')[0] === word
      );
    });
    if (user) found.add(user.id);
  }
  return [...found];
}

/** Adds an internal note; @mentions of members are resolved and recorded with it. */
export async function addNote(deps: CaseDeps, principal: Principal, id: string, input: unknown) {
  const { text } = parseInput(NoteSchema, input);
  const ws = principal.workspaceId;
  await caseOrNotFound(deps.store, ws, id);
  const members = (await deps.store.users.members(ws)).map((m) => m.user);
  const mentions = mentionsIn(text, members);
  const at = deps.clock.now().toISOString();
  await deps.store.transaction(async (tx) => {
    await tx.cases.addEvents(ws, [
      { caseId: id, kind: 'note', actor: principal.actor, body: { text }, mentions, at },
    ]);
    await tx.cases.update(ws, id, { updatedAt: at });
  });
  return { mentions: members.filter((m) => mentions.includes(m.id)) };
}

export const CloseSchema = z
  .object({ outcome: z.enum(CASE_OUTCOMES), note: z.string().trim().min(1).max(10_000).optional() })
  .strict();

/** Closes a case with its outcome: resolved, recovered (the customer came back) or lost. */
export async function closeCase(
  deps: CaseDeps,
  principal: Principal,
  id: string,
  input: unknown,
): Promise<Case> {
  const { outcome, note } = parseInput(CloseSchema, input);
  const ws = principal.workspaceId;
  const c = await caseOrNotFound(deps.store, ws, id);
  const at = deps.clock.now().toISOString();
  const credit = creditUnassigned(c, principal, 'close', at);
  await deps.store.transaction(async (tx) => {
    await tx.cases.update(ws, id, {
      status: 'closed',
      outcome,
      closedAt: c.closedAt ?? at,
      updatedAt: at,
      ...credit.patch,
    });
    await tx.cases.addEvents(ws, [
      ...credit.events,
      {
        caseId: id,
        kind: 'outcome',
        actor: principal.actor,
        body: { outcome, ...(note ? { note } : {}) },
        at,
      },
    ]);
    // Issue #14: a recovered complaint is a moment of the customer (once, however often it is closed).
    if (outcome === 'recovered' && c.outcome !== 'recovered')
      await tx.customerProfiles.addMoments(ws, recoveredMoment(c, at), at);
  });
  return caseOrNotFound(deps.store, ws, id);
}
