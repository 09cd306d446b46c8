// Issue #15, slice C: contact rules across asks on both databases — caps, open cases, unsubscribes,
// consent and quiet hours when asks are scheduled and again when they are sent; the send log, its
// summary and consent over the API; the unsubscribe pages; erasure of a customer's outreach rows.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/cases/index.js';
import type { AskMailer, OutgoingMail } from '../src/core/outreach/mail.js';
import { scheduleAsks, type OutreachDeps } from '../src/core/outreach/schedule.js';
import { sendAsks, type AskComposer, type SendDeps } from '../src/core/outreach/send.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { runJob } from './helpers/jobs.js';
import { inviteAndAccept } from './helpers/members.js';

const API = '/api/v1';

describe.each(DIALECTS)('outreach: contact rules, send log, consent, unsubscribe on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let viewer: TestClient;
  let ws: string;
  // Tuesday noon UTC: outside the default quiet hours.
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const queued: { sendIds: string[]; delaySeconds: number }[] = [];
  const mails: OutgoingMail[] = [];
  let deps: SendDeps;

  const mailer: AskMailer = {
    send(mail) {
      mails.push(mail);
      return Promise.resolve({ ok: true });
    },
  };
  /** Referral mails with fixed words: the envelope, rules and log are what this suite tests. */
  const composer: AskComposer = (_ctx, asks) =>
    Promise.resolve(
      new Map(
        asks.map((a) => [
          a.send.id,
          {
            ok: true as const,
            content: {
              language: 'en',
              subject: 'Know someone?',
              html: '<p>Recommend us</p>',
              text: 'Recommend us',
            },
          },
        ]),
      ),
    );

  /** A customer with an e-mail identity (or none), by name. */
  async function customer(name: string, email: string | null): Promise<string> {
    const identities =
      email === null
        ? [{ kind: 'handle' as const, platform: 'twitter', value: name.toLowerCase().replace(/\s/g, '') }]
        : [{ kind: 'email' as const, platform: '', value: email }];
    const [c] = await rt.store.customers.resolveMany(ws, [{ identities, name }], clock.now().toISOString());
    if (!c) throw new Error('no customer');
    return c.customerId;
  }

  let n = 0;
  const ask = (customerId: string, notBefore?: string) => ({
    kind: 'referral' as const,
    refId: `ref-${++n}`,
    customerId,
    notBefore,
  });

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config, { clock });
    app = createApp(rt, { clock });
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      `${API}/setup`,
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Acme <Bikes>',
      },
    );
    owner.csrf = setup.body.csrfToken;
    ws = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = ws;
    await inviteAndAccept(app, owner, {
      email: 'vic@example.com',
      name: 'Vic Viewer',
      role: 'viewer',
      password: 'correct horse battery',
    });
    viewer = new TestClient(app);
    await viewer.login('vic@example.com', 'correct horse battery');
    viewer.workspace = ws;
    deps = {
      ...rt.outreachDeps,
      mailer,
      publicUrl: 'https://tp.example',
      composers: { referral: composer },
      enqueueSends: (_ws, sendIds, delaySeconds) => {
        queued.push({ sendIds, delaySeconds });
        return Promise.resolve();
      },
    };
  });

  afterAll(async () => {
    await rt.close();
    await db.drop();
  });

  it('schedules an ask now, suppresses by rule with the reason, and queues one job per send time', async () => {
    const ok = await customer('Ada Able', 'ada@example.com');
    const asked = await customer('Bo Asked', 'bo@example.com');
    const out = await customer('Cy Out', 'cy@example.com');
    const nobody = await customer('Di Handle', null);
    // Bo was asked yesterday.
    const [prior] = await rt.store.outreach.insertSends(
      ws,
      [
        {
          kind: 'survey',
          refId: 'old',
          customerId: asked,
          status: 'scheduled',
          reason: null,
          sendAfter: '2026-03-09T12:00:00.000Z',
        },
      ],
      '2026-03-09T12:00:00.000Z',
    );
    await rt.store.outreach.finish(ws, [
      { id: prior?.id ?? '', status: 'sent', reason: null, sentAt: '2026-03-09T12:00:00.000Z' },
    ]);
    await rt.store.outreach.setConsent(ws, out, 'email', 'unsubscribed', 'agent', clock.now().toISOString());
    queued.length = 0;
    const r = await scheduleAsks(
      deps,
      ws,
      [ask(ok), ask(asked), ask(out), ask(nobody), ask('no-such-id')],
      'manual',
    );
    expect(r.asks.map((a) => [a.status, a.reason])).toEqual([
      ['scheduled', null],
      ['suppressed', 'frequency_cap'],
      ['suppressed', 'unsubscribed'],
      ['suppressed', 'no_address'],
      ['suppressed', 'erased'],
    ]);
    expect(r).toMatchObject({ scheduled: 1, suppressed: 4 });
    expect(r.asks[0]?.sendAfter).toBe(clock.now().toISOString());
    expect(queued).toEqual([{ sendIds: [r.asks[0]?.sendId], delaySeconds: 0 }]);
    // The same customer asked again in the same week: the first ask is scheduled, so this is capped.
    const again = await scheduleAsks(deps, ws, [ask(ok)], 'manual');
    expect(again.asks[0]).toMatchObject({ status: 'suppressed', reason: 'frequency_cap' });
    // Two asks of one call for one customer: the first wins.
    const twice = await customer('Eve Twice', 'eve@example.com');
    const both = await scheduleAsks(deps, ws, [ask(twice), ask(twice)], 'manual');
    expect(both.asks.map((a) => a.reason)).toEqual([null, 'frequency_cap']);
  });

  it('an open case suppresses the ask', async () => {
    const ingested = await owner.json<{ results: { itemId: string }[] }>('POST', `${API}/feedback`, {
      items: [
        {
          externalId: 'case-1',
          platform: 'email',
          text: 'Where is my order? It has been two weeks.',
          postedAt: '2026-03-10T09:00:00.000Z',
          customer: { identities: [{ kind: 'email', value: 'finn@example.com' }] },
        },
      ],
    });
    const itemId = ingested.body.results[0]?.itemId ?? '';
    const item = await rt.store.feedback.get(ws, itemId);
    const finn = item?.customerId ?? '';
    expect(finn).not.toBe('');
    // The playbook may have opened one already for the complaint; else an agent opens it.
    const open = await sql<{ n: number | string }>`select count(*) as n from cases
      where workspace_id = ${ws} and customer_id = ${finn} and status = 'open'`.execute(rt.database.db);
    if (Number(open.rows[0]?.n) === 0) {
      expect((await owner.json('POST', `${API}/cases`, { itemId })).status).toBe(201);
    }
    const r = await scheduleAsks(deps, ws, [ask(finn)], 'manual');
    expect(r.asks[0]).toMatchObject({ status: 'suppressed', reason: 'open_case' });
  });

  it('quiet hours in the workspace time zone move the send time to the next morning', async () => {
    const put = await owner.json('PUT', `${API}/outreach/settings`, {
      capDays: 30,
      suppressOpenCase: true,
      requireConsent: false,
      quietStart: '21:00',
      quietEnd: '08:00',
      timeZone: 'Europe/Berlin',
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    const night = new ManualClock('2026-03-10T21:30:00.000Z'); // 22:30 in Berlin
    const gus = await customer('Gus Night', 'gus@example.com');
    queued.length = 0;
    const r = await scheduleAsks({ ...deps, clock: night } satisfies OutreachDeps, ws, [ask(gus)], 'event');
    expect(r.asks[0]).toMatchObject({ status: 'scheduled', sendAfter: '2026-03-11T07:00:00.000Z' });
    expect(queued[0]?.delaySeconds).toBe(9.5 * 3600);
    // The job woken early leaves it for its time.
    const early = await sendAsks(
      { ...deps, clock: night },
      { workspaceId: ws, sendIds: [r.asks[0]?.sendId ?? ''] },
    );
    expect(early).toMatchObject({ sent: 0, deferred: 1 });
  });

  it('sends at send time, with the unsubscribe link and one-click headers; the rules run again', async () => {
    const hal = await customer('Hal Mail', 'hal@example.com');
    const ivy = await customer('Ivy Later', 'ivy@example.com');
    const r = await scheduleAsks(deps, ws, [ask(hal), ask(ivy)], 'manual');
    expect(r.scheduled).toBe(2);
    // Ivy unsubscribes before the job runs.
    await rt.store.outreach.setConsent(ws, ivy, 'email', 'unsubscribed', 'api', clock.now().toISOString());
    mails.length = 0;
    const ids = r.asks.map((a) => a.sendId);
    const summary = await sendAsks(deps, { workspaceId: ws, sendIds: ids });
    expect(summary).toMatchObject({ sent: 1, suppressed: 1, failed: 0 });
    expect(mails).toHaveLength(1);
    const mail = mails[0];
    expect(mail?.to).toBe('hal@example.com');
    expect(mail?.headers['List-Unsubscribe']).toMatch(/^<https:\/\/tp\.example\/u\/[^>]+>$/);
    expect(mail?.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    expect(mail?.html).toContain('Acme &lt;Bikes&gt;'); // the business name, escaped
    expect(mail?.text).toContain('https://tp.example/u/');
    const sends = await rt.store.outreach.getSends(ws, ids);
    expect(Object.fromEntries(sends.map((s) => [s.customerId, [s.status, s.reason]]))).toEqual({
      [hal]: ['sent', null],
      [ivy]: ['suppressed', 'unsubscribed'],
    });
    // A second run of the same job sends nothing twice.
    expect(await sendAsks(deps, { workspaceId: ws, sendIds: ids })).toMatchObject({ sent: 0 });
    expect(mails).toHaveLength(1);
  });

  it('fails visibly without SMTP or a public URL', async () => {
    const jo = await customer('Jo Unset', 'jo@example.com');
    const r = await scheduleAsks(deps, ws, [ask(jo)], 'manual');
    const s = await sendAsks(
      { ...deps, mailer: undefined, publicUrl: undefined },
      { workspaceId: ws, sendIds: [r.asks[0]?.sendId ?? ''] },
    );
    expect(s.failed).toBe(1);
    const [row] = await rt.store.outreach.getSends(ws, [r.asks[0]?.sendId ?? '']);
    expect(row).toMatchObject({ status: 'failed', reason: 'not_configured' });
    expect(row?.detail).toContain('TOUCHPOINT_SMTP_URL');
    expect(row?.detail).toContain('TOUCHPOINT_PUBLIC_URL');
  });

  it('the send log pages newest first and filters; the summary counts by status and reason', async () => {
    const all = await owner.json<{
      sends: { id: string; reason: string | null }[];
      nextCursor: string | null;
    }>('GET', `${API}/outreach/sends?limit=200`);
    expect(all.status).toBe(200);
    const capped = await owner.json<{ sends: { reason: string; customerName: string | null }[] }>(
      'GET',
      `${API}/outreach/sends?reason=frequency_cap`,
    );
    expect(capped.body.sends.length).toBeGreaterThanOrEqual(3);
    expect(capped.body.sends.every((s) => s.reason === 'frequency_cap')).toBe(true);
    // Pages of 2 give every row once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { body: { sends: { id: string }[]; nextCursor: string | null } } = await owner.json(
        'GET',
        `${API}/outreach/sends?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
      );
      seen.push(...page.body.sends.map((s) => s.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(all.body.sends.map((s) => s.id));
    expect((await owner.json('GET', `${API}/outreach/sends?cursor=nonsense`)).status).toBe(400);
    const summary = await viewer.json<{
      total: number;
      byStatus: Record<string, number>;
      byReason: Record<string, number>;
    }>('GET', `${API}/outreach/summary`);
    expect(summary.status).toBe(200);
    expect(summary.body.total).toBe(all.body.sends.length);
    expect(summary.body.byReason.unsubscribed).toBeGreaterThanOrEqual(2);
    expect(summary.body.byStatus.sent).toBeGreaterThanOrEqual(2);
  });

  it('settings: validated, readable by a viewer, changed only with surveys:write', async () => {
    const bad = await owner.json<{ issues: { path: string }[] }>('PUT', `${API}/outreach/settings`, {
      capDays: 7,
      suppressOpenCase: true,
      requireConsent: false,
      quietStart: '25:00',
      quietEnd: '08:00',
      timeZone: 'Mars/Olympus',
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('quietStart');
    const badTz = await owner.json('PUT', `${API}/outreach/settings`, {
      capDays: 7,
      suppressOpenCase: true,
      requireConsent: false,
      quietStart: '22:00',
      quietEnd: '07:00',
      timeZone: 'Mars/Olympus',
    });
    expect(badTz.status).toBe(400);
    expect(JSON.stringify(badTz.body)).toContain('timeZone');
    const seen = await viewer.json<{ timeZone: string; capDays: number }>('GET', `${API}/outreach/settings`);
    expect(seen.body).toMatchObject({ timeZone: 'Europe/Berlin', capDays: 30 });
    const { updatedAt: _saved, ...settings } = seen.body as typeof seen.body & { updatedAt: unknown };
    expect((await viewer.json('PUT', `${API}/outreach/settings`, settings)).status).toBe(403);
  });

  it('consent per customer: read, set by an agent or the API, 404 for another workspace', async () => {
    const kim = await customer('Kim Consent', 'kim@example.com');
    const before = await owner.json<{ consents: { channel: string; status: string | null }[] }>(
      'GET',
      `${API}/customers/${kim}/consent`,
    );
    expect(before.body.consents).toEqual([{ channel: 'email', status: null, source: null, updatedAt: null }]);
    const set = await owner.json<{ consents: { status: string; source: string }[] }>(
      'PUT',
      `${API}/customers/${kim}/consent`,
      { channel: 'email', status: 'granted' },
    );
    expect(set.status).toBe(200);
    expect(set.body.consents[0]).toMatchObject({ status: 'granted', source: 'agent' });
    expect((await viewer.json('PUT', `${API}/customers/${kim}/consent`, { status: 'granted' })).status).toBe(
      403,
    );
    // Another workspace's customer.
    const other = await rt.store.workspaces.create({ name: 'Other', slug: 'other-outreach' });
    const [stranger] = await rt.store.customers.resolveMany(
      other.id,
      [{ identities: [{ kind: 'email', platform: '', value: 'x@example.com' }], name: 'X' }],
      clock.now().toISOString(),
    );
    expect((await owner.json('GET', `${API}/customers/${stranger?.customerId}/consent`)).status).toBe(404);
    expect(
      (
        await owner.json('PUT', `${API}/customers/${stranger?.customerId}/consent`, {
          status: 'unsubscribed',
        })
      ).status,
    ).toBe(404);
    // Required consent: Kim (granted) is asked, Lou (nothing recorded) is not.
    await rt.store.outreach.saveSettings(
      ws,
      {
        capDays: 30,
        suppressOpenCase: true,
        requireConsent: true,
        quietStart: '00:00',
        quietEnd: '00:00',
        timeZone: 'UTC',
      },
      clock.now().toISOString(),
    );
    const lou = await customer('Lou Silent', 'lou@example.com');
    const r = await scheduleAsks(deps, ws, [ask(kim), ask(lou)], 'manual');
    expect(r.asks.map((a) => a.reason)).toEqual([null, 'no_consent']);
    await rt.store.outreach.saveSettings(
      ws,
      {
        capDays: 30,
        suppressOpenCase: true,
        requireConsent: false,
        quietStart: '21:00',
        quietEnd: '08:00',
        timeZone: 'UTC',
      },
      clock.now().toISOString(),
    );
  });

  it('the unsubscribe link: a confirm page, a one-click POST, idempotent; a forged token is 404', async () => {
    const max = await customer('Max Leaving', 'max@example.com');
    const r = await scheduleAsks(deps, ws, [ask(max)], 'manual');
    mails.length = 0;
    await sendAsks(deps, { workspaceId: ws, sendIds: [r.asks[0]?.sendId ?? ''] });
    const link =
      /<https:\/\/tp\.example(\/u\/[^>]+)>/.exec(mails[0]?.headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
    expect(link).not.toBe('');
    const page = await app.request(link, { headers: { 'accept-language': 'de-DE,de;q=0.9' } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<form method="post"');
    expect(html).toContain('Acme &lt;Bikes&gt;');
    expect(html).toContain('lang="de"');
    // GET changes nothing (mail scanners follow links).
    expect((await rt.store.outreach.consents(ws, max)).length).toBe(0);
    const post = await app.request(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    expect(await post.text()).toContain('unsubscribed');
    expect(await rt.store.outreach.consents(ws, max)).toMatchObject([
      { channel: 'email', status: 'unsubscribed', source: 'unsubscribe_link' },
    ]);
    const again = await app.request(link, { method: 'POST', body: '' });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('already unsubscribed');
    const audits = await sql<{ n: number | string }>`select count(*) as n from audit_log
      where workspace_id = ${ws} and action = 'consent.unsubscribed' and target_id = ${max}`.execute(
      rt.database.db,
    );
    expect(Number(audits.rows[0]?.n)).toBe(1);
    const forged = `${link.slice(0, -4)}AAAA`;
    expect((await app.request(forged)).status).toBe(404);
    expect((await app.request(forged, { method: 'POST', body: '' })).status).toBe(404);
    expect((await app.request('/u/not-a-token')).status).toBe(404);
    // The next ask to Max is suppressed.
    const next = await scheduleAsks(deps, ws, [ask(max)], 'manual');
    expect(next.asks[0]).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });
  });

  it('erasing a customer keeps the log counts without them and removes their consents', async () => {
    const nia = await customer('Nia Erased', 'nia@example.com');
    await rt.store.outreach.setConsent(ws, nia, 'email', 'granted', 'agent', clock.now().toISOString());
    const r = await scheduleAsks(deps, ws, [ask(nia)], 'manual');
    const exported = await rt.store.customerPrivacy.exportOf(ws, nia, clock.now().toISOString());
    expect(exported?.outreach?.sends).toHaveLength(1);
    expect(exported?.outreach?.consents).toHaveLength(1);
    await rt.store.transaction((tx) => tx.customerPrivacy.erase(ws, nia, clock.now().toISOString()));
    const [row] = await rt.store.outreach.getSends(ws, [r.asks[0]?.sendId ?? '']);
    expect(row).toMatchObject({ customerId: null, status: 'suppressed', reason: 'erased' });
    expect(await rt.store.outreach.consents(ws, nia)).toEqual([]);
  });

  it('an ask for a customer merged into another goes to the survivor', async () => {
    const pat = await customer('Pat Survivor', 'pat@example.com');
    const old = await customer('Pat Old', 'pat.old@example.com');
    const merged = await owner.json('POST', `${API}/customers/${pat}/merge`, { otherId: old });
    expect(merged.status, JSON.stringify(merged.body)).toBe(201);
    const r = await scheduleAsks(deps, ws, [ask(old)], 'manual');
    expect(r.asks[0]).toMatchObject({ status: 'scheduled' });
    const [row] = await rt.store.outreach.getSends(ws, [r.asks[0]?.sendId ?? '']);
    expect(row?.customerId).toBe(pat);
  });

  /** Mails one ask to the customer and returns the path of its unsubscribe link. */
  async function mailedLink(customerId: string): Promise<{ sendId: string; link: string }> {
    const r = await scheduleAsks(deps, ws, [ask(customerId)], 'manual');
    const sendId = r.asks[0]?.sendId ?? '';
    mails.length = 0;
    await sendAsks(deps, { workspaceId: ws, sendIds: [sendId] });
    const link =
      /<https:\/\/tp\.example(\/u\/[^>]+)>/.exec(mails[0]?.headers['List-Unsubscribe'] ?? '')?.[1] ?? '';
    expect(link).not.toBe('');
    return { sendId, link };
  }
  const unsubscribeAt = (link: string) =>
    app.request(link, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
  async function mergeInto(survivorId: string, mergedId: string): Promise<string> {
    const merged = await owner.json<{ id: string }>('POST', `${API}/customers/${survivorId}/merge`, {
      otherId: mergedId,
    });
    expect(merged.status, JSON.stringify(merged.body)).toBe(201);
    return merged.body.id;
  }

  it('an unsubscribe survives a merge: the survivor that takes the address is not asked; undo keeps it with its record', async () => {
    const ann = await customer('Ann Unsub', 'ann.unsub@example.com');
    const bob = await customer('Bob Keeps', 'bob.keeps@example.com');
    const { link } = await mailedLink(ann);
    expect((await unsubscribeAt(link)).status).toBe(200);
    clock.advance(60 * 24 * 60); // past the frequency cap of Ann's one ask
    const mergeId = await mergeInto(bob, ann);
    // The survivor holds Ann's address now: no ask to it, nor to Ann's old id.
    const next = await scheduleAsks(deps, ws, [ask(bob), ask(ann)], 'manual');
    expect(next.asks.map((a) => [a.status, a.reason])).toEqual([
      ['suppressed', 'unsubscribed'],
      ['suppressed', 'unsubscribed'],
    ]);
    // No row moved: the unsubscribe is Ann's own, and undoing the merge leaves it with her.
    expect(await rt.store.outreach.consents(ws, bob)).toEqual([]);
    const undone = await owner.json('POST', `${API}/customer-merges/${mergeId}/undo`);
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect(await rt.store.outreach.consents(ws, ann)).toMatchObject([{ status: 'unsubscribed' }]);
    const after = await scheduleAsks(deps, ws, [ask(ann), ask(bob)], 'manual');
    expect(after.asks.map((a) => [a.status, a.reason])).toEqual([
      ['suppressed', 'unsubscribed'],
      ['scheduled', null],
    ]);
  });

  it('an old unsubscribe link of a merged-away record unsubscribes the survivor, which keeps it after an undo', async () => {
    const cat = await customer('Cat Merged', 'cat.merged@example.com');
    const dan = await customer('Dan Survives', 'dan.survives@example.com');
    const { link } = await mailedLink(cat);
    clock.advance(60 * 24 * 60);
    const mergeId = await mergeInto(dan, cat);
    expect((await unsubscribeAt(link)).status).toBe(200);
    expect(await rt.store.outreach.consents(ws, dan)).toMatchObject([
      { channel: 'email', status: 'unsubscribed', source: 'unsubscribe_link' },
    ]);
    expect(await rt.store.outreach.consents(ws, cat)).toEqual([]);
    const page = await app.request(link);
    expect(await page.text()).toContain('already unsubscribed');
    const next = await scheduleAsks(deps, ws, [ask(dan)], 'manual');
    expect(next.asks[0]).toMatchObject({ status: 'suppressed', reason: 'unsubscribed' });
    // Undo: the unsubscribe was made on Dan (the survivor); it stays his.
    expect((await owner.json('POST', `${API}/customer-merges/${mergeId}/undo`)).status).toBe(200);
    expect(await rt.store.outreach.consents(ws, dan)).toMatchObject([{ status: 'unsubscribed' }]);
    expect(await rt.store.outreach.consents(ws, cat)).toEqual([]);
  });

  it('a send scheduled before a merge goes to the survivor, and counts for its frequency cap', async () => {
    const eve = await customer('Eve Before', 'eve.before@example.com');
    const fay = await customer('Fay After', 'fay.after@example.com');
    const r = await scheduleAsks(deps, ws, [ask(eve)], 'manual');
    const sendId = r.asks[0]?.sendId ?? '';
    await mergeInto(fay, eve);
    mails.length = 0;
    const summary = await sendAsks(deps, { workspaceId: ws, sendIds: [sendId] });
    expect(summary).toMatchObject({ sent: 1, suppressed: 0, failed: 0 });
    expect(['eve.before@example.com', 'fay.after@example.com']).toContain(mails[0]?.to);
    const [row] = await rt.store.outreach.getSends(ws, [sendId]);
    expect(row).toMatchObject({ status: 'sent', customerId: eve });
    // The ask sent to Eve's record counts for the survivor's cap.
    const next = await scheduleAsks(deps, ws, [ask(fay)], 'manual');
    expect(next.asks[0]).toMatchObject({ status: 'suppressed', reason: 'frequency_cap' });
  });

  it('a passing SMTP failure is retried by later jobs, and fails smtp_error on the third try', async () => {
    const gus = await customer('Gus Greylisted', 'gus@example.com');
    const r = await scheduleAsks(deps, ws, [ask(gus)], 'manual');
    const id = r.asks[0]?.sendId ?? '';
    let tries = 0;
    const busy: SendDeps = {
      ...deps,
      mailer: {
        send() {
          tries++;
          return Promise.resolve({
            ok: false,
            retryable: true,
            error: '451 try again later <gus@example.com>',
          });
        },
      },
    };
    queued.length = 0;
    // Each retry is a new job (the queue's attempt starts again at 1): the count is the send's.
    for (const attempt of [1, 2]) {
      expect(await sendAsks(busy, { workspaceId: ws, sendIds: [id] })).toMatchObject({
        retried: 1,
        failed: 0,
      });
      expect(queued.at(-1)).toEqual({ sendIds: [id], delaySeconds: 300 });
      expect((await rt.store.outreach.getSends(ws, [id]))[0]).toMatchObject({
        status: 'scheduled',
        attempts: attempt,
      });
      clock.advance(5);
    }
    expect(await sendAsks(busy, { workspaceId: ws, sendIds: [id] })).toMatchObject({ retried: 0, failed: 1 });
    expect(tries).toBe(3);
    expect(queued).toHaveLength(2);
    const [row] = await rt.store.outreach.getSends(ws, [id]);
    expect(row).toMatchObject({ status: 'failed', reason: 'smtp_error' });
    expect(row?.detail).toContain('after 3 tries');
    expect(row?.detail).not.toContain('gus@example.com');
    // A fourth job (a duplicate in the queue) finds nothing to send.
    expect(await sendAsks(busy, { workspaceId: ws, sendIds: [id] })).toMatchObject({ sent: 0, failed: 0 });
    expect(tries).toBe(3);
  });

  it('the sweep fails a send a dead worker left sending (never mailed twice, never stuck)', async () => {
    const ola = await customer('Ola Stuck', 'ola@example.com');
    const r = await scheduleAsks(deps, ws, [ask(ola)], 'manual');
    const id = r.asks[0]?.sendId ?? '';
    expect(await rt.store.outreach.claim(ws, [id], clock.now().toISOString())).toHaveLength(1); // the worker took it, then died
    clock.advance(2 * 24 * 60);
    await runJob(rt.jobDefs.outreachSweep, {});
    const [row] = await rt.store.outreach.getSends(ws, [id]);
    expect(row).toMatchObject({ status: 'failed', reason: 'interrupted' });
  });
});
