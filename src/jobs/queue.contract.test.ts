/**
 * One contract, every driver: the same cases run on the `jobs` table (SQLite) and on pg-boss
 * (PostgreSQL). PostgreSQL must be reachable: these tests fail, never skip, without it.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import {
  createJobQueue,
  defineJob,
  type JobContext,
  type JobQueue,
  type JobSnapshot,
  type RetryPolicy,
} from './index.js';

const PG_ADMIN_URL =
  process.env.TOUCHPOINT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const logger = pino({ level: 'silent' });

interface Driver {
  name: string;
  /** Opens the database; returns a factory of queue instances over it and a cleanup. */
  setup(): Promise<{ database: Database; connectionString?: string; teardown(): Promise<void> }>;
}

const DRIVERS: Driver[] = [
  {
    name: 'sqlite (jobs table)',
    async setup() {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-jobs-'));
      const database = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'jobs.db') });
      await migrateToLatest(database);
      return {
        database,
        async teardown() {
          await database.destroy();
          fs.rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  },
  {
    name: 'postgres (pg-boss)',
    async setup() {
      const dbName = `tp_jobs_${randomBytes(6).toString('hex')}`;
      const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
      await admin.connect(); // throws when PostgreSQL is unreachable: the suite fails, it does not skip
      await admin.query(`CREATE DATABASE ${dbName}`);
      await admin.end();
      const url = new URL(PG_ADMIN_URL);
      url.pathname = `/${dbName}`;
      const database = openDatabase({ dialect: 'postgres', url: url.toString() });
      await migrateToLatest(database);
      return {
        database,
        connectionString: url.toString(),
        async teardown() {
          await database.destroy();
          const admin2 = new pg.Client({ connectionString: PG_ADMIN_URL });
          await admin2.connect();
          await admin2.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
          await admin2.end();
        },
      };
    },
  },
];

/** Polls `check` until it returns a value other than undefined/false, or fails after `timeoutMs`. */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let counter = 0;
/** A job name unique to this test, so cases sharing a database never see each other's jobs. */
const uniqueName = (base: string) => `test.${base}-${process.pid}-${++counter}`;

/** A job that records its calls; `behaviour` decides each call's outcome. */
function recordingJob<S extends z.ZodType>(
  base: string,
  schema: S,
  retry: RetryPolicy,
  behaviour: (payload: z.output<S>, ctx: JobContext) => Promise<void> | void = () => undefined,
) {
  const calls: { payload: z.output<S>; jobId: string; attempt: number; at: number }[] = [];
  const job = defineJob({
    name: uniqueName(base),
    schema,
    retry,
    async handle(payload, ctx) {
      calls.push({ payload, jobId: ctx.jobId, attempt: ctx.attempt, at: Date.now() });
      await behaviour(payload, ctx);
    },
  });
  return { job, calls };
}

const ItemPayload = z.object({ itemId: z.string(), priority: z.number().int().default(1) });
const NO_RETRY = { limit: 0, backoffSeconds: 0 };

describe.each(DRIVERS)('job queue contract: $name', (driver) => {
  let env: Awaited<ReturnType<Driver['setup']>>;
  const opened: JobQueue[] = [];
  const open = () => {
    const queue = createJobQueue(env.database, { connectionString: env.connectionString, logger });
    opened.push(queue);
    return queue;
  };
  const stateOf = (
    queue: JobQueue,
    job: Parameters<JobQueue['getJob']>[0],
    id: string,
    state: JobSnapshot['state'],
  ) =>
    until(`job ${id} to be ${state}`, async () => {
      const snapshot = await queue.getJob(job, id);
      return snapshot?.state === state ? snapshot : undefined;
    });

  beforeAll(async () => {
    env = await driver.setup();
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((q) => q.stop()));
  });
  afterAll(async () => {
    await env?.teardown();
  });

  it('runs a job once with its parsed payload', async () => {
    const { job, calls } = recordingJob('once', ItemPayload, NO_RETRY);
    const queue = open();
    await queue.work([job], { pollMs: 500 });
    const id = await queue.send(job, { itemId: 'item-1' });

    const done = await stateOf(queue, job, id, 'done');
    expect(done).toEqual({ id, name: job.name, state: 'done', attempts: 1, lastError: null });
    expect(calls.map(({ at: _at, ...call }) => call)).toEqual([
      { payload: { itemId: 'item-1', priority: 1 }, jobId: id, attempt: 1 },
    ]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(calls).toHaveLength(1);
    expect((await queue.stats())[job.name]).toEqual({ queued: 0, active: 0, failed: 0, done: 1 });
  });

  it('wakes an idle worker when the same process sends', async () => {
    const { job, calls } = recordingJob('nudge', ItemPayload, NO_RETRY);
    const queue = open();
    await queue.work([job], { pollMs: 20_000 });
    await new Promise((resolve) => setTimeout(resolve, 200)); // let the first (empty) poll pass
    const sentAt = Date.now();
    const id = await queue.send(job, { itemId: 'item-2' });
    await stateOf(queue, job, id, 'done');
    expect(calls[0]!.at - sentAt).toBeLessThan(5_000);
  });

  it('retries a failing job with backoff, then marks it failed with its error', async () => {
    const { job, calls } = recordingJob(
      'retry',
      ItemPayload,
      { limit: 2, backoffSeconds: 1 },
      (_p, { attempt }) => {
        throw new Error(`boom on attempt ${attempt}`);
      },
    );
    const queue = open();
    await queue.work([job], { pollMs: 500 });
    const id = await queue.send(job, { itemId: 'item-3' });

    const failed = await stateOf(queue, job, id, 'failed');
    expect(failed).toMatchObject({ state: 'failed', attempts: 3, lastError: 'boom on attempt 3' });
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(900);
    expect((await queue.stats())[job.name]).toMatchObject({ failed: 1, queued: 0, active: 0 });
  });

  it('fails a job with a bad payload at once, without retrying or calling the handler', async () => {
    const { job, calls } = recordingJob('bad-payload', ItemPayload, { limit: 3, backoffSeconds: 0 });
    const queue = open();
    await queue.work([job], { pollMs: 500 });
    // A payload written by an older release, say: the types no longer describe it.
    const id = await queue.send(job, { itemId: 42 } as unknown as z.input<typeof ItemPayload>);

    const failed = await stateOf(queue, job, id, 'failed');
    expect(failed.attempts).toBe(1);
    expect(failed.lastError).toMatch(/^Invalid payload for job test\.bad-payload.*: itemId: /);
    expect(calls).toHaveLength(0);
  });

  it('deduplicates queued jobs by singletonKey', async () => {
    const { job, calls } = recordingJob('singleton', ItemPayload, NO_RETRY);
    const sender = open();
    const first = await sender.send(job, { itemId: 'a' }, { singletonKey: 'item-a' });
    const again = await sender.send(job, { itemId: 'a' }, { singletonKey: 'item-a' });
    const other = await sender.send(job, { itemId: 'b' }, { singletonKey: 'item-b' });
    const plain1 = await sender.send(job, { itemId: 'c' });
    const plain2 = await sender.send(job, { itemId: 'c' });
    expect(again).toBe(first);
    expect(new Set([first, other, plain1, plain2]).size).toBe(4);
    expect((await sender.stats())[job.name]).toMatchObject({ queued: 4 });

    await sender.work([job], { pollMs: 500 });
    await until('four jobs done', async () => (await sender.stats())[job.name]?.done === 4);
    expect(calls.map((c) => c.payload.itemId).sort()).toEqual(['a', 'b', 'c', 'c']);
    // Once the keyed job has run, the key is free again.
    const later = await sender.send(job, { itemId: 'a' }, { singletonKey: 'item-a' });
    expect(later).not.toBe(first);
  });

  it('keeps jobs across a restart: sent by one instance, worked by the next', async () => {
    const { job, calls } = recordingJob('restart', ItemPayload, NO_RETRY);
    const web = open();
    const id = await web.send(job, { itemId: 'durable', priority: 3 });
    await web.stop();

    const worker = open();
    await worker.work([job], { pollMs: 500 });
    await stateOf(worker, job, id, 'done');
    expect(calls.map((c) => c.payload)).toEqual([{ itemId: 'durable', priority: 3 }]);
  });

  it('honours delaySeconds', async () => {
    const { job, calls } = recordingJob('delay', ItemPayload, NO_RETRY);
    const queue = open();
    await queue.work([job], { pollMs: 500 });
    const sentAt = Date.now();
    const id = await queue.send(job, { itemId: 'later' }, { delaySeconds: 1 });
    await stateOf(queue, job, id, 'done');
    expect(calls[0]!.at - sentAt).toBeGreaterThanOrEqual(900);
  });

  it('stop() waits for a running handler to finish and records its result', async () => {
    let finished = false;
    const { job, calls } = recordingJob('graceful', ItemPayload, NO_RETRY, async () => {
      await new Promise((resolve) => setTimeout(resolve, 700));
      finished = true;
    });
    const queue = open();
    await queue.work([job], { pollMs: 500 });
    const id = await queue.send(job, { itemId: 'slow' });
    await until('the handler to start', () => Promise.resolve(calls.length === 1));

    await queue.stop();
    expect(finished).toBe(true);
    await expect(queue.send(job, { itemId: 'after' })).rejects.toThrow(/stopped/);

    const inspector = open();
    expect(await inspector.getJob(job, id)).toMatchObject({ state: 'done', attempts: 1 });
  });

  it("stop() aborts a running handler's signal, so long work winds down and its result is recorded", async () => {
    let aborted = false;
    const { job, calls } = recordingJob('wind-down', ItemPayload, NO_RETRY, async (_payload, ctx) => {
      // Long work that checks its signal between slices (the re-analysis after training does).
      for (let i = 0; i < 600 && !ctx.signal?.aborted; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      aborted = ctx.signal?.aborted ?? false;
    });
    const queue = open();
    await queue.work([job], { pollMs: 500 });
    const id = await queue.send(job, { itemId: 'long' });
    await until('the handler to start', () => Promise.resolve(calls.length === 1));

    await queue.stop();
    expect(aborted).toBe(true);
    const inspector = open();
    expect(await inspector.getJob(job, id)).toMatchObject({ state: 'done', attempts: 1 });
  });
});
