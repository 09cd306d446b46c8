// The Brands and Journey pages end to end, on their own server and SQLite folder.
// Needs `npm run build:web` first (npm test builds).
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, createUser } from '../../src/core/auth/index.js';
import { FIXTURES, OWNER, setupThroughUi, startDashboard, type Dashboard } from './harness.js';

const COMPETITOR = 'Dockside Grill';
const XSS = '<img src=x onerror="window.__pwned=1">';

/** The brands as the API lists them to the signed-in user, for the first workspace. */
async function apiBrands(page: Page): Promise<{ name: string; kind: string }[]> {
  return page.evaluate(async () => {
    const me = (await (await fetch('/api/v1/me')).json()) as { workspaces: { id: string }[] };
    const res = await fetch('/api/v1/brands', { headers: { 'X-Workspace': me.workspaces[0]?.id ?? '' } });
    return ((await res.json()) as { brands: { name: string; kind: string }[] }).brands;
  });
}

describe('brands and journey pages', () => {
  let d: Dashboard;

  const row = (name: string) =>
    d.page
      .getByTestId('brand-row')
      .filter({ has: d.page.getByTestId('brand-name').getByText(name, { exact: true }) });

  beforeAll(async () => {
    d = await startDashboard();
    const { page } = d;
    await setupThroughUi(page);
    // A second brand, with feedback: the CSV imported under another brand name.
    await page.goto('/#/import');
    await page.getByTestId('import-brand').fill(COMPETITOR);
    await page.getByTestId('import-file').setInputFiles(path.join(FIXTURES, 'reviews.csv'));
    await page.getByTestId('import-submit').click();
    await page
      .getByTestId('import-run')
      .locator('[data-testid="import-status"][data-status="done"]')
      .waitFor();
  });

  afterAll(async () => {
    await d?.close();
  });

  it('marks a brand as competitor, and it stays one after a reload', async () => {
    const { page } = d;
    await page.getByTestId('nav-brands').click();
    await expect
      .poll(async () => (await page.getByTestId('brand-name').allTextContents()).sort())
      .toEqual([COMPETITOR, OWNER.workspace]);
    expect(await page.getByTestId('brands-readonly').count()).toBe(0); // the owner may edit
    expect(await row(COMPETITOR).getAttribute('data-kind')).toBe('own');

    await row(COMPETITOR).getByTestId('brand-kind-select').selectOption({ label: 'Competitor' });
    await expect.poll(() => row(COMPETITOR).getAttribute('aria-busy')).toBe('false');
    expect(await row(COMPETITOR).getAttribute('data-kind')).toBe('competitor');

    await page.reload();
    await expect.poll(() => row(COMPETITOR).getAttribute('data-kind')).toBe('competitor');
    expect(await row(COMPETITOR).getByTestId('brand-kind-select').inputValue()).toBe('competitor');
    expect(await row(OWNER.workspace).getAttribute('data-kind')).toBe('own');
    expect(await apiBrands(page)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: COMPETITOR, kind: 'competitor' }),
        expect.objectContaining({ name: OWNER.workspace, kind: 'own' }),
      ]),
    );
  });

  it("shows the competitor badge on that brand's feedback in the explorer", async () => {
    const { page } = d;
    await page.goto('/#/feedback');
    await expect.poll(() => page.getByTestId('feedback-row').count()).toBe(6); // all imported as the competitor
    const badges = page.getByTestId('feedback-row').getByTestId('brand-kind');
    await expect.poll(() => badges.count()).toBe(6);
    expect(new Set(await badges.allTextContents())).toEqual(new Set(['Competitor']));
  });

  it('renames a brand inline and renders the name as text', async () => {
    const { page } = d;
    await page.goto('/#/brands');
    await row(COMPETITOR).getByTestId('brand-rename').click();
    await page.getByTestId('brand-name-input').fill(XSS);
    await page.getByTestId('brand-name-input').press('Enter');
    await expect.poll(() => row(XSS).getAttribute('aria-busy')).toBe('false');
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await page.reload();
    await expect.poll(() => row(XSS).getAttribute('data-kind')).toBe('competitor');
    expect(await apiBrands(page)).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: XSS, kind: 'competitor' })]),
    );
    expect(await page.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
  });

  it('shows the journey stages in order with touchpoints and their example phrases', async () => {
    const { page } = d;
    await page.getByTestId('nav-journey').click();
    await page.getByTestId('journey-tab-taxonomy').click(); // the heatmap is the first tab (issue #13)
    await expect
      .poll(() => page.getByTestId('stage-name').allTextContents())
      .toEqual(['Discover', 'Evaluate', 'Buy', 'Use', 'Get support', 'Leave']);
    const booking = page
      .getByTestId('journey-stage')
      .filter({ hasText: 'Buy' })
      .getByTestId('touchpoint')
      .first();
    expect(await booking.getByTestId('touchpoint-name').textContent()).toBe('Booking & checkout');
    expect(await booking.getByTestId('touchpoint-example').allTextContents()).toEqual(
      expect.arrayContaining(['reservation', 'checkout', 'Buchung', '预订']),
    );
  });

  it('shows a viewer the kinds without the controls to change them', async () => {
    const { browser, server, url } = d;
    const store = server.runtime.store;
    const system = { type: 'system', id: null } as const;
    const viewer = await createUser(
      store,
      { email: 'vera@example.com', name: 'Vera Viewer', password: 'viewer password 1' },
      system,
    );
    const owner = await store.users.findByEmail(OWNER.email);
    const [membership] = await store.users.memberships(owner!.id);
    await addMember(store, membership!.workspace.id, viewer.id, 'viewer', system);

    const context = await browser.newContext({ baseURL: url, locale: 'en-US', timezoneId: 'UTC' });
    try {
      const page = await context.newPage();
      await page.goto('/#/brands');
      await page.getByTestId('login-email').fill('vera@example.com');
      await page.getByTestId('login-password').fill('viewer password 1');
      await page.getByTestId('login-submit').click();
      await page.getByTestId('brands-readonly').waitFor();
      const kinds = page.getByTestId('brand-row').getByTestId('brand-kind');
      await expect.poll(() => kinds.count()).toBe(2);
      expect((await kinds.allTextContents()).sort()).toEqual(['Competitor', 'Own brand']);
      expect(await page.getByTestId('brand-kind-select').count()).toBe(0);
      expect(await page.getByTestId('brand-rename').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });

  it('rolls a failed change back and says why', async () => {
    const { page } = d;
    await page.goto('/#/brands');
    await expect.poll(() => row(XSS).getAttribute('data-kind')).toBe('competitor');
    // The server refuses, as it does for a viewer.
    await page.route('**/api/v1/brands/*', (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 403,
            contentType: 'application/problem+json',
            body: JSON.stringify({
              status: 403,
              title: 'Forbidden',
              code: 'forbidden',
              detail: 'Admins only.',
            }),
          })
        : route.continue(),
    );
    await row(XSS).getByTestId('brand-kind-select').selectOption('own');
    await expect.poll(() => page.getByTestId('error').textContent()).toContain('Admins only.');
    expect(await page.getByTestId('error').textContent()).toContain(`Could not save “${XSS}”`);
    await expect.poll(() => row(XSS).getAttribute('data-kind')).toBe('competitor');
    expect(await row(XSS).getByTestId('brand-kind-select').inputValue()).toBe('competitor');
    await page.unroute('**/api/v1/brands/*');
    // The refused request is the only error the browser logged.
    expect(d.errors.filter((e) => !/status of 403/.test(e))).toEqual([]);
  });
});
