// Issue #4 at scale: two processes on one PostgreSQL database ingest the same customers' complaints
// at the same moment. The playbook opens one case per customer thread, not one per process
// (`CaseRepo.lockThreads`). SQLite runs one process and one writer, so this is PostgreSQL only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/core/auth/index.js';
import { ingestFeedback, type IngestDeps } from '../src/core/feedback/ingest.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

const SYSTEM = { type: 'system', id: null } as const;
const AUTHORS = 12;

describe('cases opened by two processes at once (postgres)', () => {
  let db: TestDatabase;
  let a: Runtime;
  let b: Runtime;
  let ws = '';

  beforeAll(async () => {
    db = await freshDatabase('postgres');
    a = await openRuntime(db.config);
    b = await openRuntime(db.config);
    ws = (await createWorkspace(a.store, { name: 'Acme Air' }, SYSTEM)).id;
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await db?.drop();
  });

  /**
   * Both transactions have written their item and wait for each other before the playbook runs:
   * the moment where, without a lock, each would find no open case and open its own.
   */
  function meeting(): { deps: (rt: Runtime) => IngestDeps } {
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothHere = new Promise<void>((resolve) => (release = resolve));
    return {
      deps: (rt) => ({
        ...rt.ingestDeps,
        afterWrite: async (tx, batch) => {
          if (++arrived === 2) release();
          await bothHere;
          await rt.ingestDeps.afterWrite?.(tx, batch);
        },
      }),
    };
  }

  it('opens one case per customer thread when both processes ingest the same authors together', async () => {
    const complaint = (author: number, process: string) =>
      feedbackInput({
        externalId: `${process}-${author}`,
        platform: 'twitter',
        rating: undefined,
        text: `Flight cancelled again and nobody answers. Terrible service, I want a refund now! (${process})`,
        author: { handle: `traveller${author}`, reach: 50 },
      });
    // Known customers: each wrote before (praise, no case). A new author's first items would wait
    // for each other on the customer identity's unique key; a known one's do not.
    await ingestFeedback(
      a.ingestDeps,
      { workspaceId: ws, actor: SYSTEM },
      Array.from({ length: AUTHORS }, (_, author) =>
        feedbackInput({
          externalId: `hello-${author}`,
          platform: 'twitter',
          rating: undefined,
          text: 'Lovely crew on my last flight, thank you!',
          author: { handle: `traveller${author}`, reach: 50 },
        }),
      ),
    );
    for (let author = 0; author < AUTHORS; author++) {
      const m = meeting();
      const [ra, rb] = await Promise.all([
        ingestFeedback(m.deps(a), { workspaceId: ws, actor: SYSTEM }, [complaint(author, 'a')]),
        ingestFeedback(m.deps(b), { workspaceId: ws, actor: SYSTEM }, [complaint(author, 'b')]),
      ]);
      expect([ra[0]?.status, rb[0]?.status]).toEqual(['created', 'created']);
    }
    for (let author = 0; author < AUTHORS; author++) {
      const open = await a.store.cases.openForThreads(ws, {
        customerIds: [],
        handles: [{ platform: 'twitter', handle: `traveller${author}` }],
      });
      expect(open.length, `traveller${author}`).toBe(1);
      // Both complaints are in it: one process opened the case, the other's item joined it.
      expect((await a.store.cases.items(ws, open[0]?.id ?? '')).length, `traveller${author}`).toBe(2);
    }
  });
});
