import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  accountMailDeps,
  authorize,
  changeMemberRole,
  inviteMember,
  listInvitations,
  removeMember,
  revokeInvitation,
  type Principal,
} from '../../core/auth/index.js';
import { AppError } from '../../core/errors.js';
import type { Invitation, InvitationState } from '../../core/ports.js';
import { ROLES } from '../../core/types.js';
import { router, type AppEnv } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { presentUser } from '../presenters.js';
import { body, json, problems, SESSION_ONLY } from './common.schema.js';
import {
  IdParam,
  InvitationCreatedSchema,
  InvitationSchema,
  InviteBody,
  MemberParam,
  MemberSchema,
} from './members.schema.js';

export const presentInvitation = (i: Invitation & { state: InvitationState }) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  state: i.state,
  createdAt: i.createdAt,
  expiresAt: i.expiresAt,
  acceptedAt: i.acceptedAt,
  declinedAt: i.declinedAt,
  revokedAt: i.revokedAt,
});

/**
 * The signed-in caller in their workspace. Members (names and staff e-mails) are documented as
 * session-only; an API key with `workspace:read` used to list them (issue #11, finding 9).
 */
async function sessionPrincipal(c: Context<AppEnv>): Promise<Principal> {
  if (c.get('caller')?.kind === 'api_key') {
    throw new AppError(
      'forbidden',
      'Members and invitations are for signed-in people only: an API key cannot read or change them.',
    );
  }
  return workspacePrincipal(c);
}

const listMembers = createRoute({
  method: 'get',
  path: '/members',
  tags: ['workspace'],
  summary: 'The people of the workspace and their roles (session only)',
  security: SESSION_ONLY,
  responses: { 200: json(z.object({ members: z.array(MemberSchema) }), 'Members'), ...problems(401, 403) },
});

const invite = createRoute({
  method: 'post',
  path: '/members',
  tags: ['workspace'],
  summary:
    'Invite a person by e-mail; they join when they accept. The answer is the same whether the address has an account or not.',
  security: SESSION_ONLY,
  request: { body: body(InviteBody) },
  responses: { 202: json(InvitationCreatedSchema, 'Invited'), ...problems(400, 401, 403, 409) },
});

const listInvitationsRoute = createRoute({
  method: 'get',
  path: '/members/invitations',
  tags: ['workspace'],
  summary: "The workspace's invitations with their state, newest first (owners)",
  security: SESSION_ONLY,
  responses: {
    200: json(z.object({ invitations: z.array(InvitationSchema) }), 'Invitations'),
    ...problems(401, 403),
  },
});

const revokeInvitationRoute = createRoute({
  method: 'delete',
  path: '/members/invitations/{id}',
  tags: ['workspace'],
  summary: 'Revoke a pending invitation; its link stops working',
  security: SESSION_ONLY,
  request: { params: IdParam },
  responses: { 204: { description: 'Revoked' }, ...problems(401, 403, 404, 409) },
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
    const p = await sessionPrincipal(c);
    authorize(p, 'workspace:read');
    const members = await c.get('runtime').store.users.members(p.workspaceId);
    return c.json(
      { members: members.map((m) => ({ user: presentUser(m.user), role: m.role, since: m.since })) },
      200,
    );
  })
  .openapi(invite, async (c) => {
    const p = await sessionPrincipal(c);
    authorize(p, 'members:manage');
    const { store, config } = c.get('runtime');
    const r = await inviteMember(
      store,
      p.workspaceId,
      c.req.valid('json'),
      p.actor,
      accountMailDeps(config.channels.email, config.publicUrl),
    );
    return c.json(
      {
        invitation: presentInvitation({ ...r.invitation, state: 'pending' }),
        emailed: r.emailed,
        token: r.token,
        emailError: r.emailError,
      },
      202,
    );
  })
  .openapi(listInvitationsRoute, async (c) => {
    const p = await sessionPrincipal(c);
    authorize(p, 'members:manage');
    const list = await listInvitations(c.get('runtime').store, p.workspaceId);
    return c.json({ invitations: list.map(presentInvitation) }, 200);
  })
  .openapi(revokeInvitationRoute, async (c) => {
    const p = await sessionPrincipal(c);
    authorize(p, 'members:manage');
    await revokeInvitation(c.get('runtime').store, p.workspaceId, c.req.valid('param').id, p.actor);
    return c.body(null, 204);
  })
  .openapi(changeRole, async (c) => {
    const p = await sessionPrincipal(c);
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
    const p = await sessionPrincipal(c);
    authorize(p, 'members:manage');
    await removeMember(c.get('runtime').store, p.workspaceId, c.req.valid('param').userId, p.actor);
    return c.body(null, 204);
  });
