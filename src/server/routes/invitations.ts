import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import {
  acceptInvitation,
  acceptInvitationByToken,
  declineInvitation,
  pendingInvitationsOf,
  previewInvitation,
  startSession,
  type Accepted,
} from '../../core/auth/index.js';
import type { InvitationView } from '../../core/ports.js';
import { router, type AppEnv } from '../env.js';
import { requireUser } from '../middleware/auth.js';
import { sessionInfo, setSessionCookie } from './account.js';
import { body, IdParam, json, problems, SESSION_ONLY } from './common.schema.js';
import { AcceptByTokenBody, AcceptedSchema, ReceivedInvitationSchema, TokenBody } from './members.schema.js';

const presentReceived = (i: InvitationView) => ({
  id: i.id,
  email: i.email,
  role: i.role,
  workspaceName: i.workspaceName,
  invitedBy: i.invitedByName,
  expiresAt: i.expiresAt,
});

/** The answer to an acceptance: the workspace joined and the session, started here when needed. */
async function accepted(c: Context<AppEnv>, a: Accepted) {
  const runtime = c.get('runtime');
  let csrfToken = c.get('caller')?.kind === 'session' ? requireUser(c).csrfToken : '';
  if (a.signIn) {
    const grant = await startSession(runtime.store, a.user.id, runtime.config.sessionDays);
    setSessionCookie(c, grant);
    csrfToken = grant.csrfToken;
  }
  return { workspaceId: a.workspaceId, role: a.role, session: await sessionInfo(c, a.user, csrfToken) };
}

const previewRoute = createRoute({
  method: 'post',
  path: '/invitations/preview',
  tags: ['account'],
  summary: 'What a pending invitation link is for: workspace, role, address (public, with the token)',
  request: { body: body(TokenBody) },
  responses: { 200: json(ReceivedInvitationSchema, 'Pending invitation'), ...problems(400, 404) },
});

const acceptByTokenRoute = createRoute({
  method: 'post',
  path: '/invitations/accept',
  tags: ['account'],
  summary:
    "Accept by the link's token (public): signed in as the invited address, or with the address's password, or with a name and password for a new account; logs in",
  request: { body: body(AcceptByTokenBody) },
  responses: { 200: json(AcceptedSchema, 'Accepted'), ...problems(400, 401, 403, 404) },
});

const mineRoute = createRoute({
  method: 'get',
  path: '/invitations',
  tags: ['account'],
  summary: "The signed-in user's pending invitations (to their e-mail address)",
  security: SESSION_ONLY,
  responses: {
    200: json(z.object({ invitations: z.array(ReceivedInvitationSchema) }), 'Pending invitations'),
    ...problems(401),
  },
});

const acceptRoute = createRoute({
  method: 'post',
  path: '/invitations/{id}/accept',
  tags: ['account'],
  summary: 'Accept one of my pending invitations',
  security: SESSION_ONLY,
  request: { params: IdParam },
  responses: { 200: json(AcceptedSchema, 'Accepted'), ...problems(401, 403, 404) },
});

const declineRoute = createRoute({
  method: 'post',
  path: '/invitations/{id}/decline',
  tags: ['account'],
  summary: 'Decline one of my pending invitations',
  security: SESSION_ONLY,
  request: { params: IdParam },
  responses: { 204: { description: 'Declined' }, ...problems(401, 403, 404) },
});

export const invitationRoutes = router()
  .openapi(previewRoute, async (c) =>
    c.json(presentReceived(await previewInvitation(c.get('runtime').store, c.req.valid('json'))), 200),
  )
  .openapi(acceptByTokenRoute, async (c) => {
    const caller = c.get('caller');
    const signedIn = caller?.kind === 'session' ? caller.user : undefined;
    const a = await acceptInvitationByToken(c.get('runtime').store, c.req.valid('json'), signedIn);
    return c.json(await accepted(c, a), 200);
  })
  .openapi(mineRoute, async (c) => {
    const { user } = requireUser(c);
    const list = await pendingInvitationsOf(c.get('runtime').store, user);
    return c.json({ invitations: list.map(presentReceived) }, 200);
  })
  .openapi(acceptRoute, async (c) => {
    const { user } = requireUser(c);
    const a = await acceptInvitation(c.get('runtime').store, c.req.valid('param').id, user);
    return c.json(await accepted(c, a), 200);
  })
  .openapi(declineRoute, async (c) => {
    const { user } = requireUser(c);
    await declineInvitation(c.get('runtime').store, c.req.valid('param').id, user);
    return c.body(null, 204);
  });
