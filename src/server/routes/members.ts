import { createRoute, z } from '@hono/zod-openapi';
import { addMemberByEmail, authorize, changeMemberRole, removeMember } from '../../core/auth/index.js';
import { ROLES } from '../../core/types.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { presentUser } from '../presenters.js';
import { body, json, problems, SESSION_ONLY } from './common.schema.js';
import { AddMemberBody, MemberParam, MemberSchema } from './members.schema.js';

const listMembers = createRoute({
  method: 'get',
  path: '/members',
  tags: ['workspace'],
  summary: 'The people of the workspace and their roles',
  security: SESSION_ONLY,
  responses: { 200: json(z.object({ members: z.array(MemberSchema) }), 'Members'), ...problems(401, 403) },
});

const addMember = createRoute({
  method: 'post',
  path: '/members',
  tags: ['workspace'],
  summary: 'Add a person by email (an existing account, or a new one with a name and first password)',
  security: SESSION_ONLY,
  request: { body: body(AddMemberBody) },
  responses: { 201: json(MemberSchema, 'Added'), ...problems(400, 401, 403, 409) },
});

const changeRole = createRoute({
  method: 'patch',
  path: '/members/{userId}',
  tags: ['workspace'],
  summary: "Change a member's role (a workspace keeps at least one owner)",
  security: SESSION_ONLY,
  request: { params: MemberParam, body: body(z.object({ role: z.enum(ROLES) })) },
  responses: { 204: { description: 'Changed' }, ...problems(400, 401, 403, 404, 409) },
});

const remove = createRoute({
  method: 'delete',
  path: '/members/{userId}',
  tags: ['workspace'],
  summary: 'Remove a member from the workspace (their account stays)',
  security: SESSION_ONLY,
  request: { params: MemberParam },
  responses: { 204: { description: 'Removed' }, ...problems(401, 403, 404, 409) },
});

export const memberRoutes = router()
  .openapi(listMembers, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'workspace:read');
    const members = await c.get('runtime').store.users.members(p.workspaceId);
    return c.json(
      { members: members.map((m) => ({ user: presentUser(m.user), role: m.role, since: m.since })) },
      200,
    );
  })
  .openapi(addMember, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'members:manage');
    const { user, role } = await addMemberByEmail(
      c.get('runtime').store,
      p.workspaceId,
      c.req.valid('json'),
      p.actor,
    );
    return c.json({ user: presentUser(user), role, since: new Date().toISOString() }, 201);
  })
  .openapi(changeRole, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'members:manage');
    await changeMemberRole(
      c.get('runtime').store,
      p.workspaceId,
      c.req.valid('param').userId,
      c.req.valid('json').role,
      p.actor,
    );
    return c.body(null, 204);
  })
  .openapi(remove, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'members:manage');
    await removeMember(c.get('runtime').store, p.workspaceId, c.req.valid('param').userId, p.actor);
    return c.body(null, 204);
  });
