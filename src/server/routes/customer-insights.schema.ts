import { z } from '@hono/zod-openapi';
import { LIFECYCLE_STAGES } from '../../core/customers/lifecycle.js';
import { DRAFT_LANGUAGES } from '../../respond/topics.js';

const format = z.enum(['json', 'csv']).default('json').openapi({
  description:
    'csv: the whole list (up to 50,000 rows) as text/csv, with e-mail and phone for a campaign; text cells starting with = + - @ tab or CR get a leading apostrophe.',
});
const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(500).optional();

export const LIST_STAGES = ['new', 'active', 'at_risk', 'lapsed'] as const;

export const LifecycleQuery = z.object({
  stage: z.enum(LIST_STAGES).default('lapsed').openapi({
    description:
      'lapsed: the win-back list (silent for 2.5 × their own cadence); at_risk: 1.5 ×; new: ≤ 2 visits within 90 days of the first; active: the rest with a cadence. One-off customers (one visit, long ago) are counted, never listed for win-back.',
  }),
  cursor,
  limit,
  format,
});

export const CustomerStatsSchema = z
  .object({
    customerId: z.string(),
    name: z.string().nullable(),
    stage: z.enum(LIFECYCLE_STAGES),
    visits: z.number().int().openapi({ description: 'Distinct days with an item.' }),
    items: z.number().int(),
    positive: z.number().int(),
    negative: z.number().int(),
    firstSeenAt: z.string(),
    lastSeenAt: z.string(),
    cadenceDays: z
      .number()
      .nullable()
      .openapi({ description: 'Mean days between visits; null with one visit.' }),
    newUntil: z.string().nullable(),
    atRiskAfter: z.string().nullable(),
    lapsedAfter: z.string().nullable(),
    lastNps: z.number().nullable(),
    lastNpsAt: z.string().nullable(),
    promoter: z.boolean(),
    praise: z.number().int().openapi({ description: 'Positive items since the last negative one.' }),
    reach: z.number(),
    publicReviews: z.number().int(),
    referrals: z.number().int(),
    ambassadorScore: z.number(),
  })
  .openapi('CustomerStats');

export const LifecycleListSchema = z
  .object({
    stage: z.enum(LIST_STAGES),
    now: z.string(),
    items: z.array(CustomerStatsSchema),
    nextCursor: z.string().nullable(),
  })
  .openapi('LifecycleList');

export const LifecycleCountsSchema = z
  .object({
    now: z.string(),
    counts: z.object({
      new: z.number().int(),
      active: z.number().int(),
      at_risk: z.number().int(),
      lapsed: z.number().int(),
      one_off: z.number().int(),
    }),
  })
  .openapi('LifecycleCounts');

export const MomentsQuery = z.object({
  days: z.coerce.number().int().min(1).max(60).default(14).openapi({
    description: 'Upcoming dates within this many days from today (UTC), today included.',
  }),
  customerId: z.string().max(100).optional().openapi({
    description: "One customer's dates and moments (the case page); recent events then reach back 90 days.",
  }),
});

export const MomentRowSchema = z
  .object({
    id: z.string().nullable().openapi({ description: 'The event, to dismiss it; null for a date.' }),
    customerId: z.string(),
    name: z.string().nullable(),
    kind: z
      .enum([
        'birthday',
        'anniversary',
        'first_purchase',
        'recovered_complaint',
        'visit_milestone',
        'promoter',
        'first_review',
      ])
      .openapi({ description: 'A date (birthday, anniversary, first_purchase) or a notable event.' }),
    date: z
      .string()
      .openapi({ description: 'The day a date falls on (YYYY-MM-DD), or when an event happened.' }),
    daysUntil: z.number().int().nullable(),
    count: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Years of an anniversary, visits of a milestone.' }),
    occasion: z.string().openapi({ description: "The occasion in words, in the customer's language." }),
    message: z.string().openapi({ description: "A suggested message, in the customer's language." }),
    language: z.enum(DRAFT_LANGUAGES),
  })
  .openapi('MomentRow');

export const MomentsSchema = z
  .object({
    days: z.number().int(),
    upcoming: z.array(MomentRowSchema),
    recent: z.array(MomentRowSchema),
  })
  .openapi('Moments');

export const AmbassadorsQuery = z.object({ cursor, limit, format });

export const AmbassadorsSchema = z
  .object({
    items: z.array(CustomerStatsSchema),
    nextCursor: z.string().nullable(),
    note: z.string(),
  })
  .openapi('Ambassadors');

export const MomentIdParam = z.object({ id: z.string().max(100) });
