import type { Logger } from 'pino';
import type { z } from 'zod';

/** How often a failing job is tried again, and how long to wait between tries. */
export interface RetryPolicy {
  /** Retries after the first attempt: a job runs at most `limit + 1` times. */
  limit: number;
  /** Seconds before a retry (a whole number: pg-boss stores it as an integer). */
  backoffSeconds: number;
  /** Double the wait after each failure. pg-boss also adds up to 100 % jitter and waits at least 1 s. */
  exponential?: boolean;
}

/** What a handler gets besides its payload. */
export interface JobContext {
  jobId: string;
  /** 1 on the first run, 2 on the first retry, … */
  attempt: number;
  /** Bound to the job's name, id and attempt. Log ids, never the payload. */
  logger: Logger;
  /**
   * Aborted when this run lost its lease (another worker may take the job over): a long handler
   * checks it between chunks and stops, so a job does not run twice at once (issue #13).
   */
  signal?: AbortSignal;
}

/**
 * A job: a name, a zod payload schema and a retry policy. `P` is what the handler receives (the
 * schema's output), `I` what `send` accepts (its input); they differ only for defaults and transforms.
 */
export interface JobDefinition<P, I = P> {
  readonly name: string;
  readonly schema: z.ZodType<P, I>;
  readonly retry: Readonly<Required<RetryPolicy>>;
  handle(payload: P, ctx: JobContext): Promise<void> | void;
}

/** Any job definition, as a worker holds them. */
export type AnyJobDefinition = JobDefinition<unknown, unknown>;

/** A queue name both drivers accept and that reads well in logs: `analysis.retry`, `mail-send`. */
const JOB_NAME = /^[a-z][a-z0-9]*(?:[._-][a-z0-9]+)*$/;

/**
 * Declares a job. The payload is validated with `schema` when the job is consumed, not when it is
 * sent, so a payload written by an older release is caught by the worker that reads it.
 *
 * @example
 * export const retryAnalysis = defineJob({
 *   name: 'analysis.retry',
 *   schema: z.object({ workspaceId: z.string(), itemId: z.string() }),
 *   retry: { limit: 5, backoffSeconds: 30, exponential: true },
 *   async handle({ workspaceId, itemId }, { logger }) {
 *     logger.info({ workspaceId, itemId }, 'reanalysing');
 *   },
 * });
 */
export function defineJob<S extends z.ZodType>(definition: {
  name: string;
  schema: S;
  retry: RetryPolicy;
  handle(payload: z.output<S>, ctx: JobContext): Promise<void> | void;
}): JobDefinition<z.output<S>, z.input<S>> {
  const { name, schema, retry } = definition;
  if (!JOB_NAME.test(name)) {
    throw new Error(`Job name ${JSON.stringify(name)} must be lower-case words joined by ".", "-" or "_"`);
  }
  if (!Number.isInteger(retry.limit) || retry.limit < 0) {
    throw new Error(`Job ${name}: retry.limit must be a whole number >= 0, got ${retry.limit}`);
  }
  if (!Number.isInteger(retry.backoffSeconds) || retry.backoffSeconds < 0) {
    throw new Error(
      `Job ${name}: retry.backoffSeconds must be a whole number >= 0, got ${retry.backoffSeconds}`,
    );
  }
  return {
    name,
    schema: schema as z.ZodType<z.output<S>, z.input<S>>,
    retry: Object.freeze({
      limit: retry.limit,
      backoffSeconds: retry.backoffSeconds,
      exponential: retry.exponential ?? false,
    }),
    handle: (payload, ctx) => definition.handle(payload, ctx),
  };
}

/** A payload that does not match its job's schema. Retrying cannot fix it, so the job fails at once. */
export class InvalidPayloadError extends Error {
  readonly code = 'job_invalid_payload';
  constructor(jobName: string, problems: string) {
    super(`Invalid payload for job ${jobName}: ${problems}`);
    this.name = 'InvalidPayloadError';
  }
}

/**
 * Validates a consumed payload with the job's schema. The error lists paths and zod's messages,
 * which name expected types, never the values, so it is safe to log and to store as the job's error.
 */
export function parsePayload<P>(job: JobDefinition<P, unknown>, raw: unknown): P {
  const result = job.schema.safeParse(raw);
  if (result.success) return result.data;
  const problems = result.error.issues
    .map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`)
    .join('; ');
  throw new InvalidPayloadError(job.name, problems);
}

/** Seconds to wait before the retry that follows failed attempt `attempt` (1-based). */
export function retryDelaySeconds(retry: Required<RetryPolicy>, attempt: number): number {
  if (!retry.exponential) return retry.backoffSeconds;
  // Same cap on the exponent as pg-boss, so the two drivers never wait wildly different times.
  return retry.backoffSeconds * 2 ** Math.min(16, Math.max(0, attempt - 1));
}

/** The message to store for a failure: an Error's message, or the thrown value as text. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message || error.name;
  return typeof error === 'string' ? error : (JSON.stringify(error) ?? String(error));
}
