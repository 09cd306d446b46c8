import pino, { type Logger } from 'pino';
import { createAnalyzer } from '../analysis/index.js';
import type { Analyzer } from '../analysis/types.js';
import type { Config } from '../config/index.js';
import type { IngestDeps } from '../core/feedback/ingest.js';
import type { Store } from '../core/ports.js';
import { createJobQueue, type JobQueue } from '../jobs/index.js';
import { createStore, migrateToLatest, openDatabase, type Database } from '../store/index.js';
import { defineJobs, type Jobs } from './jobs.js';

/** Everything a role (web, worker, CLI command) needs, wired once: the composition root. */
export interface Runtime {
  config: Config;
  logger: Logger;
  database: Database;
  store: Store;
  analyzer: Analyzer;
  jobs: JobQueue;
  jobDefs: Jobs;
  ingestDeps: IngestDeps;
  close(): Promise<void>;
}

export function createLogger(config: Config): Logger {
  return pino({
    level: config.logLevel,
    base: { service: 'touchpoint' },
    // Customer text never goes to logs; these keys are redacted wherever they appear.
    redact: {
      paths: ['password', '*.password', 'text', '*.text', 'req.headers.authorization', 'req.headers.cookie'],
      censor: '[redacted]',
    },
  });
}

/** Opens the database, applies migrations and wires store, analyser and job queue. */
export async function openRuntime(config: Config, options: { logger?: Logger } = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config);
  const database = openDatabase(config.database);
  try {
    const applied = await migrateToLatest(database);
    if (applied.length > 0) logger.info({ applied, dialect: database.dialect }, 'migrations applied');
  } catch (e) {
    await database.destroy();
    throw e;
  }
  const store = createStore(database);
  const analyzer = createAnalyzer();
  const jobs = createJobQueue(database, {
    logger,
    ...(config.database.dialect === 'postgres' ? { connectionString: config.database.url } : {}),
  });
  const jobDefs = defineJobs({ store, analyzer });
  jobDefs.bindQueue(jobs);
  const ingestDeps: IngestDeps = {
    store,
    analyzer,
    onPendingAnalysis: async (items) => {
      for (const item of items) await jobs.send(jobDefs.analysisRetry, item, { singletonKey: item.id });
    },
  };
  return {
    config,
    logger,
    database,
    store,
    analyzer,
    jobs,
    jobDefs,
    ingestDeps,
    async close() {
      await jobs.stop();
      await store.close();
    },
  };
}
