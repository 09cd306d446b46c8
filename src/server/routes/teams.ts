import { createRoute } from '@hono/zod-openapi';
import { authorize } from '../../core/auth/index.js';
import {
  createTeam,
  playbookOf,
  rankAgents,
  replacePlaybook,
  replaceSlaPolicies,
  slaPoliciesOf,
  storedMeasures,
  updateTeam,
} from '../../core/cases/index.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { body, IdParam, json, problems, SECURITY } from './common.schema.js';
import {
  LeaderboardSchema,
  MeasuresQuery,
  MeasuresSchema,
  PlaybookBody,
  PlaybookSchema,
  SlaBody,
  SlaPoliciesSchema,
  TeamCreateBody,
  TeamListSchema,
  TeamPatchBody,
  TeamSchema,
} from './cases.schema.js';

const TAGS = ['cases'];

const listTeams = createRoute({
  method: 'get',
  path: '/teams',
  tags: TAGS,
  summary: 'Teams with their members, lead and the touchpoints they own',
  security: SECURITY,
  responses: { 200: json(TeamListSchema, 'Teams'), ...problems(401, 403) },
});
const createTeamRoute = createRoute({
  method: 'post',
  path: '/teams',
  tags: TAGS,
  summary: 'Create a team (admins)',
  description:
    'A touchpoint has one owning team: giving it to this team takes it from another. The open and waiting cases of its touchpoints that have no team yet become the team’s, their unassigned ones handed out round robin.',
  security: SECURITY,
  request: { body: body(TeamCreateBody) },
  responses: { 201: json(TeamSchema, 'The team'), ...problems(400, 401, 403, 409) },
});
const patchTeamRoute = createRoute({
  method: 'patch',
  path: '/teams/{id}',
  tags: TAGS,
  summary: 'Rename a team, set its lead, replace its members or owned touchpoints (admins)',
  security: SECURITY,
  request: { params: IdParam, body: body(TeamPatchBody) },
  responses: { 200: json(TeamSchema, 'The team'), ...problems(400, 401, 403, 404) },
});
const getPlaybook = createRoute({
  method: 'get',
  path: '/playbook',
  tags: TAGS,
  summary: "The workspace's playbook rules (the default playbook until it writes its own)",
  security: SECURITY,
  responses: { 200: json(PlaybookSchema, 'The playbook'), ...problems(401, 403) },
});
const putPlaybook = createRoute({
  method: 'put',
  path: '/playbook',
  tags: TAGS,
  summary: 'Replace the playbook rules, in order (admins); applies to items ingested from now on',
  security: SECURITY,
  request: { body: body(PlaybookBody) },
  responses: { 200: json(PlaybookSchema, 'The playbook'), ...problems(400, 401, 403) },
});
const getSla = createRoute({
  method: 'get',
  path: '/sla-policies',
  tags: TAGS,
  summary: 'First-response SLAs per channel and priority: the workspace’s over the defaults',
  security: SECURITY,
  responses: { 200: json(SlaPoliciesSchema, 'Policies in force'), ...problems(401, 403) },
});
const putSla = createRoute({
  method: 'put',
  path: '/sla-policies',
  tags: TAGS,
  summary: "Replace the workspace's own SLA policies (admins); defaults fill the rest",
  security: SECURITY,
  request: { body: body(SlaBody) },
  responses: { 200: json(SlaPoliciesSchema, 'Policies in force'), ...problems(400, 401, 403) },
});
const measuresRoute = createRoute({
  method: 'get',
  path: '/measures',
  tags: TAGS,
  summary: 'First-response and resolution time, SLA attainment and recovery rate, per team and per agent',
  security: SECURITY,
  request: { query: MeasuresQuery },
  responses: { 200: json(MeasuresSchema, 'Measures'), ...problems(400, 401, 403) },
});
const leaderboardRoute = createRoute({
  method: 'get',
  path: '/leaderboard',
  tags: TAGS,
  summary: 'Agents ranked by customers helped (resolved + 2 × recovered), then SLA attainment',
  security: SECURITY,
  request: { query: MeasuresQuery },
  responses: { 200: json(LeaderboardSchema, 'The leaderboard'), ...problems(400, 401, 403) },
});

const day = (d: string | undefined) =>
  d === undefined ? undefined : new Date(d.length === 10 ? `${d}T00:00:00Z` : d).toISOString();

export const teamRoutes = router()
  .openapi(listTeams, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:read');
    return c.json({ teams: await c.get('runtime').store.teams.list(principal.workspaceId) }, 200);
  })
  .openapi(createTeamRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:manage');
    return c.json(await createTeam(c.get('runtime').caseDeps, principal, c.req.valid('json')), 201);
  })
  .openapi(patchTeamRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:manage');
    const team = await updateTeam(
      c.get('runtime').caseDeps,
      principal,
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json(team, 200);
  })
  .openapi(getPlaybook, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:read');
    return c.json(await playbookOf(c.get('runtime').store, principal.workspaceId), 200);
  })
  .openapi(putPlaybook, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:manage');
    return c.json(await replacePlaybook(c.get('runtime').caseDeps, principal, c.req.valid('json')), 200);
  })
  .openapi(getSla, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:read');
    return c.json({ policies: await slaPoliciesOf(c.get('runtime').store, principal.workspaceId) }, 200);
  })
  .openapi(putSla, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:manage');
    return c.json(
      { policies: await replaceSlaPolicies(c.get('runtime').store, principal, c.req.valid('json')) },
      200,
    );
  })
  .openapi(measuresRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:read');
    const { store, clock } = c.get('runtime');
    const q = c.req.valid('query');
    const ws = principal.workspaceId;
    const [m, teams, members] = await Promise.all([
      storedMeasures(store.cases, ws, { from: day(q.from), to: day(q.to) }, clock.now()),
      store.teams.list(ws),
      store.users.members(ws),
    ]);
    const teamName = new Map(teams.map((t) => [t.id, t.name]));
    const userName = new Map(members.map((x) => [x.user.id, x.user.name]));
    return c.json(
      {
        total: m.total,
        teams: m.teams.map((t) => ({
          ...t,
          teamName: t.teamId === null ? null : (teamName.get(t.teamId) ?? null),
        })),
        agents: m.agents.map((a) => ({ ...a, name: userName.get(a.userId) ?? null })),
      },
      200,
    );
  })
  .openapi(leaderboardRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:read');
    const { store, clock } = c.get('runtime');
    const q = c.req.valid('query');
    const ws = principal.workspaceId;
    const [m, members] = await Promise.all([
      storedMeasures(store.cases, ws, { from: day(q.from), to: day(q.to) }, clock.now()),
      store.users.members(ws),
    ]);
    const userName = new Map(members.map((x) => [x.user.id, x.user.name]));
    return c.json(
      {
        entries: rankAgents(m.agents).map((e) => ({ ...e, name: userName.get(e.userId) ?? null })),
      },
      200,
    );
  });
