import type { MiddlewareHandler } from 'hono';
import { isCleanText } from '../../core/clean-text.js';
import { AppError } from '../../core/errors.js';

/**
 * Refuses, with a 400 that names the parameter, a request whose path or query holds a NUL
 * (`%00`) or a character that cannot be decoded: before this, a NUL in a filter or a path id
 * reached PostgreSQL, which refuses it, and answered 500 (issue #11). Every route is covered here,
 * before routing; the store cleans every parameter as well (`guardDialect`), so nothing that slips
 * past reaches the database unclean.
 */
export const refuseUncleanParams: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  const issues: { path: string; message: string }[] = [];
  for (const segment of url.pathname.split('/')) {
    if (!segment.includes('%')) continue;
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      issues.push({ path: 'path', message: `"${segment}" is not percent-encoded UTF-8` });
      continue;
    }
    if (!isCleanText(decoded)) issues.push({ path: 'path', message: 'must not contain NUL (%00)' });
  }
  for (const [name, value] of url.searchParams) {
    const field = isCleanText(name) ? name : 'query';
    if (!isCleanText(value) || !isCleanText(name))
      issues.push({ path: field, message: 'must not contain NUL (%00)' });
  }
  if (issues.length > 0) {
    throw new AppError('validation_failed', issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
  }
  await next();
};
