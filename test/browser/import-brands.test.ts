// The Import page's "Your brand" field and the note on repeated rows, end to end.
// Needs `npm run build:web` first (npm test builds).
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNER, setupThroughUi, startDashboard, type Dashboard } from './harness.js';

/** Four tweets: two Virgin America, one United, and that United tweet again (the same tweet_id). */
const AIRLINE = path.resolve('test/fixtures/cli/airline-sample.csv');

describe('import page: which brand is yours, and repeated rows explained', () => {
  let d: Dashboard;

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('imports the airline file with "Your brand", says why a row is unchanged, and lists the others as competitors', async () => {
    const { page } = d;
    await page.goto('/#/import');
    await page.getByTestId('import-own-brand').fill('Virgin America');
    await page.getByTestId('import-file').setInputFiles(AIRLINE);
    await page.getByTestId('import-submit').click();
    const run = page.getByTestId('import-run');
    await run.locator('[data-testid="import-status"][data-status="done"]').waitFor();
    expect(await run.getByTestId('import-unchanged').textContent()).toBe('1');
    expect(await run.getByTestId('import-warnings').textContent()).toContain(
      '1 row repeats an earlier row of this file (same id)',
    );

    await page.getByTestId('nav-brands').click();
    const rows = page.getByTestId('brand-row');
    await expect.poll(() => rows.count()).toBe(2);
    const kinds: string[] = [];
    for (const row of await rows.all())
      kinds.push(
        `${await row.getByTestId('brand-name').textContent()}: ${await row.getAttribute('data-kind')}`,
      );
    expect(kinds.sort()).toEqual(['United: competitor', 'Virgin America: own']);
    expect(kinds.join()).not.toContain(OWNER.workspace);
  });

  it("imports the file's sentiment labels as corrections only with the box ticked", async () => {
    const { page } = d;
    await page.goto('/#/import');
    await page.getByTestId('import-labels').check();
    await page.getByTestId('import-file').setInputFiles(AIRLINE);
    await page.getByTestId('import-submit').click();
    const run = page.getByTestId('import-run');
    await run.locator('[data-testid="import-status"][data-status="done"]').waitFor();
    expect(await run.getByTestId('import-warnings').textContent()).toContain(
      '4 human sentiment labels of the file imported as corrections',
    );
  });
});
