/** What only the table driver does itself: leases, their renewal and their expiry. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { openDatabase, type Database } from '../store/database.js';
import { migrateToLatest } from '../store/migrate.js';
import { defineJob, SqliteJobQueue } from './index.js';

const logger = pino({ level: 'silent' });
let dir: string;
let database: Database;
const queues: SqliteJobQueue[] = [];
const open = (lockSeconds?: number) => {
  const queue = new SqliteJobQueue(database, { logger, lockSeconds });
  queues.push(queue);
  return queue;
};

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

let counter = 0;
function job(handle: (attempt: number) => Promise<void> | void = () => undefined) {
  const attempts: number[] = [];
  const definition = defineJob({
    name: `test.lease-${++counter}`,
    schema: z.object({ id: z.string() }),
    retry: { limit: 2, backoffSeconds: 0 },
    async handle(_payload, ctx) {
      attempts.push(ctx.attempt);
      await handle(ctx.attempt);
    },
  });
  return { definition, attempts };
}

/** Puts a row in the state a worker leaves behind when it dies mid-run. */
async function abandoned(name: string, attempts: number, maxAttempts: number): Promise<string> {
  const now = new Date().toISOString();
  const id = `crashed-${++counter}`;
  await database.db
    .insertInto('jobs')
    .values({
      id,
      name,
      payload: JSON.stringify({ id: 'x' }),
      state: 'active',
      attempts,
      max_attempts: maxAttempts,
      run_at: now,
      locked_until: new Date(Date.now() - 1000).toISOString(),
      created_at: now,
    })
    .execute();
  return id;
}

describe('SqliteJobQueue leases', () => {
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-jobs-lease-'));
    database = openDatabase({ dialect: 'sqlite', file: path.join(dir, 'jobs.db') });
    await migrateToLatest(database);
  });
  afterEach(async () => {
    await Promise.all(queues.splice(0).map((q) => q.stop()));
  });
  afterAll(async () => {
    await database.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs again a job whose worker crashed, once its lease expires', async () => {
    const { definition, attempts } = job();
    const id = await abandoned(definition.name, 1, 3);
    await open().work([definition], { pollMs: 50 });
    await until('the job to be done', async () => (await open().getJob(definition, id))?.state === 'done');
    expect(attempts).toEqual([2]);
  });

  it('fails a job whose lease expired on its last attempt, without running it again', async () => {
    const { definition, attempts } = job();
    const id = await abandoned(definition.name, 3, 3);
    const queue = open();
    await queue.work([definition], { pollMs: 50 });
    await until('the job to fail', async () => (await queue.getJob(definition, id))?.state === 'failed');
    expect((await queue.getJob(definition, id))?.lastError).toMatch(/lease expired/);
    expect(attempts).toEqual([]);
  });

  it('renews the lease of a long handler, so a second worker does not take its job', async () => {
    const { definition, attempts } = job(() => new Promise((resolve) => setTimeout(resolve, 2_500)));
    const first = open(1);
    const second = open(1);
    await first.work([definition], { pollMs: 50 });
    await second.work([definition], { pollMs: 50 });
    const id = await first.send(definition, { id: 'long' });
    await until('the job to be done', async () => (await first.getJob(definition, id))?.state === 'done');
    expect(attempts).toEqual([1]);
  });

  it('tells a running handler when its lease was taken over, so it stops instead of running twice', async () => {
    let signal: AbortSignal | undefined;
    let stopped = false;
    const definition = defineJob({
      name: `test.lease-${++counter}`,
      schema: z.object({ id: z.string() }),
      retry: { limit: 0, backoffSeconds: 0 },
      async handle(_payload, ctx) {
        signal = ctx.signal;
        // A sweep: chunks with the event loop free between them, until told to stop.
        for (let i = 0; i < 400 && !ctx.signal?.aborted; i++) await new Promise((r) => setTimeout(r, 10));
        stopped = ctx.signal?.aborted ?? false;
      },
    });
    const queue = open(1);
    await queue.work([definition], { pollMs: 50 });
    const id = await queue.send(definition, { id: 'taken' });
    await until('the handler to start', () => Promise.resolve(signal !== undefined));
    expect(signal?.aborted).toBe(false);
    // Another worker claimed it after the lease expired (as when the event loop was blocked).
    await database.db
      .updateTable('jobs')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .execute();
    await until('the handler to stop', () => Promise.resolve(stopped));
    expect(signal?.aborted).toBe(true);
  });
});
