import { z } from '@hono/zod-openapi';
import { SENTIMENT_BUCKETS } from '../../core/customers/timeline.js';

export const TimelineQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(1_000).optional(),
});

const Score = z.object({ kind: z.string(), value: z.number() }).nullable();

const entry = {
  key: z
    .string()
    .openapi({ description: 'Unique in the timeline: `item:ID`, `opened:ID`, `closed:ID`, `reply:ID`, …' }),
  at: z.string().openapi({ description: 'When it happened (ISO-8601 UTC); entries are newest first.' }),
};

export const TimelineVersionSchema = z
  .object({
    version: z.number().int(),
    title: z.string().nullable(),
    text: z.string(),
    rating: z.number().nullable(),
    score: Score,
    receivedAt: z.string(),
  })
  .openapi('TimelineVersion');

const TimelineItem = z
  .object({
    ...entry,
    kind: z.enum(['item', 'survey']).openapi({
      description: '`survey`: an answer from a survey (channel `survey`, or an NPS/CSAT/CES score).',
    }),
    itemId: z.string(),
    platform: z.string(),
    channel: z.string(),
    brandId: z.string(),
    title: z.string().nullable(),
    text: z.string(),
    url: z.string().nullable(),
    rating: z.number().nullable(),
    score: Score,
    sentiment: z.string().nullable(),
    language: z.string().nullable(),
    authorName: z.string().nullable(),
    authorHandle: z.string().nullable(),
    version: z.number().int(),
    versions: z.array(TimelineVersionSchema).openapi({ description: 'Every version, oldest first.' }),
  })
  .openapi('TimelineItem');

const TimelineCase = z
  .object({
    ...entry,
    kind: z.literal('case'),
    event: z.enum(['opened', 'closed']),
    caseId: z.string(),
    itemId: z.string(),
    status: z.string(),
    outcome: z.string().nullable().openapi({ description: 'On `closed`: resolved, recovered or lost.' }),
    priorityLabel: z.string(),
    touchpoint: z.string().nullable(),
  })
  .openapi('TimelineCase');

const TimelineReply = z
  .object({
    ...entry,
    kind: z.literal('reply'),
    replyId: z.string(),
    caseId: z.string(),
    itemId: z.string(),
    channelKind: z.string(),
    status: z.string(),
    text: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('TimelineReply');

const TimelineNote = z
  .object({
    ...entry,
    kind: z.literal('note'),
    noteId: z.string(),
    authorId: z.string().nullable(),
    text: z.string(),
  })
  .openapi('TimelineNote');

const TimelineException = z
  .object({
    ...entry,
    kind: z.literal('exception'),
    exceptionId: z.string(),
    caseId: z.string().nullable(),
    itemId: z.string().nullable(),
    type: z.string(),
    amount: z.number().int().openapi({ description: 'Minor units of `currency`.' }),
    currency: z.string(),
    status: z.string(),
    reason: z.string(),
  })
  .openapi('TimelineException');

export const TimelineEntrySchema = z
  .discriminatedUnion('kind', [TimelineItem, TimelineCase, TimelineReply, TimelineNote, TimelineException])
  .openapi('TimelineEntry');

export const TimelineSchema = z
  .object({
    customerId: z.string(),
    mergedInto: z
      .string()
      .nullable()
      .openapi({ description: 'Set when this customer was merged: their history is on the survivor now.' }),
    entries: z.array(TimelineEntrySchema),
    nextCursor: z.string().nullable(),
  })
  .openapi('CustomerTimeline');

export const SentimentQuery = z.object({
  bucket: z.enum(SENTIMENT_BUCKETS).default('month'),
});

export const CustomerSentimentSchema = z
  .object({
    customerId: z.string(),
    bucket: z.enum(SENTIMENT_BUCKETS),
    buckets: z.array(
      z.object({
        bucket: z
          .string()
          .openapi({ description: "'YYYY-MM' (month), the Monday 'YYYY-MM-DD' (week) or 'YYYY'." }),
        positive: z.number().int(),
        negative: z.number().int(),
        neutral: z.number().int(),
        unknown: z.number().int(),
      }),
    ),
    truncated: z.boolean().openapi({
      description: 'True when the customer has more than 10,000 items: only the newest are counted.',
    }),
  })
  .openapi('CustomerSentiment');
