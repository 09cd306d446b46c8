// Correcting an item's sentiment on its page, end to end: an agent marks it, sees "corrected by" and
// what the model said, the correction survives a reload and drives the list's sentiment filter, and
// undo brings the model's label back. A viewer sees no correction buttons.
// Needs `npm run build:web` first (npm test builds).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, sessionApi, setupThroughUi, startDashboard, addMember } from './harness.js';

const AGENT = { name: 'Ana Agent', email: 'ana@example.com', password: 'agent password 7' };
const VIEWER = { name: 'Vic Viewer', email: 'vic@example.com', password: 'viewer password 7' };
/** Customer text is untrusted: the markup must show as text. */
const TEXT = 'The staff were friendly and the food was good. <b>Bold</b> <img src=x onerror="alert(1)">';

describe('correcting the sentiment of an item', () => {
  let d: Dashboard;
  let itemId = '';
  const contexts: BrowserContext[] = [];

  /** A signed-in page of `who` in a context of its own, on the item's page. */
  async function signIn(who: { email: string; password: string }): Promise<Page> {
    const context = await d.browser.newContext({ baseURL: d.url, locale: 'en-US', timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => d.errors.push(`pageerror: ${e.message}`));
    await page.goto(`/#/feedback/${itemId}`);
    await page.getByTestId('login-email').fill(who.email);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('analysis').waitFor();
    return page;
  }

  const sentimentStat = (page: Page, corrected: boolean) =>
    page.locator(`[data-testid="analysis-sentiment"][data-corrected="${corrected}"]`);

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
    const { key } = (await sessionApi(d.page, 'POST', '/api/v1/keys', {
      name: 'Social sync',
      scopes: ['feedback:write'],
    })) as { key: string };
    const res = await fetch(`${d.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        externalId: 'tweet-1',
        platform: 'twitter',
        text: TEXT,
        postedAt: '2026-03-01T09:00:00Z',
      }),
    });
    itemId = ((await res.json()) as { results: { itemId: string }[] }).results[0]?.itemId ?? '';
    await addMember(d.page, { ...AGENT, role: 'agent' });
    await addMember(d.page, { ...VIEWER, role: 'viewer' });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await d?.close();
  });

  it('lets an agent correct it, shows who did and what the model said, and keeps it after reload', async () => {
    const page = await signIn(AGENT);
    await sentimentStat(page, false).waitFor();
    expect(
      await page
        .getByTestId('analysis-sentiment')
        .getByTestId('sentiment-badge')
        .getAttribute('data-sentiment'),
    ).toBe('positive');
    expect(await page.getByTestId('correct-negative').getAttribute('aria-pressed')).toBe('false');
    await page.getByTestId('correct-negative').click();
    await sentimentStat(page, true).waitFor();
    expect(await page.getByTestId('corrected-by').textContent()).toContain('Corrected by Ana Agent');
    expect(await page.getByTestId('model-said').textContent()).toContain('Positive');
    expect(await page.getByTestId('correct-negative').getAttribute('aria-pressed')).toBe('true');

    await page.reload();
    await sentimentStat(page, true).waitFor();
    expect(await page.getByTestId('corrected-by').textContent()).toContain('Ana Agent');
    expect(
      await page.locator('.detail-badges [data-testid="sentiment-badge"]').getAttribute('data-sentiment'),
    ).toBe('negative');
    expect(await page.getByTestId('detail-corrected').textContent()).toBe('Corrected');
    // The customer's markup is text, not HTML.
    expect(await page.locator('.detail img').count()).toBe(0);
    expect(await page.getByTestId('feedback-detail').textContent()).toContain('<b>Bold</b>');
    // The list's sentiment filter goes by the corrected label.
    const negatives = (await sessionApi(page, 'GET', '/api/v1/feedback?sentiment=negative')) as {
      items: { id: string }[];
    };
    expect(negatives.items.map((i) => i.id)).toEqual([itemId]);
  });

  it('hides the correction buttons from a viewer, who still sees the correction', async () => {
    const page = await signIn(VIEWER);
    await sentimentStat(page, true).waitFor();
    expect(await page.getByTestId('corrected-by').textContent()).toContain('Ana Agent');
    expect(await page.getByTestId('sentiment-correction').count()).toBe(0);
  });

  it('undoes the correction: the model label is back, also after reload', async () => {
    const page = await signIn(AGENT);
    await sentimentStat(page, true).waitFor();
    await page.getByTestId('correction-undo').click();
    await sentimentStat(page, false).waitFor();
    await page.reload();
    await sentimentStat(page, false).waitFor();
    expect(await page.getByTestId('correction-undo').count()).toBe(0);
    expect(await page.getByTestId('corrected-by').count()).toBe(0);
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
