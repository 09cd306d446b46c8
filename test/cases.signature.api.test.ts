// The draft's signature (issue #12): every route that answers with a case signs its draft as the
// signed-in person, as GET does. Opening, assigning and closing answered with the brand's signature,
// and the case page swapped the agent's draft for it under their eyes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

interface CaseDetail {
  id: string;
  assigneeId: string | null;
  draft: { text: string } | null;
}

describe.each(DIALECTS)('the draft signature on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let userId = '';
  let itemId = '';

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; user: { id: string }; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Olga Bistro',
      },
    );
    owner.csrf = setup.body.csrfToken;
    owner.workspace = setup.body.workspaces[0]?.id;
    userId = setup.body.user.id;
    const r = await owner.json<{ results: { itemId: string }[] }>('POST', '/api/v1/feedback', {
      items: [
        feedbackInput({
          platform: 'twitter',
          rating: undefined,
          text: 'My flight was delayed four hours and nobody at the gate told us anything.',
          author: { handle: '@rita', name: 'Rita' },
        }),
      ],
    });
    itemId = r.body.results[0]?.itemId ?? '';
    expect(itemId).not.toBe('');
  });

  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('opening, assigning and closing answer with the draft GET gives: the same signature', async () => {
    const opened = await owner.json<CaseDetail>('POST', '/api/v1/cases', { itemId });
    expect([200, 201]).toContain(opened.status);
    const id = opened.body.id;
    const got = await owner.json<CaseDetail>('GET', `/api/v1/cases/${id}`);
    const text = got.body.draft?.text ?? '';
    expect(text).toContain('Olga Owner');
    expect(opened.body.draft?.text).toBe(text);

    const patched = await owner.json<CaseDetail>('PATCH', `/api/v1/cases/${id}`, { assigneeId: userId });
    expect(patched.status).toBe(200);
    expect(patched.body.assigneeId).toBe(userId);
    expect(patched.body.draft?.text).toBe(text);

    const closed = await owner.json<CaseDetail>('POST', `/api/v1/cases/${id}/close`, { outcome: 'resolved' });
    expect(closed.status).toBe(200);
    expect(closed.body.draft?.text).toBe(text);
  });
});
