import type { Logger } from 'pino';
import type { Database } from '../store/database.js';
import { PgBossJobQueue } from './pgboss-queue.js';
import type { JobQueue } from './queue.js';
import { SqliteJobQueue } from './sqlite-queue.js';

export {
  defineJob,
  InvalidPayloadError,
  type AnyJobDefinition,
  type JobContext,
  type JobDefinition,
  type RetryPolicy,
} from './job.js';
export {
  QueueStoppedError,
  type JobCounts,
  type JobQueue,
  type JobSnapshot,
  type JobState,
  type SendOptions,
  type WorkOptions,
} from './queue.js';
export { SqliteJobQueue, type SqliteQueueOptions } from './sqlite-queue.js';
export { PgBossJobQueue, type PgBossQueueOptions } from './pgboss-queue.js';

export interface CreateJobQueueOptions {
  /** The PostgreSQL URL pg-boss connects with (its tables live in schema `pgboss`); required on PostgreSQL. */
  connectionString?: string;
  logger: Logger;
}

/**
 * The one place that chooses the job driver: the `jobs` table on SQLite, pg-boss on PostgreSQL.
 *
 * @example
 * const queue = createJobQueue(database, { connectionString: config.database.url, logger });
 * await queue.send(retryAnalysis, { workspaceId, itemId }, { singletonKey: itemId }); // web role
 * await queue.work([retryAnalysis], { concurrency: 4 }); // worker role
 */
export function createJobQueue(database: Database, options: CreateJobQueueOptions): JobQueue {
  if (database.dialect === 'sqlite') return new SqliteJobQueue(database, { logger: options.logger });
  if (options.connectionString === undefined || options.connectionString === '') {
    throw new Error(`Jobs on PostgreSQL (${database.location}) need the connection string for pg-boss`);
  }
  return new PgBossJobQueue({ connectionString: options.connectionString, logger: options.logger });
}
