import pg from 'pg';
import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { PollLoop, timedOut } from './poll-loop.js';
import {
  errorMessage,
  InvalidPayloadError,
  parsePayload,
  type AnyJobDefinition,
  type JobDefinition,
} from './job.js';
import {
  QueueStoppedError,
  type JobCounts,
  type JobQueue,
  type JobSnapshot,
  type JobState,
  type SendOptions,
  type WorkOptions,
} from './queue.js';

export interface PgBossQueueOptions {
  /** The PostgreSQL database; pg-boss keeps its tables in `schema` there. */
  connectionString: string;
  logger: Logger;
  /** Default `pgboss`. */
  schema?: string;
  /** Connections in the pool shared by pg-boss and this driver. Default 10. */
  poolSize?: number;
  /** How long `stop()` waits for running handlers; pg-boss then fails what is left. Default 30 s. */
  shutdownTimeoutMs?: number;
}

const DEFAULTS = { schema: 'pgboss', poolSize: 10, shutdownTimeoutMs: 30_000 } satisfies Omit<
  Required<PgBossQueueOptions>,
  'connectionString' | 'logger'
>;

const WORK_DEFAULTS = { concurrency: 1, pollMs: 1000 } satisfies Required<WorkOptions>;

/**
 * pg-boss expires an active job after 15 minutes (v10's default `expireInSeconds`) and may hand it to
 * another worker; the handler's signal is aborted a minute before, so it stops instead of running twice.
 */
const STOP_BEFORE_EXPIRY_MS = 14 * 60 * 1000;

/** Fetching more often only loads PostgreSQL; pg-boss's own `work()` refuses less than 500 ms too. */
const MIN_POLL_MS = 500;

const STATES: Record<string, JobState> = {
  created: 'queued',
  retry: 'queued',
  active: 'active',
  completed: 'done',
  cancelled: 'failed',
  failed: 'failed',
};

/**
 * The PostgreSQL job driver: pg-boss v10 over one `pg` pool that this driver owns. Retry policies
 * map to `retryLimit` / `retryDelay` / `retryBackoff`; each job name is a pg-boss queue, created on
 * first use (v10 drops sends to a queue that does not exist).
 *
 * Workers `fetch` and `complete`/`fail` themselves instead of using `boss.work()`: v10's worker
 * fires `complete()` without awaiting it, so a `stop()` that closes the pool right after a handler
 * returned raised an unhandled rejection ("Cannot use a pool after calling end on the pool") in this
 * suite — which would crash a Node process. Our own loop awaits every completion before it stops.
 */
export class PgBossJobQueue implements JobQueue {
  readonly #pool: pg.Pool;
  readonly #boss: PgBoss;
  readonly #logger: Logger;
  readonly #schema: string;
  readonly #shutdownTimeoutMs: number;
  readonly #queues = new Map<string, Promise<void>>();
  /** Running `work()` loops, woken when this process sends one of their jobs. */
  readonly #loops: { names: ReadonlySet<string>; loop: PollLoop<Fetched> }[] = [];
  /** Aborted by `stop()`: running handlers see it in their signal and wind down within the grace. */
  readonly #shutdown = new AbortController();
  #started: Promise<void> | undefined;
  #stopping: Promise<void> | undefined;

  constructor(options: PgBossQueueOptions) {
    const { schema, poolSize, shutdownTimeoutMs } = { ...DEFAULTS, ...options };
    if (!/^[a-z_][a-z0-9_]*$/.test(schema))
      throw new Error(`Invalid pg-boss schema name ${JSON.stringify(schema)}`);
    this.#schema = schema;
    this.#shutdownTimeoutMs = shutdownTimeoutMs;
    this.#logger = options.logger.child({ component: 'jobs', driver: 'pg-boss' });
    this.#pool = new pg.Pool({
      connectionString: options.connectionString,
      max: poolSize,
      application_name: 'touchpoint-jobs',
    });
    this.#pool.on('error', (err) => this.#logger.error({ err }, 'idle job queue connection failed'));
    const pool = this.#pool;
    this.#boss = new PgBoss({
      db: { executeSql: (text, values) => pool.query(text, values) },
      schema,
      // No cron schedules yet; the timekeeper would only poll for them.
      schedule: false,
    });
    this.#boss.on('error', (err) => this.#logger.error({ err }, 'pg-boss error'));
  }

  async send<P, I>(
    job: JobDefinition<P, I>,
    payload: NoInfer<I>,
    options: SendOptions = {},
  ): Promise<string> {
    if (this.#stopping) throw new QueueStoppedError();
    await this.#queue(job.name);
    const sendOptions: PgBoss.SendOptions = {
      retryLimit: job.retry.limit,
      retryDelay: job.retry.backoffSeconds,
      retryBackoff: job.retry.exponential,
      ...(options.delaySeconds ? { startAfter: options.delaySeconds } : {}),
    };
    // pg-boss wants an object; JSON payloads are objects in practice (the schema decides).
    const data = payload as object;
    const id =
      options.singletonKey === undefined
        ? await this.#boss.send(job.name, data, sendOptions)
        : await this.#sendSingleton(job.name, data, sendOptions, options.singletonKey);
    if (id === null) throw new Error(`pg-boss did not accept job ${job.name}`);
    for (const { names, loop } of this.#loops) if (names.has(job.name)) loop.wake();
    return id;
  }

  async work(jobs: readonly AnyJobDefinition[], options: WorkOptions = {}): Promise<void> {
    if (this.#stopping) throw new QueueStoppedError();
    const { concurrency, pollMs } = { ...WORK_DEFAULTS, ...options };
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error(`concurrency must be >= 1, got ${concurrency}`);
    const byName = new Map(jobs.map((job) => [job.name, job]));
    if (byName.size !== jobs.length) throw new Error('A job is listed twice');
    if (byName.size === 0) return;
    for (const name of byName.keys()) await this.#queue(name);
    const names = [...byName.keys()];
    let next = 0;
    const loop = new PollLoop<Fetched>({
      concurrency,
      pollMs: Math.max(MIN_POLL_MS, pollMs),
      logger: this.#logger,
      // One fetch per name, starting after the last name served, so no job name starves the others.
      claim: async () => {
        for (let i = 0; i < names.length; i++) {
          const name = names[(next + i) % names.length]!;
          const [item] = await this.#boss.fetch<unknown>(name, { includeMetadata: true, batchSize: 1 });
          if (item !== undefined) {
            next = (next + i + 1) % names.length;
            return { job: byName.get(name)!, item };
          }
        }
        return undefined;
      },
      execute: ({ job, item }) => this.#execute(job, item),
    });
    this.#loops.push({ names: new Set(names), loop });
    loop.start();
    this.#logger.info({ jobs: names, concurrency }, 'job worker started');
  }

  async stats(): Promise<Record<string, JobCounts>> {
    await this.#start();
    const { rows } = await this.#pool.query<{ name: string; state: string; count: string }>(
      `SELECT name, state::text AS state, count(*) AS count FROM ${this.#schema}.job GROUP BY name, state`,
    );
    const stats: Record<string, JobCounts> = {};
    for (const { name, state, count } of rows) {
      const mapped = STATES[state];
      if (mapped === undefined || name.startsWith('__pgboss__')) continue;
      const counts = (stats[name] ??= { queued: 0, active: 0, failed: 0, done: 0 });
      counts[mapped] += Number(count);
    }
    return stats;
  }

  async getJob(job: AnyJobDefinition, id: string): Promise<JobSnapshot | undefined> {
    await this.#start();
    const found = await this.#boss.getJobById<unknown>(job.name, id, { includeArchive: true });
    if (found === null) return undefined;
    const output = found.output as { message?: unknown } | null;
    const failedBefore = found.state === 'failed' || found.state === 'retry';
    return {
      id: found.id,
      name: found.name,
      state: STATES[found.state] ?? 'failed',
      attempts: found.startedOn === null ? 0 : found.retryCount + 1,
      lastError: failedBefore && typeof output?.message === 'string' ? output.message : null,
    };
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#shutdown.abort();
      const loops = Promise.all(this.#loops.map(({ loop }) => loop.stop()));
      if (await timedOut(loops, this.#shutdownTimeoutMs)) {
        // Closing the pool now fails their completions; pg-boss expires and retries those jobs later.
        this.#logger.warn({ timeoutMs: this.#shutdownTimeoutMs }, 'job handlers still running at shutdown');
      }
      if (this.#started !== undefined) {
        await this.#started.catch(() => undefined);
        await this.#boss.stop({ graceful: false, close: false });
      }
      await this.#pool.end();
    })();
    return this.#stopping;
  }

  /** Starts pg-boss once (installing or migrating its schema), on first use, so a sender need not `work`. */
  #start(): Promise<void> {
    if (this.#stopping) return Promise.reject(new QueueStoppedError());
    this.#started ??= this.#boss.start().then(() => undefined);
    return this.#started;
  }

  #queue(name: string): Promise<void> {
    let created = this.#queues.get(name);
    if (created === undefined) {
      created = this.#start().then(() => this.#boss.createQueue(name));
      created.catch(() => this.#queues.delete(name));
      this.#queues.set(name, created);
    }
    return created;
  }

  /**
   * pg-boss v10 deduplicates by key only under queue policies that also treat every key-less job as
   * one key ('short', 'stately'), so the check is ours: under an advisory lock on (name, key), reuse a
   * job still waiting (`created` or `retry`), else insert in the same transaction.
   */
  async #sendSingleton(
    name: string,
    data: object,
    options: PgBoss.SendOptions,
    key: string,
  ): Promise<string | null> {
    const client = await this.#pool.connect();
    try {
      await client.query('BEGIN');
      await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
        `touchpoint.jobs:${name}:${key}`,
      ]);
      const { rows } = await client.query<{ id: string }>(
        `SELECT id FROM ${this.#schema}.job WHERE name = $1 AND singleton_key = $2 AND state < 'active' LIMIT 1`,
        [name, key],
      );
      const id =
        rows[0]?.id ??
        (await this.#boss.send(name, data, {
          ...options,
          singletonKey: key,
          db: { executeSql: (text, values) => client.query(text, values) },
        }));
      await client.query('COMMIT');
      return id;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw err;
    } finally {
      client.release();
    }
  }

  /** Runs one fetched job and records the outcome with pg-boss, awaited, before the slot frees up. */
  async #execute(job: AnyJobDefinition, item: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const attempt = item.retryCount + 1;
    const logger = this.#logger.child({ job: job.name, jobId: item.id, attempt });
    let payload: unknown;
    try {
      payload = parsePayload(job, item.data);
    } catch (err) {
      const error =
        err instanceof InvalidPayloadError ? err : new InvalidPayloadError(job.name, errorMessage(err));
      logger.error({ code: error.code, err: error.message }, 'job failed: invalid payload, not retrying');
      // pg-boss retries while retry_count < retry_limit; closing that gap makes this failure final.
      await this.#pool.query(
        `UPDATE ${this.#schema}.job SET retry_limit = retry_count WHERE name = $1 AND id = $2`,
        [job.name, item.id],
      );
      await this.#boss.fail(job.name, item.id, { name: error.name, message: error.message });
      return;
    }
    const started = Date.now();
    const expiring = new AbortController();
    const timer = setTimeout(() => expiring.abort(), STOP_BEFORE_EXPIRY_MS);
    timer.unref();
    try {
      const signal = AbortSignal.any([expiring.signal, this.#shutdown.signal]);
      await job.handle(payload, { jobId: item.id, attempt, logger, signal });
    } catch (err) {
      const message = errorMessage(err);
      if (attempt <= item.retryLimit) logger.warn({ err: message }, 'job failed; will retry');
      else logger.error({ err: message }, 'job failed; no retries left');
      await this.#boss.fail(job.name, item.id, err instanceof Error ? err : { message });
      return;
    } finally {
      clearTimeout(timer);
    }
    logger.info({ ms: Date.now() - started }, 'job done');
    await this.#boss.complete(job.name, item.id);
  }
}

interface Fetched {
  job: AnyJobDefinition;
  item: PgBoss.JobWithMetadata<unknown>;
}
