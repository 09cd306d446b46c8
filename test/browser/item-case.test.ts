// Opening a case by hand from an item's page (issue #12: the empty inbox says "you can also open one
// from any item", and the item page had no way to). The item then links to its case; opening is
// idempotent, so the button goes once the item is in an active case.
// Needs `npm run build:web` first (npm test builds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionApi, setupThroughUi, startDashboard, type Dashboard } from './harness.js';

describe('an item opens its own case', () => {
  let d: Dashboard;
  let itemId = '';

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
    // A mild, private message: the playbook opens no case for it, a person may still want one.
    const summary = (await sessionApi(d.page, 'POST', '/api/v1/feedback', {
      items: [
        {
          externalId: 'mail-1',
          platform: 'email',
          author: { name: 'Mia Customer', handle: 'mia@example.com' },
          text: 'Could you tell me whether the terrace is open on Sunday evenings?',
          postedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
        },
      ],
    })) as { results: { itemId?: string }[] };
    itemId = summary.results[0]?.itemId ?? '';
    expect(itemId).not.toBe('');
  });

  afterAll(async () => {
    await d?.close();
  });

  it('opens a case from the item, then links to it', async () => {
    const page = d.page;
    await page.goto(`/#/feedback/${itemId}`);
    await page.getByTestId('item-cases').waitFor();
    expect(await page.getByTestId('item-case-link').count()).toBe(0);
    await page.getByTestId('item-open-case').click();
    const link = page.getByTestId('item-case-link');
    await link.waitFor();
    expect(await link.getAttribute('data-status')).toBe('open');
    // In an active case: no second "Open a case".
    expect(await page.getByTestId('item-open-case').count()).toBe(0);

    const caseHref = (await link.getAttribute('href')) ?? '';
    expect(caseHref).toMatch(/^#\/cases\//);
    await link.click();
    await page.waitForURL((u) => u.hash === caseHref);
    await page.getByTestId('case').waitFor();
    expect(await page.getByTestId('case').textContent()).toContain('terrace is open on Sunday');

    // The inbox lists it.
    await page.goto('/#/inbox');
    await page.locator(`[data-testid="inbox-table"] a[href="${caseHref}"]`).first().waitFor();
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
