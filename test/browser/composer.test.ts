// The reply box after a reply (issue #12): once a reply is marked posted the box does not come back
// as a fresh draft with a live "Copy and mark posted" (a second post by accident), the posted reply
// is shown, a closed case shows its reply history rather than an empty composer, and the draft's
// signature stays the agent's when the case changes under it (assigning answers with a new draft).
// Needs `npm run build:web` first (npm test builds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, sessionApi, setupThroughUi, startDashboard, type Dashboard } from './harness.js';

describe('the reply box after a reply', () => {
  let d: Dashboard;
  let caseId = '';

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
    const summary = (await sessionApi(d.page, 'POST', '/api/v1/feedback', {
      items: [
        {
          externalId: 'tw-1',
          platform: 'twitter',
          author: { name: 'Rita Traveller', handle: '@rita' },
          text: 'My flight was delayed four hours and nobody at the gate told us anything. Terrible.',
          postedAt: new Date(Date.now() - 60 * 60_000).toISOString(),
        },
      ],
    })) as { results: { itemId?: string }[] };
    const itemId = summary.results[0]?.itemId ?? '';
    expect(itemId).not.toBe('');
    const opened = (await sessionApi(d.page, 'POST', '/api/v1/cases', { itemId })) as { id: string };
    caseId = opened.id;
  });

  afterAll(async () => {
    await d?.close();
  });

  it('keeps the signature when the case changes under the draft', async () => {
    const page = d.page;
    await page.goto(`/#/cases/${caseId}`);
    const box = page.getByTestId('reply-text');
    await box.waitFor();
    const before = await box.inputValue();
    expect(before).toContain(OWNER.name);
    // Assigning answers with the case as the server sees it, draft included.
    await page.getByTestId('case-assign-me').click();
    await page.getByTestId('case-assign-me').waitFor({ state: 'detached' });
    expect(await box.inputValue()).toBe(before);
  });

  it('shuts the box after "Copy and mark posted" and shows the posted reply', async () => {
    const page = d.page;
    const box = page.getByTestId('reply-text');
    const sent = await box.inputValue();
    expect(await page.getByTestId('reply-send').textContent()).toBe('Copy and mark posted');
    await page.getByTestId('reply-send').click();
    const posted = page.locator('[data-testid="case-reply"][data-status="posted"]');
    await posted.waitFor();
    expect(await posted.locator('.reply-text').textContent()).toBe(sent);
    await page.getByTestId('reply-done').waitFor();
    expect(await page.getByTestId('reply-send').count()).toBe(0);
    expect(await page.getByTestId('reply-text').count()).toBe(0);
    expect(await page.getByTestId('reply-done-text').textContent()).toContain('Posted by hand');

    // A second reply is a choice the agent makes, not the default.
    await page.getByTestId('reply-another').click();
    await page.getByTestId('reply-text').waitFor();
    expect(await page.getByTestId('reply-send').isDisabled()).toBe(false);
  });

  it('shows a closed case its reply history, not an empty composer', async () => {
    const page = d.page;
    await page.getByTestId('outcome-resolved').check();
    await page.getByTestId('case-close').click();
    await page.locator('[data-testid="case"][data-status="closed"]').waitFor();
    await page.reload();
    await page.locator('[data-testid="case"][data-status="closed"]').waitFor();
    await page.getByTestId('case-replies').waitFor();
    expect(await page.getByTestId('case-reply').count()).toBe(1);
    await page.getByTestId('reply-done').waitFor();
    expect(await page.getByTestId('reply-done-text').textContent()).toContain('This case is closed.');
    expect(await page.getByTestId('reply-send').count()).toBe(0);
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
