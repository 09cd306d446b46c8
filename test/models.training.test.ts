/**
 * The model.train job (issue #13): two trainings queued for one workspace — the start-up sweep and
 * "Train now" — run one after the other in a process, and the second finds the first's model
 * instead of training again (they ran side by side, a worker thread of 50,000 examples each).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestFeedback } from '../src/core/feedback/ingest.js';
import { createWorkspace } from '../src/core/auth/accounts.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';
import { runJob } from './helpers/jobs.js';

const SYSTEM = { type: 'system', id: null } as const;
const GOOD = ['Lovely staff and a spotless room.', 'Great food, friendly people, fast check-in.'];
const BAD = ['Dirty room and rude staff.', 'Cold food, slow service, never again.'];

describe('model.train', () => {
  let db: TestDatabase;
  let rt: Runtime;
  let w: string;

  beforeAll(async () => {
    db = await freshDatabase('sqlite');
    rt = await openRuntime(db.config);
    w = (await createWorkspace(rt.store, { name: 'Training Inn' }, SYSTEM)).id;
    const items = Array.from({ length: 240 }, (_, i) =>
      feedbackInput({
        externalId: `t-${i}`,
        rating: i % 2 ? 5 : 1,
        text: `${(i % 2 ? GOOD : BAD)[i % 4 < 2 ? 0 : 1]} Visit ${i}.`,
      }),
    );
    await ingestFeedback(rt.ingestDeps, { workspaceId: w, actor: SYSTEM }, items);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('trains once when two jobs for the workspace run at the same time', async () => {
    await Promise.all([
      runJob(rt.jobDefs.modelTrain, { workspaceId: w }),
      runJob(rt.jobDefs.modelTrain, { workspaceId: w }),
    ]);
    const models = await rt.store.models.list(w);
    expect(models).toHaveLength(1);
    // A later request trains again: the guard only joins trainings that overlap.
    await runJob(rt.jobDefs.modelTrain, { workspaceId: w });
    expect(await rt.store.models.list(w)).toHaveLength(2);
  });
});
