import { z } from '@hono/zod-openapi';
import { LINK_PLATFORMS, REQUEST_KINDS } from '../../core/review-requests/platforms.js';
import { REQUEST_STATUSES } from '../../core/review-requests/ports.js';

export const PlatformParam = z.object({
  platform: z.enum(LINK_PLATFORMS).openapi({ param: { name: 'platform', in: 'path' } }),
});

export const PlatformSchema = z
  .object({
    platform: z.enum(LINK_PLATFORMS),
    label: z.string(),
    allowsRequests: z.boolean().openapi({ description: 'false: the platform forbids asking (Yelp).' }),
    explanation: z.string().openapi({ description: 'The rule in one line, for the UI.' }),
    policyUrl: z
      .string()
      .openapi({ description: "The platform's policy page ('' for the referral programme)." }),
    link: z
      .object({ url: z.string(), enabled: z.boolean(), updatedAt: z.string() })
      .nullable()
      .openapi({ description: "The business's saved link, or null." }),
  })
  .openapi('ReviewPlatform');

export const PlatformListSchema = z
  .object({ platforms: z.array(PlatformSchema) })
  .openapi('ReviewPlatformList');

export const PlatformLinkBody = z
  .object({
    url: z.string().min(1).max(2_000).openapi({ description: 'http(s) URL of your page on the platform.' }),
    enabled: z.boolean().optional(),
  })
  .strict()
  .openapi('ReviewPlatformLinkInput');

export const RequestReviewsBody = z
  .object({
    platform: z.string().min(1).max(40).openapi({ description: 'google, tripadvisor, … or referral.' }),
    kind: z.enum(REQUEST_KINDS).optional().openapi({ description: 'review (default) or referral.' }),
    customerIds: z.array(z.string().min(1).max(100)).min(1).max(10_000).optional(),
    segmentId: z.string().min(1).max(100).optional(),
    touchpointKey: z
      .string()
      .min(1)
      .max(80)
      .optional()
      .openapi({ description: 'The touchpoint the request follows (conversion per touchpoint).' }),
  })
  .strict()
  .openapi('ReviewRequestInput');

export const RequestReviewsResultSchema = z
  .object({
    platform: z.string(),
    kind: z.enum(REQUEST_KINDS),
    queued: z.boolean().optional().openapi({
      description: 'true: a large segment was handed to a job; the counts are in the list later.',
    }),
    requested: z.number().int(),
    alreadyAsked: z
      .number()
      .int()
      .openapi({ description: 'Customers with an open request for the platform from the last 30 days.' }),
    unknown: z
      .number()
      .int()
      .openapi({ description: 'Ids that are no (current) customer of the workspace.' }),
  })
  .openapi('ReviewRequestResult');

export const ReviewRequestSchema = z
  .object({
    id: z.string(),
    customerId: z.string().nullable(),
    customerName: z.string().nullable(),
    platform: z.string(),
    kind: z.enum(REQUEST_KINDS),
    touchpointKey: z.string().nullable(),
    status: z.enum(REQUEST_STATUSES),
    reason: z
      .string()
      .nullable()
      .openapi({ description: 'Why it was suppressed or failed (frequency_cap, …).' }),
    sentAt: z.string().nullable(),
    clickedAt: z.string().nullable(),
    convertedAt: z.string().nullable(),
    convertedItemId: z.string().nullable(),
    suggestedItemId: z
      .string()
      .nullable()
      .openapi({ description: "A review whose author's name is the customer's: confirm to convert." }),
    createdAt: z.string(),
  })
  .openapi('ReviewRequest');

export const ReviewRequestListQuery = z.object({
  platform: z.string().max(40).optional(),
  status: z.enum(REQUEST_STATUSES).optional(),
  customerId: z.string().max(100).optional(),
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const ReviewRequestListSchema = z
  .object({ requests: z.array(ReviewRequestSchema), nextCursor: z.string().nullable() })
  .openapi('ReviewRequestList');

const EstimateSchema = z
  .object({
    value: z.number().nullable(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    n: z.number().int(),
    enough: z.boolean(),
  })
  .openapi('ReviewEstimate');

const GroupSchema = z.object({
  requested: z.number().int(),
  pending: z.number().int(),
  delivered: z.number().int().openapi({ description: 'Sent, clicked or converted.' }),
  clicked: z.number().int(),
  converted: z.number().int(),
  suppressed: z.number().int(),
  failed: z.number().int(),
  conversion: EstimateSchema.openapi({ description: 'converted / delivered, 95 % Wilson interval.' }),
  clickRate: EstimateSchema.openapi({ description: 'clicked / delivered, 95 % Wilson interval.' }),
});

export const SummaryQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export const ConversionSummarySchema = z
  .object({
    total: GroupSchema,
    platforms: z.array(GroupSchema.extend({ platform: z.string(), label: z.string() })),
    touchpoints: z.array(GroupSchema.extend({ touchpointKey: z.string().nullable() })),
  })
  .openapi('ReviewConversionSummary');
