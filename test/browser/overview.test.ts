// The overview (issue #13) end to end on the demo workspace: the owner's home, headline cards with
// their interval and sample, every trend chart redrawn when the period changes (and back again with
// the back button), a mover into the explorer, the empty state, and screenshots at 1440 and 390 px.
// Waits on DOM state only (a data attribute per chart), never on timers. Needs `npm run build:web`.
//
// Screenshots go to .tmp/screenshots/overview (TOUCHPOINT_SCREENSHOTS=docs/screenshots for the docs).
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, REPO, sessionApi, setupThroughUi, startDashboard, type Dashboard } from './harness.js';

const SHOTS = path.resolve(REPO, process.env.TOUCHPOINT_SCREENSHOTS ?? '.tmp/screenshots/overview');
const PHONE = { width: 390, height: 844 };
/** How long a poll waits for the DOM: generous, since a busy 2-core machine answers slowly. */
const WAIT = { timeout: 30_000 };

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

interface Chart {
  metric: string;
  hash: string;
  points: number;
  draws: number;
}

/** Every trend chart on the page: its metric, data fingerprint, points drawn and canvas draws. */
async function charts(page: Page): Promise<Chart[]> {
  const out: Chart[] = [];
  for (const cell of await page.locator('.trend-cell').all()) {
    const figure = cell.locator('.trend-chart');
    out.push({
      metric: (await cell.getAttribute('data-metric')) ?? '',
      hash: (await figure.getAttribute('data-series-hash')) ?? '',
      points: Number(await figure.getAttribute('data-points')),
      draws: Number((await cell.getByTestId('trend-plot').getAttribute('data-draws')) ?? 0),
    });
  }
  return out;
}

/** The page's width beyond the viewport, with the widest elements that stick out (for the message). */
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

/** The overview answered for the URL's query, and no newer answer is loading. */
async function settled(page: Page): Promise<string> {
  const body = page.getByTestId('overview-body');
  await body.waitFor();
  await expect.poll(() => page.getByTestId('overview').getAttribute('aria-busy'), WAIT).toBe('false');
  return (await body.getAttribute('data-loaded')) ?? '';
}

describe('the overview', () => {
  let d: Dashboard;

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
  }, 120_000);
  afterAll(async () => {
    await d?.close();
  });

  it('is the owner’s home, and an empty workspace says what to do next', async () => {
    const { page } = d;
    await page.goto('/#/');
    await page.getByTestId('overview-empty').waitFor();
    expect(await page.getByTestId('nav-overview').getAttribute('aria-current')).toBe('page');
    const steps = page.getByTestId('first-steps');
    expect(await steps.getByRole('link', { name: 'Import a file' }).getAttribute('href')).toBe('#/import');
    await expect.poll(() => page.title(), WAIT).toBe('Overview · Touchpoint');
  });

  it('shows the demo’s headline metrics with value, interval and sample', { timeout: 180_000 }, async () => {
    const { page } = d;
    const { workspace } = (await sessionApi(page, 'POST', '/api/v1/demo')) as { workspace: { id: string } };
    await page.goto('/#/overview');
    await page.reload(); // the session now lists the demo workspace
    await page.getByTestId('workspace-switcher').selectOption(workspace.id);
    await page.getByTestId('demo-badge').waitFor();
    await settled(page);

    const cards = page.getByTestId('metric-card');
    const metrics = await Promise.all((await cards.all()).map((c) => c.getAttribute('data-metric')));
    expect(metrics).toEqual(
      expect.arrayContaining(['nps', 'csat', 'ces', 'stars', 'sentiment_index', 'volume', 'sla_kept']),
    );
    for (const key of ['volume', 'stars', 'sentiment_index']) {
      const card = page.locator(`[data-testid="metric-card"][data-metric="${key}"]`);
      expect(await card.getByTestId('metric-value').textContent()).toMatch(/\d/);
      expect(await card.getByTestId('metric-n').textContent()).toMatch(/^n=[\d,]+$/);
    }
    // Cards with enough data carry an interval and a verdict on the change; thin ones say so instead.
    const enough = page.locator('[data-testid="metric-card"][data-enough="true"]');
    expect(await enough.count()).toBeGreaterThan(0);
    for (const card of await enough.all()) {
      if ((await card.getAttribute('data-metric')) === 'volume') continue; // a count has no interval
      expect(await card.getByTestId('metric-interval').textContent()).toMatch(/\d.*….*\d/);
      expect(await card.getByTestId('metric-change').getAttribute('data-significant')).toMatch(
        /^(true|false|unknown)$/,
      );
    }
    for (const card of await page.locator('[data-testid="metric-card"][data-enough="false"]').all()) {
      const value = await card.getByTestId('metric-value').textContent();
      if (value !== '—')
        expect(await card.getByTestId('metric-thin').textContent()).toMatch(/^Not enough data \(n=\d+\)$/);
    }
    expect(await page.getByTestId('stars-distribution').count()).toBe(1);
    await shot(page, 'overview-1440');
  });

  it('downloads the metrics of the view as CSV', { timeout: 120_000 }, async () => {
    const { page } = d;
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('overview-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('metrics.csv');
    const file = await download.path();
    const lines = (await readFile(file, 'utf8')).split(/\r?\n/);
    expect(lines[0]).toMatch(/^section,key,label,unit,slice,/);
    expect(lines.some((l) => l.startsWith('headline,nps,'))).toBe(true);
    expect(lines.some((l) => l.startsWith('series,volume,'))).toBe(true);
  });

  it(
    'redraws every chart when the period changes, and back restores the view',
    { timeout: 120_000 },
    async () => {
      const { page } = d;
      const before = await charts(page);
      expect(before.length).toBeGreaterThanOrEqual(3); // volume, sentiment and stars at least
      for (const c of before) {
        expect(c.points, c.metric).toBeGreaterThan(0);
        expect(c.draws, c.metric).toBeGreaterThan(0);
      }
      const loaded = await settled(page);

      await page.getByTestId('analytics-preset').selectOption('90d');
      await page.waitForURL(/preset=90d/);
      await expect
        .poll(() => page.getByTestId('overview-body').getAttribute('data-loaded'), WAIT)
        .not.toBe(loaded);
      await settled(page);
      // Every chart drawn before is drawn again, from other data (90 days by week, not 30 by day).
      await expect
        .poll(async () => {
          const after = await charts(page);
          return before.map((b) => {
            const a = after.find((x) => x.metric === b.metric);
            return a !== undefined && a.hash !== b.hash && a.draws > 0 && a.points > 0;
          });
        }, WAIT)
        .toEqual(before.map(() => true));
      expect(await page.getByTestId('bucket-week').getAttribute('aria-pressed')).toBe('true');

      // The period lives in the URL: back returns to the same 30-day view, redrawn as it was.
      await page.goBack();
      await expect
        .poll(() => page.getByTestId('overview-body').getAttribute('data-loaded'), WAIT)
        .toBe(loaded);
      await expect
        .poll(async () => (await charts(page)).map((c) => `${c.metric}:${c.hash}`), WAIT)
        .toEqual(before.map((c) => `${c.metric}:${c.hash}`));
      expect(await page.getByTestId('analytics-preset').inputValue()).toBe('30d');
    },
  );

  it('opens a mover in the explorer with its touchpoint and the period', { timeout: 120_000 }, async () => {
    const { page } = d;
    const mover = page.getByTestId('mover-link').first();
    await mover.waitFor();
    const touchpoint = await page.getByTestId('mover').first().getAttribute('data-touchpoint');
    await mover.click();
    await page.waitForURL(/#\/feedback\?/);
    const query = new URLSearchParams(page.url().split('?')[1]);
    expect(query.get('touchpoint')).toBe(touchpoint);
    expect(query.get('from')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(query.get('to')).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await page.getByTestId('feedback-row').first().waitFor();
    await page.goBack();
    await settled(page);
  });

  it('reads on a phone: cards stack, charts fit the width', { timeout: 120_000 }, async () => {
    const { page } = d;
    await page.setViewportSize(PHONE);
    await settled(page);
    // The charts follow their container (ResizeObserver): no canvas wider than the screen.
    await expect
      .poll(async () => {
        const boxes = await Promise.all(
          (await page.locator('.trend-plot canvas').all()).map((c) => c.boundingBox()),
        );
        return Math.max(...boxes.map((b) => (b ? b.x + b.width : 0)));
      }, WAIT)
      .toBeLessThanOrEqual(PHONE.width);
    const { scrollWidth, out } = await sideways(page);
    expect(scrollWidth, `sticking out: ${out.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'overview-390');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('leaves an agent on the inbox as their home', { timeout: 120_000 }, async () => {
    const agent = {
      name: 'Ana Agent',
      email: 'ana@example.com',
      password: 'agent password 7',
      role: 'agent',
    };
    await addMember(d.page, agent);
    const context = await d.browser.newContext({ baseURL: d.url, locale: 'en-US', timezoneId: 'UTC' });
    try {
      const page = await context.newPage();
      page.on('pageerror', (e) => d.errors.push(`pageerror: ${e.message}`));
      await page.goto('/#/');
      await page.getByTestId('login-email').fill(agent.email);
      await page.getByTestId('login-password').fill(agent.password);
      await page.getByTestId('login-submit').click();
      await expect.poll(() => page.getByTestId('nav-inbox').getAttribute('aria-current'), WAIT).toBe('page');
      await expect.poll(() => page.title(), WAIT).toBe('Inbox · Touchpoint');
      expect(await page.getByTestId('overview').count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
