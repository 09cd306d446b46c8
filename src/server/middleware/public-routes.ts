import type { MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';

/**
 * The API routes that answer callers without a session or API key: `METHOD /path`, where the method
 * may be `*` and a path ending in `/*` covers everything below it. Every other API route is refused
 * with 401 before its body is read or validated. A public route's body is capped at PUBLIC_BODY_BYTES.
 *
 * To open a route, add it here.
 */
export const PUBLIC_ROUTES: readonly string[] = [
  'GET /api/v1/setup',
  'POST /api/v1/setup',
  'POST /api/v1/auth/login',
  'POST /api/v1/auth/password-reset',
  'POST /api/v1/auth/password-reset/confirm',
  // An invitation link's token, before the invitee has a session.
  'POST /api/v1/invitations/preview',
  'POST /api/v1/invitations/accept',
  // Survey respondents (issue #15): the widget, apps and the JSON behind the hosted page.
  '* /api/v1/public/*',
];

/** Public routes take small JSON: an e-mail, a password, a token. */
export const PUBLIC_BODY_BYTES = 64 * 1024;

const PATTERNS = PUBLIC_ROUTES.map((route) => {
  const [method = '', path = ''] = route.split(' ');
  return path.endsWith('/*')
    ? { method, prefix: path.slice(0, -1), exact: undefined }
    : { method, prefix: undefined, exact: path };
});

/** Whether `METHOD path` is a public API route. */
export function isPublicRoute(method: string, path: string): boolean {
  const p = path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path;
  return PATTERNS.some(
    (r) =>
      (r.method === '*' || r.method === method) &&
      (r.exact !== undefined ? r.exact === p : p.startsWith(r.prefix)),
  );
}

/**
 * The authentication gate: after `identify`, a request to a non-public route without a caller is
 * refused here, before a byte of its body is read (issue #11: bodies were parsed and validated first).
 */
export const requireCaller: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (c.get('caller') === undefined && !isPublicRoute(c.req.method, c.req.path)) {
    throw new AppError('unauthenticated', 'Send an API key (Authorization: Bearer …) or log in.');
  }
  return next();
};
