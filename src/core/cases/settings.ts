/**
 * What admins set up for cases: teams (members, lead, the touchpoints they own), the playbook and
 * the SLA policies. Audited like other workspace settings.
 */
import { z } from 'zod';
import type { Principal } from '../auth/permissions.js';
import { roleAtLeast } from '../auth/permissions.js';
import { AppError, parseInput } from '../errors.js';
import type { NewCaseEvent, Repos, Store } from '../ports.js';
import type { Actor, Team } from '../types.js';
import type { Clock } from './clock.js';
import { DEFAULT_PLAYBOOK, PlaybookRuleInputSchema, type PlaybookRule } from './playbook.js';
import { effectivePolicies, SlaPolicySchema, type SlaPolicy } from './sla.js';

const slugKey = (name: string) =>
  name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40) || 'team';

const TeamFields = {
  name: z.string().trim().min(1).max(120),
  leadUserId: z.string().min(1).max(100).nullable(),
  contact: z.string().trim().min(1).max(200).nullable(),
  members: z.array(z.string().min(1).max(100)).max(500),
  touchpoints: z.array(z.string().min(1).max(60)).max(200),
};
export const TeamCreateSchema = z
  .object({
    ...TeamFields,
    key: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'lowercase letters, digits and "-"')
      .optional(),
    leadUserId: TeamFields.leadUserId.optional(),
    contact: TeamFields.contact.optional(),
    members: TeamFields.members.optional(),
    touchpoints: TeamFields.touchpoints.optional(),
  })
  .strict();
export const TeamPatchSchema = z
  .object({
    name: TeamFields.name.optional(),
    leadUserId: TeamFields.leadUserId.optional(),
    contact: TeamFields.contact.optional(),
    members: TeamFields.members.optional(),
    touchpoints: TeamFields.touchpoints.optional(),
  })
  .strict();

async function checkTeamInput(
  store: Store,
  workspaceId: string,
  t: {
    leadUserId?: string | null | undefined;
    members?: string[] | undefined;
    touchpoints?: string[] | undefined;
  },
) {
  const members = await store.users.members(workspaceId);
  const agents = new Set(members.filter((m) => roleAtLeast(m.role, 'agent')).map((m) => m.user.id));
  const bad = (path: string, message: string) =>
    new AppError('validation_failed', `${path}: ${message}`, [{ path, message }]);
  for (const [i, id] of (t.members ?? []).entries()) {
    if (!agents.has(id)) throw bad(`members.${i}`, 'not an agent, admin or owner of this workspace');
  }
  if (t.leadUserId && !agents.has(t.leadUserId))
    throw bad('leadUserId', 'not an agent, admin or owner of this workspace');
  if (t.touchpoints && t.touchpoints.length > 0) {
    const known = new Set(
      (await store.taxonomy.stages(workspaceId)).flatMap((s) => s.touchpoints.map((x) => x.key)),
    );
    for (const [i, key] of t.touchpoints.entries()) {
      if (!known.has(key))
        throw bad(`touchpoints.${i}`, `no touchpoint "${key}" in this workspace's journey`);
    }
  }
}

export async function createTeam(
  deps: { store: Store; clock: Clock },
  principal: Principal,
  input: unknown,
): Promise<Team> {
  const body = parseInput(TeamCreateSchema, input);
  const { store } = deps;
  const ws = principal.workspaceId;
  await checkTeamInput(store, ws, body);
  const key = body.key ?? slugKey(body.name);
  if ((await store.teams.list(ws)).some((t) => t.key === key)) {
    throw new AppError('conflict', `A team with the key "${key}" already exists.`);
  }
  const now = deps.clock.now().toISOString();
  const team = await store.transaction(async (tx) => {
    const t = await tx.teams.create(
      ws,
      { name: body.name, key, leadUserId: body.leadUserId ?? null, contact: body.contact ?? null },
      now,
    );
    if (body.members === undefined && body.touchpoints === undefined) return t;
    const updated =
      (await tx.teams.update(
        ws,
        t.id,
        {
          ...(body.members !== undefined ? { members: body.members } : {}),
          ...(body.touchpoints !== undefined ? { touchpoints: body.touchpoints } : {}),
        },
        now,
      )) ?? t;
    await routeUnowned(tx, ws, updated, principal.actor, now);
    return updated;
  });
  await store.audit.record({
    workspaceId: ws,
    actor: principal.actor,
    action: 'team.create',
    targetType: 'team',
    targetId: team.id,
  });
  return team;
}

export async function updateTeam(
  deps: { store: Store; clock: Clock },
  principal: Principal,
  id: string,
  input: unknown,
): Promise<Team> {
  const body = parseInput(TeamPatchSchema, input);
  const { store } = deps;
  const ws = principal.workspaceId;
  if (!(await store.teams.get(ws, id))) throw new AppError('not_found', 'No such team in this workspace.');
  await checkTeamInput(store, ws, body);
  const now = deps.clock.now().toISOString();
  const patch = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined));
  const team = await store.transaction(async (tx) => {
    const t = await tx.teams.update(ws, id, patch, now);
    if (t && body.touchpoints !== undefined) await routeUnowned(tx, ws, t, principal.actor, now);
    return t;
  });
  if (!team) throw new AppError('not_found', 'No such team in this workspace.');
  await store.audit.record({
    workspaceId: ws,
    actor: principal.actor,
    action: 'team.update',
    targetType: 'team',
    targetId: id,
    data: { fields: Object.keys(patch) },
  });
  return team;
}

/**
 * Gives the team the open and waiting cases of its touchpoints that have no team, and hands the
 * unassigned ones to its members round robin, as if the team had owned them when they opened
 * (issue #12: a team made after the first import got none of the cases already in the inbox).
 * A case some team already has stays where it is.
 */
async function routeUnowned(tx: Repos, ws: string, team: Team, actor: Actor, at: string): Promise<void> {
  if (team.touchpoints.length === 0) return;
  const owned = new Set(team.touchpoints);
  await tx.cases.lockThreads(ws);
  const found: { id: string; assigneeId: string | null }[] = [];
  const PAGE = 500;
  let after: [number, string, string] | undefined;
  for (;;) {
    const page = await tx.cases.list(ws, { status: ['open', 'waiting'] }, { limit: PAGE, after });
    for (const c of page) {
      if (c.teamId === null && c.touchpointKey !== null && owned.has(c.touchpointKey)) found.push(c);
    }
    const last = page.at(-1);
    if (page.length < PAGE || !last) break;
    after = [last.priority.score, last.openedAt, last.id];
  }
  if (found.length === 0) return;
  const unassigned = found.filter((c) => c.assigneeId === null);
  const turns = await tx.teams.roundRobin(ws, team.id, unassigned.length);
  const to = new Map(unassigned.map((c, i) => [c.id, turns[i]]));
  const events: NewCaseEvent[] = [];
  for (const c of found) {
    const assignee = to.get(c.id);
    await tx.cases.update(ws, c.id, {
      teamId: team.id,
      ...(assignee ? { assigneeId: assignee } : {}),
      updatedAt: at,
    });
    events.push({
      caseId: c.id,
      kind: 'assigned',
      actor,
      body: { teamId: team.id, from: { teamId: null } },
      at,
    });
    if (assignee) {
      events.push({
        caseId: c.id,
        kind: 'assigned',
        actor,
        body: { to: assignee, from: null, by: 'round_robin', teamId: team.id },
        at,
      });
    }
  }
  await tx.cases.addEvents(ws, events);
}

/** The workspace's playbook, or the default one when it has none of its own. */
export async function playbookOf(
  store: Store,
  workspaceId: string,
): Promise<{ isDefault: boolean; rules: PlaybookRule[] }> {
  const own = await store.playbook.get(workspaceId);
  return own ? { isDefault: false, rules: own } : { isDefault: true, rules: [...DEFAULT_PLAYBOOK] };
}

export const PlaybookBodySchema = z.object({ rules: z.array(PlaybookRuleInputSchema).max(100) }).strict();

/**
 * Every id a playbook names must belong to the workspace: a rule could otherwise notify another
 * tenant's user (issue #11). Refused with a 400 that names the field.
 */
async function checkPlaybookIds(
  store: Store,
  workspaceId: string,
  rules: z.infer<typeof PlaybookBodySchema>['rules'],
): Promise<void> {
  if (!rules.some((r) => (r.actions.notify ?? []).length > 0)) return;
  const members = new Set((await store.users.members(workspaceId)).map((m) => m.user.id));
  for (const [i, rule] of rules.entries()) {
    for (const [j, id] of (rule.actions.notify ?? []).entries()) {
      if (members.has(id)) continue;
      const path = `rules.${i}.actions.notify.${j}`;
      const message = 'not a member of this workspace';
      throw new AppError('validation_failed', `${path}: ${message}`, [{ path, message }]);
    }
  }
}

export async function replacePlaybook(
  deps: { store: Store; clock: Clock },
  principal: Principal,
  input: unknown,
) {
  const { rules } = parseInput(PlaybookBodySchema, input);
  const ws = principal.workspaceId;
  await checkPlaybookIds(deps.store, ws, rules);
  await deps.store.transaction((tx) => tx.playbook.replace(ws, rules, deps.clock.now().toISOString()));
  await deps.store.audit.record({
    workspaceId: ws,
    actor: principal.actor,
    action: 'playbook.replace',
    data: { rules: rules.length },
  });
  return playbookOf(deps.store, ws);
}

/** The policies in force: the workspace's over the defaults, with which are its own. */
export async function slaPoliciesOf(
  store: Store,
  workspaceId: string,
): Promise<(SlaPolicy & { isDefault: boolean })[]> {
  const own = await store.sla.list(workspaceId);
  const keys = new Set(own.map((p) => `${p.channel}/${p.priority}`));
  return effectivePolicies(own).map((p) => ({ ...p, isDefault: !keys.has(`${p.channel}/${p.priority}`) }));
}

export const SlaBodySchema = z.object({ policies: z.array(SlaPolicySchema).max(200) }).strict();

export async function replaceSlaPolicies(store: Store, principal: Principal, input: unknown) {
  const { policies } = parseInput(SlaBodySchema, input);
  const seen = new Set<string>();
  for (const [i, p] of policies.entries()) {
    const k = `${p.channel}/${p.priority}`;
    if (seen.has(k)) {
      throw new AppError('validation_failed', `policies.${i}: a second policy for ${k}`, [
        { path: `policies.${i}`, message: `a second policy for ${k}` },
      ]);
    }
    seen.add(k);
  }
  const ws = principal.workspaceId;
  await store.transaction((tx) => tx.sla.replace(ws, policies));
  await store.audit.record({
    workspaceId: ws,
    actor: principal.actor,
    action: 'sla.replace',
    data: { policies: policies.length },
  });
  return slaPoliciesOf(store, ws);
}
