import { z } from '@hono/zod-openapi';
import { WorkspaceSchema } from './common.schema.js';

export const DemoResultSchema = z
  .object({
    workspace: WorkspaceSchema,
    created: z.boolean().openapi({ description: 'False when the caller already had the demo workspace.' }),
  })
  .openapi('DemoResult');
