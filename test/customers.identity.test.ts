import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../src/core/auth/index.js';
import { importCustomerRows } from '../src/core/customers/import.js';
import { mergeCustomers, undoMerge } from '../src/core/customers/merge.js';
import {
  identitiesOfItem,
  mentionedHandles,
  normaliseIdentity,
  normalisePhone,
  searchPrefix,
} from '../src/core/customers/identity.js';
import { ingestFeedback } from '../src/core/feedback/ingest.js';
import { readCrmCsv } from '../src/importers/crm-csv.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

const SYSTEM = { type: 'system', id: null } as const;
const AGENT = { type: 'user', id: 'agent-1' } as const;

describe('identity normalisation', () => {
  it('normalises e-mails, E.164 phones in a region, handles per platform and CRM ids', () => {
    expect(normaliseIdentity({ kind: 'email', value: '  Anna.Weber@Example.COM ' })).toEqual({
      kind: 'email',
      platform: '',
      value: 'anna.weber@example.com',
    });
    expect(normalisePhone('0151 2345 6789', 'DE')).toBe('+4915123456789');
    expect(normalisePhone('+49 151 23456789')).toBe('+4915123456789');
    expect(normalisePhone('0049 151 23456789')).toBe('+4915123456789');
    expect(normalisePhone('0151 2345 6789')).toBeUndefined(); // national without a region: not guessed
    expect(normalisePhone('12')).toBeUndefined();
    expect(normaliseIdentity({ kind: 'handle', platform: 'twitter', value: '@AnnaW' })).toEqual({
      kind: 'handle',
      platform: 'twitter',
      value: 'annaw',
    });
    expect(normaliseIdentity({ kind: 'external_id', value: 'C-17' })).toEqual({
      kind: 'external_id',
      platform: 'crm',
      value: 'C-17',
    });
    expect(
      identitiesOfItem(
        {
          platform: 'twitter',
          author: { handle: '@AnnaW' },
          customer: {
            identities: [
              { kind: 'handle', value: 'annaw' },
              { kind: 'phone', value: '030 1234567' },
            ],
          },
        },
        { region: 'DE' },
      ),
    ).toEqual([
      { kind: 'handle', platform: 'twitter', value: 'annaw' },
      { kind: 'phone', platform: '', value: '+49301234567' },
    ]);
    expect(mentionedHandles('Hi, I am @Anna_W on X (mail me at anna@example.com).')).toEqual(['anna_w']);
    expect(searchPrefix('  Müller ')).toBe('muller');
    expect(searchPrefix('@AnnaW')).toBe('annaw');
    expect(searchPrefix('+49 151 23456789')).toBe('+4915123456789');
  });
});

describe.each(DIALECTS)('customer identity, merge and search on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let ws: string;
  let other: string;

  const ingest = (workspaceId: string, items: unknown[]) =>
    ingestFeedback({ ...rt.ingestDeps, afterWrite: undefined }, { workspaceId, actor: SYSTEM }, items);
  const customerOfItem = async (workspaceId: string, externalId: string) => {
    const r = await rt.database.db
      .selectFrom('feedback_items')
      .select('customer_id')
      .where('workspace_id', '=', workspaceId)
      .where('external_id', '=', externalId)
      .executeTakeFirstOrThrow();
    return r.customer_id;
  };
  const crmImport = (workspaceId: string, csv: string) =>
    importCustomerRows(
      rt.store,
      { workspaceId, actor: SYSTEM, region: 'DE' },
      readCrmCsv(Readable.from([csv])).rows,
    );

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    ws = (await createWorkspace(rt.store, { name: 'Corner Café' }, SYSTEM)).id;
    other = (await createWorkspace(rt.store, { name: 'Other Café' }, SYSTEM)).id;
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('links one person reaching us by e-mail, by X handle and by an Amazon review into one customer, once a CRM row names them', async () => {
    await ingest(ws, [
      feedbackInput({
        externalId: 'mail-1',
        platform: 'email',
        rating: undefined,
        author: { name: 'Anna Weber' },
        customer: { name: 'Anna Weber', identities: [{ kind: 'email', value: 'Anna.Weber@example.com' }] },
        text: 'The room was cold and nobody came to fix the heating.',
      }),
      feedbackInput({
        externalId: 'tweet-1',
        platform: 'twitter',
        rating: undefined,
        author: { handle: '@AnnaW', name: 'Anna W.' },
        text: 'Breakfast was lovely this morning.',
      }),
      feedbackInput({
        externalId: 'amzn-1',
        platform: 'amazon',
        author: { name: 'A. Weber' },
        customer: { identities: [{ kind: 'marketplace_id', value: 'A2XYZ123' }] },
        text: 'The mug arrived broken.',
      }),
    ]);
    const before = new Set([
      await customerOfItem(ws, 'mail-1'),
      await customerOfItem(ws, 'tweet-1'),
      await customerOfItem(ws, 'amzn-1'),
    ]);
    expect(before.size).toBe(3); // nothing links them yet, and nothing was merged by guessing

    const progress = await crmImport(
      ws,
      'crm_id,name,email,phone,twitter,amazon,city,birthday,lifetime_value,currency,tags,language\n' +
        'C-1,Anna Weber,anna.weber@example.com,0151 2345 6789,@annaw,A2XYZ123,Berlin,1990-04-12,1200.50,eur,vip;breakfast,de\n',
    );
    expect(progress).toMatchObject({ rows: 1, updated: 1, rejected: 0, merged: 2 });
    const ids = new Set([
      await customerOfItem(ws, 'mail-1'),
      await customerOfItem(ws, 'tweet-1'),
      await customerOfItem(ws, 'amzn-1'),
    ]);
    expect(ids.size).toBe(1);
    const [id] = [...ids];
    const customer = await rt.store.customers.get(ws, id ?? '');
    expect(customer).toMatchObject({
      name: 'Anna Weber',
      displayName: 'Anna Weber',
      city: 'Berlin',
      birthday: '1990-04-12',
      lifetimeValue: 1200.5,
      currency: 'EUR',
      tags: ['vip', 'breakfast'],
      language: 'de',
      crmId: 'C-1',
      mergedInto: null,
    });
    const identities = await rt.store.customers.identities(ws, [id ?? '']);
    expect(identities.map((i) => `${i.kind}:${i.platform}:${i.value}`).sort()).toEqual([
      'email::anna.weber@example.com',
      'external_id:crm:C-1',
      'handle:twitter:annaw',
      'marketplace_id:amazon:A2XYZ123',
      'phone::+4915123456789',
    ]);
    // One timeline: the customer's history holds the three channels.
    const history = await rt.store.cases.customerHistory(ws, id ?? '', 10);
    expect(new Set(history.map((h) => h.channel))).toEqual(new Set(['email', 'social', 'review']));
    // The two merged customers point at the survivor; the merges are recorded and undoable.
    const merges = await rt.store.customers.merges(ws, { customerId: id ?? '' }, undefined, 10);
    expect(merges.items.map((m) => m.reason)).toEqual(['crm_import', 'crm_import']);
    for (const m of merges.items) expect((await rt.store.customers.get(ws, m.mergedId))?.mergedInto).toBe(id);

    // The same CRM id again updates, never duplicates; a later item by the phone links to them.
    const again = await crmImport(ws, 'crm_id,city\nC-1,Hamburg\n');
    expect(again).toMatchObject({ rows: 1, updated: 1, created: 0 });
    expect((await rt.store.customers.get(ws, id ?? ''))?.city).toBe('Hamburg');
    const same = await crmImport(ws, 'crm_id,city\nC-1,Hamburg\n');
    expect(same).toMatchObject({ rows: 1, unchanged: 1 });
    await ingest(ws, [
      feedbackInput({
        externalId: 'call-1',
        platform: 'call',
        rating: undefined,
        customer: { identities: [{ kind: 'phone', value: '+49 151 23456789' }] },
        text: 'Called about the invoice.',
      }),
    ]);
    expect(await customerOfItem(ws, 'call-1')).toBe(id);
    // A national number links too where the phone region is set (TOUCHPOINT_PHONE_REGION).
    await ingestFeedback(
      { ...rt.ingestDeps, afterWrite: undefined, phoneRegion: 'DE' },
      { workspaceId: ws, actor: SYSTEM },
      [
        feedbackInput({
          externalId: 'call-2',
          platform: 'call',
          rating: undefined,
          author: {},
          customer: { identities: [{ kind: 'phone', value: '0151 2345 6789' }] },
          text: 'Called again.',
        }),
      ],
    );
    expect(await customerOfItem(ws, 'call-2')).toBe(id);
  });

  it('never merges two different people with the same name; suggests them only when the city matches too', async () => {
    await crmImport(
      ws,
      'crm_id,name,email\nP-1,Maria Garcia,maria.one@example.com\nP-2,Maria Garcia,maria.two@example.com\n',
    );
    const [one, two] = await Promise.all(
      ['P-1', 'P-2'].map(
        async (crm) =>
          (await rt.store.customers.list({ workspaceId: ws, q: crm.toLowerCase(), limit: 5 })).items[0],
      ),
    );
    expect(one?.id).toBeDefined();
    expect(two?.id).toBeDefined();
    expect(one?.id).not.toBe(two?.id);
    const open = async () =>
      (await rt.store.customers.suggestions(ws, { status: 'open', customerId: one?.id }, undefined, 10))
        .items;
    expect(await open()).toEqual([]); // same name alone: nothing

    await crmImport(ws, 'crm_id,city\nP-1,Sevilla\nP-2,Sevilla\n');
    const suggestions = await open();
    expect(suggestions).toHaveLength(1);
    expect(suggestions[0]).toMatchObject({ reason: 'name_city', status: 'open' });
    expect(new Set([suggestions[0]?.customerA, suggestions[0]?.customerB])).toEqual(
      new Set([one?.id, two?.id]),
    );
    // Still two customers.
    expect((await rt.store.customers.get(ws, one?.id ?? ''))?.mergedInto).toBeNull();
    expect((await rt.store.customers.get(ws, two?.id ?? ''))?.mergedInto).toBeNull();
  });

  it('links an item whose identities belong to two customers to the first and suggests the pair; a handle in an e-mail is a suggestion', async () => {
    await ingest(ws, [
      feedbackInput({
        externalId: 'x-tom',
        platform: 'twitter',
        rating: undefined,
        author: { handle: 'tom_b' },
        text: 'Great pizza.',
      }),
      feedbackInput({
        externalId: 'mail-tom',
        platform: 'email',
        rating: undefined,
        customer: { identities: [{ kind: 'email', value: 'tom@example.com' }] },
        text: 'Hello, booking for four.',
      }),
    ]);
    const tomX = await customerOfItem(ws, 'x-tom');
    const tomMail = await customerOfItem(ws, 'mail-tom');
    expect(tomX).not.toBe(tomMail);
    await ingest(ws, [
      feedbackInput({
        externalId: 'chat-tom',
        platform: 'chat',
        rating: undefined,
        customer: {
          identities: [
            { kind: 'email', value: 'tom@example.com' },
            { kind: 'handle', platform: 'twitter', value: '@tom_b' },
          ],
        },
        text: 'Where is my order?',
      }),
    ]);
    expect(await customerOfItem(ws, 'chat-tom')).toBe(tomMail);
    const shared = (
      await rt.store.customers.suggestions(ws, { status: 'open', customerId: tomX ?? '' }, undefined, 10)
    ).items;
    expect(shared.map((s) => s.reason)).toEqual(['shared_item']);
    expect((await rt.store.customers.get(ws, tomX ?? ''))?.mergedInto).toBeNull();

    await ingest(ws, [
      feedbackInput({
        externalId: 'x-lena',
        platform: 'instagram',
        rating: undefined,
        author: { handle: 'lena.cooks' },
        text: 'Best brunch in town.',
      }),
      feedbackInput({
        externalId: 'mail-lena',
        platform: 'email',
        rating: undefined,
        customer: { identities: [{ kind: 'email', value: 'lena@example.com' }] },
        text: 'I posted about you as @lena.cooks, can I get the recipe?',
      }),
    ]);
    const lenaX = await customerOfItem(ws, 'x-lena');
    const lenaMail = await customerOfItem(ws, 'mail-lena');
    expect(lenaX).not.toBe(lenaMail);
    const viaMail = (await rt.store.customers.suggestions(ws, { customerId: lenaX ?? '' }, undefined, 10))
      .items;
    expect(viaMail.map((s) => s.reason)).toEqual(['handle_in_email']);
  });

  it('merges, then unmerges to exactly what was there; items since by the merged identities go back', async () => {
    await ingest(ws, [
      feedbackInput({
        externalId: 'jo-1',
        platform: 'google',
        author: { handle: 'jo_g', name: 'Jo' },
        text: 'Nice.',
      }),
      feedbackInput({
        externalId: 'jo-2',
        platform: 'email',
        rating: undefined,
        author: { name: 'Joanna' },
        customer: {
          name: 'Joanna',
          identities: [
            { kind: 'email', value: 'jo@example.com' },
            { kind: 'phone', value: '+49301234567' },
          ],
        },
        text: 'Thanks for the table.',
      }),
    ]);
    const a = (await customerOfItem(ws, 'jo-1')) ?? '';
    const b = (await customerOfItem(ws, 'jo-2')) ?? '';
    await rt.store.customers.update(
      ws,
      b,
      { city: 'Köln', birthday: '1985-02-28', tags: ['regular'] },
      '2026-01-02T00:00:00.000Z',
    );
    await rt.store.customers.addNote({
      workspaceId: ws,
      customerId: b,
      authorId: 'agent-1',
      text: 'Allergic to nuts.',
      now: '2026-01-03T00:00:00.000Z',
    });
    const snapshot = async () => ({
      customers: await rt.store.customers.getMany(ws, [a, b]),
      identities: await rt.store.customers.identities(ws, [a, b]),
      notes: [
        ...(await rt.store.customers.notes(ws, a, undefined, 50)).items,
        ...(await rt.store.customers.notes(ws, b, undefined, 50)).items,
      ],
      items: await rt.database.db
        .selectFrom('feedback_items')
        .select(['id', 'customer_id'])
        .where('workspace_id', '=', ws)
        .where('customer_id', 'in', [a, b])
        .orderBy('id')
        .execute(),
      search: {
        a: (await rt.store.customers.list({ workspaceId: ws, q: 'jo_g', limit: 5 })).items.map((c) => c.id),
        b: (await rt.store.customers.list({ workspaceId: ws, q: 'joanna', limit: 5 })).items.map((c) => c.id),
      },
    });
    const before = await snapshot();
    expect(before.search).toEqual({ a: [a], b: [b] });

    const merge = await mergeCustomers(rt.store, {
      workspaceId: ws,
      survivorId: a,
      mergedId: b,
      reason: 'manual',
      actor: AGENT,
      now: '2026-02-01T00:00:00.000Z',
    });
    expect(merge.snapshot.itemIds).toHaveLength(1);
    expect(merge.snapshot.identityIds).toHaveLength(2);
    const survivor = await rt.store.customers.get(ws, a);
    expect(survivor).toMatchObject({ city: 'Köln', birthday: '1985-02-28', tags: ['regular'] });
    expect((await rt.store.customers.get(ws, b))?.mergedInto).toBe(a);
    expect(
      (await rt.store.customers.list({ workspaceId: ws, q: 'joanna', limit: 5 })).items.map((c) => c.id),
    ).toEqual([a]);
    expect(await rt.store.customers.noteCount(ws, a)).toBe(1);
    // Profiles follow: the survivor counts both customers' items, the merged one leaves the stats.
    expect((await rt.store.customerProfiles.stats(ws, [a]))[0]?.items).toBe(2);
    expect(await rt.store.customerProfiles.stats(ws, [b])).toEqual([]);
    // After the merge an item arrives by the merged customer's phone: it lands on the survivor …
    await ingest(ws, [
      feedbackInput({
        externalId: 'jo-3',
        platform: 'call',
        rating: undefined,
        author: {},
        customer: { identities: [{ kind: 'phone', value: '+49301234567' }] },
        text: 'Called.',
      }),
    ]);
    expect(await customerOfItem(ws, 'jo-3')).toBe(a);

    await undoMerge(rt.store, {
      workspaceId: ws,
      mergeId: merge.id,
      actor: AGENT,
      now: '2026-02-02T00:00:00.000Z',
    });
    // … and goes back with the phone on undo; everything else is exactly as before.
    expect(await customerOfItem(ws, 'jo-3')).toBe(b);
    expect((await rt.store.customerProfiles.stats(ws, [a]))[0]?.items).toBe(1);
    expect((await rt.store.customerProfiles.stats(ws, [b]))[0]?.items).toBe(2);
    const after = await snapshot();
    const jo3 = after.items.find((i) => !before.items.some((x) => x.id === i.id));
    expect(jo3?.customer_id).toBe(b);
    expect({ ...after, items: after.items.filter((i) => i !== jo3) }).toEqual(before);
    expect((await rt.store.customers.getMerge(ws, merge.id))?.undoneAt).toBe('2026-02-02T00:00:00.000Z');
    await expect(
      undoMerge(rt.store, {
        workspaceId: ws,
        mergeId: merge.id,
        actor: AGENT,
        now: '2026-02-03T00:00:00.000Z',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
  });

  it('finds customers by name prefix, e-mail, phone and handle, keyset-paged, in their workspace only', async () => {
    const list = (q: string, workspaceId = ws) =>
      rt.store.customers
        .list({ workspaceId, q: searchPrefix(q, 'DE'), limit: 10 })
        .then((p) => p.items.map((c) => c.name ?? c.displayName));
    expect(await list('anna')).toEqual(['Anna Weber']);
    expect(await list('Weber')).toEqual(['Anna Weber']);
    expect(await list('anna.weber@')).toEqual(['Anna Weber']);
    expect(await list('0151 2345 6789')).toEqual(['Anna Weber']);
    expect(await list('@AnnaW')).toEqual(['Anna Weber']);
    expect(await list('anna', other)).toEqual([]);
    const rows = Array.from(
      { length: 25 },
      (_, i) => `S-${i},Sam Page ${String(i).padStart(2, '0')},sam${i}@example.com`,
    ).join('\n');
    await crmImport(ws, `crm_id,name,email\n${rows}\n`);
    const seen: string[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 5; page++) {
      const p = await rt.store.customers.list({ workspaceId: ws, q: 'sam page', limit: 10, cursor });
      seen.push(...p.items.map((c) => c.name ?? ''));
      if (!p.next) break;
      cursor = p.next;
    }
    expect(seen).toHaveLength(25);
    expect(new Set(seen).size).toBe(25);
  });
});
