import { z } from '@hono/zod-openapi';

const ClassFigures = z.object({
  precision: z.number(),
  recall: z.number(),
  f1: z.number(),
  support: z.number(),
});

export const ModelSchema = z
  .object({
    id: z.string(),
    task: z.literal('sentiment'),
    version: z.number().int(),
    examples: z.number().int(),
    metrics: z.object({
      corrections: z.number().int().optional().openapi({
        description:
          "How many of the examples were agents' corrections (absent on models trained before corrections).",
      }),
      accuracy: z.number(),
      macroF1: z.number(),
      folds: z.number().int(),
      perClass: z.record(z.string(), ClassFigures),
    }),
    createdAt: z.string(),
  })
  .openapi('Model', {
    description:
      "A learned model; metrics are k-fold cross-validated on the workspace's own rated and corrected items.",
  });
