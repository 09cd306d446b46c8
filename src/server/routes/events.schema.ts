import { z } from '@hono/zod-openapi';
import { EventInputSchema, MAX_EVENTS } from '../../core/events/index.js';

export const EventInputDoc = z.object(EventInputSchema.shape).strict().openapi('EventInput');

export const EventBatchBody = z
  .object({
    events: z
      .array(EventInputDoc)
      .min(1)
      .max(MAX_EVENTS, `at most ${MAX_EVENTS} events per request`)
      .openapi({
        description: `1–${MAX_EVENTS} events. An externalId seen before is a duplicate: stored once, acted on once.`,
      }),
  })
  .strict()
  .openapi('EventBatch');

export const EventResultSchema = z.object({
  externalId: z.string(),
  id: z.string().nullable(),
  status: z.enum(['created', 'duplicate', 'unresolved']).openapi({
    description: 'unresolved: stored, but no customer could be found or made from its identities.',
  }),
  customerId: z.string().nullable(),
  invitations: z.number().int().openapi({ description: 'Survey invitations this event created.' }),
});

export const EventBatchResultSchema = z
  .object({
    created: z.number().int(),
    duplicates: z.number().int(),
    invitations: z.number().int(),
    events: z.array(EventResultSchema),
  })
  .openapi('EventBatchResult');

export const EventSchema = z
  .object({
    id: z.string(),
    externalId: z.string(),
    type: z.string(),
    customerId: z.string().nullable(),
    occurredAt: z.string(),
    touchpointKey: z.string().nullable(),
    data: z.record(z.string(), z.unknown()),
    invitations: z.number().int(),
    createdAt: z.string(),
  })
  .openapi('CustomerEvent');

export const EventListQuery = z.object({
  type: z.string().max(80).optional(),
  customerId: z.string().max(100).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const EventListSchema = z
  .object({ events: z.array(EventSchema), nextCursor: z.string().nullable() })
  .openapi('CustomerEventList');
