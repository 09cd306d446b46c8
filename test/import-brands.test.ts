import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';

/** Four tweets: two Virgin America, one United, and that United tweet again (the same tweet_id). */
const AIRLINE = fs.readFileSync(path.resolve('test/fixtures/cli/airline-sample.csv'), 'utf8');

const REPEATS =
  '1 row repeats an earlier row of this file (same id): counted as unchanged, or updated where the text differs';

interface Job {
  status: string;
  rows: number;
  created: number;
  unchanged: number;
  warnings: string[];
}

/** Issue #12: a newcomer's first import explains its "unchanged" rows and knows which brand is theirs. */
describe.each(DIALECTS)('importing a file on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    app = createApp(rt);
    owner = new TestClient(app);
    const ok = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      {
        name: 'Vera Owner',
        email: 'vera@example.com',
        password: 'correct horse battery',
        workspaceName: 'Vera Travel',
      },
    );
    expect(ok.status).toBe(201);
    owner.csrf = ok.body.csrfToken;
    owner.workspace = ok.body.workspaces[0]?.id;
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  const upload = async (options: Record<string, string | boolean>) => {
    const created = await owner.json<{ id: string }>('POST', '/api/v1/imports', {
      filename: 'Tweets.csv',
      ...options,
    });
    expect(created.status).toBe(201);
    const done = await owner.json<Job>('PUT', `/api/v1/imports/${created.body.id}/file`, AIRLINE);
    expect(done.status).toBe(200);
    return done.body;
  };
  /** The sentiment labels the workspace model would learn from, as `text: label` (text from its @…). */
  const labels = async () =>
    (await rt.store.corrections.sentimentLabels(owner.workspace ?? '', 50))
      .map(
        (l) =>
          `${l.text
            .replace(/^@\w+ /, '')
            .split('\n')[0]
            ?.slice(0, 70)
            .trim()}: ${l.label}`,
      )
      .sort();
  const brands = async () =>
    (await owner.json<{ brands: { name: string; kind: string }[] }>('GET', '/api/v1/brands')).body.brands
      .map((b) => `${b.name}: ${b.kind}`)
      .sort();

  it("marks the brand named as yours own and the file's other brands competitors, with no empty workspace brand", async () => {
    expect(await brands()).toEqual(['Vera Travel: own']);
    const job = await upload({ ownBrand: 'Virgin America' });
    expect(job).toMatchObject({ status: 'done', rows: 4, created: 3, unchanged: 1 });
    // The first import's one "unchanged" row is the same tweet twice in the file: the summary says so.
    expect(job.warnings).toEqual([REPEATS]);
    expect(await brands()).toEqual(['United: competitor', 'Virgin America: own']);
  });

  it('says so again on a re-import, and leaves the brand kinds as they are without ownBrand', async () => {
    const first = await upload({});
    // Stored by the test above: every row is unchanged now, and one of them also repeats within the file.
    expect(first).toMatchObject({ unchanged: 4 });
    expect(first.warnings).toEqual([REPEATS]);
    // Without --own-brand the kinds stay as the user set them.
    expect(await brands()).toEqual(['United: competitor', 'Virgin America: own']);
    expect(await labels()).toEqual([]); // the file's labels only when asked for
  });

  it("imports the file's human sentiment labels as corrections when asked (labels)", async () => {
    const job = await upload({ labels: true });
    expect(job.warnings).toEqual([
      REPEATS,
      '4 human sentiment labels of the file imported as corrections (the model learns from them)',
    ]);
    expect(await labels()).toEqual(
      [
        'What @dhepburn said.: neutral',
        "plus you've added commercials to the experience... tacky.: positive",
        'I need to get home, my flight was Cancelled Flighted and nobody helps: negative',
      ].sort(),
    );
  });
});
