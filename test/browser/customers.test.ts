// Know each customer (issue #14) end to end in the browser: a CRM export imported through the
// customer import page (a bad row reported by line), the same person then writing by e-mail, on X
// and in an Amazon review; search finds them, their page shows one timeline with items from three
// channels, a note is added, and after a 10/10 survey answer they are on the ambassadors list. The
// page is checked at 390 px, and screenshots are taken at 1440 and 390 px.
// Waits on elements and attributes only, never on timers. Needs `npm run build:web`.
//
// Screenshots go to .tmp/screenshots/customers (TOUCHPOINT_SCREENSHOTS=docs/screenshots for the docs).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attributes,
  REPO,
  sessionApi,
  setupThroughUi,
  sideways,
  startDashboard,
  type Dashboard,
} from './harness.js';

const SHOTS = path.resolve(REPO, process.env.TOUCHPOINT_SCREENSHOTS ?? '.tmp/screenshots/customers');
const PHONE = { width: 390, height: 844 };
/** How long a poll waits for the DOM: generous, since a busy 2-core machine answers slowly. */
const WAIT = { timeout: 30_000 };
const DAY = 86_400_000;

async function shot(page: Page, name: string): Promise<void> {
  await mkdir(SHOTS, { recursive: true });
  // From the top: the sticky header and sidebar would otherwise sit mid-picture.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

const ago = (days: number) => new Date(Date.now() - days * DAY - 3_600_000).toISOString();
/** A birthday three days from now (some year long ago), so the page has a moment coming up. */
const birthday = () => {
  const d = new Date(Date.now() + 3 * DAY);
  return `1988-${String(d.getUTCMonth() + 1).padStart(2, '0')}-${String(d.getUTCDate()).padStart(2, '0')}`;
};

const EMAIL = 'jess.rowe@example.com';

/** The CRM export: Jess with her e-mail, X handle and Amazon id; a namesake elsewhere; a bad row. */
function crmCsv(): string {
  return [
    'crm_id,name,email,phone,twitter,amazon,city,birthday,anniversary,first_purchase,lifetime_value,currency,tags,language,referrals',
    `crm-1,Jessica Rowe,${EMAIL},,@jesstravels,A2AMZJESS9,Hamburg,${birthday()},,2019-05-04,1240.50,EUR,vip;regular,en,3`,
    'crm-2,Jessica Rowe,jessica.r@example.org,,,,Munich,,,,,,,,',
    'crm-3,Broken Row,someone@example.com,,,,Berlin,1990-13-45,,,,,,,',
  ].join('\n');
}

describe('a customer across channels', () => {
  let d: Dashboard;
  let tmp = '';
  let customerId = '';
  let complaintId = '';

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'touchpoint-crm-'));
  }, 120_000);
  afterAll(async () => {
    await d?.close();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it(
    'imports a CRM export with progress, and reports the bad row by its line',
    { timeout: 120_000 },
    async () => {
      const { page } = d;
      const file = path.join(tmp, 'crm.csv');
      await writeFile(file, crmCsv());
      await page.goto('/#/customers');
      await page.getByTestId('customers-empty').waitFor(WAIT);
      await page.getByTestId('customer-tab-import').click();
      await page.getByTestId('customer-import-file').setInputFiles(file);
      await page.getByTestId('customer-import-submit').click();
      const run = page.getByTestId('import-run');
      await run.locator('[data-testid="import-status"][data-status="done"]').waitFor(WAIT);
      expect(await run.getByTestId('import-created').textContent()).toBe('2');
      expect(await run.getByTestId('import-rejected').textContent()).toBe('1');
      // The header is line 1: the broken row is line 4, and the problem names its field.
      const rejection = run.locator('[data-testid="import-rejection"][data-line="4"]');
      await rejection.waitFor(WAIT);
      expect(await rejection.textContent()).toMatch(/birthday/i);
    },
  );

  it('finds them by search and shows one timeline from three channels', { timeout: 120_000 }, async () => {
    const { page } = d;
    // The same person writes by e-mail, on X (by handle) and in an Amazon review (marketplace id):
    // a complaint, a question and one praise — not yet a promoter (that needs two praises or an NPS 9–10).
    const ingested = (await sessionApi(page, 'POST', '/api/v1/feedback', {
      items: [
        {
          externalId: 'mail-jess-1',
          platform: 'email',
          title: 'Cold soup',
          text: 'The soup was cold and we waited forty minutes for the bill. A disappointing evening.',
          customer: { identities: [{ kind: 'email', value: 'Jess.Rowe@Example.com' }] },
          postedAt: ago(20),
        },
        {
          externalId: 'x-jess-1',
          platform: 'twitter',
          text: '@HarborBistro is the terrace open on Mondays?',
          author: { handle: 'jesstravels', name: 'Jess', reach: 48_200 },
          postedAt: ago(12),
        },
        {
          externalId: 'amz-jess-1',
          platform: 'amazon',
          rating: 5,
          text: 'The picnic hamper from the bistro arrived fresh and beautifully packed. Excellent quality.',
          customer: { identities: [{ kind: 'marketplace_id', platform: 'amazon', value: 'A2AMZJESS9' }] },
          postedAt: ago(5),
        },
      ],
    })) as { results: { itemId?: string }[] };
    complaintId = ingested.results[0]?.itemId ?? '';

    await page.goto('/#/customers');
    await page.getByTestId('customer-search').fill('jess');
    const rows = page.getByTestId('customer-row');
    // Two different people share the name: both are listed, neither merged into the other.
    await expect.poll(() => rows.count(), WAIT).toBe(2);
    const jess = rows.filter({ hasText: 'Hamburg' });
    customerId = (await jess.getAttribute('data-id')) ?? '';
    expect(customerId).not.toBe('');
    await jess.getByTestId('customer-link').click();
    await page.waitForURL((u) => u.hash === `#/customers/${customerId}`);

    await page.getByTestId('customer').waitFor(WAIT);
    expect(await page.getByTestId('customer-name').textContent()).toBe('Jessica Rowe');
    const timeline = page.getByTestId('customer-timeline');
    for (const channel of ['email', 'social', 'review'])
      await timeline
        .locator(`[data-testid="timeline-entry"][data-channel="${channel}"]`)
        .first()
        .waitFor(WAIT);
    expect(Number(await timeline.getByTestId('timeline-channels').getAttribute('data-count'))).toBe(3);
    // Identities by channel, and the birthday coming up.
    const kinds = await attributes(page.getByTestId('identity'), 'data-kind');
    const platforms = await attributes(page.getByTestId('identity'), 'data-platform');
    const identities = kinds.map((k, n) => `${k}:${platforms[n]}`);
    expect(identities).toEqual(expect.arrayContaining(['email:', 'handle:twitter', 'marketplace_id:amazon']));
    await page
      .getByTestId('customer-moments')
      .locator('[data-testid="moment"][data-kind="birthday"]')
      .waitFor(WAIT);
    expect(await page.getByTestId('customer-value').textContent()).toMatch(/1,240\.50/);
  });

  it('adds a note', { timeout: 60_000 }, async () => {
    const { page } = d;
    const text = 'Prefers the window table; allergic to nuts.';
    await page.getByTestId('customer-note-text').fill(text);
    await page.getByTestId('customer-note-add').click();
    await page.getByTestId('customer-note').filter({ hasText: text }).waitFor(WAIT);
    expect(await page.getByTestId('customer-note-text').inputValue()).toBe('');
  });

  it('lists them among the ambassadors after a 10/10 survey answer', { timeout: 60_000 }, async () => {
    const { page } = d;
    await page.goto('/#/customers/ambassadors');
    await page.getByTestId('review-request-note').waitFor(WAIT);
    const row = page.locator(`[data-testid="ambassador-row"][data-id="${customerId}"]`);
    expect(await row.count()).toBe(0);

    await sessionApi(page, 'POST', '/api/v1/feedback', {
      externalId: 'nps-jess-1',
      platform: 'survey',
      channel: 'survey',
      score: { kind: 'nps', value: 10 },
      text: 'Always a wonderful evening, we recommend you to all our friends.',
      customer: { identities: [{ kind: 'email', value: EMAIL }] },
      postedAt: ago(1),
    });
    await page.reload();
    await row.waitFor(WAIT);
    expect(await row.getByTestId('customer-link').textContent()).toBe('Jessica Rowe');
  });

  it('shows the same history and their moments on a case', { timeout: 60_000 }, async () => {
    const { page } = d;
    const opened = (await sessionApi(page, 'POST', '/api/v1/cases', { itemId: complaintId })) as {
      id: string;
    };
    await page.goto(`/#/cases/${opened.id}`);
    const panel = page.locator(`[data-testid="case-customer"][data-customer="${customerId}"]`);
    await panel.waitFor(WAIT);
    for (const channel of ['email', 'social', 'review', 'survey'])
      await panel.locator(`[data-testid="timeline-entry"][data-channel="${channel}"]`).first().waitFor(WAIT);
    await panel.locator('[data-testid="moment"][data-kind="birthday"]').waitFor(WAIT);
    // The value is shown on the case, and the priority does not use it.
    expect(await panel.getByTestId('case-customer-value').textContent()).toMatch(/1,240\.50/);
  });

  it(
    'saves a segment by needs, offered as a filter on customers, feedback and the inbox',
    { timeout: 60_000 },
    async () => {
      const { page } = d;
      await page.goto('/#/segments');
      await page.getByTestId('segments-empty').waitFor(WAIT);
      await page.getByTestId('segment-name').fill('Happy regulars');
      await page.getByTestId('segment-add-touchpoint').click();
      await page.getByTestId('segment-touchpoint-rule').locator('select').first().selectOption('praises');
      await page.getByLabel('Promoters only').check();
      await page.getByTestId('segment-save').click();
      const row = page.getByTestId('segment-row').filter({ hasText: 'Happy regulars' });
      await row.waitFor(WAIT);
      expect(await row.getByTestId('segment-summary').textContent()).toMatch(/promoter/i);
      const id = (await row.getAttribute('data-id')) ?? '';
      for (const [hash, testId] of [
        ['#/customers', 'customer-segment'],
        ['#/feedback', 'filter-segment'],
        ['#/inbox', 'inbox-segment'],
      ] as const) {
        await page.goto(`/${hash}`);
        await page
          .locator(`[data-testid="${testId}"] option[value="${id}"]`)
          .waitFor({ state: 'attached', ...WAIT });
      }
    },
  );

  it('adds a phone, then merges the namesake in and undoes it', { timeout: 90_000 }, async () => {
    const { page } = d;
    await page.goto(`/#/customers/${customerId}`);
    // Details are edited by hand too: a wedding anniversary the CRM did not know.
    await page.getByTestId('customer-edit').click();
    await page.getByTestId('customer-edit-anniversary').fill('2015-06-20');
    await page.getByTestId('customer-edit-save').click();
    await page.getByTestId('customer-dates').getByText('2015').waitFor(WAIT);
    await page.getByTestId('identity-open').click();
    await page.getByTestId('identity-kind').selectOption('phone');
    await page.getByTestId('identity-value').fill('+49 151 23456789');
    await page.getByTestId('identity-add').click();
    // Stored in E.164.
    await page
      .locator('[data-testid="identity"][data-kind="phone"]', { hasText: '+4915123456789' })
      .waitFor(WAIT);

    await page.getByTestId('merge-open').click();
    await page.getByTestId('merge-search').fill('jessica');
    const candidate = page.getByTestId('merge-candidate');
    await candidate.first().waitFor(WAIT);
    expect(await candidate.count()).toBe(1); // the namesake in Munich, not Jess herself
    await candidate.click();
    await page.getByTestId('merge-confirm').click();
    const record = page.locator('[data-testid="merge-record"][data-undone="false"]');
    await record.waitFor(WAIT);
    await page
      .locator('[data-testid="identity"][data-kind="email"]', { hasText: 'jessica.r@example.org' })
      .waitFor(WAIT);

    await record.getByTestId('merge-undo').click();
    await page.locator('[data-testid="merge-record"][data-undone="true"]').waitFor(WAIT);
    await expect
      .poll(
        () => page.locator('[data-testid="identity"]', { hasText: 'jessica.r@example.org' }).count(),
        WAIT,
      )
      .toBe(0);
  });

  it('reads at 1440 and 390 px', { timeout: 120_000 }, async () => {
    const { page } = d;
    await page.goto(`/#/customers/${customerId}`);
    const timeline = page.getByTestId('customer-timeline');
    await timeline.locator('[data-testid="timeline-entry"][data-kind="survey"]').waitFor(WAIT);
    await page.getByTestId('customer-note').first().waitFor(WAIT);
    await expect
      .poll(() => page.getByTestId('sentiment-plot').getAttribute('data-draws'), WAIT)
      .not.toBeNull();
    await shot(page, 'customers-1440');

    await page.setViewportSize(PHONE);
    // The chart follows its container: no canvas wider than the screen.
    await expect
      .poll(async () => {
        const box = await page.locator('[data-testid="sentiment-plot"] canvas').first().boundingBox();
        return box ? box.x + box.width : Infinity;
      }, WAIT)
      .toBeLessThanOrEqual(PHONE.width);
    const { scrollWidth, out } = await sideways(page);
    expect(scrollWidth, `sticking out: ${out.join(', ')}`).toBeLessThanOrEqual(PHONE.width);
    await shot(page, 'customers-390');

    for (const hash of ['#/customers', '#/customers/ambassadors', '#/customers/lifecycle', '#/segments']) {
      await page.goto(`/${hash}`);
      await page.getByTestId('customer-tab-customers').waitFor(WAIT);
      await expect.poll(() => page.locator('[aria-busy="true"]').count(), WAIT).toBe(0);
      const wide = await sideways(page);
      expect(wide.scrollWidth, `${hash} sticking out: ${wide.out.join(', ')}`).toBeLessThanOrEqual(
        PHONE.width,
      );
    }
    await page.setViewportSize({ width: 1440, height: 900 });
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
