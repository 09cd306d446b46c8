import { timingSafeEqual } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { apiKeyPrincipal, sessionUser, userPrincipal, type Principal } from '../../core/auth/index.js';
import { AppError } from '../../core/errors.js';
import type { User } from '../../core/types.js';
import type { AppEnv } from '../env.js';

export const SESSION_COOKIE = 'tp_session';
export const CSRF_HEADER = 'x-csrf-token';
export const WORKSPACE_HEADER = 'x-workspace';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Identifies the caller from `Authorization: Bearer tp_…` or the session cookie. Cookie sessions must
 * send the CSRF token on every unsafe method. Does not require a caller; `requireUser` and
 * `workspacePrincipal` do.
 */
export const identify: MiddlewareHandler<AppEnv> = async (c, next) => {
  const { store } = c.get('runtime');
  const authorization = c.req.header('authorization');
  if (authorization !== undefined) {
    const m = /^Bearer\s+(\S+)$/i.exec(authorization);
    const principal = m?.[1] ? await apiKeyPrincipal(store, m[1]) : undefined;
    if (!principal)
      throw new AppError('unauthenticated', 'The API key is missing, malformed, unknown or revoked.');
    c.set('caller', { kind: 'api_key', principal });
    return next();
  }
  // Logging in and first setup start a new session: an old cookie (another tab) is ignored, not CSRF-checked.
  const startsSession =
    c.req.method === 'POST' && (c.req.path.endsWith('/auth/login') || c.req.path.endsWith('/setup'));
  const token = startsSession ? undefined : getCookie(c, SESSION_COOKIE);
  if (token !== undefined && token !== '') {
    const s = await sessionUser(store, token);
    if (s) {
      if (!SAFE_METHODS.has(c.req.method)) {
        const sent = c.req.header(CSRF_HEADER);
        if (sent === undefined || !sameToken(sent, s.csrfToken)) {
          throw new AppError('csrf_failed', `Missing or wrong ${CSRF_HEADER} header for this session.`);
        }
      }
      c.set('caller', { kind: 'session', user: s.user, csrfToken: s.csrfToken, sessionHash: s.idHash });
    }
  }
  return next();
};

/** The signed-in user, or 401. API keys are not users. */
export function requireUser(c: Context<AppEnv>): { user: User; csrfToken: string; sessionHash: string } {
  const caller = c.get('caller');
  if (caller?.kind !== 'session') throw new AppError('unauthenticated', 'Log in first.');
  return caller;
}

/** The caller acting in one workspace: the API key's, or the one the user names in X-Workspace. */
export async function workspacePrincipal(c: Context<AppEnv>): Promise<Principal> {
  const caller = c.get('caller');
  if (!caller) throw new AppError('unauthenticated', 'Send an API key (Authorization: Bearer …) or log in.');
  if (caller.kind === 'api_key') return caller.principal;
  return userPrincipal(c.get('runtime').store, caller.user, c.req.header(WORKSPACE_HEADER));
}
