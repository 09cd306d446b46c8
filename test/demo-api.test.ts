import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';

const OWNER = {
  name: 'Nia Newcomer',
  email: 'nia@example.com',
  password: 'correct horse battery',
  workspaceName: 'Nia Ferries',
};
type Result = { workspace: { id: string; name: string; isDemo: boolean; role: string }; created: boolean };

describe.each(DIALECTS)('POST /api/v1/demo on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    // A handler limit far shorter than making the demo takes (seconds): loading the demo answers
    // when it is ready, whatever the limit (it failed with a 503 at the default 30 s on a busy machine).
    rt = await openRuntime({ ...db.config, limits: { ...db.config.limits, handlerTimeoutMs: 1000 } });
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string }>('POST', '/api/v1/setup', OWNER);
    owner.csrf = setup.body.csrfToken;
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('needs a session', async () => {
    expect((await new TestClient(app).json('POST', '/api/v1/demo')).status).toBe(401);
  });

  it('creates the labelled demo workspace for the caller as owner, once: a second call answers the same one', async () => {
    // A double click: whichever request comes first creates it, the other answers the same one.
    const [first, double] = (
      await Promise.all([
        owner.json<Result>('POST', '/api/v1/demo'),
        owner.json<Result>('POST', '/api/v1/demo'),
      ])
    ).sort((a, b) => b.status - a.status);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ created: true, workspace: { isDemo: true, role: 'owner' } });
    expect(first.body.workspace.name).toMatch(/^Demo\b/);
    expect(double).toMatchObject({ status: 200, body: { created: false, workspace: first.body.workspace } });
    const again = await owner.json<Result>('POST', '/api/v1/demo');
    expect(again).toMatchObject({ status: 200, body: { created: false, workspace: first.body.workspace } });
    const me = await owner.json<{ workspaces: { isDemo: boolean }[] }>('GET', '/api/v1/me');
    expect(me.body.workspaces.filter((w) => w.isDemo)).toHaveLength(1);
    expect((await rt.store.workspaces.list()).filter((w) => w.isDemo)).toHaveLength(1);
  }, 120_000);
});
