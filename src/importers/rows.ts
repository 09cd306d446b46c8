import { createHash } from 'node:crypto';

import { parseFeedbackInput } from '../core/feedback/schema.js';
import { describeIssues, fieldIssues, type FieldIssue } from '../core/errors.js';
import type { ImportRow } from './types.js';

/** A FeedbackInput under construction, before validation; undefined fields are left out. */
export type Draft = Record<string, unknown>;

/**
 * Validates a draft with `parseFeedbackInput` and makes the row: `ok` with the parsed input, or a
 * rejection naming each field (`rating: Too big: expected number to be <=5`). `issues` are problems
 * found while reading (an unparseable date); zod's issues about the same fields are not repeated.
 */
export function finishRow(line: number, draft: Draft, issues: readonly FieldIssue[] = []): ImportRow {
  const result = parseFeedbackInput(compact(draft));
  if (result.success && issues.length === 0) return { ok: true, line, input: result.data };
  const known = new Set(issues.map((i) => i.path.split('.')[0]));
  const more = result.success
    ? []
    : fieldIssues(result.error.issues).filter((i) => !known.has(i.path.split('.')[0]));
  return { ok: false, line, reason: describeIssues([...issues, ...more]) };
}

/** A rejected row. */
export function rejectRow(line: number, reason: string): ImportRow {
  return { ok: false, line, reason };
}

/** A stable id for records that have none: the first 24 hex digits of the SHA-1 of the parts. */
export function stableId(...parts: readonly (string | number | undefined)[]): string {
  return createHash('sha1')
    .update(parts.map((p) => (p === undefined ? '' : String(p))).join('\u0000'))
    .digest('hex')
    .slice(0, 24);
}

/** A trimmed, non-empty string from a cell or JSON value; numbers and booleans become text. */
export function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const text = value.trim();
    return text.length > 0 ? text : undefined;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Drops undefined properties, recursively through plain objects, so strict schemas see only what is there. */
function compact(draft: Draft): Draft {
  const out: Draft = {};
  for (const [key, value] of Object.entries(draft)) {
    if (value === undefined) continue;
    if (isRecord(value) && Object.getPrototypeOf(value) === Object.prototype) {
      const inner = compact(value);
      if (Object.keys(inner).length > 0) out[key] = inner;
    } else {
      out[key] = value;
    }
  }
  return out;
}
