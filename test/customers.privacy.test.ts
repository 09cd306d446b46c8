/**
 * Privacy of one customer (issue #14), on both databases: the export holds everything about them and
 * nothing of anyone else; after an erasure no table and no full-text index holds their name, e-mail,
 * handle or text — searched in EVERY text column the database catalogue lists (sqlite_master /
 * information_schema), so a table added later is covered without touching this test — and the
 * dashboard totals are unchanged.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eraseCustomerCli, exportCustomerCli } from '../src/cli/customers-privacy.js';
import { ManualClock } from '../src/core/cases/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';

const SYSTEM = { type: 'system', id: null } as const;

/** What must be gone after the erasure, lower case (full-text indexes fold case). */
const NEEDLES = [
  'zephyrine', // name (both words are rare)
  'quackenbush',
  'zephyrine.q@example.org', // e-mail
  'zephyq', // handle
  'azephyq123', // marketplace id
  'flibbertigibbet', // a word of their text
  'maps.example/review/zq1', // the item's link
  '+4915123456789', // phone (CRM import)
  'zq-7731', // CRM id
  'zephy_insta', // instagram handle (CRM import)
];
/** Of the other customer: must survive the erasure untouched. */
const OTTO = {
  name: 'Otto Otherperson',
  email: 'otto@example.net',
  text: 'The garden salad was limp and sad.',
};

const at = (day: string) => `${day}T12:00:00Z`;
const TWEET = {
  externalId: 'z-tweet-1',
  platform: 'twitter',
  text: 'Cold flibbertigibbet soup again, terrible service, rude staff',
  postedAt: at('2026-02-11'),
  author: { handle: '@zephyq', reach: 500 },
  customer: { identities: [{ kind: 'email', value: 'Zephyrine.Q@Example.org' }] },
};

type Hit = { table: string; column: string; needle: string };

/**
 * Every (table, column) of the database whose text holds a needle. SQLite: every table of
 * sqlite_master, FTS5 shadow tables included (their blobs are searched as bytes); PostgreSQL: every
 * column of every base table outside the system schemas, cast to text (a tsvector's lexemes included).
 */
async function search(rt: Runtime, needles: readonly string[]): Promise<Hit[]> {
  const db = rt.database.db;
  const hits: Hit[] = [];
  if (rt.database.dialect === 'sqlite') {
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(
      db,
    );
    for (const { name: table } of tables.rows) {
      const cols = await sql<{ name: string }>`SELECT name FROM pragma_table_info(${table})`.execute(db);
      for (const { name: column } of cols.rows) {
        // One scan per column: a flag per needle (text, case folded, or the raw bytes of a blob).
        const c = sql.ref(column);
        const flags = needles.map(
          (needle, i) => sql`max(instr(lower(CAST(${c} AS TEXT)), ${needle}) > 0
            OR instr(CAST(${c} AS BLOB), CAST(${needle} AS BLOB)) > 0) AS ${sql.ref(`h${i}`)}`,
        );
        const r = await sql<
          Record<string, number | null>
        >`SELECT ${sql.join(flags)} FROM ${sql.table(table)}`.execute(db);
        needles.forEach((needle, i) => {
          if (Number(r.rows[0]?.[`h${i}`] ?? 0) > 0) hits.push({ table, column, needle });
        });
      }
    }
    // The index itself, as a search reads it.
    for (const needle of needles) {
      const words = needle.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
      const match = words.map((w) => `"${w}"`).join(' ');
      const r = await sql<{
        n: number;
      }>`SELECT count(*) AS n FROM feedback_search WHERE feedback_search MATCH ${match}`.execute(db);
      if (Number(r.rows[0]?.n) > 0) hits.push({ table: 'feedback_search', column: 'MATCH', needle });
    }
  } else {
    const cols = await sql<{ table_schema: string; table_name: string; column_name: string }>`
      SELECT c.table_schema, c.table_name, c.column_name
      FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
      WHERE t.table_type = 'BASE TABLE' AND c.table_schema NOT IN ('pg_catalog', 'information_schema')`.execute(
      db,
    );
    for (const { table_schema: schema, table_name: table, column_name: column } of cols.rows) {
      const flags = needles.map(
        (needle, i) =>
          sql`bool_or(position(${needle} in lower(${sql.ref(column)}::text)) > 0) AS ${sql.ref(`h${i}`)}`,
      );
      const r = await sql<Record<string, boolean | null>>`SELECT ${sql.join(flags)}
        FROM ${sql.table(`${schema}.${table}`)}`.execute(db);
      needles.forEach((needle, i) => {
        if (r.rows[0]?.[`h${i}`] === true) hits.push({ table: `${schema}.${table}`, column, needle });
      });
    }
    for (const needle of needles) {
      const r = await sql<{ n: number }>`SELECT count(*) AS n FROM feedback_search
        WHERE body @@ plainto_tsquery('simple', ${needle})`.execute(db);
      if (Number(r.rows[0]?.n) > 0) hits.push({ table: 'feedback_search', column: '@@', needle });
    }
  }
  return hits;
}

describe.each(DIALECTS)('customer privacy on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let ws: string;
  const clock = new ManualClock('2026-03-01T09:00:00.000Z');
  const ids = { z: '', zAmazon: '', otto: '', z1: '', z2: '', z3: '', o1: '', c1: '', c2: '' };

  const ok = async <T = Record<string, unknown>>(method: string, path: string, body?: unknown) => {
    const r = await owner.json<T>(method, path, body);
    if (r.status >= 300) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  };
  const post = async (items: unknown[]) => {
    const r = await ok<{ results: { status: string; itemId: string }[] }>('POST', '/api/v1/feedback', {
      items,
    });
    return r.results.map((x) => x.itemId);
  };
  const customerOf = async (itemId: string) => {
    const r = await rt.database.db
      .selectFrom('feedback_items')
      .select('customer_id')
      .where('id', '=', itemId)
      .executeTakeFirstOrThrow();
    if (!r.customer_id) throw new Error('item without a customer');
    return r.customer_id;
  };
  /** The dashboard's totals, as the pages read them. */
  const totals = async () => ({
    metrics: await ok('GET', '/api/v1/metrics?preset=custom&from=2026-02-01&to=2026-02-28'),
    counts: await ok('GET', '/api/v1/feedback/counts'),
    ledger: (await ok<{ totals: unknown }>('GET', '/api/v1/exceptions')).totals,
  });

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config, { clock });
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Olga Hotel',
      },
    );
    owner.csrf = setup.body.csrfToken;
    ws = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = ws;

    const zEmail = { kind: 'email', value: 'Zephyrine.Q@Example.org' };
    const written = await post([
      {
        externalId: 'z-review-1',
        platform: 'google',
        rating: 1,
        title: 'Flibbertigibbet disaster',
        text: 'The flibbertigibbet soup was cold and nobody came. Zephyrine Quackenbush',
        url: 'https://maps.example/review/zq1',
        postedAt: at('2026-02-10'),
        author: { name: 'Zephyrine Quackenbush', handle: 'zephyq_g' },
        customer: { name: 'Zephyrine Quackenbush', identities: [zEmail] },
      },
      TWEET,
      {
        externalId: 'z-amazon-1',
        platform: 'amazon',
        rating: 2,
        text: 'The flibbertigibbet mug broke in the box.',
        postedAt: at('2026-02-12'),
        author: { name: 'Zephyrine Quackenbush' },
        customer: { identities: [{ kind: 'marketplace_id', value: 'AZEPHYQ123' }] },
      },
      {
        externalId: 'o-review-1',
        platform: 'google',
        rating: 2,
        text: OTTO.text,
        postedAt: at('2026-02-13'),
        author: { name: OTTO.name, handle: 'ottoo' },
        customer: { name: OTTO.name, identities: [{ kind: 'email', value: OTTO.email }] },
      },
      ...[5, 4, 3].map((rating, i) => ({
        externalId: `x-${i}`,
        platform: 'google',
        rating,
        text: 'The staff were friendly.',
        postedAt: at(`2026-02-2${i}`),
      })),
    ]);
    [ids.z1, ids.z2, ids.z3, ids.o1] = written.slice(0, 4) as [string, string, string, string];
    // A second version of their review.
    await post([
      {
        externalId: 'z-review-1',
        platform: 'google',
        rating: 1,
        title: 'Flibbertigibbet disaster',
        text: 'Update: the flibbertigibbet soup made me ill.',
        postedAt: at('2026-02-10'),
        author: { name: 'Zephyrine Quackenbush', handle: 'zephyq_g' },
        customer: { name: 'Zephyrine Quackenbush', identities: [zEmail] },
      },
    ]);
    ids.z = await customerOf(ids.z1);
    ids.zAmazon = await customerOf(ids.z3);
    ids.otto = await customerOf(ids.o1);
    expect(await customerOf(ids.z2)).toBe(ids.z);
    expect(ids.zAmazon).not.toBe(ids.z);

    // Their CRM row (joined by e-mail) and a bad row that quotes them, through the real CRM import.
    const csv = [
      'crm_id,name,email,phone,instagram,city,birthday',
      'ZQ-7731,Zephyrine Quackenbush,zephyrine.q@example.org,+49 151 23456789,zephy_insta,Springfield,1990-04-01',
      'ZQ-7732,Zephyrine Quackenbush,zephyrine-at-nowhere,,,,',
    ].join('\n');
    const crm = await ok<{ id: string }>('POST', '/api/v1/customer-imports', {
      filename: 'crm.csv',
      size: csv.length,
    });
    expect((await owner.request('PUT', `/api/v1/customer-imports/${crm.id}/file`, csv)).status).toBe(200);
    const imported = await ok<{ created: number; updated: number; rejected: number }>(
      'GET',
      `/api/v1/customer-imports/${crm.id}`,
    );
    expect(imported).toMatchObject({ rejected: 1 });
    expect(await customerOf(ids.z1)).toBe(ids.z);

    const now = clock.now().toISOString();
    await rt.store.customers.update(
      ws,
      ids.z,
      { name: 'Zephyrine Quackenbush', city: 'Springfield', birthday: '1990-04-01' },
      now,
    );
    // The Amazon buyer is the same person: merged (the snapshot copies their fields).
    await rt.store.transaction((tx) =>
      tx.customers.merge({
        workspaceId: ws,
        survivorId: ids.z,
        mergedId: ids.zAmazon,
        reason: 'manual',
        actor: SYSTEM,
        now,
      }),
    );
    await rt.store.customers.suggest(
      ws,
      [
        {
          a: ids.z,
          b: ids.otto,
          reason: 'name_city',
          evidence: 'Zephyrine Quackenbush · Springfield',
          score: 0.4,
        },
      ],
      now,
    );
    await rt.store.customers.addNote({
      workspaceId: ws,
      customerId: ids.z,
      authorId: null,
      text: 'Zephyrine likes the window seat.',
      now,
    });
    await rt.database.db
      .withTables<{
        customer_moments: {
          id: string;
          workspace_id: string;
          customer_id: string;
          kind: string;
          occurred_at: string;
          detail: string;
          created_at: string;
        };
      }>()
      .insertInto('customer_moments')
      .values({
        id: 'moment-1',
        workspace_id: ws,
        customer_id: ids.z,
        kind: 'recovered_complaint',
        occurred_at: now,
        detail: JSON.stringify({ quote: 'flibbertigibbet soup' }),
        created_at: now,
      })
      .execute();

    // A segment they belong to (with Otto).
    const segs = rt.database.db.withTables<{
      segments: {
        id: string;
        workspace_id: string;
        name: string;
        rules: string;
        members: number;
        created_at: string;
        updated_at: string;
      };
      segment_members: { workspace_id: string; segment_id: string; customer_id: string };
    }>();
    await segs
      .insertInto('segments')
      .values({
        id: 'seg-1',
        workspace_id: ws,
        name: 'Soup lovers',
        rules: '{}',
        members: 2,
        created_at: now,
        updated_at: now,
      })
      .execute();
    await segs
      .insertInto('segment_members')
      .values(
        [ids.z, ids.otto].map((customer_id) => ({ workspace_id: ws, segment_id: 'seg-1', customer_id })),
      )
      .execute();

    // Their case, with a note, a reply and an exception; Otto's case, which one of their items joined.
    ids.c1 = (await ok<{ id: string }>('POST', '/api/v1/cases', { itemId: ids.z1 })).id;
    await ok('POST', `/api/v1/cases/${ids.c1}/notes`, {
      text: 'Called Zephyrine Quackenbush about the flibbertigibbet soup.',
    });
    await ok('POST', `/api/v1/cases/${ids.c1}/replies`, {
      text: 'Dear Zephyrine, we are sorry about the soup. We have refunded your meal.',
      channel: 'manual',
      posted: true,
      confirmTone: true,
    });
    ids.c2 = (await ok<{ id: string }>('POST', '/api/v1/cases', { itemId: ids.o1 })).id;
    expect(ids.c2).not.toBe(ids.c1);
    await rt.store.cases.addItems(ws, [{ caseId: ids.c2, itemId: ids.z2, at: now }]);
    await ok('POST', `/api/v1/cases/${ids.c2}/notes`, {
      text: 'Otto is upset; Zephyrine tweeted about it too.',
    });
    await ok('POST', `/api/v1/cases/${ids.c2}/replies`, {
      text: 'Dear Otto, sorry about the salad.',
      channel: 'manual',
      posted: true,
      confirmTone: true,
    });
    const types = await ok<{ exceptionTypes: { id: string }[] }>('GET', '/api/v1/exception-types');
    await ok('POST', '/api/v1/exceptions', {
      typeId: types.exceptionTypes[0]?.id,
      amount: 1500,
      reason: 'Soup refund for Zephyrine Quackenbush',
      caseId: ids.c1,
    });
    // An audit entry and an import report that quote them.
    await rt.store.audit.record({
      workspaceId: ws,
      actor: SYSTEM,
      action: 'test.quote',
      data: { note: 'spoke to zephyrine.q@example.org' },
    });
    const job = await rt.store.imports.create({
      workspaceId: ws,
      filename: 'crm.csv',
      options: {},
      bytesTotal: null,
      createdBy: null,
    });
    await rt.store.imports.progress(ws, job.id, {
      rejections: [{ line: 3, reason: 'Quackenbush: not a phone number' }],
    });
  });

  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('finds them everywhere before the erasure (the search sees what it must)', async () => {
    const hits = await search(rt, NEEDLES);
    const tables = new Set(hits.map((h) => h.table.replace(/^public\./, '')));
    for (const t of [
      'customers',
      'customer_identities',
      'customer_search_terms',
      'customer_notes',
      'customer_merges',
      'customer_match_suggestions',
      'customer_moments',
      'feedback_items',
      'feedback_versions',
      'analysis_results',
      'feedback_search',
      'cases',
      'case_events',
      'replies',
      'exceptions',
      'audit_log',
      'imports',
    ])
      expect(tables, t).toContain(t);
  });

  it('exports every item, version, case, reply, note and exception about them, and nothing of anyone else', async () => {
    const r = await owner.json<Record<string, unknown>>('GET', `/api/v1/customers/${ids.z}/export`);
    expect(r.status).toBe(200);
    expect(r.res.headers.get('content-disposition')).toContain(`customer-${ids.z}.json`);
    const doc = r.body as {
      customer: { id: string };
      mergedCustomers: { id: string }[];
      identities: { value: string }[];
      items: { id: string; versions: { text: string }[]; analyses: unknown[] }[];
      cases: { id: string; itemIds: string[]; events: { kind: string }[]; replies: { text: string }[] }[];
      notes: { text: string }[];
      exceptions: { amount: number }[];
      merges: unknown[];
      suggestions: unknown[];
      moments: { kind: string }[];
    };
    expect(doc.customer.id).toBe(ids.z);
    expect(doc.mergedCustomers.map((c) => c.id)).toEqual([ids.zAmazon]);
    expect(doc.identities.map((i) => i.value.toLowerCase()).sort()).toEqual(
      [
        '+4915123456789',
        'azephyq123',
        'zephy_insta',
        'zephyq',
        'zephyq_g',
        'zephyrine.q@example.org',
        'zq-7731',
      ].sort(),
    );
    expect(doc.items.map((i) => i.id).sort()).toEqual([ids.z1, ids.z2, ids.z3].sort());
    const review = doc.items.find((i) => i.id === ids.z1);
    expect(review?.versions.map((v) => v.text)).toEqual([
      'The flibbertigibbet soup was cold and nobody came. Zephyrine Quackenbush',
      'Update: the flibbertigibbet soup made me ill.',
    ]);
    expect(review?.analyses.length).toBeGreaterThanOrEqual(2);
    const c1 = doc.cases.find((c) => c.id === ids.c1);
    const c2 = doc.cases.find((c) => c.id === ids.c2);
    expect(c1?.events.map((e) => e.kind)).toContain('note');
    expect(c1?.replies.map((x) => x.text)).toEqual([
      'Dear Zephyrine, we are sorry about the soup. We have refunded your meal.',
    ]);
    // Otto's case: only their item, none of Otto's notes or replies.
    expect(c2?.itemIds).toEqual([ids.z2]);
    expect(c2?.replies).toEqual([]);
    expect(c2?.events.map((e) => e.kind)).not.toContain('note');
    expect(doc.notes.map((n) => n.text)).toEqual(['Zephyrine likes the window seat.']);
    expect(doc.exceptions.map((e) => e.amount)).toEqual([1500]);
    expect(doc.merges).toHaveLength(1);
    expect(doc.suggestions).toHaveLength(1);
    expect(doc.moments.map((m) => m.kind)).toContain('recovered_complaint');
    // Their counts per touchpoint and intent, each with when it was last mentioned: the latest of
    // their exported items that carries it (the counts on the stats row hold no dates, 0035).
    const counts = r.body as {
      items: {
        customerId: string;
        postedAt: string;
        touchpoints: { touchpointKey: string }[];
        intents: { intent: string }[];
      }[];
      touchpoints: { customerId: string; touchpointKey: string; mentions: number; lastAt: string | null }[];
      intents: { customerId: string; intent: string; count: number; lastAt: string | null }[];
    };
    const latest = (pick: (i: (typeof counts.items)[number]) => string[], customer: string, key: string) =>
      counts.items
        .filter((i) => i.customerId === customer && pick(i).includes(key))
        .map((i) => i.postedAt)
        .sort()
        .at(-1) ?? null;
    expect(counts.touchpoints.length).toBeGreaterThan(0);
    expect(counts.intents.length).toBeGreaterThan(0);
    for (const t of counts.touchpoints) {
      expect(t.mentions).toBeGreaterThan(0);
      expect(t.lastAt, t.touchpointKey).toBe(
        latest((i) => i.touchpoints.map((x) => x.touchpointKey), t.customerId, t.touchpointKey),
      );
    }
    for (const t of counts.intents)
      expect(t.lastAt, t.intent).toBe(latest((i) => i.intents.map((x) => x.intent), t.customerId, t.intent));
    const text = JSON.stringify(doc).toLowerCase();
    for (const other of [
      OTTO.name,
      OTTO.email,
      OTTO.text,
      'ottoo',
      ids.o1,
      ids.otto,
      'sorry about the salad',
    ])
      expect(text, other).not.toContain(other.toLowerCase());
  });

  it('exports through the CLI to a file readable by its owner only', async () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tp-export-')), 'z.json');
    const doc = await exportCustomerCli(rt, { id: ids.z, out });
    const onDisk = JSON.parse(fs.readFileSync(out, 'utf8')) as { items: unknown[]; customer: { id: string } };
    expect(onDisk.customer.id).toBe(ids.z);
    expect(onDisk.items).toHaveLength(doc.items.length);
    expect(fs.statSync(out).mode & 0o077).toBe(0);
  });

  it('is for admins: a key without customers:privacy is refused, another id is 404', async () => {
    const made = await ok<{ key: string }>('POST', '/api/v1/keys', {
      name: 'reader',
      scopes: ['customers:read'],
    });
    const reader = new TestClient(app);
    reader.bearer = made.key;
    expect((await reader.json('GET', `/api/v1/customers/${ids.z}/export`)).status).toBe(403);
    expect((await reader.json('POST', `/api/v1/customers/${ids.z}/erase`)).status).toBe(403);
    expect((await owner.json('GET', '/api/v1/customers/no-such-customer/export')).status).toBe(404);
    expect((await owner.json('POST', '/api/v1/customers/no-such-customer/erase')).status).toBe(404);
  });

  it('erases them from every table and full-text index, leaves others and the totals as they were', async () => {
    const before = await totals();
    const people = async () =>
      Object.values(await rt.store.customerProfiles.stageCounts(ws, clock.now().toISOString())).reduce(
        (a, b) => a + b,
        0,
      );
    const peopleBefore = await people();
    const theirStats = (await rt.store.customerProfiles.stats(ws, [ids.z, ids.zAmazon])).length;
    expect(theirStats).toBeGreaterThan(0);
    // Erasing the merged Amazon buyer erases the person: the survivor and everything merged into it.
    const r = await owner.json<{ customerIds: string[]; items: number; alreadyErased: boolean }>(
      'POST',
      `/api/v1/customers/${ids.zAmazon}/erase`,
    );
    expect(r.status).toBe(200);
    expect(r.body.customerIds.sort()).toEqual([ids.z, ids.zAmazon].sort());
    expect(r.body.items).toBe(3);
    expect(r.body.alreadyErased).toBe(false);

    expect(await search(rt, NEEDLES)).toEqual([]);
    expect(await totals()).toEqual(before);
    // Their merge cannot be undone: it would bring back identities the erasure removed.
    const merge = await rt.database.db
      .selectFrom('customer_merges')
      .select('id')
      .where('workspace_id', '=', ws)
      .executeTakeFirstOrThrow();
    const undo = await owner.json<{ detail: string }>('POST', `/api/v1/customer-merges/${merge.id}/undo`);
    expect(undo.status).toBe(409);
    expect(undo.body.detail).toMatch(/erased/);
    const search1 = await ok<{ items: unknown[] }>('GET', '/api/v1/feedback?q=flibbertigibbet');
    expect(search1.items).toEqual([]);

    // The rows stay, so ids resolve: the customer is marked erased, items keep labels and ratings.
    const z = await rt.store.customers.get(ws, ids.z);
    expect(z?.erasedAt).not.toBeNull();
    expect(z?.displayName).toBeNull();
    const item = await rt.database.db
      .selectFrom('feedback_items')
      .select(['text', 'rating', 'sentiment_label', 'customer_id'])
      .where('id', '=', ids.z1)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ text: '[erased]', rating: 1, customer_id: ids.z });
    expect(item.sentiment_label).not.toBeNull();

    // Otto's data is untouched, except where it named them.
    const otto = await rt.database.db
      .selectFrom('feedback_items')
      .select(['text', 'author_name'])
      .where('id', '=', ids.o1)
      .executeTakeFirstOrThrow();
    expect(otto).toEqual({ text: OTTO.text, author_name: OTTO.name });
    expect(
      (await search(rt, ['garden salad', 'otto@example.net', 'sorry about the salad'])).length,
    ).toBeGreaterThan(0);
    const note = await rt.database.db
      .withTables<{ case_events: { case_id: string; kind: string; body: string } }>()
      .selectFrom('case_events')
      .select('body')
      .where('case_id', '=', ids.c2)
      .where('kind', '=', 'note')
      .executeTakeFirstOrThrow();
    expect(JSON.parse(note.body)).toEqual({ text: 'Otto is upset; [erased] tweeted about it too.' });

    // No profile left: on no list, and out of the segment (whose size follows).
    const left = await rt.database.db
      .withTables<{
        customer_stats: { customer_id: string };
        segment_members: { customer_id: string };
        segments: { id: string; members: number };
      }>()
      .selectFrom('segments')
      .select((eb) => [
        'members',
        eb.selectFrom('segment_members').select(eb.fn.countAll<number>().as('n')).as('rows'),
        eb
          .selectFrom('customer_stats')
          .select(eb.fn.countAll<number>().as('n'))
          .where('customer_id', 'in', [ids.z, ids.zAmazon])
          .as('stats'),
      ])
      .where('id', '=', 'seg-1')
      .executeTakeFirstOrThrow();
    expect({ members: Number(left.members), rows: Number(left.rows), stats: Number(left.stats) }).toEqual({
      members: 1,
      rows: 1,
      stats: 0,
    });
    // The lifecycle stage counts follow.
    expect(await people()).toBe(peopleBefore - theirStats);

    // The same tweet fetched again is unchanged (its content hash is kept): its text does not come back.
    const refetched = await ok<{ results: { status: string }[] }>('POST', '/api/v1/feedback', {
      items: [TWEET],
    });
    expect(refetched.results.map((x) => x.status)).toEqual(['unchanged']);
    expect(await search(rt, NEEDLES)).toEqual([]);

    // Audited, with counts only; erasing again is harmless.
    const audit = await rt.database.db
      .selectFrom('audit_log')
      .select(['target_id', 'data'])
      .where('action', '=', 'customer.erase')
      .execute();
    expect(audit.map((a) => a.target_id)).toEqual([ids.z]);
    const again = await owner.json<{ alreadyErased: boolean; items: number }>(
      'POST',
      `/api/v1/customers/${ids.z}/erase`,
    );
    expect(again.status).toBe(200);
    expect(again.body.alreadyErased).toBe(true);
    expect(await search(rt, NEEDLES)).toEqual([]);
    expect(await totals()).toEqual(before);
  });
  it('erases through the CLI too (the other customer, now): nothing of them left, totals unchanged', async () => {
    const before = await totals();
    const report = await eraseCustomerCli(rt, { id: ids.otto });
    expect(report.customerIds).toEqual([ids.otto]);
    expect(report.items).toBe(1);
    expect(await search(rt, ['otherperson', 'otto@example.net', 'garden salad', 'ottoo'])).toEqual([]);
    expect(await totals()).toEqual(before);
  });
});
