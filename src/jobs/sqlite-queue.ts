import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { sql, type ExpressionBuilder, type Selectable } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import type { DB, JobsTable } from '../store/schema.js';
import { PollLoop, timedOut } from './poll-loop.js';
import {
  errorMessage,
  InvalidPayloadError,
  parsePayload,
  retryDelaySeconds,
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

export interface SqliteQueueOptions {
  logger: Logger;
  /**
   * How long a claimed job stays locked without a heartbeat. A running handler renews the lock every
   * third of it, so only a crashed worker's job outlives it — and then becomes due again.
   */
  lockSeconds?: number;
  /** How long `stop()` waits for running handlers before giving up on them (their locks then expire). */
  shutdownTimeoutMs?: number;
  /** Finished (`done`) jobs older than this are deleted by working queues, at most once an hour. */
  retentionDays?: number;
}

const DEFAULTS = {
  lockSeconds: 60,
  shutdownTimeoutMs: 30_000,
  retentionDays: 7,
} satisfies Omit<Required<SqliteQueueOptions>, 'logger'>;

const WORK_DEFAULTS = { concurrency: 1, pollMs: 1000 } satisfies Required<WorkOptions>;

const PURGE_EVERY_MS = 60 * 60 * 1000;

/**
 * `send` wakes the workers of every queue instance in this process at once instead of at their next
 * poll; the web and worker roles may hold separate instances over the same file.
 */
const nudges = new EventEmitter();
nudges.setMaxListeners(0);

type JobRow = Selectable<JobsTable>;

/**
 * The job driver over the dialect-neutral `jobs` table, meant for SQLite (on PostgreSQL, pg-boss is
 * the driver; this one works there too but its `singletonKey` check is not race-free under READ COMMITTED).
 *
 * A worker claims one due job per statement (`UPDATE … WHERE id = (SELECT … LIMIT 1) … RETURNING`),
 * which SQLite runs atomically; the row's `locked_until` is its lease.
 */
export class SqliteJobQueue implements JobQueue {
  readonly #database: Database;
  readonly #logger: Logger;
  readonly #options: Required<Omit<SqliteQueueOptions, 'logger'>>;
  readonly #workers = new Set<TableWorker>();
  #stopping: Promise<void> | undefined;

  constructor(database: Database, options: SqliteQueueOptions) {
    this.#database = database;
    this.#logger = options.logger.child({ component: 'jobs', driver: 'table' });
    this.#options = {
      lockSeconds: options.lockSeconds ?? DEFAULTS.lockSeconds,
      shutdownTimeoutMs: options.shutdownTimeoutMs ?? DEFAULTS.shutdownTimeoutMs,
      retentionDays: options.retentionDays ?? DEFAULTS.retentionDays,
    };
  }

  async send<P, I>(
    job: JobDefinition<P, I>,
    payload: NoInfer<I>,
    options: SendOptions = {},
  ): Promise<string> {
    if (this.#stopping) throw new QueueStoppedError();
    const now = Date.now();
    const row = {
      id: randomUUID(),
      name: job.name,
      payload: JSON.stringify(payload),
      state: 'queued',
      max_attempts: job.retry.limit + 1,
      run_at: new Date(now + Math.max(0, options.delaySeconds ?? 0) * 1000).toISOString(),
      singleton_key: options.singletonKey ?? null,
      created_at: new Date(now).toISOString(),
    };
    const id =
      row.singleton_key === null
        ? await this.#insert(row)
        : await this.#insertSingleton(row, row.singleton_key);
    nudges.emit('sent', job.name);
    return id;
  }

  async work(jobs: readonly AnyJobDefinition[], options: WorkOptions = {}): Promise<void> {
    if (this.#stopping) throw new QueueStoppedError();
    const { concurrency, pollMs } = { ...WORK_DEFAULTS, ...options };
    if (!Number.isInteger(concurrency) || concurrency < 1)
      throw new Error(`concurrency must be >= 1, got ${concurrency}`);
    const byName = new Map<string, AnyJobDefinition>();
    for (const job of jobs) {
      if (byName.has(job.name)) throw new Error(`Job ${job.name} is listed twice`);
      byName.set(job.name, job);
    }
    if (byName.size === 0) return;
    // Fail here, loudly, when the table is missing (migrations not run) rather than in every poll.
    await this.#database.db.selectFrom('jobs').select('id').limit(1).execute();
    const worker = new TableWorker(this.#database, this.#logger, byName, {
      ...this.#options,
      concurrency,
      pollMs,
    });
    this.#workers.add(worker);
    worker.start();
    this.#logger.info({ jobs: [...byName.keys()], concurrency }, 'job worker started');
  }

  async stats(): Promise<Record<string, JobCounts>> {
    const rows = await this.#database.db
      .selectFrom('jobs')
      .select(['name', 'state', (eb) => eb.fn.countAll<number>().as('count')])
      .groupBy(['name', 'state'])
      .execute();
    const stats: Record<string, JobCounts> = {};
    for (const { name, state, count } of rows) {
      const counts = (stats[name] ??= { queued: 0, active: 0, failed: 0, done: 0 });
      if (isJobState(state)) counts[state] += Number(count);
    }
    return stats;
  }

  async getJob(job: AnyJobDefinition, id: string): Promise<JobSnapshot | undefined> {
    const row = await this.#database.db
      .selectFrom('jobs')
      .select(['id', 'name', 'state', 'attempts', 'last_error'])
      .where('id', '=', id)
      .where('name', '=', job.name)
      .executeTakeFirst();
    if (row === undefined || !isJobState(row.state)) return undefined;
    return {
      id: row.id,
      name: row.name,
      state: row.state,
      attempts: row.attempts,
      lastError: row.last_error,
    };
  }

  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      const workers = [...this.#workers];
      const settled = Promise.all(workers.map((w) => w.stop()));
      if (await timedOut(settled, this.#options.shutdownTimeoutMs)) {
        this.#logger.warn(
          { timeoutMs: this.#options.shutdownTimeoutMs },
          'job handlers still running at shutdown; their locks will expire and the jobs run again',
        );
      }
    })();
    return this.#stopping;
  }

  async #insert(row: NewJob): Promise<string> {
    await this.#database.db.insertInto('jobs').values(row).execute();
    return row.id;
  }

  /**
   * Inserts unless a job of the same name and key is queued, in one statement (atomic on SQLite),
   * and returns the queued job's id otherwise.
   */
  async #insertSingleton(row: NewJob, key: string): Promise<string> {
    const { db, dialect } = this.#database;
    // PostgreSQL types bare parameters in INSERT … SELECT as text; timestamps need a cast there.
    const ts = (v: string) =>
      dialect === 'postgres' ? sql<string>`cast(${v} as timestamptz)` : sql<string>`${v}`;
    const queued = (eb: ExpressionBuilder<DB, 'jobs'>) =>
      eb.and([eb('name', '=', row.name), eb('singleton_key', '=', key), eb('state', '=', 'queued')]);
    // A queued twin can be claimed between the two statements; then insert again.
    for (let tries = 0; tries < 5; tries++) {
      const result = await db
        .insertInto('jobs')
        .columns(['id', 'name', 'payload', 'state', 'max_attempts', 'run_at', 'singleton_key', 'created_at'])
        .expression(
          db
            .selectNoFrom((eb) => [
              eb.val(row.id).as('id'),
              eb.val(row.name).as('name'),
              eb.val(row.payload).as('payload'),
              eb.val(row.state).as('state'),
              sql<number>`cast(${row.max_attempts} as integer)`.as('max_attempts'),
              ts(row.run_at).as('run_at'),
              eb.val(key).as('singleton_key'),
              ts(row.created_at).as('created_at'),
            ])
            .where((eb) => eb.not(eb.exists(eb.selectFrom('jobs').select('id').where(queued)))),
        )
        .executeTakeFirst();
      if (Number(result.numInsertedOrUpdatedRows ?? 0) > 0) return row.id;
      const twin = await db.selectFrom('jobs').select('id').where(queued).executeTakeFirst();
      if (twin !== undefined) {
        this.#logger.debug({ job: row.name, jobId: twin.id }, 'job already queued under its singleton key');
        return twin.id;
      }
    }
    throw new Error(`Could not enqueue job ${row.name}: its singleton key kept changing hands`);
  }
}

interface NewJob {
  id: string;
  name: string;
  payload: string;
  state: string;
  max_attempts: number;
  run_at: string;
  singleton_key: string | null;
  created_at: string;
}

interface WorkerSettings {
  lockSeconds: number;
  retentionDays: number;
  concurrency: number;
  pollMs: number;
}

/** One `work()` call: claims due rows of its job names and runs them. */
class TableWorker {
  readonly #loop: PollLoop<JobRow>;
  /** Aborted by `stop()`: running handlers see it in their signal and wind down within the grace. */
  readonly #shutdown = new AbortController();
  readonly #onSent = (name: string) => {
    if (this.jobs.has(name)) this.#loop.wake();
  };
  #lastPurge = 0;

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    readonly jobs: ReadonlyMap<string, AnyJobDefinition>,
    private readonly settings: WorkerSettings,
  ) {
    this.#loop = new PollLoop({
      concurrency: settings.concurrency,
      pollMs: settings.pollMs,
      logger,
      claim: async () => {
        await this.#purgeNowAndThen();
        return this.#claim();
      },
      execute: (row) => this.#execute(row),
    });
  }

  start(): void {
    nudges.on('sent', this.#onSent);
    this.#loop.start();
  }

  /** Stops claiming, asks running handlers to stop (their signal), and resolves when they have. */
  async stop(): Promise<void> {
    this.#shutdown.abort();
    nudges.off('sent', this.#onSent);
    await this.#loop.stop();
  }

  /** Due: queued and past `run_at`, or active with an expired lease (its worker died). */
  #due(now: string) {
    return (eb: ExpressionBuilder<DB, 'jobs'>) =>
      eb.or([
        eb.and([eb('state', '=', 'queued'), eb('run_at', '<=', now)]),
        eb.and([eb('state', '=', 'active'), eb('locked_until', '<=', now)]),
      ]);
  }

  async #claim(): Promise<JobRow | undefined> {
    const { db, dialect } = this.database;
    const now = new Date().toISOString();
    const due = this.#due(now);
    const next = db
      .selectFrom('jobs')
      .select('id')
      .where('name', 'in', [...this.jobs.keys()])
      .where(due)
      .orderBy('run_at')
      .limit(1)
      .$if(dialect === 'postgres', (qb) => qb.forUpdate().skipLocked());
    // `due` again on the outer row: on PostgreSQL a concurrent claimer may have won it meanwhile.
    return db
      .updateTable('jobs')
      .set((eb) => ({ state: 'active', attempts: eb('attempts', '+', 1), locked_until: this.#leaseEnd() }))
      .where('id', '=', next)
      .where(due)
      .returningAll()
      .executeTakeFirst();
  }

  #leaseEnd(): string {
    return new Date(Date.now() + this.settings.lockSeconds * 1000).toISOString();
  }

  /** Runs one claimed job to its next state. Never rejects. */
  async #execute(row: JobRow): Promise<void> {
    const job = this.jobs.get(row.name);
    const attempt = row.attempts;
    const logger = this.logger.child({ job: row.name, jobId: row.id, attempt });
    if (job === undefined) return; // unreachable: claims filter by name
    if (attempt > row.max_attempts) {
      // Claimed again after its lease expired on the last allowed attempt: the worker died mid-run.
      await this.#finish(
        row,
        'failed',
        'lease expired on the last attempt (the worker stopped or crashed)',
        logger,
      );
      return;
    }
    let payload: unknown;
    try {
      payload = parsePayload(job, JSON.parse(row.payload));
    } catch (err) {
      const error =
        err instanceof InvalidPayloadError ? err : new InvalidPayloadError(job.name, errorMessage(err));
      logger.error({ code: error.code, err: error.message }, 'job failed: invalid payload, not retrying');
      await this.#finish(row, 'failed', error.message, logger);
      return;
    }
    const lease = new AbortController();
    const heartbeat = setInterval(
      () => {
        void this.#renewLease(row, logger).then((held) => {
          if (!held && !lease.signal.aborted) {
            logger.warn('job lease lost while running; asking the handler to stop');
            lease.abort();
          }
        });
      },
      (this.settings.lockSeconds * 1000) / 3,
    );
    heartbeat.unref();
    const started = Date.now();
    try {
      const signal = AbortSignal.any([lease.signal, this.#shutdown.signal]);
      await job.handle(payload, { jobId: row.id, attempt, logger, signal });
      clearInterval(heartbeat);
      logger.info({ ms: Date.now() - started }, 'job done');
      await this.#finish(row, 'done', null, logger);
    } catch (err) {
      clearInterval(heartbeat);
      const message = errorMessage(err);
      if (attempt < row.max_attempts) {
        const delay = retryDelaySeconds(job.retry, attempt);
        logger.warn({ err: message, retryInSeconds: delay }, 'job failed; will retry');
        await this.#retry(row, message, delay, logger);
      } else {
        logger.error({ err: message }, 'job failed; no retries left');
        await this.#finish(row, 'failed', message, logger);
      }
    }
  }

  /** Only the claimer of this attempt may move the row on (a stale worker's late update is dropped). */
  #ours(row: JobRow) {
    return (eb: ExpressionBuilder<DB, 'jobs'>) =>
      eb.and([eb('id', '=', row.id), eb('state', '=', 'active'), eb('attempts', '=', row.attempts)]);
  }

  async #finish(row: JobRow, state: 'done' | 'failed', error: string | null, logger: Logger): Promise<void> {
    await this.#update(
      row,
      {
        state,
        locked_until: null,
        finished_at: new Date().toISOString(),
        ...(error === null ? {} : { last_error: error }),
      },
      logger,
    );
  }

  async #retry(row: JobRow, error: string, delaySeconds: number, logger: Logger): Promise<void> {
    const runAt = new Date(Date.now() + delaySeconds * 1000).toISOString();
    await this.#update(
      row,
      { state: 'queued', locked_until: null, run_at: runAt, last_error: error },
      logger,
    );
  }

  async #update(row: JobRow, set: Partial<Omit<JobRow, 'id'>>, logger: Logger): Promise<void> {
    try {
      const result = await this.database.db
        .updateTable('jobs')
        .set(set)
        .where(this.#ours(row))
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) === 0)
        logger.warn('job lease was lost before it finished; result dropped');
    } catch (err) {
      // The lease will expire and the job run again: at-least-once, like every durable queue.
      logger.error({ err }, 'could not record the job result');
    }
  }

  /** Extends this run's lease; false when the row is no longer ours (it expired and was claimed again). */
  async #renewLease(row: JobRow, logger: Logger): Promise<boolean> {
    try {
      const result = await this.database.db
        .updateTable('jobs')
        .set({ locked_until: this.#leaseEnd() })
        .where(this.#ours(row))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    } catch (err) {
      logger.warn({ err }, 'could not renew the job lease');
      return true; // unknown: the next heartbeat tells
    }
  }

  async #purgeNowAndThen(): Promise<void> {
    if (Date.now() - this.#lastPurge < PURGE_EVERY_MS) return;
    this.#lastPurge = Date.now();
    const before = new Date(Date.now() - this.settings.retentionDays * 86_400_000).toISOString();
    const result = await this.database.db
      .deleteFrom('jobs')
      .where('state', '=', 'done')
      .where('finished_at', '<', before)
      .where('name', 'in', [...this.jobs.keys()])
      .executeTakeFirst();
    const purged = Number(result.numDeletedRows);
    if (purged > 0) this.logger.info({ purged, before }, 'purged finished jobs');
  }
}

function isJobState(state: string): state is JobState {
  return state === 'queued' || state === 'active' || state === 'done' || state === 'failed';
}
