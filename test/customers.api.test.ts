import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';
import { inviteAndAccept } from './helpers/members.js';

interface Summary {
  id: string;
  name: string | null;
  identities: { id: string; kind: string; platform: string; value: string }[];
  mergedInto: string | null;
  items: number;
}
interface Profile extends Summary {
  city: string | null;
  birthday: string | null;
  lifetimeValue: number | null;
  tags: string[];
  notesCount: number;
  stats: { items: number } | null;
}
interface Job {
  id: string;
  status: string;
  rows: number;
  created: number;
  updated: number;
  rejected: number;
  rejections: { line: number; field: string; message: string }[];
}
interface Suggestion {
  id: string;
  reason: string;
  a: Summary;
  b: Summary;
}
interface Merge {
  id: string;
  survivorId: string;
  mergedId: string;
  moved: { identities: number; items: number; notes: number };
  undoneAt: string | null;
}

const API = '/api/v1';

describe.each(DIALECTS)('customers API on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let viewer: TestClient;
  let stranger: TestClient;

  const get = <T>(c: TestClient, path: string) => c.json<T>('GET', `${API}${path}`);
  const upload = async (c: TestClient, csv: string, extra: Record<string, unknown> = {}) => {
    const created = await c.json<Job>('POST', `${API}/customer-imports`, {
      filename: 'crm.csv',
      size: csv.length,
      ...extra,
    });
    expect(created.status).toBe(201);
    const res = await c.request('PUT', `${API}/customer-imports/${created.body.id}/file`, csv);
    expect(res.status).toBe(200);
    return (await get<Job>(c, `/customer-imports/${created.body.id}`)).body;
  };
  const search = async (q: string, c = owner) =>
    (
      await get<{ customers: Summary[]; nextCursor: string | null }>(
        c,
        `/customers?q=${encodeURIComponent(q)}`,
      )
    ).body.customers;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      `${API}/setup`,
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Olga Hotel',
      },
    );
    owner.csrf = setup.body.csrfToken;
    owner.workspace = setup.body.workspaces[0]?.id;
    await inviteAndAccept(app, owner, {
      email: 'vic@example.com',
      name: 'Vic Viewer',
      role: 'viewer',
      password: 'viewer password 1',
    });
    viewer = new TestClient(app);
    await viewer.login('vic@example.com', 'viewer password 1');
    // Someone with a workspace of their own.
    stranger = new TestClient(app);
    const other = await owner.json<{ id: string }>('POST', `${API}/workspaces`, { name: 'Other Inn' });
    expect([200, 201]).toContain(other.status);
    stranger.cookie = owner.cookie;
    stranger.csrf = owner.csrf;
    stranger.workspace = other.body.id;

    const post = await owner.json('POST', `${API}/feedback`, {
      items: [
        feedbackInput({
          externalId: 'mail-1',
          platform: 'email',
          rating: undefined,
          author: { name: 'Anna Weber' },
          customer: { name: 'Anna Weber', identities: [{ kind: 'email', value: 'anna@example.com' }] },
          text: 'The heating was broken.',
        }),
        feedbackInput({
          externalId: 'x-1',
          platform: 'twitter',
          rating: undefined,
          author: { handle: 'AnnaW' },
          text: 'Lovely breakfast!',
        }),
      ],
    });
    expect(post.status).toBe(200);
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('imports a CRM file with progress and rejections by line and field, and links the person across channels', async () => {
    const job = await upload(
      owner,
      'crm_id,name,email,phone,x,city,birthday,lifetime_value,currency,tags\n' +
        'C-1,Anna Weber,anna@example.com,0151 2345 6789,@annaw,Berlin,1990-04-12,1200,EUR,vip;breakfast\n' +
        'C-2,Ben Bad,not-an-email,,,,,,,\n' +
        'C-3,Carla Diaz,carla@example.com,,,Madrid,1990-02-31,,,\n' +
        'C-4,Dieter Neu,dieter@example.com,,,,,,,\n',
      { region: 'DE' },
    );
    expect(job).toMatchObject({ status: 'done', rows: 4, rejected: 2, updated: 1, created: 1 });
    expect(job.rejections).toEqual([
      {
        line: 3,
        field: 'email',
        message: 'not an e-mail address: not-an-email',
        reason: 'not an e-mail address: not-an-email',
      },
      expect.objectContaining({ line: 4, field: 'birthday' }),
    ]);
    const list = (await get<{ imports: Job[] }>(owner, '/customer-imports')).body.imports;
    expect(list.map((j) => j.id)).toContain(job.id);
    // Not among the feedback imports.
    const feedbackImports = (await get<{ imports: { id: string }[] }>(owner, '/imports')).body.imports;
    expect(feedbackImports.map((j) => j.id)).not.toContain(job.id);

    const [anna, ...rest] = await search('anna');
    expect(rest).toEqual([]);
    expect(anna?.name).toBe('Anna Weber');
    expect(anna?.identities.map((i) => `${i.kind}:${i.value}`).sort()).toEqual([
      'email:anna@example.com',
      'external_id:C-1',
      'handle:annaw',
      'phone:+4915123456789',
    ]);
    expect((await search('+49 151 2345 6789')).map((c) => c.id)).toEqual([anna?.id]);
    expect((await search('@AnnaW')).map((c) => c.id)).toEqual([anna?.id]);
    expect((await search('weber')).map((c) => c.id)).toEqual([anna?.id]);
    const profile = (await get<Profile>(owner, `/customers/${anna?.id}`)).body;
    expect(profile).toMatchObject({
      city: 'Berlin',
      birthday: '1990-04-12',
      lifetimeValue: 1200,
      tags: ['vip', 'breakfast'],
    });
    expect(profile.stats?.items).toBe(2);
  });

  it('lets agents change fields, identities and notes; viewers read; another workspace sees nothing', async () => {
    const [anna] = await search('anna');
    const id = anna?.id ?? '';
    const patched = await owner.json<Profile>('PATCH', `${API}/customers/${id}`, {
      city: 'Hamburg',
      tags: ['vip'],
    });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ city: 'Hamburg', tags: ['vip'] });
    expect((await owner.json('PATCH', `${API}/customers/${id}`, { birthday: '1990-02-30' })).status).toBe(
      400,
    );

    const added = await owner.json<{ id: string; value: string }>(
      'POST',
      `${API}/customers/${id}/identities`,
      {
        kind: 'handle',
        platform: 'instagram',
        value: '@Anna.Cooks',
      },
    );
    expect(added.status).toBe(201);
    expect(added.body.value).toBe('anna.cooks');
    const [dieter] = await search('dieter');
    const taken = await owner.json<{ code: string; detail: string }>(
      'POST',
      `${API}/customers/${dieter?.id}/identities`,
      {
        kind: 'email',
        value: 'ANNA@example.com',
      },
    );
    expect(taken.status).toBe(409);
    expect(taken.body.detail).toContain(id);
    expect((await owner.request('DELETE', `${API}/customers/${id}/identities/${added.body.id}`)).status).toBe(
      204,
    );

    const note = await owner.json<{ authorName: string; text: string }>(
      'POST',
      `${API}/customers/${id}/notes`,
      {
        text: '<b>Prefers</b> the quiet room',
      },
    );
    expect(note.status).toBe(201);
    expect(note.body).toMatchObject({ authorName: 'Olga Owner', text: '<b>Prefers</b> the quiet room' });
    const notes = (await get<{ notes: { text: string }[] }>(viewer, `/customers/${id}/notes`)).body.notes;
    expect(notes.map((n) => n.text)).toEqual(['<b>Prefers</b> the quiet room']);
    expect((await get<Profile>(viewer, `/customers/${id}`)).body.notesCount).toBe(1);

    expect((await viewer.json('POST', `${API}/customers/${id}/notes`, { text: 'hi' })).status).toBe(403);
    expect((await viewer.json('PATCH', `${API}/customers/${id}`, { city: 'x' })).status).toBe(403);
    expect((await get(stranger, `/customers/${id}`)).status).toBe(404);
    expect((await get(stranger, `/customers/${id}/notes`)).status).toBe(404);
    expect((await stranger.json('PATCH', `${API}/customers/${id}`, { city: 'x' })).status).toBe(404);
    expect(
      (await stranger.json('POST', `${API}/customers/${id}/merge`, { otherId: dieter?.id })).status,
    ).toBe(404);
    expect(await search('anna', stranger)).toEqual([]);
  });

  it('merges on request and undoes it; the merged customer points at the survivor', async () => {
    const [carla] = await search('carla'); // rejected row: not imported
    expect(carla).toBeUndefined();
    const [dieter] = await search('dieter');
    await owner.json('POST', `${API}/feedback`, {
      items: [
        feedbackInput({
          externalId: 'd-2',
          platform: 'google',
          author: { handle: 'dieter_n', name: 'Dieter N.' },
          text: 'Good schnitzel.',
        }),
      ],
    });
    const [dieterG] = (await search('dieter_n')).filter((c) => c.id !== dieter?.id);
    expect(dieterG).toBeDefined();
    const merged = await owner.json<Merge>('POST', `${API}/customers/${dieter?.id}/merge`, {
      otherId: dieterG?.id,
    });
    expect(merged.status).toBe(201);
    expect(merged.body).toMatchObject({ survivorId: dieter?.id, mergedId: dieterG?.id, moved: { items: 1 } });
    const pointer = (await get<Profile>(owner, `/customers/${dieterG?.id}`)).body;
    expect(pointer.mergedInto).toBe(dieter?.id);
    expect((await owner.json('POST', `${API}/customers/${dieterG?.id}/notes`, { text: 'x' })).status).toBe(
      409,
    );
    const merges = (await get<{ merges: Merge[] }>(viewer, `/customer-merges?customerId=${dieter?.id}`)).body
      .merges;
    expect(merges.map((m) => m.id)).toEqual([merged.body.id]);
    expect((await viewer.json('POST', `${API}/customer-merges/${merged.body.id}/undo`)).status).toBe(403);
    expect((await stranger.json('POST', `${API}/customer-merges/${merged.body.id}/undo`)).status).toBe(404);
    const undone = await owner.json<Merge>('POST', `${API}/customer-merges/${merged.body.id}/undo`);
    expect(undone.status).toBe(200);
    expect(undone.body.undoneAt).not.toBeNull();
    expect((await get<Profile>(owner, `/customers/${dieterG?.id}`)).body.mergedInto).toBeNull();
    expect((await owner.json('POST', `${API}/customer-merges/${merged.body.id}/undo`)).status).toBe(409);
  });

  it('queues suggestions with both customers side by side; merge or "not the same person"', async () => {
    await upload(
      owner,
      'crm_id,name,email,city\nM-1,Maria Lopez,maria1@example.com,Sevilla\nM-2,Maria Lopez,maria2@example.com,Sevilla\nM-3,Maria Lopez,maria3@example.com,Madrid\n',
    );
    const open = (await get<{ suggestions: Suggestion[] }>(viewer, '/customer-suggestions?status=open')).body
      .suggestions;
    const pair = open.filter((s) => s.reason === 'name_city');
    expect(pair).toHaveLength(1); // same name and city only; the one in Madrid is not suggested
    expect([pair[0]?.a.name, pair[0]?.b.name]).toEqual(['Maria Lopez', 'Maria Lopez']);
    expect(pair[0]?.a.identities.length).toBeGreaterThan(0);
    expect((await stranger.json('POST', `${API}/customer-suggestions/${pair[0]?.id}/reject`)).status).toBe(
      404,
    );
    const rejected = await owner.json<{ suggestion: Suggestion & { status: string }; merge: null }>(
      'POST',
      `${API}/customer-suggestions/${pair[0]?.id}/reject`,
    );
    expect(rejected.status).toBe(200);
    expect(rejected.body.suggestion.status).toBe('rejected');
    expect(rejected.body.merge).toBeNull();
    expect((await owner.json('POST', `${API}/customer-suggestions/${pair[0]?.id}/merge`)).status).toBe(409);
    // Importing the same rows again never re-opens a rejected pair.
    await upload(owner, 'crm_id,city\nM-1,Sevilla\nM-2,Sevilla\n');
    const still = (await get<{ suggestions: Suggestion[] }>(owner, '/customer-suggestions?status=open')).body
      .suggestions;
    expect(still.filter((s) => s.reason === 'name_city')).toEqual([]);
  });
});
