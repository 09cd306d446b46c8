import { z } from '@hono/zod-openapi';

/** A stored row as exported: camelCase keys, JSON columns parsed. */
const Row = z.record(z.string(), z.unknown());

export const CustomerExportSchema = z
  .object({
    format: z.literal('touchpoint.customer-export@1'),
    exportedAt: z.string(),
    workspaceId: z.string(),
    customer: Row.openapi({
      description: 'The customer (the survivor when the id asked for was merged into another).',
    }),
    mergedCustomers: z.array(Row).openapi({ description: 'Customers merged into it: the same person.' }),
    identities: z.array(Row),
    items: z.array(Row).openapi({
      description:
        'Every item about them, each with `versions`, `analyses`, `touchpoints`, `intents` and `corrections`.',
    }),
    cases: z.array(Row).openapi({
      description:
        "Cases that are theirs or hold one of their items, each with `itemIds` (theirs only), `events` and `replies`; in a case that also holds someone else's items, what is about those is left out.",
    }),
    notes: z.array(Row),
    exceptions: z.array(Row),
    merges: z.array(Row),
    suggestions: z.array(Row).openapi({
      description:
        'Match suggestions that named them (without the evidence, which may name the other customer).',
    }),
    stats: z.array(Row),
    touchpoints: z.array(Row),
    intents: z.array(Row),
    moments: z.array(Row),
    segments: z.array(Row),
    surveys: z
      .object({ invitations: z.array(Row), responses: z.array(Row) })
      .optional()
      .openapi({
        description: 'Survey invitations sent to them and their answers (scores and texts are in `items`).',
      }),
  })
  .openapi('CustomerExport', {
    description: 'Everything stored about one person, and nothing of anyone else (a JSON download).',
  });

const Count = z.number().int();
export const ErasureReportSchema = z
  .object({
    customerIds: z
      .array(z.string())
      .openapi({ description: 'The customer and every customer merged into it.' }),
    items: Count,
    versions: Count,
    analyses: Count,
    searchRows: Count,
    identities: Count,
    cases: Count,
    caseEvents: Count,
    replies: Count,
    exceptions: Count,
    notes: Count,
    moments: Count,
    suggestions: Count,
    merges: Count,
    auditEntries: Count,
    imports: Count,
    alreadyErased: z.boolean(),
  })
  .openapi('ErasureReport', { description: 'Rows changed by the erasure, per kind.' });
