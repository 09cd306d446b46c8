import type { z } from 'zod';

/**
 * Errors the domain raises on purpose. Each carries a stable machine `code` that clients may switch on;
 * the HTTP edge turns them into RFC 9457 problem+json, the CLI into a one-line message and an exit code.
 */
export const ERROR_STATUS = {
  validation_failed: 400,
  invalid_cursor: 400,
  /** A URL the outbound guard will not call (loopback, private, metadata, …; src/net). */
  outbound_refused: 400,
  batch_too_large: 413,
  payload_too_large: 413,
  rate_limited: 429,
  login_throttled: 429,
  timed_out: 503,
  unauthenticated: 401,
  invalid_credentials: 401,
  reset_token_invalid: 400,
  forbidden: 403,
  csrf_failed: 403,
  workspace_required: 400,
  not_found: 404,
  feedback_not_found: 404,
  workspace_not_found: 404,
  brand_not_found: 404,
  api_key_not_found: 404,
  import_not_found: 404,
  invitation_not_found: 404,
  /** Surveys (issue #15): unknown or not active; an answer after its edit window; single-use links. */
  survey_not_found: 404,
  survey_response_not_found: 404,
  survey_answer_closed: 409,
  invitation_used: 409,
  already_answered: 409,
  invitation_expired: 410,
  /** Review requests (issue #15): a platform that forbids asking (Yelp); a platform without its link. */
  platform_forbids: 400,
  platform_not_configured: 409,
  review_request_not_found: 404,
  conflict: 409,
  setup_already_done: 409,
  email_taken: 409,
  slug_taken: 409,
  unsupported_format: 415,
  invalid_file: 422,
  tone_flagged: 422,
  internal: 500,
  database_busy: 503,
} as const satisfies Record<string, number>;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** One problem with one field of the input, e.g. `{ path: 'items.3.rating', message: 'must be ≤ 5' }`. */
export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly issues: FieldIssue[] | undefined;

  constructor(code: ErrorCode, message: string, issues?: FieldIssue[]) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.status = ERROR_STATUS[code];
    this.issues = issues;
  }
}

/** Turns zod issues into field issues with dotted paths (`author.reach`). */
export function fieldIssues(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): FieldIssue[] {
  return issues.map((i) => ({
    path: i.path.map((p) => (typeof p === 'symbol' ? p.toString() : String(p))).join('.'),
    message: i.message,
  }));
}

/** A short, human-readable rendering of field issues: `rating: must be ≤ 5; text: required`. */
export function describeIssues(issues: readonly FieldIssue[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

/** Parses `input` with a zod schema, or throws `validation_failed` naming every wrong field. */
export function parseInput<T>(schema: z.ZodType<T>, input: unknown): T {
  const r = schema.safeParse(input);
  if (!r.success) throw validationError(r.error.issues);
  return r.data;
}

/** The `validation_failed` error for zod issues, with dotted field paths. */
export function validationError(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): AppError {
  const fields = fieldIssues(issues);
  return new AppError('validation_failed', describeIssues(fields), fields);
}
