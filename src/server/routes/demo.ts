import { createRoute } from '@hono/zod-openapi';
import type { Workspace } from '../../core/types.js';
import { createDemoWorkspace, demoWorkspaceOf } from '../../demo/index.js';
import { router } from '../env.js';
import { requireUser } from '../middleware/auth.js';
import { presentWorkspace } from '../presenters.js';
import { json, problems, SESSION_ONLY } from './common.schema.js';
import { DemoResultSchema } from './demo.schema.js';

const loadDemo = createRoute({
  method: 'post',
  path: '/demo',
  tags: ['account'],
  summary: 'Load the demo: a labelled demo workspace for the caller, as its owner',
  description:
    'Creates the demo workspace (an invented bistro with two competitors, teams, cases and a storm that ' +
    'raised an alert) and answers when it is ready, in some seconds. A second call answers the existing one.',
  security: SESSION_ONLY,
  responses: {
    200: json(DemoResultSchema, 'The demo workspace the caller already had'),
    201: json(DemoResultSchema, 'The new demo workspace'),
    ...problems(401, 403),
  },
});

/** Loads in progress, by user: a double click waits for the first load instead of making a second demo. */
const loading = new Map<string, Promise<{ workspace: Workspace; created: boolean }>>();

export const demoRoutes = router().openapi(loadDemo, async (c) => {
  const { user } = requireUser(c);
  const runtime = c.get('runtime');
  const pending = loading.get(user.id);
  if (pending) {
    const { workspace } = await pending;
    return c.json({ workspace: presentWorkspace(workspace, 'owner'), created: false }, 200);
  }
  const load = (async () => {
    const existing = await demoWorkspaceOf(runtime.store, user.id);
    if (existing) return { workspace: existing, created: false };
    return { workspace: (await createDemoWorkspace(runtime, [user.id])).workspace, created: true };
  })();
  loading.set(user.id, load);
  try {
    const { workspace, created } = await load;
    const body = { workspace: presentWorkspace(workspace, 'owner'), created };
    return created ? c.json(body, 201) : c.json(body, 200);
  } finally {
    loading.delete(user.id);
  }
});
