import { randomUUID } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../env.js';

const VALID_ID = /^[A-Za-z0-9._-]{1,100}$/;

/** Gives every request an id (the caller's `X-Request-Id` when sane), a child logger and an access log line. */
export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const incoming = c.req.header('x-request-id');
  const requestId = incoming !== undefined && VALID_ID.test(incoming) ? incoming : randomUUID();
  const logger = c.get('runtime').logger.child({ requestId });
  c.set('requestId', requestId);
  c.set('logger', logger);
  const started = performance.now();
  await next();
  // Set on the response in place: c.header() after next() rebuilds the response from its original
  // headers with @hono/node-server's Response, dropping what secureHeaders had set (issue #11).
  c.res.headers.set('x-request-id', requestId);
  logger.info(
    {
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    },
    'request',
  );
};
