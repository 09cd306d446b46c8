/**
 * Customer insights (issue #14): lifecycle lists with the win-back CSV, stage counts, moments with
 * suggested messages, and ambassadors for referral programmes. Session or API key with
 * `customers:read` (`customers:write` to dismiss a moment). Registered before the customer routes:
 * these static paths would otherwise read as `/customers/{id}`.
 */
import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authorize } from '../../core/auth/index.js';
import { customerMomentsOf, momentsOf } from '../../core/customers/moments.js';
import { ambassadorList, lifecycleList, type CustomerStatsRow } from '../../core/customers/profile.js';
import { AppError } from '../../core/errors.js';
import type { Repos } from '../../core/ports.js';
import type { Scope } from '../../core/types.js';
import { toCsv, type CsvCell } from '../csv.js';
import { router, type AppEnv } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { problems, SECURITY } from './common.schema.js';
import {
  AmbassadorsQuery,
  AmbassadorsSchema,
  LifecycleCountsSchema,
  LifecycleListSchema,
  LifecycleQuery,
  MomentIdParam,
  MomentsQuery,
  MomentsSchema,
} from './customer-insights.schema.js';
import { jsonOrCsv } from './metrics.schema.js';

const tags = ['customers'];
const failures = problems(400, 401, 403);

/** Shown with the ambassadors (and in docs/customers.md): review gating is forbidden by the platforms. */
export const REVIEW_REQUEST_NOTE =
  'Review requests go to every customer alike, never only to promoters: review platforms forbid asking only happy customers. Use this list for referral programmes and thanks.';

const CSV_LIMIT = 50_000;
const CSV_PAGE = 1_000;

const lifecycleRoute = createRoute({
  method: 'get',
  path: '/customers/lifecycle',
  tags,
  summary:
    "Customers of a lifecycle stage by their own cadence (lapsed = the win-back list), keyset-paged by the stage's threshold; CSV for a campaign",
  security: SECURITY,
  request: { query: LifecycleQuery },
  responses: { 200: jsonOrCsv(LifecycleListSchema, 'Customers of the stage'), ...failures },
});
const countsRoute = createRoute({
  method: 'get',
  path: '/customers/lifecycle/counts',
  tags,
  summary: 'How many customers are new, active, at risk, lapsed and one-off now',
  security: SECURITY,
  responses: {
    200: {
      description: 'Counts per stage',
      content: { 'application/json': { schema: LifecycleCountsSchema } },
    },
    ...failures,
  },
});
const momentsRoute = createRoute({
  method: 'get',
  path: '/customers/moments',
  tags,
  summary:
    "Upcoming birthdays, anniversaries and first-purchase anniversaries, and notable events of the last 30 days, each with a suggested message in the customer's language",
  security: SECURITY,
  request: { query: MomentsQuery },
  responses: {
    200: { description: 'Moments', content: { 'application/json': { schema: MomentsSchema } } },
    ...problems(400, 401, 403, 404),
  },
});
const dismissRoute = createRoute({
  method: 'post',
  path: '/customers/moments/{id}/dismiss',
  tags,
  summary: 'Dismisses a notable event (acted on, or not worth acting on)',
  security: SECURITY,
  request: { params: MomentIdParam },
  responses: { 204: { description: 'Dismissed' }, ...problems(401, 403, 404) },
});
const ambassadorsRoute = createRoute({
  method: 'get',
  path: '/customers/ambassadors',
  tags,
  summary:
    'Promoters ranked by ambassador score (reach, public reviews, referrals); CSV for referral programmes. Never a list of whom to ask for reviews.',
  security: SECURITY,
  request: { query: AmbassadorsQuery },
  responses: { 200: jsonOrCsv(AmbassadorsSchema, 'Ambassadors'), ...failures },
});

async function scopeOf(c: Context<AppEnv>, scope: Scope) {
  const p = await workspacePrincipal(c);
  authorize(p, scope);
  const runtime = c.get('runtime');
  return { store: runtime.store, workspaceId: p.workspaceId, now: runtime.clock.now().toISOString() };
}

const present = (r: CustomerStatsRow) => ({
  customerId: r.customerId,
  name: r.name,
  stage: r.stage,
  visits: r.visits,
  items: r.items,
  positive: r.positive,
  negative: r.negative,
  firstSeenAt: r.firstSeenAt,
  lastSeenAt: r.lastSeenAt,
  cadenceDays: r.cadenceDays,
  newUntil: r.newUntil,
  atRiskAfter: r.atRiskAfter,
  lapsedAfter: r.lapsedAfter,
  lastNps: r.lastNps,
  lastNpsAt: r.lastNpsAt,
  promoter: r.promoter,
  praise: r.praise,
  reach: r.reach,
  publicReviews: r.publicReviews,
  referrals: r.referrals,
  ambassadorScore: r.ambassadorScore,
});

/** Every page of a list (up to CSV_LIMIT rows) as CSV rows, with each customer's e-mail and phone. */
async function csvRows(
  repos: Pick<Repos, 'customerProfiles'>,
  workspaceId: string,
  page: (cursor: string | undefined) => Promise<{ items: CustomerStatsRow[]; next: string | null }>,
  cells: (r: CustomerStatsRow, contact: { email: string | null; phone: string | null }) => CsvCell[],
) {
  const rows: CsvCell[][] = [];
  let cursor: string | undefined;
  let read = 0;
  do {
    const p = await page(cursor);
    const contacts = await repos.customerProfiles.contacts(
      workspaceId,
      p.items.map((r) => r.customerId),
    );
    for (const r of p.items) rows.push(cells(r, contacts.get(r.customerId) ?? { email: null, phone: null }));
    read += CSV_PAGE;
    cursor = p.next ?? undefined;
  } while (cursor && read < CSV_LIMIT);
  return rows;
}

function csv(c: Context<AppEnv>, name: string, text: string) {
  return c.body(text, 200, {
    'content-type': 'text/csv; charset=utf-8',
    'content-disposition': `attachment; filename="${name}.csv"`,
  });
}

export const customerInsightRoutes = router()
  .openapi(lifecycleRoute, async (c) => {
    const { store, workspaceId, now } = await scopeOf(c, 'customers:read');
    const q = c.req.valid('query');
    if (q.format === 'csv') {
      const rows = await csvRows(
        store,
        workspaceId,
        (cursor) => lifecycleList(store, { workspaceId, stage: q.stage, now, cursor, limit: CSV_PAGE }),
        (r, contact) => [
          r.customerId,
          r.name,
          contact.email,
          contact.phone,
          r.stage,
          r.visits,
          r.firstSeenAt,
          r.lastSeenAt,
          r.cadenceDays,
          r.atRiskAfter,
          r.lapsedAfter,
          r.lastNps,
        ],
      );
      const header = [
        'customer_id',
        'name',
        'email',
        'phone',
        'stage',
        'visits',
        'first_seen_at',
        'last_seen_at',
        'cadence_days',
        'at_risk_after',
        'lapsed_after',
        'last_nps',
      ];
      return csv(c, q.stage === 'lapsed' ? 'win-back' : `customers-${q.stage}`, toCsv(header, rows));
    }
    const page = await lifecycleList(store, {
      workspaceId,
      stage: q.stage,
      now,
      cursor: q.cursor,
      limit: q.limit,
    });
    return c.json({ stage: q.stage, now, items: page.items.map(present), nextCursor: page.next }, 200);
  })
  .openapi(countsRoute, async (c) => {
    const { store, workspaceId, now } = await scopeOf(c, 'customers:read');
    return c.json({ now, counts: await store.customerProfiles.stageCounts(workspaceId, now) }, 200);
  })
  .openapi(momentsRoute, async (c) => {
    const { store, workspaceId, now } = await scopeOf(c, 'customers:read');
    const q = c.req.valid('query');
    if (q.customerId !== undefined) {
      const mine = await customerMomentsOf(store, workspaceId, q.customerId, now, q.days);
      if (!mine) throw new AppError('not_found', 'No such customer in this workspace.');
      return c.json({ days: q.days, ...mine }, 200);
    }
    return c.json({ days: q.days, ...(await momentsOf(store, workspaceId, now, q.days)) }, 200);
  })
  .openapi(dismissRoute, async (c) => {
    const { store, workspaceId, now } = await scopeOf(c, 'customers:write');
    const { id } = c.req.valid('param');
    if (!(await store.customerProfiles.dismissMoment(workspaceId, id, now)))
      throw new AppError('not_found', 'No such moment in this workspace, or it was dismissed already.');
    return c.body(null, 204);
  })
  .openapi(ambassadorsRoute, async (c) => {
    const { store, workspaceId, now } = await scopeOf(c, 'customers:read');
    const q = c.req.valid('query');
    if (q.format === 'csv') {
      const rows = await csvRows(
        store,
        workspaceId,
        (cursor) => ambassadorList(store, { workspaceId, now, cursor, limit: CSV_PAGE }),
        (r, contact) => [
          r.customerId,
          r.name,
          contact.email,
          contact.phone,
          r.ambassadorScore,
          r.reach,
          r.publicReviews,
          r.referrals,
          r.lastNps,
          r.praise,
        ],
      );
      const header = [
        'customer_id',
        'name',
        'email',
        'phone',
        'ambassador_score',
        'reach',
        'public_reviews',
        'referrals',
        'last_nps',
        'praise',
      ];
      return csv(c, 'ambassadors', toCsv(header, rows));
    }
    const page = await ambassadorList(store, { workspaceId, now, cursor: q.cursor, limit: q.limit });
    return c.json({ items: page.items.map(present), nextCursor: page.next, note: REVIEW_REQUEST_NOTE }, 200);
  });
