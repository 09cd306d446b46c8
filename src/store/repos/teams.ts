import type { PlaybookRepo, SlaRepo, TeamRepo } from '../../core/ports.js';
import type { PlaybookRule, RuleActions, RuleConditions } from '../../core/cases/playbook.js';
import { PlaybookRuleInputSchema } from '../../core/cases/playbook.js';
import type { SlaPolicy } from '../../core/cases/sla.js';
import type { PriorityLabel, Team } from '../../core/types.js';
import { withCaseTables } from './case-tables.js';
import { newId, parseJson, type Conn } from './util.js';

export function teamRepo({ db: base }: Conn): TeamRepo {
  const db = withCaseTables(base);
  async function load(workspaceId: string, id?: string): Promise<Team[]> {
    let q = db.selectFrom('teams').selectAll().where('workspace_id', '=', workspaceId);
    if (id !== undefined) q = q.where('id', '=', id);
    const teams = await q.orderBy('name').orderBy('id').execute();
    if (teams.length === 0) return [];
    const ids = teams.map((t) => t.id);
    const [members, tps] = await Promise.all([
      db
        .selectFrom('team_members as tm')
        .innerJoin('users as u', 'u.id', 'tm.user_id')
        .select(['tm.team_id', 'tm.user_id', 'u.name', 'u.email'])
        .where('tm.workspace_id', '=', workspaceId)
        .where('tm.team_id', 'in', ids)
        .orderBy('u.name')
        .execute(),
      db
        .selectFrom('team_touchpoints')
        .select(['team_id', 'touchpoint_key'])
        .where('workspace_id', '=', workspaceId)
        .where('team_id', 'in', ids)
        .orderBy('touchpoint_key')
        .execute(),
    ]);
    return teams.map((t) => ({
      id: t.id,
      name: t.name,
      key: t.key,
      leadUserId: t.lead_user_id,
      contact: t.contact,
      members: members
        .filter((m) => m.team_id === t.id)
        .map((m) => ({ userId: m.user_id, name: m.name, email: m.email })),
      touchpoints: tps.filter((x) => x.team_id === t.id).map((x) => x.touchpoint_key),
      createdAt: t.created_at,
    }));
  }

  return {
    list: (workspaceId) => load(workspaceId),
    async get(workspaceId, id) {
      return (await load(workspaceId, id))[0];
    },
    async create(workspaceId, team, now) {
      const id = newId();
      await db
        .insertInto('teams')
        .values({
          id,
          workspace_id: workspaceId,
          name: team.name,
          key: team.key,
          lead_user_id: team.leadUserId,
          contact: team.contact ?? null,
          created_at: now,
        })
        .execute();
      const created = (await load(workspaceId, id))[0];
      if (!created) throw new Error(`team ${id} not found after writing it`);
      return created;
    },
    async update(workspaceId, id, patch, now) {
      const exists = await db
        .selectFrom('teams')
        .select('id')
        .where('workspace_id', '=', workspaceId)
        .where('id', '=', id)
        .executeTakeFirst();
      if (!exists) return undefined;
      if (patch.name !== undefined || patch.leadUserId !== undefined || patch.contact !== undefined) {
        await db
          .updateTable('teams')
          .set({
            ...(patch.name !== undefined ? { name: patch.name } : {}),
            ...(patch.leadUserId !== undefined ? { lead_user_id: patch.leadUserId } : {}),
            ...(patch.contact !== undefined ? { contact: patch.contact } : {}),
          })
          .where('workspace_id', '=', workspaceId)
          .where('id', '=', id)
          .execute();
      }
      if (patch.members !== undefined) {
        const wanted = [...new Set(patch.members)];
        const q = db
          .deleteFrom('team_members')
          .where('workspace_id', '=', workspaceId)
          .where('team_id', '=', id);
        await (wanted.length > 0 ? q.where('user_id', 'not in', wanted) : q).execute();
        if (wanted.length > 0) {
          await db
            .insertInto('team_members')
            .values(
              wanted.map((userId) => ({
                workspace_id: workspaceId,
                team_id: id,
                user_id: userId,
                assigned_seq: 0,
                created_at: now,
              })),
            )
            .onConflict((oc) => oc.columns(['team_id', 'user_id']).doNothing())
            .execute();
        }
      }
      if (patch.touchpoints !== undefined) {
        const keys = [...new Set(patch.touchpoints)];
        await db
          .deleteFrom('team_touchpoints')
          .where('workspace_id', '=', workspaceId)
          .where('team_id', '=', id)
          .execute();
        if (keys.length > 0) {
          // A touchpoint has one owner: giving it to this team takes it from another.
          await db
            .deleteFrom('team_touchpoints')
            .where('workspace_id', '=', workspaceId)
            .where('touchpoint_key', 'in', keys)
            .execute();
          await db
            .insertInto('team_touchpoints')
            .values(keys.map((k) => ({ workspace_id: workspaceId, team_id: id, touchpoint_key: k })))
            .execute();
        }
      }
      return (await load(workspaceId, id))[0];
    },
    async owners(workspaceId) {
      const rows = await db
        .selectFrom('team_touchpoints')
        .select(['team_id', 'touchpoint_key'])
        .where('workspace_id', '=', workspaceId)
        .execute();
      return new Map(rows.map((r) => [r.touchpoint_key, r.team_id]));
    },
    async roundRobin(workspaceId, teamId, count) {
      if (count <= 0) return [];
      const members = await db
        .selectFrom('team_members')
        .select(['user_id', 'assigned_seq'])
        .where('workspace_id', '=', workspaceId)
        .where('team_id', '=', teamId)
        .orderBy('assigned_seq')
        .orderBy('created_at')
        .orderBy('user_id')
        .execute();
      if (members.length === 0) return [];
      const top = Math.max(...members.map((m) => Number(m.assigned_seq)));
      const picked: string[] = [];
      const seq = new Map<string, number>();
      for (let i = 0; i < count; i++) {
        const m = members[i % members.length];
        if (!m) break;
        picked.push(m.user_id);
        seq.set(m.user_id, top + 1 + i);
      }
      for (const [userId, s] of seq) {
        await db
          .updateTable('team_members')
          .set({ assigned_seq: s })
          .where('workspace_id', '=', workspaceId)
          .where('team_id', '=', teamId)
          .where('user_id', '=', userId)
          .execute();
      }
      return picked;
    },
  };
}

export function playbookRepo({ db: base }: Conn): PlaybookRepo {
  const db = withCaseTables(base);
  const get = async (workspaceId: string): Promise<PlaybookRule[] | undefined> => {
    const rows = await db
      .selectFrom('playbook_rules')
      .selectAll()
      .where('workspace_id', '=', workspaceId)
      .orderBy('position')
      .execute();
    if (rows.length === 0) return undefined;
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      position: Number(r.position),
      enabled: Number(r.enabled) === 1,
      conditions: parseJson<RuleConditions>(r.conditions, {}),
      actions: parseJson<RuleActions>(r.actions, { openCase: false, route: false }),
    }));
  };
  return {
    get,
    async replace(workspaceId, rules, now) {
      await db.deleteFrom('playbook_rules').where('workspace_id', '=', workspaceId).execute();
      // An empty playbook is stored as one disabled rule, so "no rules" is not "the default".
      const parsed = rules.map((r) => PlaybookRuleInputSchema.parse(r));
      const rows =
        parsed.length > 0
          ? parsed
          : [
              {
                name: 'No rules',
                enabled: false,
                conditions: {},
                actions: { openCase: false, route: false },
              },
            ];
      await db
        .insertInto('playbook_rules')
        .values(
          rows.map((r, i) => ({
            id: newId(),
            workspace_id: workspaceId,
            name: r.name,
            position: i,
            enabled: r.enabled ? 1 : 0,
            conditions: JSON.stringify(r.conditions),
            actions: JSON.stringify(r.actions),
            created_at: now,
          })),
        )
        .execute();
      return (await get(workspaceId)) ?? [];
    },
  };
}

export function slaRepo({ db: base }: Conn): SlaRepo {
  const db = withCaseTables(base);
  return {
    async list(workspaceId) {
      const rows = await db
        .selectFrom('sla_policies')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('channel')
        .orderBy('priority')
        .execute();
      return rows.map((r): SlaPolicy => ({
        channel: r.channel as SlaPolicy['channel'],
        priority: r.priority as PriorityLabel,
        firstResponseMinutes: Number(r.first_response_minutes),
        businessHours: parseJson<SlaPolicy['businessHours']>(r.business_hours, null),
        timezone: r.timezone,
      }));
    },
    async replace(workspaceId, policies) {
      await db.deleteFrom('sla_policies').where('workspace_id', '=', workspaceId).execute();
      if (policies.length === 0) return;
      await db
        .insertInto('sla_policies')
        .values(
          policies.map((p) => ({
            id: newId(),
            workspace_id: workspaceId,
            channel: p.channel,
            priority: p.priority,
            first_response_minutes: p.firstResponseMinutes,
            business_hours: p.businessHours === null ? null : JSON.stringify(p.businessHours),
            timezone: p.timezone,
          })),
        )
        .execute();
    },
  };
}
