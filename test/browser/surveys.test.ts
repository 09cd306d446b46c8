// Asking (issue #15) end to end in the browser: an owner builds an NPS survey about the "delivery"
// touchpoint with a follow-up (the live preview words it by the score's group), activates it and
// opens its distribution (public link, QR code, widget snippet). A respondent in a second browser
// context (no session) answers 3 and a text on the hosted page; the explorer shows the answer
// analysed on the survey channel and the playbook's case for the detractor. A third context answers
// 10, and the results page counts both and shows the NPS with its interval. The pages are checked at
// 390 px, and screenshots are taken at 1440 and 390 px. Then, with known customers: an e-mail
// invitation from the distribution page shows in the send log, the contact rules are saved, each
// review platform's rule is explained (Yelp takes none) and a Google request is sent, and an
// unsubscribe recorded on the customer's page holds the next invitation back with its reason.
// Waits on elements and attributes only, never on timers. Needs `npm run build` (dist/web).
//
// Screenshots go to .tmp/screenshots/surveys (TOUCHPOINT_SCREENSHOTS=docs/screenshots for the docs).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, sessionApi, setupThroughUi, sideways, startDashboard, type Dashboard } from './harness.js';

const SHOTS = path.resolve(REPO, process.env.TOUCHPOINT_SCREENSHOTS ?? '.tmp/screenshots/surveys');
const PHONE = { width: 390, height: 844 };
/** How long a poll waits for the DOM: generous, since a busy 2-core machine answers slowly. */
const WAIT = { timeout: 30_000 };

const COMPLAINT = 'The parcel came three days late and the box was crushed. Very disappointing delivery.';
const PRAISE = 'Fast delivery and the courier was very friendly, thank you!';

/** Respondents of the public link: mostly promoters, some passives, a few detractors, some score only. */
const MORE_ANSWERS: { score: number; text?: string }[] = [
  ...Array.from({ length: 18 }, (_, i) => ({
    score: i % 3 === 0 ? 9 : 10,
    text: [
      'Delivered the next morning, well packed and the courier was friendly.',
      'Fast delivery, everything arrived in perfect condition.',
      'The driver called ahead and left the parcel with my neighbour as asked.',
    ][i % 3],
  })),
  ...Array.from({ length: 10 }, (_, i) => ({
    score: 7 + (i % 2),
    ...(i % 2 === 0 ? { text: 'Delivery was fine, a bit slower than promised.' } : {}),
  })),
  ...Array.from({ length: 10 }, (_, i) => ({
    score: i % 4,
    text: [
      'The parcel was late and nobody told us why.',
      'Box arrived damaged, the courier just threw it over the fence.',
      'Delivery slot was missed twice, very frustrating.',
    ][i % 3],
  })),
];

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * Answers the hosted survey page in a fresh browser context (a respondent: no session, no cookie of
 * the dashboard): the score, then the follow-up text, then the thank-you. Answers the follow-up's
 * wording as the page showed it.
 */
async function answerAsRespondent(
  browser: Browser,
  link: string,
  score: number,
  text: string,
): Promise<string> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: 'UTC' });
  try {
    const page = await context.newPage();
    await page.goto(link);
    await page.locator(`input[name="score"][value="${score}"]`).check({ force: true });
    await page.locator('form button[type="submit"]').click();
    const textarea = page.locator('textarea[name="text"]');
    await textarea.waitFor(WAIT);
    const wording = (await page.locator('label[for="text"]').textContent()) ?? '';
    await textarea.fill(text);
    await page.locator('form button[type="submit"]').click();
    await page.getByTestId('survey-thanks').waitFor(WAIT);
    return wording;
  } finally {
    await context.close();
  }
}

describe('a survey from the builder to its results', () => {
  let d: Dashboard;
  let surveyId = '';
  let link = '';

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
  }, 120_000);
  afterAll(async () => {
    await d?.close();
  });

  it(
    'builds an NPS survey about the delivery with a live preview, and activates it',
    { timeout: 120_000 },
    async () => {
      const { page } = d;
      await page.goto('/#/surveys');
      await page.getByTestId('surveys-empty').waitFor(WAIT);
      await page.getByTestId('survey-new').click();
      await page.getByTestId('survey-form').waitFor(WAIT);
      await page.getByTestId('survey-name').fill('After the delivery');
      await page.getByTestId('survey-touchpoint').selectOption('tp:delivery');
      expect(await page.getByTestId('survey-kind').inputValue()).toBe('nps');
      expect(await page.getByTestId('survey-follow-up').isChecked()).toBe(true);

      // The preview asks the question and words the follow-up by the score's group.
      const preview = page.getByTestId('survey-preview');
      expect(await preview.getByTestId('preview-question').textContent()).toMatch(/recommend/);
      expect(await preview.getByTestId('preview-score').count()).toBe(11);
      await preview.locator('[data-testid="preview-score"][data-score="3"]').click();
      expect(await preview.getByTestId('preview-follow-up').textContent()).toBe('What should we improve?');
      const followUp = () => preview.getByTestId('preview-follow-up').textContent();
      await preview.locator('[data-testid="preview-score"][data-score="10"]').click();
      await expect.poll(followUp, WAIT).toBe('What did you like most?');
      // Edited wording shows in the preview at once.
      await page.getByTestId('survey-follow-up-promoter').fill('What made the delivery good?');
      await expect.poll(followUp, WAIT).toBe('What made the delivery good?');
      await page.getByTestId('survey-follow-up-promoter').fill('What did you like most?');

      await page.getByTestId('survey-save').click();
      await page.waitForURL((u) => /^#\/surveys\/[^/]+$/.test(u.hash) && !u.hash.endsWith('/new'), WAIT);
      surveyId = decodeURIComponent(new URL(page.url()).hash.split('/')[2] ?? '');
      expect(surveyId).not.toBe('');
      await page.locator('[data-testid="survey-status"][data-status="draft"]').waitFor(WAIT);
      await page.getByTestId('survey-activate').click();
      await page.locator('[data-testid="survey-status"][data-status="active"]').waitFor(WAIT);

      await page.goto('/#/surveys');
      const row = page.locator(`[data-testid="survey-row"][data-id="${surveyId}"]`);
      await row.waitFor(WAIT);
      expect(await row.textContent()).toMatch(/Delivery/);
    },
  );

  it('shares the public link, a QR code and the widget snippet', { timeout: 60_000 }, async () => {
    const { page } = d;
    await page.goto(`/#/surveys/${surveyId}/share`);
    const input = page.getByTestId('survey-public-link');
    await input.waitFor(WAIT);
    link = await input.inputValue();
    const publicId = link.split('/s/')[1] ?? '';
    expect(link).toBe(`${d.url}/s/${publicId}`);
    expect(publicId).not.toBe('');
    // The QR code is the API's SVG, drawn as an image.
    const qr = page.getByTestId('survey-qr');
    await qr.waitFor(WAIT);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await page.getByTestId('survey-widget-snippet').textContent()).toBe(
      `<script src="${d.url}/widget.js" data-survey="${publicId}" async></script>`,
    );
    await page.getByTestId('invitations-empty').waitFor(WAIT);
  });

  it(
    'a respondent answers 3 and a text; the explorer shows it analysed and a case is opened',
    { timeout: 120_000 },
    async () => {
      const { page } = d;
      const wording = await answerAsRespondent(d.browser, link, 3, COMPLAINT);
      expect(wording).toMatch(/What should we improve\?/);

      await page.goto('/#/feedback?channel=survey');
      const row = page.getByTestId('feedback-row').filter({ hasText: 'three days late' });
      await row.waitFor(WAIT);
      await row.locator('[data-testid="sentiment-badge"][data-sentiment="negative"]').waitFor(WAIT);
      expect(await row.textContent()).toMatch(/Delivery/);
      await row.getByTestId('feedback-link').click();
      await page.getByTestId('analysis').waitFor(WAIT);
      expect(await page.getByTestId('analysis-touchpoints').textContent()).toMatch(/Delivery/);
      // The item says which survey it answers, one click from its results.
      expect(await page.getByTestId('detail-survey').textContent()).toBe('After the delivery');
      // The default playbook opens a case for a detractor's survey answer.
      const caseLink = page.getByTestId('item-case-link');
      await caseLink.waitFor(WAIT);
      expect(await caseLink.getAttribute('data-status')).toBe('open');
    },
  );

  it(
    'a third context answers 10, and the results show the NPS with its interval',
    { timeout: 120_000 },
    async () => {
      const { page } = d;
      const wording = await answerAsRespondent(d.browser, link, 10, PRAISE);
      expect(wording).toMatch(/What did you like most\?/);

      await page.goto(`/#/surveys/${surveyId}/results`);
      const card = page.locator('[data-testid="metric-card"][data-metric="score"]');
      await card.waitFor(WAIT);
      // One detractor, one promoter: NPS 0 on n=2, greyed (below 30) but with its interval.
      expect(await card.getByTestId('metric-n').textContent()).toBe('n=2');
      expect(await card.getByTestId('metric-value').textContent()).toBe('0');
      expect(await card.getByTestId('metric-interval').textContent()).toMatch(/^−\d+ … \+\d+$/);
      expect(await card.getAttribute('data-enough')).toBe('false');
      const bars = page.getByTestId('survey-distribution');
      expect(await bars.locator('[data-score="3"]').getAttribute('data-count')).toBe('1');
      expect(await bars.locator('[data-score="10"]').getAttribute('data-count')).toBe('1');
      expect(await page.getByTestId('survey-answer').count()).toBe(2);
      await page.getByTestId('survey-latest').getByText('three days late', { exact: false }).waitFor(WAIT);
    },
  );

  it(
    'with 40 answers the NPS is no longer greyed, and its interval narrows',
    { timeout: 120_000 },
    async () => {
      const { page } = d;
      const publicId = link.split('/s/')[1] ?? '';
      // 38 more respondents through the public JSON API (what the widget calls), each its own browser.
      await page.evaluate(
        async ({ publicId, answers }) => {
          for (const [n, a] of answers.entries()) {
            const res = await fetch(`/api/v1/public/surveys/${publicId}/responses`, {
              method: 'POST',
              credentials: 'omit',
              headers: { 'Content-Type': 'application/json' },
              body: JSON.stringify({ ...a, browserKey: `browser-key-${String(n).padStart(8, '0')}` }),
            });
            if (!res.ok) throw new Error(`answer ${n}: ${res.status} ${await res.text()}`);
          }
        },
        { publicId, answers: MORE_ANSWERS },
      );
      // The results page is open from the step before: away and back, so it loads again.
      await page.goto('/#/surveys');
      await page.getByTestId('survey-list').waitFor(WAIT);
      await page.goto(`/#/surveys/${surveyId}/results`);
      const card = page.locator('[data-testid="metric-card"][data-metric="score"][data-enough="true"]');
      await card.waitFor(WAIT);
      expect(await card.getByTestId('metric-n').textContent()).toBe('n=40');
      const [low, high] = ((await card.getByTestId('metric-interval').textContent()) ?? '')
        .split(' … ')
        .map((v) => Number(v.replace('−', '-').replace('+', '')));
      const value = Number(((await card.getByTestId('metric-value').textContent()) ?? '').replace('−', '-'));
      expect(low).toBeLessThan(value);
      expect(high).toBeGreaterThan(value);
      expect((high ?? 0) - (low ?? 0)).toBeLessThan(200);
      expect(await page.getByTestId('survey-answers').getAttribute('data-count')).toBe('40');
      await page.getByTestId('themes-low').getByTestId('survey-theme').first().waitFor(WAIT);
      // Read over the last 30 days: every answer is from today, so the same 40.
      await page.getByTestId('survey-period').selectOption('30');
      await page.waitForURL((u) => u.hash.endsWith('/results?period=30'), WAIT);
      await expect.poll(() => card.getByTestId('metric-n').textContent(), WAIT).toBe('n=40');
      await page.getByTestId('survey-period').selectOption('');
      await page.waitForURL((u) => u.hash.endsWith('/results'), WAIT);
      await shot(page, 'surveys-1440');
    },
  );

  it('is usable at phone width', { timeout: 120_000 }, async () => {
    const { page } = d;
    await page.setViewportSize(PHONE);
    for (const path of [
      '/#/surveys',
      `/#/surveys/${surveyId}`,
      `/#/surveys/${surveyId}/share`,
      `/#/surveys/${surveyId}/results`,
    ]) {
      await page.goto(path);
      await page.locator('.surveys h1').first().waitFor(WAIT);
      await page.locator('.spinner').waitFor({ state: 'detached', ...WAIT });
      const wide = await sideways(page);
      expect(wide.scrollWidth, `${path}: ${wide.out.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
    }
    await page.locator('[data-testid="metric-card"][data-metric="score"]').waitFor(WAIT);
    await shot(page, 'surveys-390');
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});

describe('asking known customers from the dashboard', () => {
  let d: Dashboard;
  const PEOPLE = [
    { name: 'Mia Baker', email: 'mia@example.com' },
    { name: 'Noah Chen', email: 'noah@example.com' },
  ];

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
    // Two customers who wrote in by e-mail, and an active survey to invite them to.
    await sessionApi(d.page, 'POST', '/api/v1/feedback', {
      items: PEOPLE.map((p, i) => ({
        externalId: `mail-${i}`,
        platform: 'email',
        text: 'The delivery was fine, thanks.',
        customer: { name: p.name, identities: [{ kind: 'email', value: p.email }] },
        postedAt: new Date(Date.now() - 86_400_000).toISOString(),
      })),
    });
  }, 120_000);
  afterAll(async () => {
    await d?.close();
  });

  /** Picks customers by name in the "who" picker of the page on screen. */
  async function pick(page: Page, name: string): Promise<void> {
    await page.getByTestId('target-mode-customers').click();
    await page.getByTestId('target-search').fill(name);
    await page.getByTestId('target-search').press('Enter');
    await page.getByTestId('target-add').filter({ hasText: name }).click();
    await page.getByTestId('target-chosen').filter({ hasText: name }).waitFor(WAIT);
  }

  async function customerId(page: Page, name: string): Promise<string> {
    const list = (await sessionApi(page, 'GET', `/api/v1/customers?q=${encodeURIComponent(name)}`)) as {
      customers: { id: string; name: string }[];
    };
    return list.customers.find((c) => c.name === name)?.id ?? '';
  }

  it('invites a customer by e-mail; the send log shows the ask scheduled', { timeout: 120_000 }, async () => {
    const { page } = d;
    await page.goto('/#/surveys/new');
    await page.getByTestId('survey-name').fill('After the delivery');
    await page.getByTestId('survey-touchpoint').selectOption('tp:delivery');
    // An extra question without wording is refused in the builder's words, before the server sees it.
    await page.getByTestId('survey-add-extra').click();
    await page.getByTestId('survey-save').click();
    expect(await page.getByTestId('error').textContent()).toMatch(/Extra question 1 needs a wording/);
    await page.getByTestId('survey-extra').getByRole('textbox').first().fill('Which courier brought it?');
    await page.getByTestId('survey-save').click();
    await page.waitForURL((u) => /^#\/surveys\/[^/]+$/.test(u.hash) && !u.hash.endsWith('/new'), WAIT);
    await page.getByTestId('survey-activate').click();
    await page.locator('[data-testid="survey-status"][data-status="active"]').waitFor(WAIT);

    await page.getByTestId('survey-tab-share').click();
    await page.getByTestId('invitations-empty').waitFor(WAIT);
    await pick(page, 'Mia Baker');
    await page.getByTestId('invite-submit').click();
    expect(await page.getByTestId('invite-done').textContent()).toMatch(/1 invited: 1 scheduled/);
    await page.locator('[data-testid="invitation-row"][data-status="pending"]').waitFor(WAIT);

    await page.goto('/#/outreach');
    const row = page.locator('[data-testid="send-row"][data-kind="survey"]').filter({ hasText: 'Mia Baker' });
    await row.waitFor(WAIT);
    expect(await row.getAttribute('data-status')).toBe('scheduled');
  });

  it('saves the contact rules', { timeout: 60_000 }, async () => {
    const { page } = d;
    await page.goto('/#/outreach');
    await page.getByTestId('rules-cap-days').fill('14');
    await page.getByTestId('rules-quiet-start').fill('22:00');
    await page.getByTestId('rules-save').click();
    await page.getByTestId('rules-saved').waitFor(WAIT);
    const saved = (await sessionApi(page, 'GET', '/api/v1/outreach/settings')) as {
      capDays: number;
      quietStart: string;
    };
    expect(saved).toMatchObject({ capDays: 14, quietStart: '22:00' });
  });

  it(
    "explains each platform's rule (Yelp takes no requests) and sends a Google request",
    { timeout: 120_000 },
    async () => {
      const { page } = d;
      await page.goto('/#/review-requests');
      const yelp = page.locator('[data-testid="platform-rule"][data-platform="yelp"]');
      await yelp.waitFor(WAIT);
      expect(await yelp.getAttribute('data-allowed')).toBe('false');
      expect(await yelp.getByTestId('platform-rule-text').textContent()).toMatch(/Yelp/);
      expect(await yelp.getByTestId('platform-url').count()).toBe(0);
      const google = page.locator('[data-testid="platform-rule"][data-platform="google"]');
      expect(await google.getByTestId('platform-rule-text').textContent()).toMatch(/selectively/);
      await page.getByTestId('review-send-empty').waitFor(WAIT);

      await google.getByTestId('platform-url').fill('https://g.page/r/harbor-bistro/review');
      await google.getByRole('button', { name: 'Save link' }).click();
      await page.getByTestId('review-platform').waitFor(WAIT);
      expect(await page.getByTestId('review-platform').inputValue()).toBe('google');
      await pick(page, 'Noah Chen');
      await page.getByTestId('review-send-submit').click();
      expect(await page.getByTestId('review-send-done').textContent()).toMatch(/^1 request made/);
      await page.locator('[data-testid="review-request-row"][data-platform="google"]').waitFor(WAIT);
    },
  );

  it(
    "records an unsubscribe on the customer's page; the next invitation is held back",
    { timeout: 120_000 },
    async () => {
      const { page } = d;
      const id = await customerId(page, 'Mia Baker');
      await page.goto(`/#/customers/${id}`);
      const asks = page.getByTestId('customer-asks');
      await asks.locator('[data-testid="send-row"][data-kind="survey"]').waitFor(WAIT);
      await asks.locator('[data-testid="consent"][data-channel="email"]').waitFor(WAIT);
      await asks.getByTestId('consent-toggle').click();
      await asks.locator('[data-testid="consent"][data-status="unsubscribed"]').waitFor(WAIT);

      // Invited to another survey: the contact rules hold it back, and the send log says why. (To
      // the same survey she would be skipped: her first invitation to it is still open.)
      const other = (await sessionApi(page, 'POST', '/api/v1/surveys', {
        name: 'After the visit',
        definition: { question: { kind: 'nps', wording: { en: 'Would you recommend us?' } } },
      })) as { id: string };
      await sessionApi(page, 'POST', `/api/v1/surveys/${other.id}/status`, { status: 'active' });
      await page.goto(`/#/surveys/${other.id}/share`);
      await pick(page, 'Mia Baker');
      await page.getByTestId('invite-submit').click();
      expect(await page.getByTestId('invite-done').textContent()).toMatch(/1 held back.*unsubscribed/i);
      await page.goto('/#/outreach?reason=unsubscribed');
      const held = page.locator(
        '[data-testid="send-row"][data-status="suppressed"][data-reason="unsubscribed"]',
      );
      await held.filter({ hasText: 'Mia Baker' }).waitFor(WAIT);
      // The month in figures counts it among the asks held back.
      const suppressed = page.locator('[data-testid="summary-status"][data-status="suppressed"] dd');
      expect(await suppressed.textContent()).toBe('1');
    },
  );

  it('is usable at phone width', { timeout: 60_000 }, async () => {
    const { page } = d;
    await page.setViewportSize(PHONE);
    for (const path of ['/#/outreach', '/#/review-requests']) {
      await page.goto(path);
      await page.locator('.surveys h1').first().waitFor(WAIT);
      const wide = await sideways(page);
      expect(wide.scrollWidth, `${path}: ${wide.out.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
    }
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
