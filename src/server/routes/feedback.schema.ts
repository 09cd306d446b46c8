import { z } from '@hono/zod-openapi';
import { INTENTS, SENTIMENT_LABELS } from '../../analysis/types.js';
import { CHANNELS, FeedbackInputSchema, MAX_BATCH, SCORE_KINDS } from '../../core/feedback/schema.js';
import { filterRange, inRange } from '../../core/dates.js';
import { FEEDBACK_SORTS } from '../../core/ports.js';
import { CASE_STATUSES, PRIORITY_LABELS } from '../../core/types.js';
import { BrandSchema } from './common.schema.js';
import { SegmentParam } from './segments.schema.js';

/**
 * The item shape for the OpenAPI document. Rebuilt with this module's `z`: a zod 4 schema made
 * before @hono/zod-openapi was first imported has no `.openapi()`, and core must not import it.
 */
export const FeedbackInputDoc = z.object(FeedbackInputSchema.shape).strict().openapi('FeedbackInput');

/** One item, or `{ items: [...] }` with up to 1,000. Items are validated one by one, so one bad item rejects only itself. */
export const IngestEnvelopeSchema = z.union([
  z.object({ items: z.array(z.unknown()).min(1).max(MAX_BATCH, `at most ${MAX_BATCH} items per request`) }),
  z
    .looseObject({ externalId: z.unknown() })
    .refine((o) => !('items' in o), { message: 'items must be an array' }),
]);

/** The documented body: the envelope above, described with the item shape. */
export const IngestBodyDoc = z.unknown().openapi('IngestBody', {
  description: `A FeedbackInput, or { items: FeedbackInput[] } with 1–${MAX_BATCH} items.`,
  oneOf: [
    { $ref: '#/components/schemas/FeedbackInput' },
    {
      type: 'object',
      properties: {
        items: {
          type: 'array',
          minItems: 1,
          maxItems: MAX_BATCH,
          items: { $ref: '#/components/schemas/FeedbackInput' },
        },
      },
      required: ['items'],
    },
  ],
});

export const IngestResponseSchema = z
  .object({
    results: z.array(
      z.object({
        index: z.number().int(),
        externalId: z.string().nullable(),
        status: z.enum(['created', 'updated', 'unchanged', 'rejected']),
        itemId: z.string().optional(),
        version: z.number().int().optional(),
        reason: z.string().optional(),
      }),
    ),
    summary: z.object({
      created: z.number(),
      updated: z.number(),
      unchanged: z.number(),
      rejected: z.number(),
    }),
  })
  .openapi('IngestResponse');

const Sentiment = z.object({ label: z.enum(SENTIMENT_LABELS), score: z.number() });

export const SentimentCorrectionSchema = z
  .object({
    label: z.enum(SENTIMENT_LABELS),
    version: z.number().int().openapi({
      description:
        "The item's version it was made on; it overrides the item's label while that version is current.",
    }),
    createdBy: z.object({ id: z.string(), name: z.string() }).nullable(),
    createdAt: z.string(),
  })
  .openapi('SentimentCorrection', {
    description: "A person's correction of the item's sentiment; the model's label stays in `analysis`.",
  });

/** The body of PUT /feedback/{id}/correction. */
export const CorrectionBodySchema = z
  .object({ sentiment: z.enum(SENTIMENT_LABELS) })
  .strict()
  .openapi('CorrectionBody');

export const FeedbackItemSchema = z
  .object({
    id: z.string(),
    brand: BrandSchema,
    customerId: z.string().nullable(),
    platform: z.string(),
    channel: z.enum(CHANNELS),
    externalId: z.string(),
    version: z.number().int(),
    author: z.object({
      handle: z.string().nullable(),
      name: z.string().nullable(),
      reach: z.number().nullable(),
    }),
    rating: z.number().nullable(),
    score: z.object({ kind: z.enum(SCORE_KINDS), value: z.number() }).nullable(),
    title: z.string().nullable(),
    text: z.string(),
    url: z.string().nullable(),
    postedAt: z.string(),
    receivedAt: z.string(),
    updatedAt: z.string(),
    analysisStatus: z.enum(['pending', 'done', 'failed']),
    language: z.string().nullable(),
    sentiment: Sentiment.nullable().openapi({
      description:
        "The item's label: a person's correction of the current version if any, else the model's. The score is always the model's.",
    }),
    corrections: z.object({ sentiment: SentimentCorrectionSchema.nullable() }),
    urgency: z.number().nullable(),
    touchpoints: z.array(z.object({ key: z.string(), label: z.enum(SENTIMENT_LABELS), score: z.number() })),
    intents: z.array(z.string()),
  })
  .openapi('FeedbackItem');

const Evidence = z.object({ start: z.number().int(), end: z.number().int(), text: z.string() });
const FullSentiment = Sentiment.extend({ confidence: z.number() });

export const AnalysisSchema = z
  .object({
    language: z.string(),
    languageConfidence: z.number(),
    sentiment: FullSentiment,
    sentences: z.array(FullSentiment.extend(Evidence.shape)),
    touchpoints: z.array(
      z.object({ key: z.string(), sentiment: FullSentiment, evidence: z.array(Evidence) }),
    ),
    intents: z.array(
      z.object({ intent: z.enum(INTENTS), confidence: z.number(), evidence: z.array(Evidence) }),
    ),
    urgency: z.object({ score: z.number(), reasons: z.array(z.string()) }),
    model: z.string(),
  })
  .openapi('Analysis');

export const FeedbackDetailSchema = FeedbackItemSchema.extend({
  versions: z.array(
    z.object({
      version: z.number().int(),
      title: z.string().nullable(),
      text: z.string(),
      rating: z.number().nullable(),
      score: z.object({ kind: z.enum(SCORE_KINDS), value: z.number() }).nullable(),
      receivedAt: z.string(),
    }),
  ),
  analysis: AnalysisSchema.nullable(),
  cases: z
    .array(
      z.object({
        id: z.string(),
        status: z.enum(CASE_STATUSES),
        priority: z.enum(PRIORITY_LABELS),
        openedAt: z.string(),
      }),
    )
    .optional()
    .openapi({
      description:
        'On `GET /feedback/{id}` and its correction: the cases the item is in, newest first (empty without the `cases:read` permission). Open one by hand with `POST /cases`.',
    }),
  survey: z.object({ id: z.string(), name: z.string() }).nullable().optional().openapi({
    description: 'On `GET /feedback/{id}`: the survey the item answers (channel `survey`), else null.',
  }),
}).openapi('FeedbackDetail');

/** A filter bound: 1900-01-01 … 9999-12-31 (`filterRange`); year 0 was a 500 on PostgreSQL. */
const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date()).superRefine(inRange(filterRange));

export const FeedbackFilterQuery = z.object({
  brand: z.string().max(120).optional().openapi({ description: 'Brand id or slug.' }),
  platform: z.string().max(40).optional(),
  channel: z.enum(CHANNELS).optional(),
  sentiment: z.enum(SENTIMENT_LABELS).optional(),
  touchpoint: z.string().max(60).optional(),
  intent: z.enum(INTENTS).optional(),
  language: z.string().max(10).optional(),
  ratingMin: z.coerce.number().min(0).max(5).optional(),
  ratingMax: z.coerce.number().min(0).max(5).optional(),
  from: isoDate.optional().openapi({ description: 'Posted at or after (ISO date or date-time).' }),
  to: isoDate.optional().openapi({ description: 'Posted before (ISO date or date-time).' }),
  q: z
    .string()
    .max(500)
    .optional()
    .openapi({ description: 'Full-text query: every word must occur (any language).' }),
  segment: SegmentParam,
});

export const FeedbackListQuery = FeedbackFilterQuery.extend({
  sort: z.enum(FEEDBACK_SORTS).default('-postedAt'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const FeedbackPageSchema = z
  .object({ items: z.array(FeedbackItemSchema), nextCursor: z.string().nullable() })
  .openapi('FeedbackPage');

const Tally = { total: z.number(), negative: z.number(), neutral: z.number(), positive: z.number() };
export const FeedbackCountsSchema = z
  .object({
    total: z.number(),
    exact: z.boolean().openapi({
      description:
        'False when more than 1,000 items match a filter the rollups do not keep (search, sentiment, intent, rating, a time of day): the counts are over the first 1,000 found (for a search, the 1,000 most recently received matches) and mean "1,000+".',
    }),
    bySentiment: z.object({
      negative: z.number(),
      neutral: z.number(),
      positive: z.number(),
      unanalysed: z.number(),
    }),
    byTouchpoint: z.array(z.object({ key: z.string(), ...Tally })),
    byBrand: z.array(z.object({ brandId: z.string(), ...Tally })),
  })
  .openapi('FeedbackCounts');
