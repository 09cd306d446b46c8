import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { createUser, createWorkspace } from '../../src/core/auth/index.js';
import { ManualClock } from '../../src/core/cases/clock.js';
import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import { createApp, type App } from '../../src/server/app.js';
import { TestClient } from '../helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/databases.js';

/**
 * Issue #11, findings 7 and 9: what a careless integration (or an attacker) sends at the input edges
 * is stored alike on both databases or refused with the field named — never a 500, never a lost batch.
 */
const OWNER = {
  name: 'Ines Input',
  email: 'ines@example.com',
  password: 'correct horse battery',
  workspaceName: 'Ines Inn',
};

interface Item {
  externalId: string;
  text: string;
  title: string | null;
  url: string | null;
  author: { name: string | null };
}
interface ImportBody {
  id: string;
  status: string;
  created: number;
  rejected: number;
  rejections: { line: number; reason: string }[];
  warnings: string[];
  error: string | null;
}

const item = (externalId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  platform: 'google',
  text: `Lovely stay number ${externalId}`,
  rating: 5,
  postedAt: '2025-06-01T10:00:00Z',
  ...extra,
});

describe.each(DIALECTS)('input defences on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let workspaceId: string;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      OWNER,
    );
    owner.csrf = setup.body.csrfToken;
    workspaceId = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = workspaceId;
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  const stored = async (externalId: string) => {
    const list = await owner.json<{ items: Item[] }>('GET', '/api/v1/feedback?limit=200');
    return list.body.items.find((i) => i.externalId === externalId);
  };

  const importFile = async (
    filename: string,
    body: Uint8Array | string,
    options: Record<string, string> = {},
  ) => {
    const created = await owner.json<ImportBody>('POST', '/api/v1/imports', {
      filename,
      platform: 'yelp',
      ...options,
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return owner.json<ImportBody>('PUT', `/api/v1/imports/${created.body.id}/file`, body);
  };

  it('fails an upload whose client aborts mid-body, instead of waiting on it forever', async () => {
    const created = await owner.json<ImportBody>('POST', '/api/v1/imports', { filename: 'cut.csv' });
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent++ < 3) controller.enqueue(new TextEncoder().encode('id,text\nr1,"Lovely soup"\n'));
        else controller.error(new Error('client went away'));
      },
    });
    const r = await app.request(`/api/v1/imports/${created.body.id}/file`, {
      method: 'PUT',
      body,
      duplex: 'half',
      headers: {
        cookie: owner.cookie ?? '',
        'x-csrf-token': owner.csrf ?? '',
        'x-workspace': workspaceId,
        'content-type': 'application/octet-stream',
      },
    });
    expect(r.status).toBeGreaterThanOrEqual(400);
    const shown = await owner.json<ImportBody>('GET', `/api/v1/imports/${created.body.id}`);
    expect(shown.body.status).toBe('failed');
  });

  it('stores a batch with a NUL in one item: every item, the NUL stripped (was a 500 and a lost batch)', async () => {
    const r = await owner.json<{ results: { status: string }[] }>('POST', '/api/v1/feedback', {
      items: [
        item('nul-1'),
        item('nul-2', {
          text: 'Broken\u0000 heater',
          title: 'Cold\u0000 room',
          author: { name: 'Ni\u0000ck' },
          customer: { identities: [{ kind: 'email', value: 'nul\u0000@example.com' }] },
        }),
        item('nul-3', { text: 'A lone surrogate \uD800 here' }),
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.results.map((x) => x.status)).toEqual(['created', 'created', 'created']);
    const nul = await stored('nul-2');
    expect(nul).toMatchObject({ text: 'Broken heater', title: 'Cold room', author: { name: 'Nick' } });
    expect((await stored('nul-3'))?.text).toBe('A lone surrogate \uFFFD here');
    expect(await stored('nul-1')).toBeDefined();
  });

  it('imports every row of a CSV with a NUL after the first KB (was 0 rows and a stack trace)', async () => {
    const rows = Array.from(
      { length: 60 },
      (_, i) => `n${i},Row ${i} says the breakfast was fine,4,2025-05-01`,
    );
    rows[40] = 'n40,Row 40 has a NUL\u0000 inside,4,2025-05-01';
    const csv = `id,text,rating,date\n${rows.join('\n')}\n`;
    expect(csv.indexOf('\u0000')).toBeGreaterThan(1024);
    const done = await importFile('nul.csv', csv);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', created: 60, rejected: 0 });
    expect((await stored('n40'))?.text).toBe('Row 40 has a NUL inside');
  });

  it('answers a NUL in a filter or a path id with a 400 naming it, never a 500', async () => {
    for (const [url, field] of [
      ['/api/v1/feedback?brand=a%00b', 'brand'],
      ['/api/v1/feedback?q=heater%00', 'q'],
      ['/api/v1/feedback/counts?touchpoint=x%00', 'touchpoint'],
      ['/api/v1/feedback/abc%00def', 'path'],
      ['/api/v1/imports/%00', 'path'],
      ['/api/v1/cases/%00x', 'path'],
    ] as const) {
      const r = await owner.json<{ code: string; errors: { path: string }[] }>('GET', url);
      expect(r.status, `${url}: ${JSON.stringify(r.body)}`).toBe(400);
      expect(r.body.code).toBe('validation_failed');
      expect(r.body.errors.map((e) => e.path)).toEqual([field]);
    }
    // Below the edge, the store never hands PostgreSQL a NUL either: a look-up finds nothing.
    expect(await rt.store.feedback.get(workspaceId, 'abc\u0000def')).toBeUndefined();
    expect(await rt.store.imports.get(workspaceId, '\u0000')).toBeUndefined();
  });

  it('stores only http(s) URLs: javascript:, data: and file: are refused with the field named', async () => {
    const r = await owner.json<{ results: { status: string; reason?: string }[] }>(
      'POST',
      '/api/v1/feedback',
      {
        items: [
          item('url-ok', { url: 'https://maps.example.com/review/1' }),
          item('url-js', { url: 'javascript:alert(document.cookie)' }),
          item('url-data', { url: 'data:text/html,<script>alert(1)</script>' }),
          item('url-file', { url: 'file:///etc/passwd' }),
        ],
      },
    );
    expect(r.status).toBe(200);
    expect(r.body.results.map((x) => x.status)).toEqual(['created', 'rejected', 'rejected', 'rejected']);
    for (const x of r.body.results.slice(1)) expect(x.reason).toBe('url: must be an http(s) URL');
    expect((await stored('url-ok'))?.url).toBe('https://maps.example.com/review/1');
    expect(await stored('url-js')).toBeUndefined();
  });

  it("refuses a playbook that notifies another workspace's user, naming the field", async () => {
    const system = { type: 'system', id: null } as const;
    const stranger = await createUser(
      rt.store,
      { email: `stranger-${dialect}@example.com`, name: 'Stranger', password: 'a long password' },
      system,
    );
    await createWorkspace(rt.store, { name: 'Other Tenant', ownerId: stranger.id }, system);
    const me = await owner.json<{ user: { id: string } }>('GET', '/api/v1/me');
    const rules = (notify: string[]) => ({
      rules: [{ name: 'Notify', conditions: { ratingMax: 2 }, actions: { openCase: true, notify } }],
    });
    const bad = await owner.json<{ code: string; errors: { path: string }[] }>(
      'PUT',
      '/api/v1/playbook',
      rules([me.body.user.id, stranger.id]),
    );
    expect(bad.status, JSON.stringify(bad.body)).toBe(400);
    expect(bad.body.errors.map((e) => e.path)).toEqual(['rules.0.actions.notify.1']);
    const ok = await owner.json('PUT', '/api/v1/playbook', rules([me.body.user.id]));
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
  });

  it('keeps the good elements of a single-line JSON array with one bad one, naming its index', async () => {
    const json =
      '[{"id":"ja-0","review":"First is fine","rating":4,"date":"2025-05-01"},' +
      '{"id":"ja-1","review":"Second is broken","rating":4,,"date":"2025-05-01"},' +
      '{"id":"ja-2","review":"Third is fine","rating":5,"date":"2025-05-02"}]';
    const done = await importFile('one-line.json', json);
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ status: 'done', created: 2, rejected: 1 });
    expect(done.body.rejections).toEqual([
      { line: 1, reason: expect.stringMatching(/^malformed JSON: element \[1\]: /) as string },
    ]);
    expect(await stored('ja-2')).toBeDefined();
  });

  it('decodes a Latin-1 CSV with a warning, and as declared without one', async () => {
    const csv =
      'id,text,rating,date\nl1,"Café très agréable, à bientôt",5,2025-05-01\nl2,Schöne Grüße,4,2025-05-02\n';
    const detected = await importFile('latin1.csv', iconv.encode(csv, 'latin1'));
    expect(detected.body).toMatchObject({ status: 'done', created: 2, rejected: 0 });
    expect(detected.body.warnings).toEqual([
      expect.stringMatching(/^latin1\.csv is not UTF-8: read as windows-1252/),
    ]);
    expect((await stored('l1'))?.text).toBe('Café très agréable, à bientôt');

    const declared = await importFile('declared.csv', iconv.encode(csv.replace(/l(\d)/g, 'd$1'), 'latin1'), {
      encoding: 'latin1',
    });
    expect(declared.body).toMatchObject({ status: 'done', created: 2, warnings: [] });
    expect((await stored('d2'))?.text).toBe('Schöne Grüße');
    const unknown = await owner.json<{ errors: { path: string }[] }>('POST', '/api/v1/imports', {
      filename: 'x.csv',
      encoding: 'klingon-8',
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors.map((e) => e.path)).toEqual(['encoding']);
  });

  it('marks a running import whose heartbeat went stale as failed (clock injected, no sleeping)', async () => {
    const { failStaleImports } = await import('../../src/core/feedback/run-import.js');
    const job = await rt.store.imports.create({
      workspaceId,
      filename: 'killed.csv',
      options: {},
      bytesTotal: 100,
      createdBy: null,
    });
    await rt.store.imports.progress(workspaceId, job.id, {
      status: 'running',
      heartbeatAt: '2026-01-05T09:00:00.000Z',
    });
    const clock = new ManualClock('2026-01-05T09:01:00Z');
    expect(await failStaleImports(rt.store, clock)).toBe(0);
    expect((await rt.store.imports.get(workspaceId, job.id))?.status).toBe('running');
    clock.advance(5);
    expect(await failStaleImports(rt.store, clock)).toBe(1);
    const failed = await rt.store.imports.get(workspaceId, job.id);
    expect(failed).toMatchObject({ status: 'failed', finishedAt: '2026-01-05T09:06:00.000Z' });
    expect(failed?.error).toMatch(/no sign of life/);

    // The API sweeps before it shows imports: a run killed long ago reads as failed there too.
    const old = await rt.store.imports.create({
      workspaceId,
      filename: 'old.csv',
      options: {},
      bytesTotal: 1,
      createdBy: null,
    });
    await rt.store.imports.progress(workspaceId, old.id, {
      status: 'running',
      heartbeatAt: '2020-01-01T00:00:00.000Z',
    });
    const shown = await owner.json<ImportBody>('GET', `/api/v1/imports/${old.id}`);
    expect(shown.body).toMatchObject({
      status: 'failed',
      error: expect.stringMatching(/no sign of life/) as string,
    });
  });
});

describe('touchpoint import --encoding (SQLite)', () => {
  const run = promisify(execFile);
  let dataDir: string;
  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-encoding-'));
  });
  afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('reads a Latin-1 file as declared, and warns when it had to guess', async () => {
    const file = path.join(dataDir, 'avis.csv');
    fs.writeFileSync(file, iconv.encode('id,text,rating,date\ne1,Très bon accueil,5,2025-05-01\n', 'latin1'));
    const env = {
      ...process.env,
      TOUCHPOINT_DATA_DIR: dataDir,
      TOUCHPOINT_DATABASE_URL: '',
      TOUCHPOINT_LOG_LEVEL: 'warn',
    };
    const cli = (...args: string[]) =>
      run('node', ['--import', 'tsx', path.resolve('src/cli/main.ts'), 'import', file, ...args], { env });
    const guessed = await cli('--json');
    expect(JSON.parse(guessed.stdout)).toMatchObject({
      created: 1,
      warnings: [expect.stringMatching(/not UTF-8/)],
    });
    expect(guessed.stderr).toMatch(/warning: avis\.csv is not UTF-8/);
    const declared = await cli('--encoding', 'latin1', '--json');
    expect(JSON.parse(declared.stdout)).toMatchObject({ unchanged: 1, warnings: [] });
    await expect(cli('--encoding', 'klingon-8')).rejects.toMatchObject({
      stderr: expect.stringMatching(/^touchpoint: --encoding klingon-8: unknown encoding/) as string,
    });
    const rt = await openRuntime(
      loadConfig({ TOUCHPOINT_DATA_DIR: dataDir, TOUCHPOINT_LOG_LEVEL: 'silent' }),
    );
    try {
      const [w] = await rt.store.workspaces.list();
      const items = await rt.store.feedback.list(w?.id ?? '', {}, { sort: 'postedAt', limit: 10 });
      expect(items.map((i) => i.text)).toEqual(['Très bon accueil']);
    } finally {
      await rt.close();
    }
  });
});
