import { z } from '@hono/zod-openapi';
import { LIFECYCLE_STAGES } from '../../core/customers/lifecycle.js';
import { TOUCHPOINT_MODES } from '../../core/customers/segments.js';

const Key = z.string().min(1).max(80);

export const SegmentRulesSchema = z
  .object({
    touchpoints: z
      .array(
        z
          .object({
            key: Key.openapi({ description: 'A touchpoint key of the taxonomy, e.g. `parking`.' }),
            mode: z.enum(TOUCHPOINT_MODES).default('mentions'),
            min: z.number().int().min(1).max(10_000).default(1),
          })
          .strict(),
      )
      .max(10)
      .default([])
      .openapi({
        description:
          'Touchpoints they care about: mentioned, praised or criticised at least `min` times (all must hold).',
      }),
    intents: z
      .array(z.object({ intent: Key, min: z.number().int().min(1).max(10_000).default(1) }).strict())
      .max(10)
      .default([])
      .openapi({
        description:
          'Intents they show (complaint, refund, churn, …), each at least `min` times (all must hold).',
      }),
    lifecycle: z
      .array(z.enum(LIFECYCLE_STAGES))
      .max(LIFECYCLE_STAGES.length)
      .default([])
      .openapi({ description: 'Any of these stages.' }),
    promoter: z
      .boolean()
      .optional()
      .openapi({ description: 'true: promoters only; false: everyone but promoters.' }),
    tags: z
      .array(z.string().min(1).max(100))
      .max(20)
      .default([])
      .openapi({ description: 'Any of these CRM tags.' }),
    languages: z
      .array(z.string().min(2).max(20))
      .max(20)
      .default([])
      .openapi({ description: 'Any of these languages.' }),
    platforms: z.array(Key).max(20).default([]).openapi({
      description: 'An identity on any of these platforms (`twitter`, `amazon`, …), or `email` / `phone`.',
    }),
  })
  .strict()
  .openapi('SegmentRules');

export const SegmentBody = z
  .object({
    name: z.string().min(1).max(120),
    description: z.string().max(1_000).optional(),
    rules: SegmentRulesSchema,
  })
  .strict()
  .openapi('SegmentInput');

export const SegmentPatchBody = z
  .object({
    name: z.string().min(1).max(120).optional(),
    description: z.string().max(1_000).optional(),
    rules: SegmentRulesSchema.optional(),
  })
  .strict()
  .openapi('SegmentPatch');

export const SegmentSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string(),
    rules: SegmentRulesSchema,
    summary: z.string().openapi({ description: 'The rules in words: "criticises parking ≥ 2 · at risk".' }),
    size: z.number().int().openapi({ description: 'Members at the last evaluation.' }),
    computedAt: z.string().nullable().openapi({
      description: 'When the members were evaluated (on save, then at most hourly); null while pending.',
    }),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Segment');

export const SegmentListSchema = z.object({ segments: z.array(SegmentSchema) }).openapi('SegmentList');

export const SegmentSuggestionsSchema = z
  .object({
    k: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Clusters chosen by the best mean silhouette for k = 2…8.' }),
    silhouette: z.number().nullable(),
    sampled: z
      .number()
      .int()
      .openapi({ description: 'Customers with touchpoints in the sample (at most 2,000).' }),
    clusters: z.array(
      z.object({
        name: z.string(),
        size: z.number().int().openapi({ description: 'Customers of the sample in the cluster.' }),
        share: z.number().openapi({ description: 'Their share of the sample, 0–1.' }),
        touchpoints: z.array(
          z.object({
            key: z.string(),
            name: z.string(),
            weight: z.number(),
            positiveShare: z.number(),
            negativeShare: z.number(),
          }),
        ),
        rules: SegmentRulesSchema.openapi({
          description: 'POST these as `rules` to /segments to save the cluster.',
        }),
      }),
    ),
  })
  .openapi('SegmentSuggestions');

/** The `segment` filter other lists accept (explorer, counts, customers, inbox, metrics). */
export const SegmentParam = z
  .string()
  .min(1)
  .max(100)
  .optional()
  .openapi({ description: 'Only customers of this saved segment (its members at the last evaluation).' });
