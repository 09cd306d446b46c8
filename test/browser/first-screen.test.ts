// The first screen (issue #12): an empty workspace's explorer and inbox offer "Load the demo" and
// "Import a file"; loading the demo opens the demo workspace, with its items and its storm's alert.
// Needs `npm run build:web` first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, setupThroughUi, startDashboard } from './harness.js';

describe('the empty first screen', () => {
  let d: Dashboard;

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
  }, 120_000);
  afterAll(async () => {
    await d?.close();
  });

  it('offers the demo and an import in the empty explorer and the empty inbox', async () => {
    const { page } = d;
    await page.goto('/#/inbox');
    await page.getByTestId('first-steps').waitFor();
    await page.goto('/#/feedback');
    const steps = page.getByTestId('first-steps');
    await steps.waitFor();
    expect(await steps.getByRole('link', { name: 'Import a file' }).getAttribute('href')).toBe('#/import');
    await steps.getByRole('button', { name: 'Load the demo' }).click();
    // The page reloads into the demo workspace once it is ready.
    await page.getByTestId('demo-badge').waitFor({ timeout: 120_000 });
    await page.getByTestId('feedback-row').first().waitFor();
    expect(await page.getByTestId('first-steps').count()).toBe(0);
    // The storm's spike is on the alerts page, open, and a newcomer can open it.
    await page.goto('/#/alerts');
    const spike = page.getByTestId('alerts-table').getByRole('row').filter({ hasText: 'Spike' }).first();
    await spike.waitFor();
    await spike.getByRole('link').first().click();
    await page.waitForURL(/#\/alerts\/.+/);
    await page.getByTestId('alert-chart-plot').waitFor();
    expect(Number(await page.getByTestId('alert-chart').getAttribute('data-points'))).toBeGreaterThan(0);
    expect(d.errors).toEqual([]);
  }, 180_000);
});
