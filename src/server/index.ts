import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Config } from '../config/index.js';
import { failStaleImports } from '../core/feedback/run-import.js';
import { openRuntime, type Runtime } from '../runtime/index.js';
import { createApp, type AppOptions } from './app.js';

export type Role = 'web' | 'worker';

/** How often a worker queues the analysis sweep, session cleanup and the model sweep. */
const HOUSEKEEPING_MS = 60 * 60 * 1000;
/** How often a worker queues the SLA sweep: breaches are noticed within a minute. */
const SLA_SWEEP_MS = 60 * 1000;
const ALERT_TICK_MS = 60 * 1000;
const ALERT_POLL_MS = 1000;
const HEADERS_TIMEOUT_MS = 20_000;
const KEEP_ALIVE_TIMEOUT_MS = 65_000;
export const ROLES_ALL: readonly Role[] = ['web', 'worker'];

export interface RunningServer {
  /** Base URL of the web role (empty when only the worker runs). */
  url: string;
  runtime: Runtime;
  close(): Promise<void>;
}

/**
 * Starts Touchpoint with the given roles in this process: `web` serves the API and the dashboard,
 * `worker` consumes background jobs. Migrations are applied first.
 */
export async function startServer(options: {
  config: Config;
  roles?: readonly Role[];
  /** Options of the web role's app (tests: its clock, the dashboard's folder). */
  app?: AppOptions;
}): Promise<RunningServer> {
  const { config } = options;
  const roles = options.roles ?? ROLES_ALL;
  const runtime = await openRuntime(config);
  const { logger } = runtime;
  // Imports whose process died (killed, crashed) stop showing as running (issue #11).
  const deadImports = await failStaleImports(runtime.store, runtime.clock);
  if (deadImports > 0) logger.warn({ imports: deadImports }, 'imports with a stale heartbeat marked failed');

  let housekeeping: NodeJS.Timeout | undefined;
  let slaTimer: NodeJS.Timeout | undefined;
  // Every process that ingests runs live detectors (issue #5): the clock closes their quiet steps.
  const alertTick = setInterval(() => {
    runtime.alerts.tick().catch((err: unknown) => logger.error({ err }, 'alert tick failed'));
  }, ALERT_TICK_MS);
  alertTick.unref();
  // …and each second renews the detector leases it holds and feeds them what other processes queued.
  const alertPoll = setInterval(() => {
    runtime.alerts.poll().catch((err: unknown) => logger.error({ err }, 'alert poll failed'));
  }, ALERT_POLL_MS);
  alertPoll.unref();
  // The port opens before the worker starts its jobs and warm-ups, so /healthz answers within
  // seconds of starting even on a large workspace (issue #13: 18 minutes at a million items).
  let url = '';
  let closeHttp = async () => {};
  if (roles.includes('web')) {
    const app = createApp(runtime, options.app);
    const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
      const s = serve(
        {
          fetch: app.fetch,
          port: config.port,
          hostname: config.host,
          serverOptions: {
            // A client that trickles its headers (slowloris) is cut off after 20 s…
            headersTimeout: Math.min(HEADERS_TIMEOUT_MS, config.limits.requestTimeoutMs),
            // …one that takes longer than this to send the whole request, upload included, too.
            requestTimeout: config.limits.requestTimeoutMs,
            // Longer than the usual proxy's idle timeout (60 s), so the proxy closes idle connections first.
            keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
          },
        },
        () => resolve(s),
      );
      s.once('error', reject);
    });
    const address = server.address() as AddressInfo;
    const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
    url = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    closeHttp = () => new Promise<void>((resolve) => server.close(() => resolve()));
    logger.info(
      { url, database: runtime.database.dialect, location: runtime.database.location },
      'Touchpoint is listening',
    );
  }

  try {
    if (roles.includes('worker')) {
      const {
        analysisSweep,
        sessionsCleanup,
        profilesSettle,
        databaseOptimize,
        modelSweep,
        casesSlaSweep,
        casesPrioritySweep,
        notificationsSweep,
        segmentsRefresh,
        outreachSweep,
      } = runtime.jobDefs;
      await runtime.jobs.work(runtime.jobDefs.all, { concurrency: 2 });
      // Periodic housekeeping goes through the queue too, so with many workers each runs once.
      const sweep = async () => {
        await runtime.jobs.send(analysisSweep, {}, { singletonKey: 'sweep' });
        await runtime.jobs.send(sessionsCleanup, {}, { singletonKey: 'cleanup' });
        await runtime.jobs.send(profilesSettle, {}, { singletonKey: 'profiles' });
        await runtime.jobs.send(databaseOptimize, {}, { singletonKey: 'optimize' });
        await runtime.jobs.send(modelSweep, {}, { singletonKey: 'models' });
        await runtime.jobs.send(notificationsSweep, {}, { singletonKey: 'notifications' });
        await runtime.jobs.send(casesPrioritySweep, {}, { singletonKey: 'priorities' });
        await runtime.jobs.send(segmentsRefresh, {}, { singletonKey: 'segments' });
        await runtime.jobs.send(outreachSweep, {}, { singletonKey: 'outreach' });
      };
      await sweep();
      housekeeping = setInterval(() => {
        sweep().catch((err: unknown) => logger.error({ err }, 'housekeeping could not be queued'));
      }, HOUSEKEEPING_MS);
      housekeeping.unref();
      const slaSweep = () =>
        runtime.jobs
          .send(casesSlaSweep, {}, { singletonKey: 'sla' })
          .catch((err: unknown) => logger.error({ err }, 'SLA sweep could not be queued'));
      await slaSweep();
      slaTimer = setInterval(() => void slaSweep(), SLA_SWEEP_MS);
      slaTimer.unref();
      // Live alerts (issue #5): each workspace's detector replays its last 14 days before new items arrive.
      const workspaces = await runtime.store.workspaces.list();
      runtime.alerts
        .warmUpAll(workspaces.map((w) => w.id))
        .then(() => logger.info({ workspaces: workspaces.length }, 'alert detectors warmed up'))
        .catch((err: unknown) => logger.error({ err }, 'alert detectors could not warm up'));
      logger.info('worker role started');
    }
  } catch (e) {
    clearInterval(housekeeping);
    clearInterval(slaTimer);
    clearInterval(alertTick);
    clearInterval(alertPoll);
    await closeHttp();
    await runtime.close();
    throw e;
  }

  return {
    url,
    runtime,
    async close() {
      clearInterval(housekeeping);
      clearInterval(slaTimer);
      clearInterval(alertTick);
      clearInterval(alertPoll);
      await closeHttp();
      await runtime.close();
    },
  };
}
