import { z } from '@hono/zod-openapi';
import { canonicalEncoding } from '../../importers/encoding.js';
import { IMPORT_FORMATS, type ImportFormat } from '../../importers/types.js';

export const ImportSchema = z
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
    rejections: z.array(z.object({ line: z.number(), reason: z.string() })),
    warnings: z.array(z.string()).openapi({
      description:
        'What the import found without rejecting rows: a file not in UTF-8, bytes that did not decode.',
    }),
    error: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
    heartbeatAt: z.string().nullable().openapi({
      description: 'The last sign of life of a running import; one that stops beating is marked failed.',
    }),
  })
  .openapi('Import');

export const CreateImportSchema = z.object({
  filename: z.string().trim().min(1).max(300),
  size: z.number().int().min(0).optional(),
  brand: z.string().trim().min(1).max(120).optional(),
  ownBrand: z.string().trim().min(1).max(120).optional().openapi({
    description: 'Which brand is yours: other brands the file names are created as competitors.',
  }),
  labels: z.boolean().optional().openapi({
    description:
      "Import the file's human sentiment labels (the airline file's airline_sentiment) as corrections the model learns from.",
  }),
  platform: z.string().trim().min(1).max(40).optional(),
  format: z.enum(IMPORT_FORMATS as [ImportFormat, ...ImportFormat[]]).optional(),
  map: z
    .string()
    .max(1000)
    .optional()
    .openapi({ description: 'Column mapping, e.g. `text=body,rating=stars`.' }),
  encoding: z
    .string()
    .trim()
    .min(1)
    .max(40)
    .refine(
      knownEncoding,
      'not an encoding we can read (e.g. utf-8, latin1, windows-1252, utf-16le, shift_jis)',
    )
    .optional()
    .openapi({ description: "The file's character encoding; default: detected from its first 64 KB." }),
});

function knownEncoding(label: string): boolean {
  try {
    canonicalEncoding(label);
    return true;
  } catch {
    return false;
  }
}
