import { z } from '@hono/zod-openapi';
import { CHANNELS } from '../../core/feedback/schema.js';
import { BUCKETS, PRESETS } from '../../core/metrics/presets.js';
import { GROUP_BYS, METRIC_KEYS } from '../../core/metrics/queries.js';
import { SegmentParam } from './segments.schema.js';

/** A comma list of slugs (`a,b`), each checked by `item`; empty parts are ignored. */
const list = (item: z.ZodString | z.ZodEnum, description: string) =>
  z
    .string()
    .max(2_000)
    .transform((s, ctx) => {
      const parts = s
        .split(',')
        .map((p) => p.trim())
        .filter((p) => p !== '');
      for (const p of parts) {
        const r = item.safeParse(p);
        if (!r.success)
          ctx.addIssue({
            code: 'custom',
            message: `"${p}" is not valid: ${r.error.issues[0]?.message ?? ''}`,
          });
      }
      return parts;
    })
    .optional()
    .openapi({ type: 'string', description: `${description} Comma list: any of them.` });

/** A calendar day 1900-01-01 … 2999-12-31. */
const day = z.iso
  .date()
  .refine((d) => d >= '1900-01-01' && d <= '2999-12-31', 'must be between 1900-01-01 and 2999-12-31');

export const AnalyticsQuery = z.object({
  preset: z.enum(PRESETS).default('30d').openapi({
    description:
      'Period: last 7/30/90 days to today (UTC), this quarter, all time, or custom (`from`, `to`).',
  }),
  from: day.optional().openapi({ description: 'First day (YYYY-MM-DD, UTC) with preset=custom.' }),
  to: day.optional().openapi({ description: 'Last day, inclusive (YYYY-MM-DD, UTC) with preset=custom.' }),
  brand: list(z.string().min(1).max(120), 'Brand slug or id.'),
  platform: list(z.string().min(1).max(40), 'Platform (google, twitter, survey, …).'),
  channel: list(z.enum(CHANNELS), 'Channel.'),
  language: list(z.string().min(1).max(10), "Language code, or 'unknown'."),
  touchpoint: list(z.string().min(1).max(60), 'Touchpoint key of the journey.'),
  stage: list(z.string().min(1).max(60), 'Journey stage key (its touchpoints).'),
  segment: SegmentParam,
  format: z.enum(['json', 'csv']).default('json').openapi({
    description:
      'csv: the same data as text/csv; text cells starting with = + - @ tab or CR get a leading apostrophe.',
  }),
});

export const MetricsQuery = AnalyticsQuery.extend({
  bucket: z
    .enum(BUCKETS)
    .default('day')
    .openapi({ description: 'Trend bucket: day, ISO week (from Monday) or month.' }),
  groupBy: z.enum(GROUP_BYS).optional().openapi({ description: 'Slice the metrics by this dimension.' }),
});
export const DriversQuery = AnalyticsQuery.extend({
  target: z
    .enum(['stars', 'nps'])
    .default('stars')
    .openapi({ description: 'What the touchpoints should explain.' }),
});

export const EstimateSchema = z
  .object({
    value: z.number().nullable(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    n: z.number(),
    enough: z.boolean(),
  })
  .openapi('Estimate', {
    description:
      'A figure with its 95 % interval and sample size; value null with no data; enough false below 30 (greyed as "not enough data").',
  });
export const ChangeSchema = z
  .object({
    delta: z.number().nullable(),
    pValue: z.number().nullable(),
    significant: z.boolean().nullable(),
  })
  .openapi('Change', {
    description: 'Change to this period from the previous one (or ours minus theirs); significant at 0.05.',
  });
const PeriodSchema = z.object({ from: z.string(), to: z.string() });

export const MetricsSchema = z
  .object({
    period: PeriodSchema.extend({ bucket: z.enum(BUCKETS) }),
    previous: PeriodSchema,
    headline: z.array(
      z.object({
        key: z.enum(METRIC_KEYS),
        label: z.string(),
        unit: z.string().openapi({
          description: 'count, ratio (0–1), index (−1…1), stars, nps (−100…100), ces (1–7), hours.',
        }),
        estimate: EstimateSchema,
        previous: EstimateSchema.nullable(),
        change: ChangeSchema.nullable(),
        distribution: z
          .array(z.number())
          .optional()
          .openapi({ description: 'Stars: ratings in the 1…5 star bars.' }),
      }),
    ),
    series: z.array(
      z.object({
        key: z.enum(METRIC_KEYS),
        points: z.array(z.object({ t: z.string(), estimate: EstimateSchema })),
      }),
    ),
    groups: z
      .array(z.object({ key: z.string(), label: z.string(), metrics: z.record(z.string(), EstimateSchema) }))
      .optional(),
    movers: z.array(
      z.object({
        touchpoint: z.string(),
        label: z.string(),
        stage: z.string(),
        before: EstimateSchema,
        after: EstimateSchema,
        delta: z.number().nullable(),
        significant: z.boolean().nullable(),
      }),
    ),
  })
  .openapi('Metrics');

export const HeatmapSchema = z
  .object({
    period: PeriodSchema,
    previous: PeriodSchema,
    stages: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        touchpoints: z.array(z.object({ key: z.string(), label: z.string() })),
      }),
    ),
    cells: z.array(
      z.object({
        stage: z.string(),
        touchpoint: z.string(),
        volume: z.number(),
        sentimentIndex: EstimateSchema,
        change: ChangeSchema.nullable(),
      }),
    ),
    weakest: z
      .object({ stage: z.string(), touchpoint: z.string(), label: z.string(), reason: z.string() })
      .nullable(),
    lastImpression: z.object({
      lastStageWeight: z.number().nullable(),
      firstStagesWeight: z.number().nullable(),
      r2: z.number().nullable(),
      n: z.number(),
      enough: z.boolean(),
      note: z.string().nullable(),
    }),
  })
  .openapi('JourneyHeatmap');

export const DriversSchema = z
  .object({
    period: PeriodSchema,
    target: z.enum(['stars', 'nps']),
    n: z.number(),
    r2: z.number().nullable(),
    enough: z.boolean(),
    warning: z.string().nullable(),
    drivers: z.array(
      z.object({
        touchpoint: z.string(),
        label: z.string(),
        stage: z.string(),
        rawWeight: z.number(),
        share: z.number(),
        performance: EstimateSchema,
        mentions: z.number(),
        quadrant: z.enum(['fix_first', 'keep_up', 'dont_over_invest', 'secondary']),
      }),
    ),
  })
  .openapi('KeyDrivers');

const ComparisonFields = {
  brandId: z.string(),
  name: z.string(),
  delta: z.number().nullable().openapi({ description: 'Ours minus theirs.' }),
  pValue: z.number().nullable(),
  significant: z.boolean().nullable(),
};
const ContrastSchema = z.object({
  touchpoint: z.string(),
  label: z.string(),
  own: EstimateSchema,
  competitor: EstimateSchema,
  ...ComparisonFields,
});
export const BenchmarkSchema = z
  .object({
    period: PeriodSchema,
    own: z.array(z.object({ id: z.string(), name: z.string() })),
    brands: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.enum(['own', 'competitor']),
        volume: z.number(),
        shareOfVoice: z.number().nullable(),
        stars: EstimateSchema,
        sentimentIndex: EstimateSchema,
      }),
    ),
    touchpoints: z.array(
      z.object({
        key: z.string(),
        label: z.string(),
        own: EstimateSchema,
        competitors: z.array(z.object({ estimate: EstimateSchema, ...ComparisonFields })),
      }),
    ),
    theirWeakOurStrong: z.array(ContrastSchema),
    ourWeakTheirStrong: z.array(ContrastSchema),
  })
  .openapi('Benchmark');

/** The 200 of an analytics route: JSON, or the same data as CSV with `format=csv`. */
export function jsonOrCsv<T extends z.ZodType>(schema: T, description: string) {
  return {
    description,
    content: {
      'application/json': { schema },
      'text/csv': {
        schema: z.string().openapi({ description: 'format=csv: one header row, then the data.' }),
      },
    },
  };
}
