import type { ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';
import { RetryLater } from './rate-limit.js';

const PROBLEM_TYPE = 'https://touchpoint.dev/problems/';

function problem(
  status: number,
  code: string,
  title: string,
  detail: string,
  requestId: string,
  extra: object = {},
  headers: Record<string, string> = {},
) {
  return new Response(
    JSON.stringify({ type: `${PROBLEM_TYPE}${code}`, title, status, detail, code, requestId, ...extra }),
    {
      status,
      headers: {
        'content-type': 'application/problem+json; charset=utf-8',
        'x-request-id': requestId,
        ...headers,
      },
    },
  );
}

const TITLES: Record<number, string> = {
  400: 'Bad request',
  401: 'Unauthenticated',
  403: 'Forbidden',
  404: 'Not found',
  409: 'Conflict',
  413: 'Payload too large',
  415: 'Unsupported media type',
  422: 'Unprocessable content',
  429: 'Too many requests',
  500: 'Internal server error',
  503: 'Service unavailable',
};

/**
 * The one edge error handler: AppErrors become RFC 9457 problem+json with their stable code;
 * anything else is logged with the request id and answered as a plain 500 that leaks nothing.
 */
export const onError: ErrorHandler<AppEnv> = (err, c) => {
  const requestId = c.get('requestId') ?? 'unknown';
  if (err instanceof AppError) {
    return problem(
      err.status,
      err.code,
      TITLES[err.status] ?? 'Error',
      err.message,
      requestId,
      err.issues ? { errors: err.issues } : {},
      err instanceof RetryLater ? { 'retry-after': String(err.retryAfterSeconds) } : {},
    );
  }
  if (err instanceof HTTPException && err.status < 500) {
    const code =
      err.status === 413 ? 'payload_too_large' : err.status === 401 ? 'unauthenticated' : 'validation_failed';
    return problem(err.status, code, TITLES[err.status] ?? 'Error', err.message || 'Bad request', requestId);
  }
  if (err instanceof SyntaxError) {
    return problem(
      400,
      'validation_failed',
      TITLES[400] ?? 'Bad request',
      `Malformed JSON body: ${err.message}`,
      requestId,
    );
  }
  c.get('logger').error({ err, requestId }, 'unhandled error');
  return problem(
    500,
    'internal',
    TITLES[500] ?? 'Error',
    'Something went wrong on our side. Quote the request id when reporting it.',
    requestId,
  );
};

export const onNotFound: NotFoundHandler<AppEnv> = (c) =>
  problem(
    404,
    'not_found',
    'Not found',
    `No route ${c.req.method} ${c.req.path}.`,
    c.get('requestId') ?? 'unknown',
  );
