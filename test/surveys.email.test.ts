// Issue #15, Done means: an e-mail invitation arrives at a real SMTP server started by the test (HTML
// and plain text, the customer's name escaped); following its one-click score link records the
// score; the single-use link refuses a second answer; unsubscribing stops the next invitation, which
// the send log shows as suppressed with the reason. And the caps: a customer asked yesterday is not
// asked today (`frequency_cap`); an open case suppresses (`open_case`). The whole path: invitations →
// scheduleAsks → the `outreach.send` job → nodemailer → smtp-server → the links back into the app.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelsConfigSchema } from '../src/channels/index.js';
import { ManualClock } from '../src/core/cases/index.js';
import { scheduleAsks } from '../src/core/outreach/index.js';
import { createInvitations, createSurvey, setSurveyStatus, type Survey } from '../src/core/surveys/index.js';
import type { Actor } from '../src/core/types.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { runJob } from './helpers/jobs.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

const API = '/api/v1';
const PUBLIC_URL = 'http://tp.test';
const ANN_NAME = `Ann <b>O'Brien</b> & Co`;

const NPS = {
  question: { kind: 'nps', wording: { en: 'How likely are you to recommend Olga Shop?' } },
  followUp: {
    enabled: true,
    wording: { detractor: { en: 'What should we improve?' }, promoter: { en: 'What did you like most?' } },
  },
  extraQuestions: [],
  languages: ['en'],
};

describe.each(DIALECTS)('survey invitations by e-mail through a real SMTP server on %s', (dialect) => {
  let db: TestDatabase;
  let smtp: TestSmtp;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let ws: string;
  let actor: Actor;
  let survey: Survey;
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const ids: Record<'ann' | 'bob' | 'cat', string> = { ann: '', bob: '', cat: '' };
  let annInvitation = '';
  let scoreLink = '';
  let unsubscribeLink = '';

  /** Invites the customers to the survey and runs the `outreach.send` jobs their asks were queued in. */
  async function invite(customerIds: string[]) {
    const now = clock.now().toISOString();
    const invitations = await createInvitations(
      rt.store,
      ws,
      { surveyId: survey.id, customerIds, sendAfter: now },
      now,
    );
    const result = await scheduleAsks(
      rt.outreachDeps,
      ws,
      invitations.map((i) => ({
        kind: 'survey' as const,
        refId: i.id,
        customerId: i.customerId ?? '',
        notBefore: now,
      })),
      'manual',
      actor,
    );
    const due = result.asks.filter((a) => a.status === 'scheduled').map((a) => a.sendId);
    if (due.length > 0) await runJob(rt.jobDefs.outreachSend, { workspaceId: ws, sendIds: due });
    return { invitations, result };
  }

  /** The newest send-log row of a customer, over the API. */
  async function lastSend(customerId: string) {
    const page = await owner.json<{ sends: { status: string; reason: string | null; kind: string }[] }>(
      'GET',
      `${API}/outreach/sends?customerId=${customerId}&limit=1`,
    );
    expect(page.status).toBe(200);
    return page.body.sends[0];
  }

  const path = (url: string) => url.slice(PUBLIC_URL.length);

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await freshDatabase(dialect);
    const channels = ChannelsConfigSchema.parse({
      email: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Olga Shop <hello@olga.example>' },
    });
    rt = await openRuntime({ ...db.config, publicUrl: PUBLIC_URL, channels }, { clock });
    app = createApp(rt, { clock });
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[]; user: { id: string } }>(
      'POST',
      `${API}/setup`,
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Olga Shop',
      },
    );
    owner.csrf = setup.body.csrfToken;
    ws = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = ws;
    actor = { type: 'user', id: setup.body.user.id };
    const now = clock.now().toISOString();
    survey = await createSurvey(
      rt.store,
      { workspaceId: ws, actor, now },
      { name: 'After delivery', definition: NPS },
    );
    survey = await setSurveyStatus(rt.store, { workspaceId: ws, actor, now }, survey.id, 'active');
    const people = await rt.store.customers.resolveMany(
      ws,
      [
        { identities: [{ kind: 'email', platform: '', value: 'ann@example.com' }], name: ANN_NAME },
        { identities: [{ kind: 'email', platform: '', value: 'bob@example.com' }], name: 'Bob Buyer' },
      ],
      now,
    );
    ids.ann = people[0]?.customerId ?? '';
    ids.bob = people[1]?.customerId ?? '';
    // Cat complained by e-mail; an agent opened a case (unless the playbook already did).
    const ingested = await owner.json<{ results: { itemId: string }[] }>('POST', `${API}/feedback`, {
      items: [
        {
          externalId: 'cat-1',
          platform: 'email',
          text: 'My order arrived broken and nobody answers. Terrible.',
          postedAt: '2026-03-10T08:00:00.000Z',
          author: { name: 'Cat Complainer' },
          customer: { identities: [{ kind: 'email', value: 'cat@example.com' }] },
        },
      ],
    });
    const itemId = ingested.body.results[0]?.itemId ?? '';
    ids.cat = (await rt.store.feedback.get(ws, itemId))?.customerId ?? '';
    const opened = await owner.json('POST', `${API}/cases`, { itemId });
    expect([201, 409]).toContain(opened.status);
  });

  afterAll(async () => {
    await rt?.close();
    await db?.drop();
    await smtp?.close();
  });

  it('mails the invitation: HTML with one-click score links and the name escaped, a plain-text twin, unsubscribe headers', async () => {
    const { invitations, result } = await invite([ids.ann, ids.bob]);
    expect(result).toMatchObject({ scheduled: 2, suppressed: 0 });
    annInvitation = invitations.find((i) => i.customerId === ids.ann)?.id ?? '';
    expect(smtp.messages.map((m) => m.rcptTo)).toEqual(
      expect.arrayContaining([['ann@example.com'], ['bob@example.com']]),
    );
    const message = smtp.messages.find((m) => m.rcptTo[0] === 'ann@example.com');
    const mail = message?.mail;
    expect(mail?.subject).toBe('How likely are you to recommend Olga Shop?');
    const html = typeof mail?.html === 'string' ? mail.html : '';
    const text = mail?.text ?? '';
    // The name is escaped in the HTML and plain in the text; no markup of theirs survives as markup.
    expect(html).toContain('Ann &lt;b&gt;O&#39;Brien&lt;/b&gt; &amp; Co');
    expect(html).not.toContain('<b>O');
    expect(text).toContain(`Hello ${ANN_NAME},`);
    // Eleven one-click links (0–10) in both parts, each the personal link with its score.
    for (let s = 0; s <= 10; s++) {
      expect(text).toMatch(
        new RegExp(`^${s}: ${PUBLIC_URL}/s/${survey.publicId}\\?t=[^&\\s]+&score=${s}$`, 'm'),
      );
      expect(html).toContain(`&amp;score=${s}"`);
    }
    scoreLink = /^9: (\S+)$/m.exec(text)?.[1] ?? '';
    // RFC 8058: the unsubscribe link and the one-click POST header.
    const raw = (message?.raw ?? '').replace(/\r?\n[ \t]+/g, ' ');
    const header = /^List-Unsubscribe: <([^>]+)>/im.exec(raw)?.[1] ?? '';
    expect(header).toMatch(new RegExp(`^${PUBLIC_URL}/u/`));
    expect(raw).toMatch(/^List-Unsubscribe-Post: List-Unsubscribe=One-Click/im);
    expect(text).toContain(`: ${header}`);
    expect(html).toContain(`href="${header}"`);
    unsubscribeLink = header;
    // The send log and the invitation say sent, with the address it went to.
    expect(await lastSend(ids.ann)).toMatchObject({ kind: 'survey', status: 'sent', reason: null });
    expect(await rt.store.surveys.invitation(ws, annInvitation)).toMatchObject({
      status: 'sent',
      email: 'ann@example.com',
    });
  });

  it('following the one-click score link records the score (its GET alone records nothing)', async () => {
    const page = await app.request(path(scoreLink));
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('value="9" required checked');
    expect((await rt.store.surveys.invitation(ws, annInvitation))?.responseId ?? null).toBeNull();
    // The page's form, as its script (or the Send button) posts it.
    const token = new URL(scoreLink).searchParams.get('t') ?? '';
    const posted = await app.request(`/s/${survey.publicId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ t: token, score: '9' }).toString(),
    });
    expect(posted.status).toBe(200);
    expect(await posted.text()).toContain('What did you like most?'); // 9 is a promoter's follow-up
    const invitation = await rt.store.surveys.invitation(ws, annInvitation);
    expect(invitation?.status).toBe('answered');
    const response = await rt.store.surveys.response(ws, invitation?.responseId ?? '');
    expect(response?.score).toBe(9);
    const item = await rt.store.feedback.get(ws, response?.itemId ?? '');
    expect(item).toMatchObject({ channel: 'survey', customerId: ids.ann });
  });

  it('the single-use link refuses a second answer once its edit window has passed', async () => {
    clock.advance((survey.editHours + 1) * 60);
    const again = await app.request(path(scoreLink).replace(/score=9$/, 'score=2'));
    expect(again.status).toBe(409);
    const token = new URL(scoreLink).searchParams.get('t') ?? '';
    const api = await app.request(`${API}/public/surveys/${survey.publicId}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ score: 2, token }),
    });
    expect(api.status).toBe(409);
    const invitation = await rt.store.surveys.invitation(ws, annInvitation);
    expect((await rt.store.surveys.response(ws, invitation?.responseId ?? ''))?.score).toBe(9);
  });

  it('unsubscribing stops the next invitation, which the send log shows suppressed with the reason', async () => {
    const post = await app.request(path(unsubscribeLink), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(post.status).toBe(200);
    const before = smtp.messages.length;
    clock.advance(40 * 24 * 60); // past the frequency cap: only the unsubscribe stands in the way
    const { invitations, result } = await invite([ids.ann]);
    expect(result).toMatchObject({ scheduled: 0, suppressed: 1, reasons: { unsubscribed: 1 } });
    expect(smtp.messages.length).toBe(before);
    expect(await lastSend(ids.ann)).toMatchObject({
      kind: 'survey',
      status: 'suppressed',
      reason: 'unsubscribed',
    });
    expect(await rt.store.surveys.invitation(ws, invitations[0]?.id ?? '')).toMatchObject({
      status: 'suppressed',
      reason: 'unsubscribed',
    });
  });

  it('a customer asked yesterday is not asked today; an open case suppresses', async () => {
    // Bob was mailed 40 days ago: asked again now he gets it, and a day later he does not.
    const first = await invite([ids.bob]);
    expect(first.result.scheduled).toBe(1);
    expect(await lastSend(ids.bob)).toMatchObject({ status: 'sent' });
    clock.advance(24 * 60);
    const before = smtp.messages.length;
    const second = await invite([ids.bob]);
    expect(second.result.reasons).toEqual({ frequency_cap: 1 });
    expect(await lastSend(ids.bob)).toMatchObject({ status: 'suppressed', reason: 'frequency_cap' });
    const cat = await invite([ids.cat]);
    expect(cat.result.reasons).toEqual({ open_case: 1 });
    expect(await lastSend(ids.cat)).toMatchObject({ status: 'suppressed', reason: 'open_case' });
    expect(smtp.messages.length).toBe(before);
  });

  it('the sweep fails a send by the time it was claimed, never one a late job is mailing, and fails its invitation too', async () => {
    const now = clock.now().toISOString();
    const [dot] = await rt.store.customers.resolveMany(
      ws,
      [{ identities: [{ kind: 'email', platform: '', value: 'dot@example.com' }], name: 'Dot Delayed' }],
      now,
    );
    const invitations = await createInvitations(
      rt.store,
      ws,
      { surveyId: survey.id, customerIds: [dot?.customerId ?? ''], sendAfter: now },
      now,
    );
    const result = await scheduleAsks(
      rt.outreachDeps,
      ws,
      invitations.map((i) => ({
        kind: 'survey' as const,
        refId: i.id,
        customerId: i.customerId ?? '',
        notBefore: now,
      })),
      'manual',
      actor,
    );
    const sendId = result.asks[0]?.sendId ?? '';
    expect(result.asks[0]?.status).toBe('scheduled');
    // The queue ran two days late: a job claims the send now, due two days ago.
    clock.advance(2 * 24 * 60);
    expect(await rt.store.outreach.claim(ws, [sendId], clock.now().toISOString())).toHaveLength(1);
    await runJob(rt.jobDefs.outreachSweep, {});
    expect((await rt.store.outreach.getSends(ws, [sendId]))[0]?.status).toBe('sending');
    // That worker died: a day after the claim the sweep fails the send and the invitation.
    clock.advance(25 * 60);
    await runJob(rt.jobDefs.outreachSweep, {});
    expect((await rt.store.outreach.getSends(ws, [sendId]))[0]).toMatchObject({
      status: 'failed',
      reason: 'interrupted',
    });
    expect(await rt.store.surveys.invitation(ws, invitations[0]?.id ?? '')).toMatchObject({
      status: 'failed',
      reason: 'interrupted',
    });
  });
});
