// The respondent side of surveys (issue #15) in a real Chromium:
//
// - the widget on a page of the test's own, served from another origin with a strict CSP
//   (`default-src 'none'; script-src` our origin; `connect-src` our origin; `style-src 'none'`): it
//   loads, is answered with the keyboard only (Tab, arrows, Enter, typing), the answer is stored, no
//   CSP violation is reported, and it sets no cookie; the page's `<html lang>` picks its language;
// - the hosted page /s/{publicId} at 390 px, answered with the keyboard, without JavaScript errors,
//   and without JavaScript at all; a second answer from the same browser is refused;
// - a personal one-click score link from an e-mail answers in one click (its GET records nothing; the
//   page's own script posts the pre-selected score).
//
// Waits on elements and attributes only, never on timers. Needs `npm run build:web` (it builds
// dist/web/widget.js too).
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createInvitations,
  createSurvey,
  invitationLinks,
  setSurveyStatus,
  surveyResults,
  type Survey,
} from '../../src/core/surveys/index.js';
import type { Actor } from '../../src/core/types.js';
import { REPO, sideways, startDashboard, type Dashboard } from './harness.js';

const WAIT = { timeout: 30_000 };
const PHONE = { width: 390, height: 844 };

const DEFINITION = {
  question: {
    kind: 'nps',
    wording: {
      en: 'How likely are you to recommend Harbor Shop?',
      de: 'Wie wahrscheinlich empfehlen Sie Harbor Shop?',
    },
  },
  followUp: {
    enabled: true,
    wording: {
      detractor: { en: 'What should we improve?', de: 'Was sollen wir verbessern?' },
      any: { en: 'What did you like?', de: 'Was hat Ihnen gefallen?' },
    },
  },
  thankYou: { en: 'Thank you, that helps us!', de: 'Danke, das hilft uns!' },
  languages: ['en', 'de'],
};

/** Records CSP violations in the page before any of its scripts run (an init script is not subject to the CSP). */
const WATCH_CSP = `
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__violations.push(e.violatedDirective + ' ' + e.blockedURI);
  });
`;

/** A tiny site of the test's own on another port, with a strict CSP that allows only our origin's script. */
async function hostSite(touchpoint: string): Promise<{ url: string; close(): Promise<void> }> {
  const origin = new URL(touchpoint).origin;
  const csp = `default-src 'none'; script-src ${origin}; connect-src ${origin}; style-src 'none'`;
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://host');
    const survey = u.searchParams.get('survey') ?? '';
    const lang = u.searchParams.get('lang') ?? 'en';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp });
    res.end(`<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><title>Harbor Shop</title></head>
<body>
<h1>Your order has arrived</h1>
<button id="before" type="button">Track another order</button>
<div id="survey"></div>
<script src="${origin}/widget.js" data-survey="${survey}" data-target="#survey" async></script>
</body>
</html>`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** Errors the page reported: uncaught exceptions, console errors (CSP refusals are console errors too). */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  return errors;
}

describe('answering a survey in the browser', () => {
  let d: Dashboard;
  let site: { url: string; close(): Promise<void> };
  let ws = '';
  let actor: Actor;

  const activeSurvey = async (): Promise<Survey> => {
    const { store } = d.server.runtime;
    const now = new Date().toISOString();
    const s = await createSurvey(
      store,
      { workspaceId: ws, actor, now },
      { name: 'After delivery', definition: DEFINITION },
    );
    return setSurveyStatus(store, { workspaceId: ws, actor, now }, s.id, 'active');
  };
  const results = (s: Survey) => surveyResults(d.server.runtime.store, ws, s.id);
  const latestText = async (s: Survey) => (await results(s)).latest[0];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(REPO, 'dist/web/widget.js'))) {
      throw new Error('dist/web/widget.js is not built: run `npm run build:web` before the browser tests.');
    }
    d = await startDashboard();
    const res = await fetch(`${d.url}/api/v1/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'Olivia Owner',
        email: 'olivia@example.com',
        password: 'correct horse battery',
        workspaceName: 'Harbor Shop',
      }),
    });
    const body = (await res.json()) as { workspaces: { id: string }[]; user: { id: string } };
    ws = body.workspaces[0]?.id ?? '';
    actor = { type: 'user', id: body.user.id };
    site = await hostSite(d.url);
  }, 120_000);
  afterAll(async () => {
    await site?.close();
    await d?.close();
  });

  it(
    'the widget works under a strict CSP, answered with the keyboard, and stores the answer',
    { timeout: 120_000 },
    async () => {
      const s = await activeSurvey();
      const context = await d.browser.newContext({ locale: 'en-US', viewport: { width: 1024, height: 800 } });
      try {
        await context.addInitScript(WATCH_CSP);
        const page = await context.newPage();
        const errors = watchErrors(page);
        await page.goto(`${site.url}/?survey=${s.publicId}`);
        const widget = page.locator(`[data-touchpoint-survey="${s.publicId}"]`);
        await widget.waitFor(WAIT);
        expect(await widget.getAttribute('lang')).toBe('en');
        const group = widget.getByRole('radiogroup', {
          name: 'How likely are you to recommend Harbor Shop?',
        });
        await group.waitFor(WAIT);
        expect(await group.getByRole('radio').count()).toBe(11);

        // Keyboard only: into the group, choose 0, arrow to 3, on to Send.
        await page.locator('#before').focus();
        await page.keyboard.press('Tab');
        await page.keyboard.press('Space');
        for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight');
        await expect
          .poll(() => group.locator('[aria-checked="true"]').getAttribute('data-score'), WAIT)
          .toBe('3');
        expect(await group.locator('[data-score="3"]:focus').count()).toBe(1);
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');

        // The follow-up for a detractor takes the focus; type, Tab to Send, Enter.
        const followUp = widget.getByLabel('What should we improve?');
        await followUp.waitFor(WAIT);
        await widget.locator('textarea:focus').waitFor(WAIT);
        await page.keyboard.type('The parcel came two days late & the box was <crushed>.');
        await page.keyboard.press('Tab');
        await page.keyboard.press('Enter');

        const thanks = widget.locator('[aria-live="polite"] [data-touchpoint-thanks]');
        await thanks.waitFor(WAIT);
        expect(await thanks.textContent()).toBe('Thank you, that helps us!');
        await widget.locator('[data-touchpoint-thanks]:focus').waitFor(WAIT);

        // Stored: one complete answer with the score and the text, as typed.
        await expect.poll(async () => (await results(s)).complete, WAIT).toBe(1);
        const r = await results(s);
        expect(r.distribution).toEqual([{ score: 3, n: 1 }]);
        expect((await latestText(s))?.text).toBe('The parcel came two days late & the box was <crushed>.');

        // No CSP violation, no error; no cookie of ours; the browser key is in the site's localStorage.
        expect(await page.evaluate('window.__violations')).toEqual([]);
        expect(errors).toEqual([]);
        expect(await context.cookies(d.url)).toEqual([]);
        expect(await page.evaluate("localStorage.getItem('touchpoint.browserKey')")).toMatch(
          /^[0-9a-f]{32}$/,
        );

        // Reloaded, the same browser cannot answer twice (the cap per browser).
        await page.reload();
        const again = page.locator(`[data-touchpoint-survey="${s.publicId}"]`);
        await again.getByRole('radio', { name: '10' }).click(WAIT);
        await again.getByRole('button', { name: 'Send' }).click();
        await again.locator('[data-touchpoint-thanks]').waitFor(WAIT);
        expect(await again.locator('[data-touchpoint-thanks]').textContent()).toContain('already answered');
        expect((await results(s)).responses).toBe(1);
      } finally {
        await context.close();
      }
    },
  );

  it('the widget speaks the language of the page', { timeout: 60_000 }, async () => {
    const s = await activeSurvey();
    const context = await d.browser.newContext({ locale: 'en-US' });
    try {
      const page = await context.newPage();
      const errors = watchErrors(page);
      await page.goto(`${site.url}/?survey=${s.publicId}&lang=de`);
      const widget = page.locator(`[data-touchpoint-survey="${s.publicId}"]`);
      await widget
        .getByRole('radiogroup', { name: 'Wie wahrscheinlich empfehlen Sie Harbor Shop?' })
        .waitFor(WAIT);
      expect(await widget.getAttribute('lang')).toBe('de');
      expect(await widget.getByRole('button', { name: 'Senden' }).count()).toBe(1);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it(
    'the hosted page is answered at 390 px with the keyboard, without JavaScript errors',
    { timeout: 120_000 },
    async () => {
      const s = await activeSurvey();
      const context = await d.browser.newContext({ baseURL: d.url, viewport: PHONE, locale: 'en-US' });
      try {
        await context.addInitScript(WATCH_CSP);
        const page = await context.newPage();
        const errors = watchErrors(page);
        await page.goto(`/s/${s.publicId}`);
        expect(await page.getAttribute('html', 'lang')).toBe('en');
        const group = page.getByRole('group', { name: 'How likely are you to recommend Harbor Shop?' });
        await group.waitFor(WAIT);
        expect(await sideways(page)).toEqual({ scrollWidth: PHONE.width, out: [] });

        // Native radios: Tab into the group, arrows choose; Enter submits the form.
        await page.keyboard.press('Tab');
        await page.keyboard.press('Space');
        for (let i = 0; i < 2; i++) await page.keyboard.press('ArrowRight');
        expect(await page.locator('input[name="score"]:checked').getAttribute('value')).toBe('2');
        await page.keyboard.press('Enter');

        const followUp = page.getByLabel('What should we improve?');
        await followUp.waitFor(WAIT);
        expect(await page.getByRole('status').textContent()).toContain('Your score has been recorded.');
        expect(await sideways(page)).toEqual({ scrollWidth: PHONE.width, out: [] });
        await followUp.fill('Nobody answered the phone <b>at all</b>.');
        await page.getByRole('button', { name: 'Send' }).click();
        await page.getByTestId('survey-thanks').waitFor(WAIT);
        expect(await page.getByTestId('survey-thanks').textContent()).toBe('Thank you, that helps us!');

        await expect.poll(async () => (await results(s)).complete, WAIT).toBe(1);
        expect((await results(s)).distribution).toEqual([{ score: 2, n: 1 }]);
        expect((await latestText(s))?.text).toBe('Nobody answered the phone <b>at all</b>.');
        expect(await page.evaluate('window.__violations')).toEqual([]);
        expect(errors).toEqual([]);

        // The same browser (its cookie) is refused a second answer.
        await page.goto(`/s/${s.publicId}`);
        await page.getByRole('radio', { name: '9' }).check();
        await page.getByRole('button', { name: 'Send' }).click();
        await page.getByText('You have already answered this survey.').waitFor(WAIT);
        expect((await results(s)).responses).toBe(1);
      } finally {
        await context.close();
      }
    },
  );

  it('the hosted page works without JavaScript at all', { timeout: 120_000 }, async () => {
    const s = await activeSurvey();
    const context = await d.browser.newContext({
      baseURL: d.url,
      viewport: PHONE,
      locale: 'de-DE',
      javaScriptEnabled: false,
    });
    try {
      const page = await context.newPage();
      await page.goto(`/s/${s.publicId}`);
      expect(await page.getAttribute('html', 'lang')).toBe('de');
      await page.getByRole('radio', { name: '10' }).check();
      await page.getByRole('button', { name: 'Senden' }).click();
      await page.getByLabel('Was hat Ihnen gefallen?').fill('Schnelle Lieferung.');
      await page.getByRole('button', { name: 'Senden' }).click();
      await page.getByText('Danke, das hilft uns!').waitFor(WAIT);
      await expect.poll(async () => (await results(s)).complete, WAIT).toBe(1);
      expect((await results(s)).distribution).toEqual([{ score: 10, n: 1 }]);
    } finally {
      await context.close();
    }
  });

  it(
    "a personal one-click score link answers in one click (the page's own script posts it)",
    { timeout: 120_000 },
    async () => {
      const s = await activeSurvey();
      const { store } = d.server.runtime;
      const now = new Date().toISOString();
      const [c] = await store.customers.resolveMany(
        ws,
        [{ identities: [{ kind: 'email', platform: '', value: 'click@example.com' }], name: 'Click' }],
        now,
      );
      const [inv] = await createInvitations(
        store,
        ws,
        { surveyId: s.id, customerIds: [c?.customerId ?? ''], sendAfter: now },
        now,
      );
      if (!inv) throw new Error('no invitation');
      const { scoreUrls } = invitationLinks(await store.signingKeys.keyFor(ws), d.url, s, inv);
      const link = scoreUrls.get(9) ?? '';
      expect(link).toMatch(/\/s\/[^?]+\?t=[^&]+&score=9$/);
      const context = await d.browser.newContext({ viewport: PHONE, locale: 'en-US' });
      try {
        await context.addInitScript(WATCH_CSP);
        const page = await context.newPage();
        const errors = watchErrors(page);
        await page.goto(link);
        // Posted at once: the follow-up for 9 asks what they liked.
        await page.getByLabel('What did you like?').waitFor(WAIT);
        expect(await page.getByRole('status').textContent()).toContain('Your score has been recorded.');
        expect(await page.locator('input[name="score"]:checked').getAttribute('value')).toBe('9');
        await expect
          .poll(async () => (await store.surveys.invitation(ws, inv.id))?.status, WAIT)
          .toBe('answered');
        expect((await results(s)).distribution).toEqual([{ score: 9, n: 1 }]);
        expect(await page.evaluate('window.__violations')).toEqual([]);
        expect(errors).toEqual([]);
      } finally {
        await context.close();
      }
    },
  );
});
