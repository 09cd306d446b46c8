// The respondent side of surveys (issue #15) on both dialects: the public JSON API (CORS, answers,
// changes proved by token or browser key, the browser cap), the hosted page without JavaScript (the
// form, one-click score links, the follow-up, languages, the cookie), and bad input: a forged or
// expired token, a score out of range, a 10 MB text (413, nothing stored), markup (stored inert,
// escaped on the page). The clock is injected; nothing waits on time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../src/core/cases/clock.js';
import { signToken } from '../src/core/signed-token.js';
import {
  createInvitations,
  createSurvey,
  setSurveyStatus,
  surveyResults,
  type Survey,
} from '../src/core/surveys/index.js';
import type { Actor } from '../src/core/types.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';

const API = '/api/v1';
const HOUR = 60;
const DAY = 24 * HOUR;

const NPS = {
  question: {
    kind: 'nps',
    wording: {
      en: 'How likely are you to recommend <b>us</b>?',
      de: 'Wie wahrscheinlich empfehlen Sie uns?',
    },
  },
  followUp: {
    enabled: true,
    wording: {
      detractor: { en: 'What should we improve?', de: 'Was sollen wir verbessern?' },
      passive: { en: 'What would make it a 10?' },
      promoter: { en: 'What did you like most?', de: 'Was hat Ihnen am besten gefallen?' },
    },
  },
  extraQuestions: [
    {
      id: 'visit',
      type: 'choice',
      wording: { en: 'Was it your first order?' },
      options: [
        { id: 'yes', label: { en: 'Yes' } },
        { id: 'no', label: { en: 'No' } },
      ],
      required: true,
    },
  ],
  thankYou: { en: 'Thanks a lot!', de: 'Vielen Dank!' },
  languages: ['en', 'de'],
};

interface Wire {
  publicId: string;
  language: string;
  question: string;
  scores: { value: number; label: string; name: string }[];
  followUp: Record<string, string> | null;
  questions: { id: string; options: { value: string }[] }[];
  ui: Record<string, string>;
}
interface Problem {
  code: string;
  detail: string;
  errors?: { path: string }[];
}

describe.each(DIALECTS)('surveys for respondents on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let webRoot: string;
  let ws = '';
  let actor: Actor;
  const clock = new ManualClock('2026-03-02T09:00:00Z');

  const now = () => clock.now().toISOString();
  /** A fresh active survey (each test its own, so browser caps do not cross). */
  const activeSurvey = async (definition: object = NPS, extra: object = {}): Promise<Survey> => {
    const s = await createSurvey(
      rt.store,
      { workspaceId: ws, actor, now: now() },
      { name: 'After delivery', definition, ...extra },
    );
    return setSurveyStatus(rt.store, { workspaceId: ws, actor, now: now() }, s.id, 'active');
  };
  const responses = async (s: Survey) => (await surveyResults(rt.store, ws, s.id)).responses;
  const send = (method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    app.request(url, {
      method,
      headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const form = (url: string, fields: Record<string, string>, cookie?: string) =>
    app.request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(cookie ? { cookie } : {}),
      },
      body: new URLSearchParams(fields).toString(),
    });
  const cookieOf = (res: Response) => (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  const invite = async (s: Survey, email: string, expiresDays = 30) => {
    const [c] = await rt.store.customers.resolveMany(
      ws,
      [{ identities: [{ kind: 'email', platform: '', value: email }], name: email }],
      now(),
    );
    const [inv] = await createInvitations(
      rt.store,
      ws,
      { surveyId: s.id, customerIds: [c?.customerId ?? ''], sendAfter: now(), expiresDays },
      now(),
    );
    if (!inv) throw new Error('no invitation');
    const key = await rt.store.signingKeys.keyFor(ws);
    return { invitation: inv, token: signToken(key, 'survey', inv.id), key };
  };
  const itemOf = async (responseId: string) => {
    const response = await rt.store.surveys.response(ws, responseId);
    const item = response?.itemId ? await rt.store.feedback.get(ws, response.itemId) : undefined;
    expect(item?.externalId).toBe(`survey-response:${responseId}`);
    return item;
  };

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config, { clock });
    webRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-widget-'));
    fs.writeFileSync(path.join(webRoot, 'widget.js'), '(function(){})();');
    app = createApp(rt, { clock, webRoot });
    const owner = new TestClient(app);
    const setup = await owner.json<{ workspaces: { id: string }[]; user: { id: string } }>(
      'POST',
      `${API}/setup`,
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Shop',
      },
    );
    ws = setup.body.workspaces[0]?.id ?? '';
    actor = { type: 'user', id: setup.body.user.id };
  });

  afterAll(async () => {
    await rt?.close();
    await db?.drop();
    if (webRoot) fs.rmSync(webRoot, { recursive: true, force: true });
  });

  it('shows an active survey to anyone, in their language, with CORS for any origin', async () => {
    const draft = await createSurvey(
      rt.store,
      { workspaceId: ws, actor, now: now() },
      { name: 'Draft', definition: NPS },
    );
    const hidden = await send('GET', `${API}/public/surveys/${draft.publicId}`);
    expect(hidden.status).toBe(404);
    expect(((await hidden.json()) as Problem).code).toBe('survey_not_found');

    const s = await activeSurvey();
    const res = await send('GET', `${API}/public/surveys/${s.publicId}`, undefined, {
      origin: 'https://shop.example',
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const en = (await res.json()) as Wire;
    expect(en.language).toBe('en');
    expect(en.scores.map((x) => x.value)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(en.followUp?.['3']).toBe('What should we improve?');
    expect(en.followUp?.['10']).toBe('What did you like most?');
    expect(en.questions[0]?.options.map((o) => o.value)).toEqual(['yes', 'no']);
    expect(en.ui.send).toBe('Send');

    const byHeader = (await (
      await send('GET', `${API}/public/surveys/${s.publicId}`, undefined, {
        'accept-language': 'de-CH,de;q=0.9,en;q=0.5',
      })
    ).json()) as Wire;
    expect(byHeader).toMatchObject({ language: 'de', question: 'Wie wahrscheinlich empfehlen Sie uns?' });
    expect(byHeader.ui.send).toBe('Senden');
    const byQuery = (await (await send('GET', `${API}/public/surveys/${s.publicId}?lang=fr`)).json()) as Wire;
    expect(byQuery.language).toBe('en'); // not offered: the default
  });

  it('answers a CORS preflight without credentials, and refusals carry CORS too', async () => {
    const s = await activeSurvey();
    const pre = await send('OPTIONS', `${API}/public/surveys/${s.publicId}/responses`, undefined, {
      origin: 'https://shop.example',
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type',
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    expect(pre.headers.get('access-control-allow-methods')).toContain('PATCH');
    expect(pre.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('content-type');
    expect(pre.headers.get('access-control-allow-credentials')).toBeNull();
    const refused = await send(
      'POST',
      `${API}/public/surveys/${s.publicId}/responses`,
      { score: 42 },
      { origin: 'https://shop.example' },
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    // Other API routes stay closed and without CORS.
    const closed = await send('GET', `${API}/surveys`, undefined, { origin: 'https://shop.example' });
    expect(closed.status).toBe(401);
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('records a score at once, completes it with the same browser key, and caps a browser', async () => {
    const s = await activeSurvey();
    const key = 'widget-browser-key-0001';
    const first = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, {
      score: 3,
      browserKey: key,
    });
    expect(first.status).toBe(201);
    const answered = (await first.json()) as { responseId: string; editUntil: string; status: string };
    expect(answered.status).toBe('partial');
    expect(await itemOf(answered.responseId)).toMatchObject({ channel: 'survey', text: '' });

    // Someone else's key cannot touch it.
    const stranger = await send(
      'PATCH',
      `${API}/public/surveys/${s.publicId}/responses/${answered.responseId}`,
      {
        text: 'hijacked',
        browserKey: 'another-browser-key-01',
      },
    );
    expect(stranger.status).toBe(404);
    const done = await send('PATCH', `${API}/public/surveys/${s.publicId}/responses/${answered.responseId}`, {
      text: 'The parcel was late.',
      answers: { visit: 'no' },
      browserKey: key,
    });
    expect(done.status).toBe(200);
    expect(((await done.json()) as { status: string }).status).toBe('complete');
    expect((await itemOf(answered.responseId))?.text).toBe('The parcel was late.');

    const again = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, {
      score: 10,
      browserKey: key,
    });
    expect(again.status).toBe(409);
    expect(((await again.json()) as Problem).code).toBe('already_answered');
    expect(await responses(s)).toBe(1);

    // After the edit window, the answer is closed; after the cap, the browser may answer again.
    clock.advance(2 * DAY);
    const late = await send('PATCH', `${API}/public/surveys/${s.publicId}/responses/${answered.responseId}`, {
      text: 'changed my mind',
      browserKey: key,
    });
    expect(late.status).toBe(409);
    expect(((await late.json()) as Problem).code).toBe('survey_answer_closed');
    const next = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, {
      score: 9,
      browserKey: key,
    });
    expect(next.status).toBe(201);
    expect(await responses(s)).toBe(2);
  });

  it('refuses an answer with neither a browser key nor a token (the per-browser cap needs one)', async () => {
    const s = await activeSurvey();
    const res = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, { score: 7 });
    expect(res.status).toBe(400);
    const p = (await res.json()) as Problem;
    expect(p.code).toBe('validation_failed');
    expect(p.errors?.map((e) => e.path)).toEqual(['browserKey']);
    const patch = await send('PATCH', `${API}/public/surveys/${s.publicId}/responses/rnope`, { text: 'x' });
    expect(patch.status).toBe(400);
    expect(await responses(s)).toBe(0);
    // The hosted page keeps its cookie as the key.
    const page = await form(`/s/${s.publicId}`, { score: '10' });
    expect(page.status).toBe(200);
    expect(await responses(s)).toBe(1);
  });

  it('refuses a new answer that completes without its required extra question', async () => {
    const s = await activeSurvey();
    const url = `${API}/public/surveys/${s.publicId}/responses`;
    const skipped = await send('POST', url, { score: 8, text: 'Fine.', browserKey: 'required-key-000001' });
    expect(skipped.status).toBe(400);
    expect(((await skipped.json()) as Problem).errors?.map((e) => e.path)).toEqual(['answers.visit']);
    const blank = await send('POST', url, {
      score: 8,
      text: 'Fine.',
      answers: { visit: '' },
      browserKey: 'required-key-000001',
    });
    expect(blank.status).toBe(400);
    expect(await responses(s)).toBe(0);
    // A score alone stays a partial answer; the rest comes later.
    const partial = await send('POST', url, { score: 8, browserKey: 'required-key-000002' });
    expect(partial.status).toBe(201);
    const whole = await send('POST', url, {
      score: 8,
      text: 'Fine.',
      answers: { visit: 'yes' },
      browserKey: 'required-key-000001',
    });
    expect(whole.status).toBe(201);
    expect(((await whole.json()) as { status: string }).status).toBe('complete');
  });

  it('an internal failure answers a generic 500 (JSON API) or an error page in their language (hosted page), never the cause', async () => {
    const s = await activeSurvey();
    const secret = 'the answer could not be stored as feedback: secret cause';
    const spy = vi.spyOn(rt.store.surveys, 'byPublicId').mockRejectedValue(new Error(secret));
    try {
      const json = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, {
        score: 5,
        browserKey: 'internal-key-00000001',
      });
      expect(json.status).toBe(500);
      const p = (await json.json()) as Problem;
      expect(p.code).toBe('internal');
      expect(JSON.stringify(p)).not.toContain('secret');
      const page = await form(`/s/${s.publicId}`, { score: '5', lang: 'de' });
      expect(page.status).toBe(500);
      expect(page.headers.get('content-type')).toContain('text/html');
      const html = await page.text();
      expect(html).toContain('<html lang="de">');
      expect(html).not.toContain('secret');
      const get = await app.request(`/s/${s.publicId}?score=5`, {
        headers: { 'accept-language': 'fr-FR,fr;q=0.9' },
      });
      expect(get.status).toBe(500);
      expect(await get.text()).toContain('<html lang="fr">');
    } finally {
      spy.mockRestore();
    }
    expect(await responses(s)).toBe(0);
  });

  it('refuses a score out of range naming the field, and stores nothing', async () => {
    const s = await activeSurvey();
    for (const score of [11, -1, 2.5]) {
      const res = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, {
        score,
        browserKey: 'range-browser-key-0001',
      });
      expect(res.status, String(score)).toBe(400);
      const p = (await res.json()) as Problem;
      expect(p.code).toBe('validation_failed');
      expect(p.errors?.map((e) => e.path)).toContain('score');
    }
    const page = await form(`/s/${s.publicId}`, { score: '11' });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('Please choose a score.');
    expect(await responses(s)).toBe(0);
  });

  it('refuses a 10 MB text with 413 naming the rule, and stores nothing', async () => {
    const s = await activeSurvey();
    const huge = 'x'.repeat(10 * 1024 * 1024);
    const json = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, {
      score: 5,
      text: huge,
      browserKey: 'huge-browser-key-00001',
    });
    expect(json.status).toBe(413);
    const p = (await json.json()) as Problem;
    expect(p.code).toBe('payload_too_large');
    expect(p.detail).toContain('64 KB');
    // Declared up front, and on the hosted page's form.
    const declared = await app.request(`${API}/public/surveys/${s.publicId}/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(huge.length + 40) },
      body: JSON.stringify({ score: 5, text: huge }),
    });
    expect(declared.status).toBe(413);
    const page = await form(`/s/${s.publicId}`, { score: '5', text: huge });
    expect(page.status).toBe(413);
    // Over the core's 5,000 characters but under the body cap: 400 naming `text`.
    const long = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, {
      score: 5,
      text: 'y'.repeat(5_001),
      browserKey: 'long-browser-key-00001',
    });
    expect(long.status).toBe(400);
    expect(((await long.json()) as Problem).errors?.map((e) => e.path)).toContain('text');
    expect(await responses(s)).toBe(0);
  });

  it('stores markup as inert text and escapes it on the page', async () => {
    const s = await activeSurvey();
    const markup = '<script>alert(1)</script><img src=x onerror="alert(2)"> & </textarea>';
    const res = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, {
      score: 2,
      text: markup,
      answers: { visit: 'no' },
      browserKey: 'markup-browser-key-001',
    });
    expect(res.status).toBe(201);
    const { responseId } = (await res.json()) as { responseId: string };
    expect((await itemOf(responseId))?.text).toBe(markup);

    // The hosted page: a refused step two shows the text back, escaped; the survey's own wording too.
    const first = await app.request(`/s/${s.publicId}`);
    const cookie = cookieOf(first);
    const html = await first.text();
    expect(html).toContain('How likely are you to recommend &lt;b&gt;us&lt;/b&gt;?');
    const step = await form(`/s/${s.publicId}`, { score: '1' }, cookie);
    const r = /name="r" value="([^"]+)"/.exec(await step.text())?.[1] ?? '';
    const refused = await form(`/s/${s.publicId}`, { r, score: '1', text: markup }, cookie);
    expect(refused.status).toBe(400);
    const again = await refused.text();
    expect(again).toContain('Please answer: Was it your first order?');
    expect(again).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt; &amp; &lt;/textarea&gt;',
    );
    expect(again).not.toContain('<script>');
  });

  it('refuses a forged, altered or expired invitation token, and stores nothing', async () => {
    const s = await activeSurvey();
    const { token, invitation, key } = await invite(s, 'forged@example.com', 1);
    const forged = [
      `${invitation.id}.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA`,
      `${token}x`,
      signToken(key, 'unsubscribe', invitation.id), // signed, but for another purpose
      'nonsense',
    ];
    for (const t of forged) {
      const res = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, { score: 8, token: t });
      expect(res.status, t).toBe(404);
      expect(((await res.json()) as Problem).code).toBe('invitation_not_found');
    }
    const page = await app.request(`/s/${s.publicId}?t=${encodeURIComponent(forged[0] ?? '')}&score=8`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain('This survey is not available.');

    clock.advance(2 * DAY);
    const expired = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, { score: 8, token });
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as Problem).code).toBe('invitation_expired');
    const expiredPage = await app.request(`/s/${s.publicId}?t=${encodeURIComponent(token)}&score=8`);
    expect(expiredPage.status).toBe(410);
    expect(await expiredPage.text()).toContain('This link has expired.');
    expect(await responses(s)).toBe(0);
  });

  it('hosted page: answers without JavaScript, with a first-party cookie as the browser cap', async () => {
    const s = await activeSurvey();
    const first = await app.request(`/s/${s.publicId}`, { headers: { 'accept-language': 'en-US' } });
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toContain('text/html');
    expect(first.headers.get('cache-control')).toBe('no-store');
    expect(first.headers.get('content-security-policy')).toContain("script-src 'self'");
    const setCookie = first.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(new RegExp(`^tp_sv_${s.publicId}=[A-Za-z0-9_-]{32};`));
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Lax');
    expect(setCookie).toContain(`Path=/s/${s.publicId}`);
    const cookie = cookieOf(first);
    const html = await first.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain(`<form method="post" action="/s/${s.publicId}"`);
    expect(html).toContain('<legend id="question">');
    expect(html.match(/type="radio" name="score"/g)).toHaveLength(11);
    expect(html).not.toContain('<script');

    const step = await form(`/s/${s.publicId}`, { score: '3', lang: 'en' }, cookie);
    expect(step.status).toBe(200);
    const stepHtml = await step.text();
    expect(stepHtml).toContain('What should we improve?');
    expect(stepHtml).toContain('value="3" required checked');
    const r = /name="r" value="([^"]+)"/.exec(stepHtml)?.[1] ?? '';
    expect(r).not.toBe('');
    expect((await itemOf(r))?.text).toBe('');

    // Another browser (no cookie) cannot complete it.
    const other = await form(`/s/${s.publicId}`, { r, score: '3', text: 'not mine', 'q.visit': 'no' });
    expect(other.status).toBe(404);
    const done = await form(
      `/s/${s.publicId}`,
      { r, score: '4', text: 'Delivery took two weeks.', 'q.visit': 'yes', lang: 'en' },
      cookie,
    );
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('Thanks a lot!');
    const item = await itemOf(r);
    expect(item?.text).toBe('Delivery took two weeks.');
    expect(item?.score).toMatchObject({ kind: 'nps', value: 4 });

    const twice = await form(`/s/${s.publicId}`, { score: '10' }, cookie);
    expect(twice.status).toBe(409);
    expect(await twice.text()).toContain('You have already answered this survey.');
    expect(await responses(s)).toBe(1);

    const de = await app.request(`/s/${s.publicId}?lang=de`);
    const deHtml = await de.text();
    expect(deHtml).toContain('<html lang="de">');
    expect(deHtml).toContain('Wie wahrscheinlich empfehlen Sie uns?');
    expect(deHtml).toContain('>Senden</button>');
  });

  it('hosted page: a one-click score link records nothing on GET (mail scanners), its form records the score, and is single use', async () => {
    const s = await activeSurvey();
    const { token } = await invite(s, 'one-click@example.com');
    const probe = await app.request(`/s/${s.publicId}?t=${encodeURIComponent(token)}&score=1`, {
      method: 'HEAD',
    });
    expect(probe.status).toBe(200);
    // A scanner fetches every score link with GET: the form, pre-selected, and nothing recorded.
    for (let v = 0; v <= 10; v++) {
      const scan = await app.request(`/s/${s.publicId}?t=${encodeURIComponent(token)}&score=${v}`);
      expect(scan.status).toBe(200);
    }
    expect(await responses(s)).toBe(0);
    const click = await app.request(`/s/${s.publicId}?t=${encodeURIComponent(token)}&score=9`);
    expect(click.status).toBe(200);
    expect(click.headers.get('content-security-policy')).toContain("script-src 'self'");
    const page = await click.text();
    expect(page).toContain('value="9" required checked');
    expect(page).toContain(`name="t" value="${token}"`);
    expect(page).toContain('data-autosubmit');
    expect(page).toContain('<script src="/s/autosubmit.js" defer></script>');
    expect(page).toMatch(/<button type="submit" autofocus>/);
    expect(page).not.toMatch(/<script>|<script [^>]*>[^<]/); // no inline script
    const script = await app.request('/s/autosubmit.js');
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('form.submit()');
    expect(await responses(s)).toBe(0);

    // What the script (or the Send button) posts: the page's form, as it is.
    const posted = await form(`/s/${s.publicId}`, { t: token, lang: 'en', score: '9' });
    expect(posted.status).toBe(200);
    const html = await posted.text();
    expect(html).toContain('What did you like most?');
    expect(html).toContain('Your score has been recorded.');
    const r = /name="r" value="([^"]+)"/.exec(html)?.[1] ?? '';
    expect((await itemOf(r))?.score).toMatchObject({ value: 9 });

    // The respondent changes the score while editable and adds the text.
    const done = await form(`/s/${s.publicId}`, {
      t: token,
      r,
      score: '6',
      text: 'Too slow.',
      'q.visit': 'no',
    });
    expect(done.status).toBe(200);
    expect((await itemOf(r))?.score).toMatchObject({ value: 6 });
    // The same link again within the window edits the same answer, never a second one.
    const again = await form(`/s/${s.publicId}`, { t: token, score: '5' });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain(`name="r" value="${r}"`);
    expect(await responses(s)).toBe(1);
    // After the edit window: the link says so, and an answer is refused.
    clock.advance(25 * HOUR);
    const late = await app.request(`/s/${s.publicId}?t=${encodeURIComponent(token)}&score=10`);
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('This link has already been used.');
    const lateForm = await form(`/s/${s.publicId}`, { t: token, score: '10' });
    expect(lateForm.status).toBe(409);
    const lateJson = await send('POST', `${API}/public/surveys/${s.publicId}/responses`, {
      score: 10,
      token,
    });
    expect(((await lateJson.json()) as Problem).code).toBe('invitation_used');
    expect(await responses(s)).toBe(1);
    expect((await itemOf(r))?.score).toMatchObject({ value: 5 });
  });

  it('limits the hosted page, the public API and the /u/ and /r/ link pages per client IP', async () => {
    const s = await activeSurvey();
    const limited = createApp(
      {
        ...rt,
        config: { ...rt.config, limits: { ...rt.config.limits, perIpPerMinute: 3, trustProxy: true } },
      },
      { clock, webRoot },
    );
    const from = (ip: string) => ({ headers: { 'x-forwarded-for': ip } });
    for (let i = 0; i < 3; i++)
      expect((await limited.request(`/s/${s.publicId}`, from('203.0.113.7'))).status).toBe(200);
    const page = await limited.request(`/s/${s.publicId}`, from('203.0.113.7'));
    expect(page.status).toBe(429);
    expect(page.headers.get('retry-after')).toBeTruthy();
    expect((await limited.request(`/s/${s.publicId}`, from('203.0.113.8'))).status).toBe(200);
    for (let i = 0; i < 3; i++) {
      await limited.request(`${API}/public/surveys/${s.publicId}`, from('203.0.113.9'));
    }
    const json = await limited.request(`${API}/public/surveys/${s.publicId}`, from('203.0.113.9'));
    expect(json.status).toBe(429);
    expect(((await json.json()) as Problem).code).toBe('rate_limited');
    // The unsubscribe pages /u/* and the review links /r/* too (a guessed token spends the budget).
    for (const prefix of ['/u/', '/r/']) {
      const ip = prefix === '/u/' ? '203.0.113.10' : '203.0.113.11';
      for (let i = 0; i < 3; i++) {
        const res = await limited.request(`${prefix}nope.token${i}`, from(ip));
        expect(res.status, prefix).not.toBe(429);
      }
      const limitedLink = await limited.request(`${prefix}nope.token`, from(ip));
      expect(limitedLink.status, prefix).toBe(429);
      expect(limitedLink.headers.get('retry-after')).toBeTruthy();
      expect((await limited.request(`${prefix}nope.token`, from('203.0.113.12'))).status).not.toBe(429);
    }
  });

  it('serves the widget script for other sites, cacheable, with a JS content type', async () => {
    const res = await app.request('/widget.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/javascript');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
    expect(res.headers.get('cache-control')).toContain('max-age=');
    // Everything else keeps same-origin.
    const page = await app.request('/healthz');
    expect(page.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});
