import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { systemClock, type Clock } from '../core/cases/index.js';
import type { Runtime } from '../runtime/index.js';
import { router, type AppEnv } from './env.js';
import { identify } from './middleware/auth.js';
import { closeOnRefusal, limitBody, type BodyCap } from './middleware/body-limit.js';
import { onError, onNotFound } from './middleware/errors.js';
import { clientIp } from './middleware/client-ip.js';
import { bodyEmail, throttleAction, throttleLogins } from './middleware/login-throttle.js';
import { isPublicRoute, PUBLIC_BODY_BYTES, requireCaller } from './middleware/public-routes.js';
import { limitPerApiKey, limitPerIp } from './middleware/rate-limit.js';
import { refuseUncleanParams } from './middleware/clean-params.js';
import { requestContext } from './middleware/request-id.js';
import { handlerTimeout } from './middleware/timeout.js';
import { accountRoutes } from './routes/account.js';
import { exceptionRoutes } from './routes/exceptions.js';
import { caseRoutes } from './routes/cases.js';
import { alertRoutes } from './routes/alerts.js';
import { teamRoutes } from './routes/teams.js';
import { json, problems } from './routes/common.schema.js';
import { feedbackRoutes } from './routes/feedback.js';
import { importRoutes } from './routes/imports.js';
import { invitationRoutes } from './routes/invitations.js';
import { memberRoutes } from './routes/members.js';
import { modelRoutes } from './routes/models.js';
import { workspaceRoutes } from './routes/workspace.js';
import { demoRoutes } from './routes/demo.js';
import { metricsRoutes } from './routes/metrics.js';
import { customerInsightRoutes } from './routes/customer-insights.js';
import { customerRoutes } from './routes/customers.js';
import { customerPrivacyRoutes } from './routes/customer-privacy.js';
import { customerTimelineRoutes } from './routes/customer-timeline.js';
import { segmentRoutes } from './routes/segments.js';
import { reviewLinkRoutes, reviewRequestRoutes } from './routes/review-requests.js';
import { eventRoutes } from './routes/events.js';
import { surveyRoutes } from './routes/surveys.js';
import { outreachRoutes } from './routes/outreach.js';
import { unsubscribeRoutes } from './routes/unsubscribe.js';
import { publicCors, surveyPageRoutes, surveyPublicRoutes } from './routes/survey-public.js';

function webRoot(): string {
  // src/server/app.ts (tests, tsx) and dist/server/server/app.js (built) both find <repo>/dist/web.
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return path.join(dir, 'dist', 'web');
    dir = path.dirname(dir);
  }
  return path.resolve('dist/web');
}

const healthRoute = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Liveness with the database reachable (public)',
  responses: {
    200: json(z.object({ status: z.literal('ok'), database: z.enum(['sqlite', 'postgres']) }), 'Healthy'),
    ...problems(500),
  },
});

/** JSON bodies of authenticated API requests. */
const JSON_BODY_BYTES = 64 * 1024 * 1024;

/** The file upload, which streams the body into the import (TOUCHPOINT_MAX_UPLOAD_MB). */
function isUpload(c: Context<AppEnv>): boolean {
  return c.req.method === 'PUT' && /^\/api\/v1\/imports\/[^/]+\/file$/.test(c.req.path);
}

/**
 * Loading the demo answers when its workspace is ready: some seconds, but over 30 s on a busy machine
 * (a CI run beside an import), where the client got a 503 while the demo was still being made.
 */
function isDemoLoad(c: Context<AppEnv>): boolean {
  return c.req.method === 'POST' && c.req.path === '/api/v1/demo';
}

export interface AppOptions {
  /** The time rate limits and login lockouts are counted in (default: the system clock). */
  clock?: Clock;
  /** The built dashboard (default: <repo>/dist/web). */
  webRoot?: string;
}

/** The HTTP application: middleware, the JSON API under /api/v1, its OpenAPI document, and the web app. */
export function createApp(runtime: Runtime, options: AppOptions = {}) {
  const { config } = runtime;
  const clock = options.clock ?? systemClock;
  const app = router();
  app.onError(onError);
  app.notFound(onNotFound);
  // The embeddable survey widget is loaded by other sites' pages: it overrides the CORP same-origin
  // that secureHeaders sends, so this runs around it (after it, on the way out).
  app.use('/widget.js', async (c, next) => {
    await next();
    if (c.res.ok) c.res.headers.set('cross-origin-resource-policy', 'cross-origin');
  });
  // Outermost, so that its headers are set last, on whatever response the rest produced.
  app.use(
    '*',
    secureHeaders({
      // Only behind https (TOUCHPOINT_PUBLIC_URL): over plain http it would lock browsers out.
      strictTransportSecurity: config.secureCookies,
      // The same as CSP frame-ancestors 'none', for browsers that only know this header.
      xFrameOptions: 'DENY',
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
      },
    }),
  );
  // The public survey API answers any origin (the widget), preflights included, refusals too.
  app.use('/api/v1/public/*', publicCors);
  app.use('*', async (c, next) => {
    c.set('runtime', runtime);
    await next();
  });
  app.use('*', requestContext);
  // Every method, every path: the body is capped before authentication and before any parsing.
  app.use('*', closeOnRefusal);
  app.use(
    '*',
    limitBody((c): BodyCap => {
      if (isUpload(c))
        return { bytes: config.maxUploadBytes, rule: 'TOUCHPOINT_MAX_UPLOAD_MB', countedByRoute: true };
      if (c.req.path.startsWith('/api/') && !isPublicRoute(c.req.method, c.req.path))
        return { bytes: JSON_BODY_BYTES, rule: 'API requests' };
      return { bytes: PUBLIC_BODY_BYTES, rule: 'routes open without a session' };
    }),
  );

  app.openapi(healthRoute, async (c) => {
    await runtime.store.ping();
    return c.json({ status: 'ok' as const, database: runtime.store.dialect }, 200);
  });

  app.openAPIRegistry.registerComponent('securitySchemes', 'apiKey', {
    type: 'http',
    scheme: 'bearer',
    description: 'An API key (`tp_…`) of one workspace, with scopes.',
  });
  app.openAPIRegistry.registerComponent('securitySchemes', 'session', {
    type: 'apiKey',
    in: 'cookie',
    name: 'tp_session',
    description:
      'The web session. Unsafe methods also need the X-CSRF-Token header; workspace routes the X-Workspace header.',
  });
  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Touchpoint API',
      version: '1',
      description:
        "Customer feedback in, understanding out. Errors are RFC 9457 problem+json with a stable `code`. Workspace routes act in the API key's workspace, or for a web session in the one named by the `X-Workspace` header.",
    },
    servers: [{ url: '/' }],
  });

  const api = router();
  const { limits } = config;
  api.use('*', limitPerIp({ perMinute: limits.perIpPerMinute, trustProxy: limits.trustProxy, clock }));
  api.use('*', identify);
  api.use('*', requireCaller);
  api.use('*', limitPerApiKey({ perMinute: limits.perApiKeyPerMinute, clock }));
  // A NUL in a path id or a filter is a 400 naming it, not a 500 from PostgreSQL (issue #11).
  api.use('*', refuseUncleanParams);
  // An upload answers when its file is imported, which may take minutes; the demo when it is made.
  api.use(
    '*',
    handlerTimeout(limits.handlerTimeoutMs, (c) => isUpload(c) || isDemoLoad(c)),
  );
  api.post(
    '/auth/login',
    throttleLogins({
      maxFailures: limits.loginMaxFailures,
      maxFailuresPerIp: limits.loginMaxFailuresPerIp,
      trustProxy: limits.trustProxy,
      clock,
    }),
  );
  const ipKey = (c: Context<AppEnv>, prefix: string) => {
    const ip = clientIp(c, limits.trustProxy);
    return ip === undefined ? '' : `${prefix}:${ip}`;
  };
  const userOf = (c: Context<AppEnv>) => {
    const caller = c.get('caller');
    return caller?.kind === 'session' ? `user:${caller.user.id}` : '';
  };
  // A wrong current password counts, like a wrong login: 5 tries, then a growing wait.
  api.post(
    '/auth/password',
    throttleAction({
      threshold: limits.loginMaxFailures,
      clock,
      keysOf: (c) => [userOf(c)],
      counts: (status) => status === 400 || status === 401,
      what: 'failed password changes',
    }),
  );
  // Each accepted request sends an e-mail: 5 links to one address (or 20 from one client), then a wait.
  api.post(
    '/auth/password-reset',
    throttleAction({
      threshold: 5,
      clock,
      keysOf: async (c) => [`reset:${await bodyEmail(c)}`, ipKey(c, 'reset-ip')],
      counts: (status) => status === 202,
      what: 'password reset requests',
    }),
  );
  api.post(
    '/members',
    throttleAction({
      threshold: 50,
      clock,
      keysOf: (c) => [userOf(c)],
      counts: (status) => status === 202,
      what: 'invitations in a short time',
    }),
  );
  api.route('/', accountRoutes);
  api.route('/', feedbackRoutes);
  api.route('/', workspaceRoutes);
  api.route('/', importRoutes);
  api.route('/', memberRoutes);
  api.route('/', invitationRoutes);
  api.route('/', modelRoutes);
  api.route('/', exceptionRoutes);
  api.route('/', caseRoutes);
  api.route('/', alertRoutes);
  api.route('/', teamRoutes);
  api.route('/', demoRoutes);
  api.route('/', metricsRoutes);
  // Before any `/customers/{id}` route: /customers/lifecycle, /moments and /ambassadors are static paths.
  api.route('/', customerInsightRoutes);
  api.route('/', customerRoutes);
  api.route('/', customerPrivacyRoutes);
  api.route('/', customerTimelineRoutes);
  api.route('/', segmentRoutes);
  api.route('/', reviewRequestRoutes);
  api.route('/', eventRoutes);
  api.route('/', surveyRoutes);
  api.route('/', outreachRoutes);
  api.route('/', surveyPublicRoutes);
  app.route('/api/v1', api);

  // The dashboard: static files, and index.html for client-side routes.
  const root = options.webRoot ?? webRoot();
  // The public link pages /r/* and /u/* (no session, anyone may call them) have the per-IP limit of
  // /s/* and the public API.
  const linkLimit = limitPerIp({ perMinute: limits.perIpPerMinute, trustProxy: limits.trustProxy, clock });
  app.use('/r/*', linkLimit);
  app.use('/u/*', linkLimit);
  // The tracked links /r/{token} of review requests (issue #15), before the catch-all.
  app.route('/', reviewLinkRoutes);
  // The unsubscribe pages /u/{token} of every ask's e-mail (issue #15), before the catch-all.
  app.route('/', unsubscribeRoutes);
  // The hosted survey page /s/{publicId} and /widget.js, before the dashboard's catch-all.
  app.route(
    '/',
    surveyPageRoutes({
      webRoot: root,
      clock,
      perIpPerMinute: limits.perIpPerMinute,
      trustProxy: limits.trustProxy,
    }),
  );
  app.use('/assets/*', serveStatic({ root }));
  app.get('*', async (c, next) => {
    if (c.req.path.startsWith('/api/')) return next();
    const file = path.join(root, 'index.html');
    if (!fs.existsSync(file)) {
      return c.text('The web app is not built. Run `npm run build` (npm start does it for you).', 503);
    }
    const direct = path.join(root, path.normalize(c.req.path).replace(/^(\.\.[/\\])+/, ''));
    if (
      c.req.path !== '/' &&
      direct.startsWith(root) &&
      fs.existsSync(direct) &&
      fs.statSync(direct).isFile()
    ) {
      return serveStatic({ root })(c, next);
    }
    return c.html(await fs.promises.readFile(file, 'utf8'));
  });
  return app;
}

export type App = ReturnType<typeof createApp>;
