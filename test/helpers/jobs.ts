import pino from 'pino';
import type { JobDefinition } from '../../src/jobs/index.js';

const silent = pino({ level: 'silent' });

/** Runs a job's handler in-process with a parsed payload, as a worker would: no queue, no waiting. */
export async function runJob<P, I>(job: JobDefinition<P, I>, payload: I, attempt = 1): Promise<void> {
  await job.handle(job.schema.parse(payload), { jobId: 'test', attempt, logger: silent });
}
