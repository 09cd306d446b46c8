// The dashboard on a phone (issue #12): at 390×844 every page fits the screen (nothing scrolls
// sideways; wide tables become cards or scroll inside their own box), the navigation is one tap away
// behind an accessible menu button, the inbox and a case work with a thumb (tap targets of 44 px),
// and every page has its own title. Writes a screenshot of each page at 390 px to
// test-results/phone/ (the inbox: inbox-390.png).
// Needs `npm run build:web` first (npm test builds).
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addMember,
  FIXTURES,
  importThroughUi,
  REPO,
  sessionApi,
  setupThroughUi,
  startDashboard,
  type Dashboard,
} from './harness.js';

const PHONE = { width: 390, height: 844 };
const SHOTS = path.join(REPO, 'test-results/phone');
const MINUTES = 60_000;
const HOURS = 60 * MINUTES;

const QUIET = [
  'Parcel arrived on time, thank you for the quick delivery.',
  'Delivery was on time and the courier was friendly.',
  'Shipping took the usual two days, all good.',
  'The delivery was a bit late today, slightly annoying.',
];
const ANGRY = [
  'My delivery is three days late again, this is terrible and nobody answers.',
  'Awful delivery, the parcel is late and the tracking is useless. Very angry.',
  'Still waiting for my delayed delivery, worst service ever.',
  'Late delivery again! Horrible, I want my money back.',
];

/** The document's width beyond the viewport's, and the widest elements that stick out (for the message). */
const sideways = (page: Page) =>
  page.evaluate(() => {
    interface El {
      tagName: string;
      className: string;
      getBoundingClientRect(): { right: number };
      checkVisibility(): boolean;
    }
    const { document: doc } = globalThis as unknown as {
      document: {
        documentElement: { scrollWidth: number; clientWidth: number };
        querySelectorAll(s: string): El[];
      };
    };
    const width = doc.documentElement.clientWidth;
    const out = [...doc.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > width + 0.5 && el.checkVisibility())
      .slice(0, 5)
      .map(
        (el) =>
          `${el.tagName.toLowerCase()}.${el.className} (${Math.round(el.getBoundingClientRect().right)})`,
      );
    return { scrollWidth: doc.documentElement.scrollWidth, out };
  });

/** Height and width of an element on screen, in CSS pixels. */
async function size(page: Page, selector: string): Promise<{ width: number; height: number }> {
  const box = await page.locator(selector).first().boundingBox();
  if (!box) throw new Error(`${selector} is not on screen`);
  return { width: box.width, height: box.height };
}

describe('the dashboard at 390 px', () => {
  let d: Dashboard;
  let caseId = '';
  let alertId = '';
  let itemId = '';

  beforeAll(async () => {
    await mkdir(SHOTS, { recursive: true });
    // With a worker: spikes are detected in the background, as in production.
    d = await startDashboard({ roles: ['web', 'worker'] });
    await setupThroughUi(d.page); // waits for the sidebar's user, which a phone keeps in the menu
    await d.page.setViewportSize(PHONE);
    const { key } = (await sessionApi(d.page, 'POST', '/api/v1/keys', {
      name: 'Social sync',
      scopes: ['feedback:write'],
    })) as { key: string };
    const ingest = async (items: object[]) => {
      const res = await fetch(`${d.url}/api/v1/feedback`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ items }),
      });
      expect(res.status, await res.clone().text()).toBe(200);
    };
    // Three quiet days of delivery tweets, then a burst of angry ones: a spike alert, and cases
    // in the inbox (negative public items open cases through the default playbook).
    const burstStart = Date.now() - 3 * HOURS;
    const quiet = [];
    for (let t = burstStart - 3 * 24 * HOURS, i = 0; t < burstStart - HOURS; t += 90 * MINUTES, i++) {
      quiet.push({
        externalId: `quiet-${i}`,
        platform: 'twitter',
        author: { handle: `regular_${i % 30}`, reach: 60 + (i % 5) * 20 },
        text: QUIET[i % QUIET.length],
        postedAt: new Date(t).toISOString(),
      });
    }
    await ingest(quiet);
    await ingest(
      Array.from({ length: 30 }, (_, i) => ({
        externalId: `angry-${i}`,
        platform: 'twitter',
        author: {
          handle: `a_very_long_handle_of_an_angry_customer_${i}`,
          name: `Angry Customer ${i}`,
          reach: 40 + i,
        },
        text: ANGRY[i % ANGRY.length],
        postedAt: new Date(burstStart + i * 30_000).toISOString(),
      })),
    );
    await addMember(d.page, {
      email: 'sam.support.with.a.long.address@example.com',
      name: 'Sam Support',
      password: 'agent password 7',
      role: 'agent',
    });
    await importThroughUi(d.page, path.join(FIXTURES, 'reviews.csv'));
    // Detection runs in the worker: wait until it has opened the spike.
    for (let tries = 0; ; tries++) {
      const { alerts } = (await sessionApi(d.page, 'GET', '/api/v1/alerts')) as { alerts: unknown[] };
      if (alerts.length > 0) break;
      if (tries > 300) throw new Error('no alert after 30 s');
      await d.page.waitForTimeout(100);
    }
    const { alerts } = (await sessionApi(d.page, 'GET', '/api/v1/alerts')) as { alerts: { id: string }[] };
    alertId = alerts[0]!.id;
    const { cases } = (await sessionApi(d.page, 'GET', '/api/v1/cases')) as {
      cases: { id: string; item: { id: string } | null }[];
    };
    caseId = cases[0]!.id;
    itemId = cases[0]!.item!.id;
  }, 120_000);

  afterAll(async () => {
    await d?.close();
  });

  /** Each page: where it is, what shows it has loaded, and its title. */
  const PAGES: { name: string; route: () => string; ready: string; title: string }[] = [
    { name: 'inbox', route: () => '/#/inbox', ready: '[data-testid="inbox-row"]', title: 'Inbox' },
    {
      name: 'case',
      route: () => `/#/cases/${caseId}`,
      ready: '[data-testid="reply-composer"]',
      title: 'Case',
    },
    { name: 'alerts', route: () => '/#/alerts', ready: '[data-testid="alert-row"]', title: 'Alerts' },
    { name: 'alert', route: () => `/#/alerts/${alertId}`, ready: '.content h1', title: 'Alert' },
    {
      name: 'feedback',
      route: () => '/#/feedback',
      ready: '[data-testid="feedback-row"]',
      title: 'Feedback',
    },
    {
      name: 'item',
      route: () => `/#/feedback/${itemId}`,
      ready: '[data-testid="analysis"]',
      title: 'Feedback item',
    },
    { name: 'members', route: () => '/#/members', ready: '[data-testid="member-row"]', title: 'Members' },
    { name: 'import', route: () => '/#/import', ready: '[data-testid="import-file"]', title: 'Import' },
    {
      name: 'account',
      route: () => '/#/account',
      ready: '[data-testid="account-page"]',
      title: 'Your account',
    },
    {
      name: 'measures',
      route: () => '/#/measures',
      ready: '[data-testid="measures-page"]',
      title: 'Measures',
    },
    { name: 'teams', route: () => '/#/teams', ready: '[data-testid="teams-page"]', title: 'Teams' },
    { name: 'brands', route: () => '/#/brands', ready: '[data-testid="brand-row"]', title: 'Brands' },
    { name: 'keys', route: () => '/#/keys', ready: '[data-testid="key-row"]', title: 'API keys' },
  ];

  for (const p of PAGES) {
    it(`${p.name}: fits 390 px, has its own title`, async () => {
      const { page } = d;
      await page.goto(p.route());
      await page.locator(p.ready).first().waitFor();
      await expect.poll(() => page.title()).toBe(`${p.title} · Touchpoint`);
      await page.screenshot({ path: path.join(SHOTS, `${p.name}-390.png`), fullPage: true });
      const { scrollWidth, out } = await sideways(page);
      expect(scrollWidth, `sticking out: ${out.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
    });
  }

  it('opens the navigation from the menu button, closes it on Escape, and navigates', async () => {
    const { page } = d;
    await page.goto('/#/inbox');
    await page.getByTestId('inbox-row').first().waitFor();
    const button = page.getByTestId('menu-button');
    const alertsLink = page.getByTestId('nav-alerts');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await alertsLink.isVisible()).toBe(false);
    const tap = await size(page, '[data-testid="menu-button"]');
    expect(Math.min(tap.width, tap.height)).toBeGreaterThanOrEqual(44);

    await button.click();
    expect(await button.getAttribute('aria-expanded')).toBe('true');
    await alertsLink.waitFor();
    // Focus moves into the menu, on the current page's link.
    await expect.poll(() => page.locator(':focus').getAttribute('data-testid')).toBe('nav-inbox');
    await page.keyboard.press('Escape');
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await alertsLink.waitFor({ state: 'hidden' });
    expect(await page.locator(':focus').getAttribute('data-testid')).toBe('menu-button');

    await button.click();
    await alertsLink.click();
    await page.getByTestId('alerts-page').waitFor();
    expect(page.url()).toMatch(/#\/alerts$/);
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    await alertsLink.waitFor({ state: 'hidden' });
    await expect.poll(() => page.title()).toBe('Alerts · Touchpoint');
    // Back on the page it was opened on, it stays closed.
    await page.goto('/#/inbox');
    await page.getByTestId('inbox-row').first().waitFor();
    expect(await button.getAttribute('aria-expanded')).toBe('false');
    expect(await alertsLink.isVisible()).toBe(false);
  });

  it("folds the explorer's filters behind a button", async () => {
    const { page } = d;
    await page.goto('/#/feedback');
    await page.getByTestId('feedback-row').first().waitFor();
    const toggle = page.getByTestId('filters-toggle');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    expect(await page.getByTestId('filter-platform').isVisible()).toBe(false);
    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    await page.getByTestId('filter-platform').selectOption('twitter');
    await page.waitForURL(/platform=twitter/);
    expect((await sideways(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
  });

  it('the inbox and a case work with a thumb: 44 px targets, a usable composer', async () => {
    const { page } = d;
    await page.goto('/#/inbox');
    await page.getByTestId('inbox-row').first().waitFor();
    // A case is a card, the whole of it one tap target.
    const row = await size(page, '[data-testid="inbox-row"]');
    expect(row.height).toBeGreaterThanOrEqual(44);
    expect(row.width).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: path.join(SHOTS, 'inbox-390.png') });

    await page.getByTestId('inbox-excerpt').first().click();
    await page.getByTestId('reply-composer').waitFor();
    const box = await size(page, '[data-testid="reply-text"]');
    expect(box.width).toBeGreaterThanOrEqual(PHONE.width - 80);
    expect(box.height).toBeGreaterThanOrEqual(88);
    for (const target of ['reply-send', 'case-close', 'case-assign-me', 'back-to-inbox']) {
      const locator = page.getByTestId(target);
      if ((await locator.count()) === 0) continue;
      expect((await size(page, `[data-testid="${target}"]`)).height, target).toBeGreaterThanOrEqual(44);
    }
    await page.getByTestId('reply-text').fill('Sorry about the delay, we are on it.');
    expect(await page.getByTestId('reply-text').inputValue()).toContain('on it');
    const { scrollWidth, out } = await sideways(page);
    expect(scrollWidth, `sticking out: ${out.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
  });

  it('names the signed-out pages too', async () => {
    const context = await d.browser.newContext({ baseURL: d.url, viewport: PHONE });
    try {
      const page = await context.newPage();
      await page.goto('/');
      await page.getByTestId('login-email').waitFor();
      await expect.poll(() => page.title()).toBe('Log in · Touchpoint');
      expect((await sideways(page)).scrollWidth).toBeLessThanOrEqual(PHONE.width);
      await page.goto('/#/reset-password');
      await expect.poll(() => page.title()).toBe('Reset password · Touchpoint');
    } finally {
      await context.close();
    }
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
