import { z } from '@hono/zod-openapi';
import { LIFECYCLE_STAGES } from '../../core/customers/lifecycle.js';
import { IDENTITY_KINDS } from '../../core/feedback/schema.js';
import { CustomerStatsSchema, LIST_STAGES } from './customer-insights.schema.js';

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(500).optional();
const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((d) => {
    const t = Date.parse(`${d}T00:00:00Z`);
    return !Number.isNaN(t) && new Date(t).toISOString().startsWith(d);
  }, 'not a calendar date');

export const CustomerIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
});
export const IdentityIdParam = CustomerIdParam.extend({
  identityId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'identityId', in: 'path' } }),
});

export const CustomerListQuery = z.object({
  q: z.string().trim().max(200).optional().openapi({
    description:
      'A name (prefix of any word, or of the whole name), an e-mail, a phone number or an @handle.',
  }),
  lifecycle: z.enum(LIST_STAGES).optional().openapi({
    description: "Only customers in this stage now (from each customer's own cadence).",
  }),
  segment: z.string().max(100).optional().openapi({ description: 'Only members of this saved segment.' }),
  cursor,
  limit,
});

export const CustomerIdentitySchema = z
  .object({
    id: z.string(),
    kind: z.enum(IDENTITY_KINDS),
    platform: z
      .string()
      .openapi({ description: "'' unless a handle or marketplace id ('crm' for a CRM id)." }),
    value: z.string(),
    createdAt: z.string(),
  })
  .openapi('CustomerIdentity');

export const CustomerSummarySchema = z
  .object({
    id: z.string(),
    name: z.string().nullable().openapi({ description: 'The shown name.' }),
    city: z.string().nullable(),
    lifecycle: z.enum(LIFECYCLE_STAGES).nullable(),
    identities: z.array(CustomerIdentitySchema),
    lastSeenAt: z.string().nullable(),
    items: z.number().int(),
    tags: z.array(z.string()),
    mergedInto: z.string().nullable(),
  })
  .openapi('CustomerSummary');

export const CustomerListSchema = z
  .object({ customers: z.array(CustomerSummarySchema), nextCursor: z.string().nullable() })
  .openapi('CustomerList');

const TouchpointLean = z.object({
  touchpoint: z.string(),
  mentions: z.number().int(),
  positive: z.number().int(),
  negative: z.number().int(),
});

export const CustomerProfileSchema = z
  .object({
    id: z.string(),
    name: z.string().nullable().openapi({ description: 'The shown name.' }),
    crmName: z.string().nullable().openapi({ description: 'The name the CRM gave, when imported.' }),
    city: z.string().nullable(),
    birthday: z.string().nullable(),
    anniversary: z.string().nullable(),
    firstPurchase: z.string().nullable(),
    lifetimeValue: z.number().nullable().openapi({
      description: 'Shown, never used: the inbox never ranks by what a customer spends.',
    }),
    currency: z.string().nullable(),
    tags: z.array(z.string()),
    language: z.string().nullable(),
    crmId: z.string().nullable(),
    referrals: z.number().int().nullable(),
    mergedInto: z.string().nullable().openapi({
      description: 'Set when this customer was merged: their history is on that customer now.',
    }),
    erasedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    identities: z.array(CustomerIdentitySchema),
    lifecycle: z.enum(LIFECYCLE_STAGES).nullable(),
    stats: z
      .union([CustomerStatsSchema, z.null()])
      .openapi({ description: 'Null until the customer has an item.' }),
    likes: z.array(TouchpointLean),
    dislikes: z.array(TouchpointLean),
    intents: z.array(z.object({ intent: z.string(), count: z.number().int() })),
    moments: z
      .array(
        z.object({
          id: z.string(),
          kind: z.string(),
          occurredAt: z.string(),
          detail: z.record(z.string(), z.unknown()),
        }),
      )
      .openapi({
        description: "The customer's recent notable events (a recovered complaint, a tenth visit, …).",
      }),
    notesCount: z.number().int(),
    openSuggestions: z
      .number()
      .int()
      .openapi({ description: 'Open match suggestions naming this customer.' }),
  })
  .openapi('CustomerProfile');

export const CustomerPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(300).nullable(),
    city: z.string().trim().min(1).max(200).nullable(),
    birthday: isoDate.nullable(),
    anniversary: isoDate.nullable(),
    firstPurchase: isoDate.nullable(),
    lifetimeValue: z.number().finite().nullable(),
    currency: z
      .string()
      .regex(/^[A-Za-z]{3}$/)
      .transform((c) => c.toUpperCase())
      .nullable(),
    tags: z.array(z.string().trim().min(1).max(60)).max(50),
    language: z
      .string()
      .regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/)
      .transform((l) => l.toLowerCase())
      .nullable(),
    referrals: z.number().int().min(0).nullable(),
  })
  .partial()
  .strict()
  .openapi('CustomerPatch');

export const NewIdentitySchema = z
  .object({
    kind: z.enum(IDENTITY_KINDS),
    value: z.string().trim().min(1).max(320),
    platform: z.string().trim().min(1).max(40).optional().openapi({
      description: 'For handles and marketplace ids: the platform (twitter, instagram, amazon, …).',
    }),
    region: z
      .string()
      .length(2)
      .optional()
      .openapi({ description: 'For a national phone number: its country (DE).' }),
  })
  .openapi('NewIdentity');

export const NoteSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    authorId: z.string().nullable(),
    authorName: z.string().nullable(),
    text: z.string(),
    createdAt: z.string(),
  })
  .openapi('CustomerNote');
export const NotesSchema = z
  .object({ notes: z.array(NoteSchema), nextCursor: z.string().nullable() })
  .openapi('CustomerNotes');
export const NewNoteSchema = z
  .object({ text: z.string().trim().min(1).max(5_000) })
  .openapi('NewCustomerNote');
export const PageQuery = z.object({ cursor, limit });

export const MergeBodySchema = z
  .object({
    otherId: z
      .string()
      .min(1)
      .max(100)
      .openapi({ description: 'The customer merged INTO this one (it keeps its id).' }),
  })
  .openapi('MergeRequest');

export const MergeSchema = z
  .object({
    id: z.string(),
    survivorId: z.string(),
    mergedId: z.string(),
    reason: z.enum(['manual', 'suggestion', 'crm_import']),
    moved: z.object({
      identities: z.number().int(),
      items: z.number().int(),
      cases: z.number().int(),
      notes: z.number().int(),
      exceptions: z.number().int(),
      moments: z.number().int(),
    }),
    actor: z.object({ type: z.string(), id: z.string().nullable() }),
    createdAt: z.string(),
    undoneAt: z.string().nullable(),
    undoneBy: z.string().nullable(),
  })
  .openapi('CustomerMerge');
export const MergesQuery = z.object({ customerId: z.string().max(100).optional(), cursor, limit });
export const MergesSchema = z
  .object({ merges: z.array(MergeSchema), nextCursor: z.string().nullable() })
  .openapi('CustomerMerges');

const SuggestedCustomer = z.object({
  id: z.string(),
  name: z.string().nullable(),
  city: z.string().nullable(),
  identities: z.array(CustomerIdentitySchema),
  items: z.number().int(),
  mergedInto: z.string().nullable(),
});
export const SuggestionSchema = z
  .object({
    id: z.string(),
    reason: z.enum(['shared_item', 'name_city', 'handle_in_email']),
    evidence: z.string(),
    score: z.number(),
    status: z.enum(['open', 'merged', 'rejected']),
    createdAt: z.string(),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    a: SuggestedCustomer.openapi({ description: 'The older customer: it survives a merge.' }),
    b: SuggestedCustomer,
  })
  .openapi('MatchSuggestion');
export const SuggestionsQuery = z.object({
  status: z.enum(['open', 'merged', 'rejected']).optional(),
  customerId: z.string().max(100).optional(),
  cursor,
  limit,
});
export const SuggestionsSchema = z
  .object({ suggestions: z.array(SuggestionSchema), nextCursor: z.string().nullable() })
  .openapi('MatchSuggestions');
export const SuggestionDecisionParam = CustomerIdParam.extend({
  decision: z.enum(['merge', 'reject']).openapi({ param: { name: 'decision', in: 'path' } }),
});
export const DecisionSchema = z
  .object({ suggestion: SuggestionSchema, merge: z.union([MergeSchema, z.null()]) })
  .openapi('MatchDecision');

export const CreateCustomerImportSchema = z
  .object({
    filename: z.string().trim().min(1).max(300),
    size: z.number().int().min(0).optional(),
    region: z
      .string()
      .regex(/^[A-Za-z]{2}$/)
      .optional()
      .openapi({ description: 'The country national phone numbers are read in (DE, FR, …).' }),
    encoding: z.string().trim().min(1).max(40).optional(),
  })
  .openapi('NewCustomerImport');

export const CustomerImportSchema = z
  .object({
    id: z.string(),
    filename: z.string(),
    options: z.record(z.string(), z.unknown()),
    format: z.string().nullable(),
    status: z.enum(['waiting', 'running', 'done', 'failed']),
    bytesTotal: z.number().nullable(),
    bytesRead: z.number(),
    rows: z.number(),
    created: z.number(),
    updated: z.number(),
    unchanged: z.number(),
    rejected: z.number(),
    rejections: z.array(
      z.object({
        line: z.number(),
        field: z.string().openapi({ description: "The column that was wrong ('' for a malformed record)." }),
        message: z.string(),
        reason: z
          .string()
          .openapi({ description: 'The same as `message` (the feedback import calls it so).' }),
      }),
    ),
    warnings: z.array(z.string()),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    heartbeatAt: z.string().nullable(),
  })
  .openapi('CustomerImport');
