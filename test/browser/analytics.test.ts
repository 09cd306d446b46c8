// The analytics pages (issue #13) end to end: the journey heatmap, key drivers and the competitor
// benchmark on a small planted workspace (always), and on the real airline file when ../shared/data
// has it (its licence keeps it out of the repository). Needs `npm run build:web` first.
//
// Screenshots go to .tmp/screenshots/analytics; TOUCHPOINT_SCREENSHOTS=docs/screenshots writes the
// ones the docs show (made once from the airline file, by hand).
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, REPO, sessionApi, setupThroughUi, startDashboard, type Dashboard } from './harness.js';

const SHOTS = path.resolve(REPO, process.env.TOUCHPOINT_SCREENSHOTS ?? '.tmp/screenshots/analytics');
const SHARED = process.env.TOUCHPOINT_SHARED_DATA ?? path.resolve(REPO, '../shared/data');
const AIRLINE = path.join(SHARED, 'airline-tweets/Tweets.train.csv');

/** The workspace's own brand (items without a brand are filed under it), renamed after the import. */
const OWN = 'Northwind Air';
const RIVAL = 'Contoso Air';

/** Phrases the analyser reads as one touchpoint with one sentiment (checked against the baseline). */
const PHRASES = {
  cancelNeg: ['My flight was cancelled and nobody told me. Awful.', 1],
  supportNeg: ['Customer service was useless, an hour on hold.', 2],
  supportPos: ['Customer service sorted it in minutes, excellent help.', 4],
  staffPos: ['The staff were friendly and so helpful.', 5],
  staffNeg: ['Gate staff were unfriendly, very disappointing.', 2],
  bookingPos: ['Booking online was quick and easy.', 5],
  bookingNeg: ['The booking page kept failing, terrible.', 2],
  onTime: ['Arrived on time, great flight.', 4],
  late: ['Flight delayed again, always late.', 2],
} as const;
type Phrase = keyof typeof PHRASES;

/**
 * The planted workspace: in the period (10–11 Mar 2024) cancellations are bad for everyone; our
 * staff are liked and our customer service is not, the rival the other way round. In the two days
 * before, our staff were disliked (so staff rose significantly).
 */
const PLAN: { brand: string; days: string[]; counts: Partial<Record<Phrase, number>> }[] = [
  {
    brand: OWN,
    days: ['2024-03-10', '2024-03-11'],
    counts: {
      cancelNeg: 40,
      supportNeg: 40,
      supportPos: 4,
      staffPos: 40,
      staffNeg: 4,
      bookingPos: 30,
      bookingNeg: 10,
      onTime: 10,
      late: 10,
    },
  },
  {
    brand: RIVAL,
    days: ['2024-03-10', '2024-03-11'],
    counts: {
      cancelNeg: 30,
      supportNeg: 14,
      supportPos: 30,
      staffPos: 6,
      staffNeg: 36,
      bookingPos: 20,
      bookingNeg: 14,
      onTime: 10,
      late: 10,
    },
  },
  { brand: OWN, days: ['2024-03-08', '2024-03-09'], counts: { staffNeg: 30, staffPos: 8 } },
];

function plantedItems() {
  const items: Record<string, unknown>[] = [];
  for (const { brand, days, counts } of PLAN) {
    for (const [phrase, count] of Object.entries(counts) as [Phrase, number][]) {
      const [text, rating] = PHRASES[phrase];
      for (let i = 0; i < count; i++) {
        const day = days[i % days.length]!;
        const minute = (i * 37) % (24 * 60);
        items.push({
          externalId: `${brand}-${day}-${phrase}-${i}`,
          platform: 'google',
          ...(brand === OWN ? {} : { brand }),
          rating,
          text,
          author: { name: `Traveller ${phrase} ${i}` },
          postedAt: `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00Z`,
        });
      }
    }
  }
  return items;
}

async function brandsOf(page: Page): Promise<{ id: string; name: string; slug: string; kind: string }[]> {
  const { brands } = (await sessionApi(page, 'GET', '/api/v1/brands')) as {
    brands: { id: string; name: string; slug: string; kind: string }[];
  };
  return brands;
}

/** Marks `own` as the own brand and every other brand as a competitor, through the brands API. */
async function markOwn(page: Page, own: string): Promise<void> {
  for (const b of await brandsOf(page)) {
    const kind = b.name === own ? 'own' : 'competitor';
    if (b.kind !== kind) await sessionApi(page, 'PATCH', `/api/v1/brands/${b.id}`, { kind });
  }
}

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/** The heatmap's cells by touchpoint: value, sample and whether it is enough. */
async function cells(page: Page) {
  const out: Record<string, { value: number | null; enough: boolean }> = {};
  for (const cell of await page.getByTestId('heatmap-cell').all()) {
    const key = (await cell.getAttribute('data-touchpoint')) ?? '';
    const v = await cell.getAttribute('data-value');
    if (key)
      out[key] = { value: v ? Number(v) : null, enough: (await cell.getAttribute('data-enough')) === 'true' };
  }
  return out;
}

describe('analytics pages on a planted workspace', () => {
  let d: Dashboard;
  const PERIOD = 'preset=custom&from=2024-03-10&to=2024-03-11';

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
    await sessionApi(d.page, 'POST', '/api/v1/feedback', { items: plantedItems() });
    const own = (await brandsOf(d.page)).find((b) => b.name === OWNER.workspace)!;
    await sessionApi(d.page, 'PATCH', `/api/v1/brands/${own.id}`, { name: OWN });
    await markOwn(d.page, OWN);
    await d.page.reload(); // the dashboard loaded the brands before the API made them
    await d.page.getByTestId('current-user').waitFor();
  });
  afterAll(async () => {
    await d?.close();
  });

  it('opens the Journey page on the heatmap and names the weakest link', async () => {
    const { page } = d;
    await page.goto(`/#/journey?${PERIOD}`);
    await page.getByTestId('heatmap-cell').first().waitFor();
    expect(await page.getByTestId('journey-tab-heatmap').getAttribute('aria-selected')).toBe('true');
    const byKey = await cells(page);
    expect(byKey.cancellation).toEqual({ value: -1, enough: true });
    expect(byKey.staff?.enough).toBe(true);
    expect(await page.getByTestId('weakest-link').getAttribute('data-touchpoint')).toBe('cancellation');
    // Our staff rose from disliked to liked: a significant change, marked on the cell.
    const staff = page.locator('[data-testid="heatmap-cell"][data-touchpoint="staff"]');
    expect(await staff.getByTestId('change-mark').getAttribute('data-direction')).toBe('up');
    // Too few items are said to be so, not shown as sure.
    const thin = page.locator('[data-testid="heatmap-cell"][data-enough="false"]');
    if ((await thin.count()) > 0)
      expect(await thin.first().textContent()).toMatch(/not enough data|no feedback/);
    await shot(page, 'heatmap-planted-1440');
  });

  it('opens a heatmap cell into the explorer with that touchpoint and the period', async () => {
    const { page } = d;
    await page.goto(
      `/#/journey?${PERIOD}&brand=${encodeURIComponent((await brandsOf(page)).find((b) => b.name === OWN)!.slug)}`,
    );
    await page.locator('[data-testid="heatmap-cell"][data-touchpoint="support"]').click();
    await page.getByTestId('feedback-row').first().waitFor();
    const hash = new URLSearchParams(new URL(page.url()).hash.split('?')[1]);
    expect(hash.get('touchpoint')).toBe('support');
    expect(hash.get('from')).toBe('2024-03-10');
    expect(hash.get('to')).toBe('2024-03-11');
    expect(hash.get('brand')).toBeTruthy();
    // Every row is about customer service, from our brand.
    const snippets = await page.getByTestId('feedback-snippet').allTextContents();
    expect(snippets.length).toBeGreaterThan(0);
    expect(snippets.every((s) => /customer service/i.test(s))).toBe(true);
  });

  it('says what to do when the period is empty, and downloads the table as CSV', async () => {
    const { page } = d;
    await page.goto('/#/journey?preset=7d'); // the planted items are from 2024
    await page.getByTestId('heatmap-empty').waitFor();
    await page.getByTestId('analytics-all-time').click();
    await page.getByTestId('heatmap-cell').first().waitFor();
    expect(new URL(page.url()).hash).toContain('preset=all');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('heatmap-csv').click(),
    ]);
    expect(download.suggestedFilename()).toBe('journey-heatmap.csv');
    const file = await download.path();
    const text = await readFile(file, 'utf8');
    expect(text.split('\n')[0]).toMatch(/touchpoint/);
    expect(text).toContain('cancellation');
  });

  it('keeps the period and filters in the URL: back returns to the last view', async () => {
    const { page } = d;
    await page.goto(`/#/journey?${PERIOD}`);
    await page.getByTestId('heatmap-cell').first().waitFor();
    await page.getByTestId('analytics-preset').selectOption('all');
    await expect.poll(() => new URL(page.url()).hash).toContain('preset=all');
    await page.goBack();
    await expect.poll(() => new URL(page.url()).hash).toContain('from=2024-03-10');
    await expect.poll(() => page.getByTestId('analytics-from').inputValue()).toBe('2024-03-10');
  });

  it('compares us with the competitor touchpoint by touchpoint, with significance', async () => {
    const { page } = d;
    await page.goto(`/#/benchmark?${PERIOD}`);
    await page.getByTestId('benchmark-touchpoint').first().waitFor();
    const rows = page.getByTestId('benchmark-brand');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().getAttribute('data-brand')).toBe(OWN);
    const staff = page.locator('[data-testid="benchmark-touchpoint"][data-touchpoint="staff"]');
    const staffDelta = staff.getByTestId('benchmark-delta');
    expect(await staffDelta.getAttribute('data-significant')).toBe('true');
    expect(await staffDelta.textContent()).toContain('▲');
    const support = page.locator('[data-testid="benchmark-touchpoint"][data-touchpoint="support"]');
    expect(await support.getByTestId('benchmark-delta').textContent()).toContain('▼');
    expect(
      await page
        .getByTestId('their-weak-our-strong')
        .getByTestId('contrast-item')
        .first()
        .getAttribute('data-touchpoint'),
    ).toBe('staff');
    expect(
      await page
        .getByTestId('our-weak-their-strong')
        .getByTestId('contrast-item')
        .first()
        .getAttribute('data-touchpoint'),
    ).toBe('support');
    await shot(page, 'benchmark-planted-1440');
  });

  it('shows the key drivers of the star rating with their weights and quadrants', async () => {
    const { page } = d;
    await page.goto(`/#/drivers?${PERIOD}`);
    await page.getByTestId('drivers-fit').waitFor();
    const bars = page.getByTestId('driver-bar');
    await bars.first().waitFor();
    const shares = (await Promise.all((await bars.all()).map((b) => b.getAttribute('data-share')))).map(
      Number,
    );
    expect(shares).toEqual([...shares].sort((a, b) => b - a));
    expect(await page.getByTestId('quadrant-label').allTextContents()).toEqual(
      expect.arrayContaining(['Fix first', 'Keep up', "Don't over-invest", 'Secondary']),
    );
    await shot(page, 'drivers-planted-1440');
    // NPS: no survey answers here, so it says so instead of a number.
    await page.getByTestId('driver-target-nps').click();
    await expect.poll(() => new URL(page.url()).hash).toContain('target=nps');
    await expect
      .poll(
        async () =>
          (await page.getByTestId('drivers-thin').count()) +
          (await page.getByTestId('drivers-empty').count()),
      )
      .toBeGreaterThan(0);
  });

  it('shows own vs competitor side by side on top of the Brands page', async () => {
    const { page } = d;
    await page.goto('/#/brands');
    const summary = page.getByTestId('brands-benchmark');
    await summary.getByTestId('benchmark-brand').first().waitFor();
    expect(await summary.getByTestId('benchmark-brand').count()).toBe(2);
    expect(await page.getByTestId('brand-row').count()).toBe(2);
  });

  it('is usable at phone width: the heatmap stacks by stage, nothing scrolls sideways', async () => {
    const { page } = d;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`/#/journey?${PERIOD}`);
    await page.getByTestId('heatmap-cell').first().waitFor();
    expect(
      await page.locator('html').evaluate((el: { scrollWidth: number }) => el.scrollWidth),
    ).toBeLessThanOrEqual(390);
    // Every cell lies inside the screen, below its stage's name.
    for (const stage of await page.getByTestId('heatmap-stage').all()) {
      const name = await stage.getByTestId('heatmap-stage-name').boundingBox();
      for (const cell of await stage.getByTestId('heatmap-cell').all()) {
        const box = await cell.boundingBox();
        expect(box!.x + box!.width).toBeLessThanOrEqual(390);
        expect(box!.y).toBeGreaterThan(name!.y);
      }
    }
    // The filters beyond the period fold behind a button.
    expect(await page.getByTestId('analytics-platform').isVisible()).toBe(false);
    await page.getByTestId('analytics-filters-toggle').click();
    expect(await page.getByTestId('analytics-platform').isVisible()).toBe(true);
    await shot(page, 'heatmap-planted-390');
    // The benchmark's and the drivers' tables scroll inside their own boxes, not the page.
    const pageWidth = () => page.locator('html').evaluate((el: { scrollWidth: number }) => el.scrollWidth);
    await page.goto(`/#/benchmark?${PERIOD}`);
    await page.getByTestId('benchmark-touchpoint').first().waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await page.goto(`/#/drivers?${PERIOD}`);
    await page.getByTestId('driver-row').first().waitFor();
    expect(await pageWidth()).toBeLessThanOrEqual(390);
    await shot(page, 'drivers-planted-390');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});

describe.skipIf(!existsSync(AIRLINE))('analytics on the airline file (../shared/data)', () => {
  let d: Dashboard;
  const FEB = 'preset=custom&from=2015-02-22&to=2015-02-23';

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
    const { page } = d;
    await page.goto('/#/import');
    await page.getByTestId('import-file').setInputFiles(AIRLINE);
    await page.getByTestId('import-submit').click();
    await page
      .getByTestId('import-run')
      .locator('[data-testid="import-status"][data-status="done"]')
      .waitFor({ timeout: 120_000 });
    await markOwn(page, 'United');
    await page.reload();
    await page.getByTestId('current-user').waitFor();
  }, 180_000);
  afterAll(async () => {
    await d?.close();
  });

  it('heatmap of 22–23 Feb 2015: cancellation is the weakest link, customer service among the weakest', async () => {
    const { page } = d;
    await page.goto(`/#/journey?${FEB}`);
    await page.getByTestId('heatmap-cell').first().waitFor();
    const byKey = await cells(page);
    const ranked = Object.entries(byKey)
      .filter(([, c]) => c.enough && c.value !== null)
      .sort((a, b) => a[1].value! - b[1].value!);
    console.log(
      'airline 22–23 Feb heatmap, weakest first:',
      ranked.map(([k, c]) => `${k} ${c.value}`).join(', '),
    );
    expect(ranked[0]?.[0]).toBe('cancellation');
    expect(await page.getByTestId('weakest-link').getAttribute('data-touchpoint')).toBe('cancellation');
    expect(byKey.support?.value).toBeLessThan(-0.5);
    await shot(page, 'journey-heatmap-airline-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('heatmap-cell').first().waitFor();
    await shot(page, 'journey-heatmap-airline-390');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('benchmark: per-touchpoint sentiment for each competitor with significance markers', async () => {
    const { page } = d;
    // The whole file (16–24 Feb 2015): two days leave most touchpoint differences untestable or noise.
    await page.goto('/#/benchmark?preset=all');
    await page.getByTestId('benchmark-touchpoint').first().waitFor();
    // The six airlines (the workspace's default brand is there too, without feedback).
    const volumes = await page
      .getByTestId('benchmark-brand')
      .evaluateAll((els: { getAttribute: (name: string) => string | null }[]) =>
        els.map((e) => Number(e.getAttribute('data-volume'))),
      );
    expect(volumes.filter((v) => v > 0)).toHaveLength(6);
    expect(await page.getByTestId('benchmark-competitor-col').count()).toBe(5);
    const cancellation = page.locator('[data-testid="benchmark-touchpoint"][data-touchpoint="cancellation"]');
    expect(await cancellation.getByTestId('benchmark-cell').count()).toBe(5);
    const marks = await page
      .getByTestId('benchmark-delta')
      .evaluateAll((els: { getAttribute: (name: string) => string | null }[]) =>
        els.map((e) => e.getAttribute('data-significant')),
      );
    console.log(
      'airline benchmark (all time, United own): significant differences',
      marks.filter((m) => m === 'true').length,
      'of',
      marks.length,
    );
    expect(marks).toContain('true');
    expect(marks).toContain('false');
    await shot(page, 'benchmark-airline-1440');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.reload();
    await page.getByTestId('benchmark-touchpoint').first().waitFor();
    await shot(page, 'benchmark-airline-390');
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
