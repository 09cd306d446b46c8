import type { AnyJobDefinition, JobDefinition } from './job.js';

export interface SendOptions {
  /** Run no sooner than this many seconds from now. */
  delaySeconds?: number;
  /**
   * At most one job of this name and key waits in the queue: while one is queued (not yet started,
   * or waiting for a retry), sending another returns the queued job's id instead of adding one.
   */
  singletonKey?: string;
}

export interface WorkOptions {
  /** Handlers running at the same time per call to `work`. Default 1. */
  concurrency?: number;
  /** How often to look for due jobs when nothing wakes the worker. Default 1000 ms (pg-boss: at least 500). */
  pollMs?: number;
}

/** A job's state, the same words on every driver. */
export type JobState = 'queued' | 'active' | 'done' | 'failed';

/** Jobs per state for one job name. */
export interface JobCounts {
  queued: number;
  active: number;
  failed: number;
  done: number;
}

/** One job as the queue sees it. Carries no payload, so it is safe to log or show. */
export interface JobSnapshot {
  id: string;
  name: string;
  state: JobState;
  /** Attempts started so far (0 while it has never run). */
  attempts: number;
  /** The last failure's message, if any. */
  lastError: string | null;
}

/**
 * A durable job queue. A web process only `send`s; a worker process also calls `work`. Drivers:
 * the `jobs` table (SQLite) and pg-boss (PostgreSQL), chosen in `createJobQueue` only.
 */
export interface JobQueue {
  /** Enqueues a job and returns its id. Works whether or not this instance is working. */
  send<P, I>(job: JobDefinition<P, I>, payload: NoInfer<I>, options?: SendOptions): Promise<string>;
  /** Starts consuming the given jobs in the background; resolves once the workers have started. */
  work(jobs: readonly AnyJobDefinition[], options?: WorkOptions): Promise<void>;
  /** Counts per job name of the jobs the driver still keeps (pg-boss archives finished jobs after 12 h). */
  stats(): Promise<Record<string, JobCounts>>;
  /** One job's state, attempts and last error; undefined when unknown (or already purged). */
  getJob(job: AnyJobDefinition, id: string): Promise<JobSnapshot | undefined>;
  /** Stops taking jobs, waits for running handlers (up to the driver's shutdown timeout) and releases connections. */
  stop(): Promise<void>;
}

/** Thrown by a queue used after `stop()`. */
export class QueueStoppedError extends Error {
  readonly code = 'job_queue_stopped';
  constructor() {
    super('The job queue is stopped');
    this.name = 'QueueStoppedError';
  }
}
