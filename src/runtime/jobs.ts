import { z } from 'zod';
import type { Analyzer } from '../analysis/types.js';
import type { Store } from '../core/ports.js';
import { defineJob, type AnyJobDefinition, type JobContext, type JobQueue } from '../jobs/index.js';
import {
  loadWorkspaceModel,
  MAX_LABELLED,
  MIN_LABELLED,
  trainWorkspaceModel,
} from '../core/models/workspace-model.js';
import {
  applyPlaybookTo,
  deliverReply,
  slaSweep,
  prioritySweep,
  sourceOfItem,
  type ChannelAdapters,
  type Clock,
} from '../core/cases/index.js';
import { deliverNotification, type AlertSenders } from '../core/alerts/index.js';
import { refreshSegments } from '../core/customers/segments.js';
import { sendAsks, type SendDeps } from '../core/outreach/send.js';
import { scheduleAsks } from '../core/outreach/index.js';
import { requestReviews, ReviewSegmentJobSchema } from '../core/review-requests/index.js';
import { inviteCustomers, SurveyInviteJobSchema } from '../core/surveys/index.js';
import { SliceSize, yieldToEventLoop } from '../core/slices.js';

const RETRY_LIMIT = 5;
/**
 * Unrated items re-analysed per transaction, at first and at most: each page is read, analysed and
 * written in one stretch that requests wait for, so its size follows the time the last page took
 * (issue #13: 25 items took 100–580 ms a page on a 47 GB SQLite database the cache no longer held).
 */
const REANALYSE_PAGE = { initial: 5, min: 1, max: 50 };
/** A model trained on the most rated items it may use is retrained at most this often (the newest items change). */
const RETRAIN_AT_CAP_DAYS = 7;
/** A profile log older than this belongs to an import that stopped (a running one folds every ~2 min). */
const UNSETTLED_AFTER_MS = 10 * 60_000;

/** The job definitions of this process, bound to its store and analyser. Workers run all of them. */
export function defineJobs(deps: {
  store: Store;
  analyzer: Analyzer;
  clock: Clock;
  channels: ChannelAdapters;
  /** How alert notifications leave (issue #5); without it `notifications.send` fails them visibly. */
  alertSenders?: AlertSenders;
  /** Called when an item's late analysis is saved, so live alerts count it (issue #5). */
  onAnalysed?: (workspaceId: string, itemId: string) => void;
  /** Refreshes the database's planner statistics (`Database.optimize`); the hourly housekeeping runs it. */
  optimizeDatabase?: () => Promise<void>;
  /** Days back an arriving item still opens cases (`TOUCHPOINT_CASES_LIVE_DAYS`). */
  liveDays?: number;
  /** How asks leave (issue #15): the mailer, the public URL and each kind's composer. */
  outreach?: Pick<SendDeps, 'mailer' | 'publicUrl' | 'composers'>;
}) {
  /**
   * Analyses an item stored without analysis (the analyser threw at ingest). After its last retry
   * the item is marked `failed`, so it is visible instead of silently pending.
   */
  const analysisRetry = defineJob({
    name: 'analysis.retry',
    schema: z.object({ workspaceId: z.string(), id: z.string() }),
    retry: { limit: RETRY_LIMIT, backoffSeconds: 30, exponential: true },
    async handle({ workspaceId, id }, ctx) {
      const item = await deps.store.feedback.get(workspaceId, id);
      if (!item || item.analysisStatus === 'done') return;
      const stages = await deps.store.taxonomy.stages(workspaceId);
      try {
        const analysis = deps.analyzer.analyze(
          {
            text: item.text,
            title: item.title ?? undefined,
            rating: item.rating ?? undefined,
            score: item.score ?? undefined,
            touchpoint: item.declaredTouchpoint ?? undefined,
          },
          {
            taxonomy: stages.flatMap((s) => s.touchpoints),
            sentimentModel: await loadWorkspaceModel(deps.store, workspaceId),
          },
        );
        // The rollups (issue #13) follow the item's new sentiment, language and touchpoints.
        await deps.store.transaction((tx) =>
          tx.rollups.track(workspaceId, [id], () =>
            // …and so do the customer's profile counters (issue #14).
            tx.customerProfiles.trackStored(workspaceId, [id], () =>
              tx.feedback.saveAnalysis(workspaceId, id, analysis, new Date().toISOString()),
            ),
          ),
        );
        // Now that it is understood, the playbook sees it, as it sees every ingested item.
        const analysed = await deps.store.feedback.get(workspaceId, id);
        if (analysed) {
          await deps.store.transaction((tx) =>
            applyPlaybookTo(tx, deps.clock, workspaceId, [sourceOfItem(analysed)], {
              liveDays: deps.liveDays,
            }),
          );
        }
        if (analysed) deps.onAnalysed?.(workspaceId, id);
      } catch (e) {
        if (ctx.attempt > RETRY_LIMIT) await deps.store.feedback.markAnalysisFailed(workspaceId, id);
        throw e;
      }
    },
  });

  /** Finds items left pending (e.g. a crash between ingest and enqueue) and queues their analysis. */
  const analysisSweep = defineJob({
    name: 'analysis.sweep',
    schema: z.object({}),
    retry: { limit: 1, backoffSeconds: 60 },
    async handle(_payload, ctx) {
      const pending = await deps.store.feedback.pendingAnalysis(1_000);
      ctx.logger.info({ pending: pending.length }, 'analysis sweep');
      for (const item of pending) await sendRef.send?.(analysisRetry, item, { singletonKey: item.id });
    },
  });

  /** Deletes expired sessions, so the table does not grow with every login. */
  const sessionsCleanup = defineJob({
    name: 'sessions.cleanup',
    schema: z.object({}),
    retry: { limit: 1, backoffSeconds: 60 },
    async handle(_payload, ctx) {
      const deleted = await deps.store.sessions.deleteExpired(new Date().toISOString());
      ctx.logger.info({ deleted }, 'expired sessions deleted');
    },
  });

  /**
   * Folds the customer profiles' log of an import that stopped before its last fold (a crash, a kill):
   * a running import folds its own every CLI_SETTLE_EVERY rows, well within UNSETTLED_AFTER_MS.
   */
  const profilesSettle = defineJob({
    name: 'profiles.settle',
    schema: z.object({}),
    retry: { limit: 1, backoffSeconds: 300 },
    async handle(_payload, ctx) {
      const now = deps.clock.now();
      const before = new Date(now.getTime() - UNSETTLED_AFTER_MS).toISOString();
      for (const workspaceId of await deps.store.customerProfiles.unsettled(before)) {
        const folded = await deps.store.transaction((tx) =>
          tx.customerProfiles.settle(workspaceId, now.toISOString()),
        );
        ctx.logger.info({ workspaceId, folded }, 'customer profiles caught up with an interrupted import');
      }
    },
  });

  /** Keeps the planner's statistics fresh as the history grows (issue #13: SQLite never ran ANALYZE). */
  const databaseOptimize = defineJob({
    name: 'database.optimize',
    schema: z.object({}),
    retry: { limit: 1, backoffSeconds: 300 },
    async handle(_payload, ctx) {
      const started = Date.now();
      await deps.optimizeDatabase?.();
      ctx.logger.info({ ms: Date.now() - started }, 'database statistics refreshed');
    },
  });

  /** Trains a workspace's own sentiment model from its rated items (see core/models). */
  const modelTrain = defineJob({
    name: 'model.train',
    schema: z.object({ workspaceId: z.string() }),
    retry: { limit: 1, backoffSeconds: 300 },
    async handle({ workspaceId }, ctx) {
      // One training per workspace at a time in this process: the start-up sweep and "Train now"
      // queued two that ran side by side, each a worker thread with 50,000 examples (issue #13: the
      // server peaked at 1.25 GB at a million items). The second waits, then finds the first's model.
      const waitingSince = deps.clock.now().toISOString();
      const before = training.get(workspaceId) ?? Promise.resolve();
      let done = () => {};
      const mine = new Promise<void>((resolve) => (done = resolve));
      const chain = before.then(() => mine);
      training.set(workspaceId, chain);
      await before;
      try {
        const latest = await deps.store.models.latest(workspaceId, 'sentiment');
        if (latest && latest.createdAt >= waitingSince) {
          ctx.logger.info({ workspaceId, version: latest.version }, 'workspace model trained meanwhile');
          return;
        }
        await train(workspaceId, ctx);
      } finally {
        done();
        if (training.get(workspaceId) === chain) training.delete(workspaceId);
      }
    },
  });
  const training = new Map<string, Promise<void>>();
  async function train(workspaceId: string, ctx: JobContext) {
    const outcome = await trainWorkspaceModel(deps.store, workspaceId, { type: 'system', id: null });
    if (outcome.trained) {
      await sendRef.send?.(reanalyseUnrated, { workspaceId }, { singletonKey: workspaceId });
      const { version, examples, metrics } = outcome.model;
      ctx.logger.info(
        { workspaceId, version, examples, accuracy: metrics.accuracy, macroF1: metrics.macroF1 },
        'workspace model trained',
      );
    } else {
      ctx.logger.info(
        { workspaceId, examples: outcome.examples },
        'workspace model not trained: too few rated items',
      );
    }
  }

  /** Re-reads a workspace's unrated items with its newest model, so old social posts and tickets benefit too. */
  const reanalyseUnrated = defineJob({
    name: 'analysis.reanalyse-unrated',
    // `after`: the last item a stopped run re-analysed, so its continuation starts there.
    schema: z.object({ workspaceId: z.string(), after: z.string().optional() }),
    retry: { limit: 2, backoffSeconds: 60 },
    async handle(payload, ctx) {
      const { workspaceId } = payload;
      const sentimentModel = await loadWorkspaceModel(deps.store, workspaceId);
      if (!sentimentModel) return;
      const taxonomy = (await deps.store.taxonomy.stages(workspaceId)).flatMap((s) => s.touchpoints);
      let after = payload.after;
      let done = 0;
      const pageSize = new SliceSize(REANALYSE_PAGE);
      for (;;) {
        // Pages sized by time: each is analysed in one synchronous stretch inside its transaction, and
        // requests wait for it (issue #13: the first explorer page must stay under 100 ms while this runs).
        if (ctx.signal?.aborted) {
          // Stopped (shutdown, or the lease about to expire) with items left: a continuation from
          // here, so that hours of work are neither marked done nor started again (issue #13). When
          // the queue takes no more jobs (it is stopping), failing makes it retry this run.
          const queued = await sendRef
            .send?.(reanalyseUnrated, { workspaceId, after })
            .catch(() => undefined);
          if (!queued) throw new Error(`stopped after ${done} items; retried from the start of this run`);
          ctx.logger.info(
            { workspaceId, items: done, after },
            'unrated items re-analysis stopped; continues',
          );
          return;
        }
        const page = await pageSize.timed(async (size) => {
          const items = await deps.store.feedback.unrated(workspaceId, after, size);
          if (items.length === 0) return items;
          const now = new Date().toISOString();
          const ids = items.map((item) => item.id);
          await deps.store.transaction((tx) =>
            // The rollups (issue #13) follow the page's new labels: one aggregated delta per page…
            tx.rollups.track(workspaceId, ids, () =>
              // …and so do the customers' profile counters (issue #14).
              tx.customerProfiles.trackStored(workspaceId, ids, async () => {
                for (const item of items) {
                  const analysis = deps.analyzer.analyze(
                    { text: item.text, title: item.title ?? undefined },
                    { taxonomy, sentimentModel },
                  );
                  await tx.feedback.saveAnalysis(workspaceId, item.id, analysis, now);
                }
              }),
            ),
          );
          return items;
        });
        if (page.length === 0) break;
        done += page.length;
        after = page[page.length - 1]?.id;
        await yieldToEventLoop();
      }
      ctx.logger.info({ workspaceId, items: done, model: sentimentModel.name }, 'unrated items re-analysed');
    },
  });

  /** Queues training for workspaces whose rated items grew by a quarter since their last model (or have none). */
  const modelSweep = defineJob({
    name: 'model.sweep',
    schema: z.object({}),
    retry: { limit: 1, backoffSeconds: 300 },
    async handle() {
      for (const { workspaceId, count } of await deps.store.feedback.labelledCounts(MIN_LABELLED)) {
        const latest = await deps.store.models.latest(workspaceId, 'sentiment');
        // A model at the cap of examples would otherwise be retrained every hour once the workspace
        // has 25 % more rated items than the cap (issue #13: at a million items, training and then
        // re-analysing every unrated item ran again each hour).
        const atCap = latest !== undefined && latest.examples >= MAX_LABELLED;
        const stale =
          latest !== undefined &&
          deps.clock.now().getTime() - new Date(latest.createdAt).getTime() >
            RETRAIN_AT_CAP_DAYS * 86_400_000;
        if (!latest || (atCap ? stale : count >= latest.examples * 1.25)) {
          await sendRef.send?.(modelTrain, { workspaceId }, { singletonKey: workspaceId });
        }
      }
    },
  });

  /**
   * Delivers one reply of the outbox. The outbox row, not the queue, counts attempts: a retryable
   * failure re-queues the job with the row's backoff; the claim makes a second run of a sent reply a no-op.
   */
  const repliesSend = defineJob({
    name: 'replies.send',
    schema: z.object({ workspaceId: z.string(), replyId: z.string() }),
    retry: { limit: 2, backoffSeconds: 30 },
    async handle(ref, ctx) {
      const outcome = await deliverReply(
        { store: deps.store, clock: deps.clock, adapters: deps.channels },
        ref,
      );
      ctx.logger.info({ ...ref, result: outcome.result }, 'reply delivery');
      if (outcome.result === 'retry') {
        await sendRef.send?.(repliesSend, ref, {
          delaySeconds: outcome.delaySeconds,
          singletonKey: ref.replyId,
        });
      }
    },
  });

  /** Raises the priority of active cases whose customers have waited longer or whose items got worse. */
  const casesPrioritySweep = defineJob({
    name: 'cases.priority-sweep',
    schema: z.object({}),
    retry: { limit: 1, backoffSeconds: 300 },
    async handle(_payload, ctx) {
      const result = await prioritySweep(
        { store: deps.store, clock: deps.clock },
        { ...(ctx.signal ? { signal: ctx.signal } : {}) },
      );
      ctx.logger.info({ ...result }, 'priority sweep');
    },
  });

  /** Marks cases whose first-response SLA ran out, escalates them, and fails replies stuck mid-send. */
  const casesSlaSweep = defineJob({
    name: 'cases.sla-sweep',
    schema: z.object({}),
    retry: { limit: 1, backoffSeconds: 60 },
    async handle(_payload, ctx) {
      const result = await slaSweep(
        { store: deps.store, clock: deps.clock },
        { ...(ctx.signal ? { signal: ctx.signal } : {}) },
      );
      // Queued replies whose delivery job was lost (a crash between commit and enqueue) are queued again;
      // the singleton key keeps one job per reply, and the claim keeps one delivery.
      const lost = await deps.store.replies.overdue(
        new Date(deps.clock.now().getTime() - 60_000).toISOString(),
        500,
      );
      for (const r of lost) {
        await sendRef.send?.(
          repliesSend,
          { workspaceId: r.workspaceId, replyId: r.id },
          { singletonKey: r.id },
        );
      }
      if (result.breached > 0 || result.interruptedReplies > 0 || lost.length > 0) {
        ctx.logger.info({ ...result, requeuedReplies: lost.length }, 'SLA sweep');
      }
    },
  });

  /**
   * Delivers one alert notification (issue #5). Like replies, the outbox row counts attempts and the
   * claim makes a second run of a sent notification a no-op; a retry is a new delayed job.
   */
  const notificationsSend = defineJob({
    name: 'notifications.send',
    schema: z.object({ workspaceId: z.string(), notificationId: z.string() }),
    retry: { limit: 2, backoffSeconds: 30 },
    async handle(ref, ctx) {
      const senders: AlertSenders = deps.alertSenders ?? {
        slack: () => Promise.resolve({ ok: false, retryable: false, error: 'no alert senders' }),
        webhook: () => Promise.resolve({ ok: false, retryable: false, error: 'no alert senders' }),
      };
      const outcome = await deliverNotification({ store: deps.store, clock: deps.clock, senders }, ref);
      ctx.logger.info({ ...ref, result: outcome.result }, 'notification delivery');
      if (outcome.result === 'retry') {
        await sendRef.send?.(notificationsSend, ref, {
          delaySeconds: outcome.delaySeconds,
          singletonKey: ref.notificationId,
        });
      }
    },
  });

  /** Queues notifications that are due but whose job was lost (a crash, a held one after a restart). */
  const notificationsSweep = defineJob({
    name: 'notifications.sweep',
    schema: z.object({}),
    retry: { limit: 1, backoffSeconds: 60 },
    async handle(_payload, ctx) {
      const due = await deps.store.notifications.due(
        new Date(deps.clock.now().getTime() - 60_000).toISOString(),
        500,
      );
      for (const n of due) {
        await sendRef.send?.(
          notificationsSend,
          { workspaceId: n.workspaceId, notificationId: n.id },
          { singletonKey: n.id },
        );
      }
      if (due.length > 0) ctx.logger.info({ requeued: due.length }, 'notification sweep');
    },
  });

  /**
   * Evaluates segments' members (issue #14): the segment named, after it was saved; without one,
   * every segment not evaluated within the hour (queued by the hourly housekeeping).
   */
  const segmentsRefresh = defineJob({
    name: 'segments.refresh',
    schema: z.object({ workspaceId: z.string().optional(), segmentId: z.string().optional() }),
    retry: { limit: 2, backoffSeconds: 60 },
    async handle(ref, ctx) {
      const result = await refreshSegments(
        deps.store.segments,
        deps.clock.now().toISOString(),
        ref,
        ctx.signal,
      );
      ctx.logger.info({ ...ref, ...result }, 'segments refreshed');
    },
  });

  /**
   * Mails a batch of asks (issue #15): the sends `scheduleAsks` queued for one time. The send log
   * counts, not the queue: each send is claimed before it is mailed, so a second run sends nothing twice.
   */
  const outreachSend = defineJob({
    name: 'outreach.send',
    schema: z.object({ workspaceId: z.string(), sendIds: z.array(z.string()).min(1).max(500) }),
    retry: { limit: 2, backoffSeconds: 60 },
    async handle(ref, ctx) {
      const summary = await sendAsks(outreachDeps, ref);
      ctx.logger.info({ workspaceId: ref.workspaceId, ...summary }, 'asks sent');
    },
  });

  /**
   * Queues scheduled asks that are due but whose job was lost (a crash between commit and enqueue),
   * and fails sends a dead worker left `sending`.
   */
  const outreachSweep = defineJob({
    name: 'outreach.sweep',
    schema: z.object({}),
    retry: { limit: 1, backoffSeconds: 60 },
    async handle(_payload, ctx) {
      const due = await deps.store.outreach.due(
        new Date(deps.clock.now().getTime() - 10 * 60_000).toISOString(),
        5_000,
      );
      const byWorkspace = new Map<string, string[]>();
      for (const d of due) byWorkspace.set(d.workspaceId, [...(byWorkspace.get(d.workspaceId) ?? []), d.id]);
      for (const [workspaceId, ids] of byWorkspace) {
        for (let i = 0; i < ids.length; i += 100) {
          await sendRef.send?.(outreachSend, { workspaceId, sendIds: ids.slice(i, i + 100) });
        }
      }
      // A send claimed a day ago and never finished: its worker died mid-send (it may have gone out).
      const interrupted = await deps.store.outreach.failInterrupted(
        new Date(deps.clock.now().getTime() - 86_400_000).toISOString(),
        5_000,
        deps.clock.now().toISOString(),
      );
      if (due.length > 0 || interrupted > 0) {
        ctx.logger.info({ requeued: due.length, interrupted }, 'outreach sweep');
      }
    },
  });

  /** What scheduling and sending asks need: the store, the clock and this queue. */
  const outreachDeps: SendDeps = {
    store: deps.store,
    clock: deps.clock,
    mailer: deps.outreach?.mailer,
    publicUrl: deps.outreach?.publicUrl,
    composers: deps.outreach?.composers ?? {},
    async enqueueSends(workspaceId, sendIds, delaySeconds) {
      await sendRef.send?.(outreachSend, { workspaceId, sendIds }, delaySeconds > 0 ? { delaySeconds } : {});
    },
  };

  /**
   * Review requests to a large segment (issue #15): paged in the worker (1,000 customers a page),
   * not in the HTTP request. A retry asks nobody twice: customers with an open request are skipped.
   */
  const reviewRequestsSegment = defineJob({
    name: 'review-requests.segment',
    schema: ReviewSegmentJobSchema,
    retry: { limit: 1, backoffSeconds: 60 },
    async handle(p, ctx) {
      const result = await requestReviews(
        {
          store: deps.store,
          clock: deps.clock,
          scheduleAsks: async (workspaceId, asks) => {
            await scheduleAsks(outreachDeps, workspaceId, asks, 'review_request', p.actor);
          },
        },
        p.workspaceId,
        p.actor,
        { platform: p.platform, kind: p.kind, segmentId: p.segmentId, touchpointKey: p.touchpointKey },
      );
      ctx.logger.info(
        { workspaceId: p.workspaceId, segmentId: p.segmentId, ...result },
        'review requests to a segment',
      );
    },
  });

  /**
   * Survey invitations to a large segment (issue #15): paged in the worker (1,000 customers a page),
   * not in the HTTP request. A retry invites nobody twice: customers with a pending or sent
   * invitation to the survey are skipped.
   */
  const surveysInvite = defineJob({
    name: 'surveys.invite',
    schema: SurveyInviteJobSchema,
    retry: { limit: 1, backoffSeconds: 60 },
    async handle(p, ctx) {
      const result = await inviteCustomers(
        deps.store,
        (workspaceId, asks) => scheduleAsks(outreachDeps, workspaceId, asks, 'manual', p.actor),
        p.workspaceId,
        {
          surveyId: p.surveyId,
          segmentId: p.segmentId,
          language: p.language,
          expiresDays: p.expiresDays,
          sendAfter: p.sendAfter,
        },
        deps.clock.now().toISOString(),
      );
      ctx.logger.info(
        { workspaceId: p.workspaceId, surveyId: p.surveyId, segmentId: p.segmentId, ...result },
        'survey invitations to a segment',
      );
    },
  });

  // The sweep enqueues through the queue that runs it; set once the queue exists.
  const sendRef: { send?: JobQueue['send'] } = {};
  const jobs = {
    analysisRetry,
    analysisSweep,
    sessionsCleanup,
    profilesSettle,
    databaseOptimize,
    modelTrain,
    modelSweep,
    reanalyseUnrated,
    repliesSend,
    casesSlaSweep,
    casesPrioritySweep,
    notificationsSend,
    notificationsSweep,
    segmentsRefresh,
    outreachSend,
    outreachSweep,
    reviewRequestsSegment,
    surveysInvite,
  };
  return {
    ...jobs,
    outreachDeps,
    /** Every job, for the worker role: a job defined here is worked without another list to update. */
    all: Object.values(jobs) as AnyJobDefinition[],
    bindQueue: (q: JobQueue) => (sendRef.send = q.send.bind(q)),
  };
}

export type Jobs = ReturnType<typeof defineJobs>;
