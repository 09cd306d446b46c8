// The dashboard end to end: a real server on a fresh SQLite folder, driven by Debian's headless Chromium.
// Needs `npm run build:web` first (npm test builds).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkspace } from '../../src/core/auth/index.js';
import {
  FIXTURES,
  importThroughUi,
  OWNER,
  setupThroughUi,
  startDashboard,
  type Dashboard,
} from './harness.js';

const XSS = '<img src=x onerror="window.__pwned=1">';

describe('web dashboard', () => {
  let d: Dashboard;

  beforeAll(async () => {
    d = await startDashboard();
  });

  afterAll(async () => {
    await d?.close();
  });

  it('sets up the owner, lands signed in, logs out and logs back in', async () => {
    const { page } = d;
    await setupThroughUi(page);
    await expect.poll(() => page.getByTestId('current-user').textContent()).toContain(OWNER.name);
    await expect
      .poll(() => page.getByTestId('workspace-switcher').locator('option:checked').textContent())
      .toBe(OWNER.workspace);

    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();
    await page.reload();
    await page.getByTestId('login-form').waitFor(); // the session is really gone, not only forgotten by the page

    await page.getByTestId('login-email').fill(OWNER.email);
    await page.getByTestId('login-password').fill('wrong password!');
    await page.getByTestId('login-submit').click();
    await expect.poll(() => page.getByTestId('error').textContent()).toContain('wrong');

    await page.getByTestId('login-password').fill(OWNER.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('current-user').waitFor();
    await page.getByTestId('overview-empty').waitFor(); // an owner's home is the overview (issue #13)
  });

  it('imports a CSV through the Import page, with progress and a summary of rejected rows', async () => {
    const { page } = d;
    await importThroughUi(page, path.join(FIXTURES, 'reviews.csv'));

    expect(await page.getByTestId('import-progress').getAttribute('data-value')).toBe('100');
    expect(await page.getByTestId('import-rows').textContent()).toBe('7');
    expect(await page.getByTestId('import-created').textContent()).toBe('6');
    expect(await page.getByTestId('import-rejected').textContent()).toBe('1');
    const rejection = page.getByTestId('import-rejections').locator('tbody tr');
    expect(await rejection.count()).toBe(1);
    expect(await rejection.locator('td').first().textContent()).toBe('8'); // line 8 of the file: r7, no text

    // The recent imports list shows it too.
    await expect
      .poll(() => page.getByTestId('recent-imports').locator('tbody tr').first().textContent())
      .toContain('reviews.csv');
  });

  it('finds an item by full-text search and shows its analysis', async () => {
    const { page } = d;
    await page.getByTestId('nav-feedback').click();
    await expect.poll(() => page.getByTestId('feedback-row').count()).toBe(6);
    await expect.poll(() => page.getByTestId('chip-all').locator('.chip-count').textContent()).toBe('6');

    await page.getByTestId('search').fill('refund');
    await expect.poll(() => page.getByTestId('feedback-row').count()).toBe(1);
    const row = page.getByTestId('feedback-row').first();
    expect(await row.textContent()).toContain('cold pizza');
    expect(await row.getByTestId('sentiment-badge').getAttribute('data-sentiment')).toBe('negative');
    expect(page.url()).toContain('q=refund'); // the filter is in the URL

    await row.getByTestId('feedback-link').click();
    await page.getByTestId('feedback-detail').waitFor();
    expect(await page.getByTestId('detail-text').textContent()).toContain(
      'Waited 45 minutes for a cold pizza.',
    );
    expect(await page.getByTestId('detail-author').textContent()).toContain('Tom Price');
    await page.getByTestId('analysis').waitFor();
    expect(await page.getByTestId('analysis-language').textContent()).toContain('English');
    expect(
      await page
        .getByTestId('analysis-sentiment')
        .getByTestId('sentiment-badge')
        .getAttribute('data-sentiment'),
    ).toBe('negative');
    expect(await page.getByTestId('sentence').count()).toBeGreaterThanOrEqual(2);

    // Back to the same filtered list.
    await page.getByTestId('back-to-list').click();
    await expect.poll(() => page.getByTestId('search').inputValue()).toBe('refund');

    // Chinese is segmented into words, so a word inside a sentence without spaces is found.
    await page.getByTestId('search').fill('服务');
    // Wait for the new answer, not the one-row list of the previous search.
    await expect
      .poll(() => page.getByTestId('feedback-snippet').allTextContents())
      .toEqual(['服务很好，菜也很好吃，我们会再来的。']);
    await page.getByTestId('feedback-link').first().click();
    await expect.poll(() => page.getByTestId('analysis-language').textContent()).toContain('Chinese');
  });

  it('shows a sentiment chip count and filters by it', async () => {
    const { page } = d;
    await page.goto('/#/feedback');
    await expect.poll(() => page.getByTestId('feedback-row').count()).toBe(6);
    await expect.poll(() => page.getByTestId('chip-all').locator('.chip-count').textContent()).toBe('6');
    const negative = page.getByTestId('chip-negative');
    const count = Number((await negative.locator('.chip-count').textContent()) ?? 'NaN');
    expect(count).toBeGreaterThan(0);
    await negative.click();
    await expect.poll(() => page.getByTestId('feedback-row').count()).toBe(count);
    for (const badge of await page.getByTestId('feedback-row').getByTestId('sentiment-badge').all()) {
      expect(await badge.getAttribute('data-sentiment')).toBe('negative');
    }
  });

  it('renders customer HTML as literal text in the list and in the detail', async () => {
    const { page } = d;
    await page.goto('/#/feedback');
    const snippet = page.getByTestId('feedback-snippet').filter({ hasText: XSS });
    await expect.poll(() => snippet.count()).toBe(1);
    expect(await snippet.textContent()).toBe(XSS);
    expect(await page.locator('img[src="x"]').count()).toBe(0);

    await snippet.click();
    await page.getByTestId('feedback-detail').waitFor();
    expect(await page.getByTestId('detail-text').textContent()).toBe(XSS);
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it('creates an API key shown once, ingests with it, and revokes it', async () => {
    const { page } = d;
    await page.getByTestId('nav-keys').click();
    await page.getByTestId('key-name').fill('Zendesk sync');
    await page.getByTestId('key-create').click(); // feedback:write is checked by default
    const secret = await page.getByTestId('new-key-value').inputValue();
    expect(secret).toMatch(/^tp_/);
    await expect.poll(() => page.getByTestId('key-row').count()).toBe(1);
    expect(await page.getByTestId('keys-table').textContent()).not.toContain(secret);

    const res = await fetch(`${d.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        externalId: 'api-1',
        platform: 'trustpilot',
        text: 'Sent through the API: the checkout kept failing.',
        postedAt: '2024-05-09T10:00:00Z',
      }),
    });
    expect(res.status).toBeLessThan(300);
    await page.goto('/#/feedback?q=checkout');
    await expect
      .poll(() => page.getByTestId('feedback-snippet').allTextContents())
      .toEqual(['Sent through the API: the checkout kept failing.']);

    await page.goto('/#/keys');
    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByTestId('key-revoke').click();
    await expect.poll(() => page.getByTestId('key-row').first().textContent()).toContain('Revoked');
    expect(await page.getByTestId('key-revoke').count()).toBe(0);
  });

  it('switches workspaces, marks the demo one, and creates a new one', async () => {
    const { page, server } = d;
    const owner = await server.runtime.store.users.findByEmail(OWNER.email);
    await createWorkspace(
      server.runtime.store,
      { name: 'Touchpoint Demo', ownerId: owner!.id, isDemo: true },
      { type: 'system', id: null },
    );
    await page.goto('/#/feedback');
    await page.reload(); // workspaces come with /me
    await page.getByTestId('feedback-row').first().waitFor();
    expect(await page.getByTestId('demo-badge').count()).toBe(0);

    const switcher = page.getByTestId('workspace-switcher');
    const demo = switcher.locator('option', { hasText: 'Touchpoint Demo' });
    // "Demo" said once (issue #12): the name says it, the badge says what it means.
    expect(await demo.textContent()).toBe('Touchpoint Demo');
    await switcher.selectOption({ label: 'Touchpoint Demo' });
    expect(await page.getByTestId('demo-badge').textContent()).toBe('Sample data');
    await page.getByTestId('feedback-empty').waitFor(); // another workspace's items are not shown

    await page.reload(); // the selection is remembered
    await page.getByTestId('demo-badge').waitFor();

    await page.getByTestId('new-workspace').click();
    await page.getByTestId('new-workspace-name').fill('Dockside Grill');
    await page.getByTestId('new-workspace-submit').click();
    await expect.poll(() => switcher.locator('option:checked').textContent()).toBe('Dockside Grill');
    expect(await page.getByTestId('demo-badge').count()).toBe(0);
    await page.getByTestId('feedback-empty').waitFor();

    await switcher.selectOption({ label: OWNER.workspace });
    await expect.poll(() => page.getByTestId('feedback-row').count()).toBeGreaterThan(0);
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
