import pino, { type Logger } from 'pino';
import { createAnalyzer } from '../analysis/index.js';
import type { Analyzer } from '../analysis/types.js';
import {
  createChannelAdapters,
  DEFAULT_GOOGLE_API_URL,
  DEFAULT_GOOGLE_TOKEN_URL,
} from '../channels/index.js';
import { createOutboundGuard, OutboundRefusedError, type OutboundGuard } from '../net/index.js';
import { OpenAiCompatibleWriter, type ReplyWriter } from '../respond/index.js';
import type { Config } from '../config/index.js';
import {
  applyPlaybook,
  systemClock,
  type ChannelAdapters,
  type Clock,
  type ReplyDeps,
} from '../core/cases/index.js';
import type { IngestDeps } from '../core/feedback/ingest.js';
import { smtpAskMailer } from '../core/outreach/mail.js';
import type { SendDeps } from '../core/outreach/send.js';
import { composeSurveyInvitations } from '../core/outreach/survey-composer.js';
import { attributeReviews } from '../core/review-requests/index.js';
import { composeReviewRequests } from '../core/review-requests/composer.js';
import {
  LiveAlerts,
  createAlertSenders,
  type AlertDeps,
  type AlertSenders,
  type LiveAlertOptions,
} from '../core/alerts/index.js';
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
  /** Where case logic reads the time; tests inject a `ManualClock`. */
  clock: Clock;
  /** The channel adapters replies leave through, by kind. */
  channels: ChannelAdapters;
  /** The guard of every outbound HTTP request (TOUCHPOINT_OUTBOUND_ALLOW): webhooks, Slack, Google, the LLM. */
  outbound: OutboundGuard;
  /** The optional LLM that writes reply drafts (TOUCHPOINT_LLM_URL); template drafts without it. */
  replyWriter: ReplyWriter | undefined;
  /** What the case commands need: store, clock, and the queue for reply delivery. */
  caseDeps: ReplyDeps;
  /** Live alerts (issue #5): the per-workspace detectors fed at ingest, and what the alert commands need. */
  alerts: LiveAlerts;
  alertDeps: AlertDeps;
  /** What `scheduleAsks` and the `outreach.send` job need (issue #15): store, clock, queue, mailer. */
  outreachDeps: SendDeps;
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

export interface RuntimeOptions {
  logger?: Logger;
  /** The time source of cases, SLAs and jobs (default: the system clock). */
  clock?: Clock;
  /** Channel adapters by kind (default: those the configuration sets up; a reply to another channel fails visibly). */
  channels?: ChannelAdapters;
  /** The reply writer (default: an OpenAI-compatible client when TOUCHPOINT_LLM_URL is set). */
  replyWriter?: ReplyWriter;
  /** How alert notifications leave (default: SMTP from the e-mail channel settings, HTTP for Slack and webhooks). */
  alertSenders?: AlertSenders;
  /** The outbound guard (default: one from `config.outbound`); tests inject one with a stub resolver. */
  outbound?: OutboundGuard;
  /** Options of the live detectors (default: the detector's defaults, a 14-day warm-up). */
  alerts?: Partial<LiveAlertOptions>;
}

/**
 * Says at start which configured URLs the outbound guard will refuse (an LLM on 127.0.0.1 without
 * TOUCHPOINT_OUTBOUND_ALLOW), so an upgrade that starts refusing them is not silent.
 */
function warnRefusedSettings(config: Config, outbound: OutboundGuard, logger: Logger): void {
  const { webhook, google } = config.channels;
  const urls: [string, string | undefined][] = [
    ['TOUCHPOINT_LLM_URL', config.llm?.url],
    ['TOUCHPOINT_REPLY_WEBHOOK_URL', webhook?.url],
    ['TOUCHPOINT_GOOGLE_API_URL', google.apiUrl === DEFAULT_GOOGLE_API_URL ? undefined : google.apiUrl],
    [
      'TOUCHPOINT_GOOGLE_TOKEN_URL',
      google.oauth?.tokenUrl === DEFAULT_GOOGLE_TOKEN_URL ? undefined : google.oauth?.tokenUrl,
    ],
  ];
  for (const [variable, url] of urls) {
    if (url === undefined) continue;
    void outbound.check(url).catch((e: unknown) => {
      if (!(e instanceof OutboundRefusedError)) return;
      logger.warn({ variable, reason: e.reason }, `${variable} will not be called: ${e.reason}`);
    });
  }
}

/** Opens the database, applies migrations and wires store, analyser, clock, channels and job queue. */
export async function openRuntime(config: Config, options: RuntimeOptions = {}): Promise<Runtime> {
  const logger = options.logger ?? createLogger(config);
  const database = openDatabase(config.database, (err) =>
    logger.warn({ err }, 'idle database connection closed by the server'),
  );
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
  const clock = options.clock ?? systemClock;
  // The configured reply channels (SMTP, webhook, manual); Google needs a token source, wired when OAuth lands.
  const outbound = options.outbound ?? createOutboundGuard({ allow: config.outbound.allow });
  warnRefusedSettings(config, outbound, logger);
  const channels: ChannelAdapters =
    options.channels ?? Object.fromEntries(createChannelAdapters(config.channels, { outbound }));
  const replyWriter =
    options.replyWriter ??
    (config.llm
      ? new OpenAiCompatibleWriter({
          baseUrl: config.llm.url,
          model: config.llm.model,
          apiKey: config.llm.apiKey,
          fetch: outbound.fetch,
        })
      : undefined);
  const alertSenders = options.alertSenders ?? createAlertSenders(config.channels.email, outbound);
  const jobDefs = defineJobs({
    store,
    analyzer,
    clock,
    channels,
    alertSenders,
    // `alerts` is made below; this runs only once jobs do.
    onAnalysed: (workspaceId, itemId) => alerts.observeStored(workspaceId, [itemId]),
    optimizeDatabase: () => database.optimize(),
    liveDays: config.casesLiveDays,
    outreach: {
      mailer: config.channels.email ? smtpAskMailer(config.channels.email) : undefined,
      publicUrl: config.publicUrl,
      composers: {
        survey: composeSurveyInvitations,
        review_request: composeReviewRequests,
        referral: composeReviewRequests,
      },
    },
  });
  jobDefs.bindQueue(jobs);
  const alerts = new LiveAlerts(
    {
      store,
      clock,
      enqueueNotification: async (ref, delaySeconds) => {
        await jobs.send(jobDefs.notificationsSend, ref, {
          singletonKey: ref.notificationId,
          ...(delaySeconds ? { delaySeconds } : {}),
        });
      },
      onError: (err) => logger.error({ err }, 'live alert detection failed'),
    },
    options.alerts,
  );
  const ingestDeps: IngestDeps = {
    store,
    analyzer,
    phoneRegion: config.phoneRegion,
    onPendingAnalysis: async (items) => {
      for (const item of items) await jobs.send(jobDefs.analysisRetry, item, { singletonKey: item.id });
    },
    // The case playbook runs in each ingest batch's transaction (issue #4).
    afterWrite: async (tx, batch) => {
      await applyPlaybook(tx, clock, batch, { liveDays: config.casesLiveDays });
      // Review requests (issue #15): a review from an asked customer converts the request (one query a batch).
      await attributeReviews(tx, batch, clock.now());
      // Live alerts (issue #5): the batch goes to the workspace's detector once this transaction is
      // done, or to its inbox (in this transaction) when another process runs that detector.
      await alerts.intake(tx, batch);
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
    clock,
    channels,
    outbound,
    replyWriter,
    caseDeps: {
      store,
      clock,
      enqueueReply: async (ref, delaySeconds) => {
        await jobs.send(jobDefs.repliesSend, ref, {
          singletonKey: ref.replyId,
          ...(delaySeconds ? { delaySeconds } : {}),
        });
      },
    },
    alerts,
    alertDeps: { store, clock, live: alerts, outbound },
    outreachDeps: jobDefs.outreachDeps,
    async close() {
      await alerts.idle();
      await alerts.release();
      await jobs.stop();
      await store.close();
      await outbound.close();
    },
  };
}
