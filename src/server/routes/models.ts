import { createRoute, z } from '@hono/zod-openapi';
import { authorize } from '../../core/auth/index.js';
import { MIN_LABELLED, MIN_PER_LABEL, trainingReadiness } from '../../core/models/workspace-model.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { json, problems, SECURITY, SESSION_ONLY } from './common.schema.js';
import { ModelSchema } from './models.schema.js';

const listModels = createRoute({
  method: 'get',
  path: '/models',
  tags: ['workspace'],
  summary: "The workspace's own learned models, newest first, with cross-validated accuracy",
  security: SECURITY,
  responses: {
    200: json(
      z.object({
        models: z.array(ModelSchema),
        minimumRatedItems: z.number(),
        minimumPerLabel: z.number(),
        readiness: z
          .object({
            ready: z.boolean(),
            ratedItems: z.number().int(),
            perLabel: z.record(z.string(), z.number().int()),
            missing: z.string().nullable(),
          })
          .openapi({
            description:
              'Whether training now would make a model: the labelled items counted as training counts them (read up to 2,000), and what is missing.',
          }),
      }),
      'Models',
    ),
    ...problems(401, 403),
  },
});

const train = createRoute({
  method: 'post',
  path: '/models/train',
  tags: ['workspace'],
  summary: "Queue training of the workspace's sentiment model from its rated items (a worker runs it)",
  security: SESSION_ONLY,
  responses: {
    202: json(z.object({ queued: z.literal(true), jobId: z.string() }), 'Queued'),
    ...problems(401, 403),
  },
});

export const modelRoutes = router()
  .openapi(listModels, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'workspace:read');
    const { store } = c.get('runtime');
    const [models, readiness] = await Promise.all([
      store.models.list(p.workspaceId),
      trainingReadiness(store, p.workspaceId),
    ]);
    return c.json(
      { models, minimumRatedItems: MIN_LABELLED, minimumPerLabel: MIN_PER_LABEL, readiness },
      200,
    );
  })
  .openapi(train, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'keys:manage');
    const runtime = c.get('runtime');
    const jobId = await runtime.jobs.send(
      runtime.jobDefs.modelTrain,
      { workspaceId: p.workspaceId },
      { singletonKey: p.workspaceId },
    );
    return c.json({ queued: true as const, jobId }, 202);
  });
