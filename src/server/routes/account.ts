import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import {
  accountMailDeps,
  changePassword,
  createWorkspace,
  login,
  requestPasswordReset,
  resetPassword,
  setupNeeded,
  setupOwner,
  startSession,
  type SessionGrant,
} from '../../core/auth/index.js';
import type { User } from '../../core/types.js';
import { router, type AppEnv } from '../env.js';
import { requireUser, SESSION_COOKIE } from '../middleware/auth.js';
import { presentUser, presentWorkspace } from '../presenters.js';
import { body, json, problems, SESSION_ONLY, SessionInfoSchema, WorkspaceSchema } from './common.schema.js';

export function setSessionCookie(c: Context<AppEnv>, grant: SessionGrant) {
  setCookie(c, SESSION_COOKIE, grant.token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.get('runtime').config.secureCookies,
    path: '/',
    expires: new Date(grant.expiresAt),
  });
}

export async function sessionInfo(c: Context<AppEnv>, user: User, csrfToken: string) {
  const memberships = await c.get('runtime').store.users.memberships(user.id);
  return {
    user: presentUser(user),
    workspaces: memberships.map((m) => presentWorkspace(m.workspace, m.role)),
    csrfToken,
  };
}

const setupStatusRoute = createRoute({
  method: 'get',
  path: '/setup',
  tags: ['account'],
  summary: 'Whether Touchpoint still needs its first owner account (public)',
  responses: { 200: json(z.object({ needed: z.boolean() }), 'Setup status') },
});

const setupRoute = createRoute({
  method: 'post',
  path: '/setup',
  tags: ['account'],
  summary: 'Create the owner account and the first workspace, and log in (public, once)',
  request: {
    body: body(
      z.object({
        name: z.string(),
        email: z.string(),
        password: z.string().openapi({ description: 'At least 10 characters.' }),
        workspaceName: z.string(),
      }),
    ),
  },
  responses: { 201: json(SessionInfoSchema, 'Set up and logged in'), ...problems(400, 409) },
});

const loginRoute = createRoute({
  method: 'post',
  path: '/auth/login',
  tags: ['account'],
  summary: 'Log in with email and password; sets the session cookie',
  request: { body: body(z.object({ email: z.string(), password: z.string() })) },
  responses: { 200: json(SessionInfoSchema, 'Logged in'), ...problems(400, 401) },
});

const logoutRoute = createRoute({
  method: 'post',
  path: '/auth/logout',
  tags: ['account'],
  summary: 'End the session',
  security: SESSION_ONLY,
  responses: { 204: { description: 'Logged out' }, ...problems(401, 403) },
});

const meRoute = createRoute({
  method: 'get',
  path: '/me',
  tags: ['account'],
  summary: 'The signed-in user, their workspaces and the CSRF token for unsafe requests',
  security: SESSION_ONLY,
  responses: { 200: json(SessionInfoSchema, 'Session'), ...problems(401) },
});

const createWorkspaceRoute = createRoute({
  method: 'post',
  path: '/workspaces',
  tags: ['account'],
  summary: 'Create a workspace; the caller becomes its owner',
  security: SESSION_ONLY,
  request: { body: body(z.object({ name: z.string() })) },
  responses: { 201: json(WorkspaceSchema, 'Created'), ...problems(400, 401, 403) },
});

const changePasswordRoute = createRoute({
  method: 'post',
  path: '/auth/password',
  tags: ['account'],
  summary: 'Change the password (the current one is checked); ends every other session of the account',
  security: SESSION_ONLY,
  request: {
    body: body(
      z.object({
        currentPassword: z.string(),
        newPassword: z.string().openapi({ description: 'At least 10 characters.' }),
      }),
    ),
  },
  responses: { 204: { description: 'Changed' }, ...problems(400, 401, 403) },
});

const RESET_REQUESTED =
  'If an account has this address, a link to choose a new password is on its way. It works once, for an hour.';

const requestResetRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset',
  tags: ['account'],
  summary: 'Ask for a password reset link by e-mail (public; the same answer for every address)',
  request: { body: body(z.object({ email: z.string() })) },
  responses: { 202: json(z.object({ message: z.string() }), 'Requested'), ...problems(400) },
});

const resetRoute = createRoute({
  method: 'post',
  path: '/auth/password-reset/confirm',
  tags: ['account'],
  summary: 'Set a new password with the token of a reset link (public, once); ends every session',
  request: {
    body: body(
      z.object({
        token: z.string(),
        password: z.string().openapi({ description: 'At least 10 characters.' }),
      }),
    ),
  },
  responses: { 204: { description: 'Password set' }, ...problems(400) },
});

export const accountRoutes = router()
  .openapi(setupStatusRoute, async (c) => c.json({ needed: await setupNeeded(c.get('runtime').store) }, 200))
  .openapi(setupRoute, async (c) => {
    const runtime = c.get('runtime');
    const { user } = await setupOwner(runtime.store, c.req.valid('json'));
    const grant = await startSession(runtime.store, user.id, runtime.config.sessionDays);
    setSessionCookie(c, grant);
    return c.json(await sessionInfo(c, user, grant.csrfToken), 201);
  })
  .openapi(loginRoute, async (c) => {
    const runtime = c.get('runtime');
    const { user, session } = await login(runtime.store, c.req.valid('json'), runtime.config.sessionDays);
    setSessionCookie(c, session);
    return c.json(await sessionInfo(c, user, session.csrfToken), 200);
  })
  .openapi(logoutRoute, async (c) => {
    const { sessionHash } = requireUser(c);
    await c.get('runtime').store.sessions.delete(sessionHash);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  })
  .openapi(meRoute, async (c) => {
    const { user, csrfToken } = requireUser(c);
    return c.json(await sessionInfo(c, user, csrfToken), 200);
  })
  .openapi(createWorkspaceRoute, async (c) => {
    const { user } = requireUser(c);
    const workspace = await createWorkspace(
      c.get('runtime').store,
      { name: c.req.valid('json').name, ownerId: user.id },
      { type: 'user', id: user.id },
    );
    return c.json(presentWorkspace(workspace, 'owner'), 201);
  })
  .openapi(changePasswordRoute, async (c) => {
    const { user, sessionHash } = requireUser(c);
    await changePassword(c.get('runtime').store, user, sessionHash, c.req.valid('json'));
    return c.body(null, 204);
  })
  .openapi(requestResetRoute, async (c) => {
    const { store, config, logger } = c.get('runtime');
    await requestPasswordReset(
      store,
      c.req.valid('json'),
      accountMailDeps(config.channels.email, config.publicUrl, (error) => logger.warn(error)),
    );
    return c.json({ message: RESET_REQUESTED }, 202);
  })
  .openapi(resetRoute, async (c) => {
    await resetPassword(c.get('runtime').store, c.req.valid('json'));
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });
