// Policies and exceptions in the browser (issue #4): an agent grants a goodwill credit within the
// limit, asks for one above it (it waits), an admin approves it from the pending list, and the
// ledger totals follow. Needs `npm run build` first (npm test builds).
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Dashboard, sessionApi, setupThroughUi, startDashboard, addMember } from './harness.js';

const AGENT = { name: 'Ana Agent', email: 'ana@example.com', password: 'agent password 7' };
const ADMIN = { name: 'Adam Admin', email: 'adam@example.com', password: 'admin password 7' };

describe('policies and exceptions, end to end', () => {
  let d: Dashboard;
  const contexts: BrowserContext[] = [];

  /** A signed-in page of `who` on the Policies & exceptions page. */
  async function signIn(who: { email: string; password: string }): Promise<Page> {
    const context = await d.browser.newContext({ baseURL: d.url, locale: 'en-US', timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => d.errors.push(`pageerror: ${e.message}`));
    await page.goto('/#/exceptions');
    await page.getByTestId('login-email').fill(who.email);
    await page.getByTestId('login-password').fill(who.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('exceptions-page').waitFor();
    return page;
  }

  const grant = async (page: Page, amount: string, reason: string) => {
    await page.getByTestId('grant-type').selectOption({ label: 'Goodwill credit' });
    await page.getByTestId('grant-amount').fill(amount);
    await page.getByTestId('grant-reason').fill(reason);
    await page.getByTestId('grant-submit').click();
  };

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
    for (const [who, role] of [
      [AGENT, 'agent'],
      [ADMIN, 'admin'],
    ] as const) {
      await addMember(d.page, { ...who, role });
    }
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await d?.close();
  });

  it('an agent grants within the limit at once and asks above it', async () => {
    const agent = await signIn(AGENT);
    expect(await agent.getByTestId('nav-exceptions').getAttribute('aria-current')).toBe('page');
    await agent.getByTestId('grant-type').selectOption({ label: 'Goodwill credit' });
    expect(await agent.getByTestId('grant-limit').textContent()).toContain('$25.00');

    await grant(agent, '20', 'Cold soup, apologised');
    await expect.poll(() => agent.getByTestId('grant-result').getAttribute('data-status')).toBe('granted');
    await expect.poll(() => agent.getByTestId('total-given').textContent()).toBe('$20.00');

    await grant(agent, '40.50', 'Missed the birthday dinner booking');
    await expect.poll(() => agent.getByTestId('grant-result').getAttribute('data-status')).toBe('pending');
    await expect.poll(() => agent.getByTestId('total-pending').textContent()).toBe('$40.50');
    expect(await agent.getByTestId('total-given').textContent()).toBe('$20.00');
    // Agents see the ledger, but no approval buttons.
    expect(await agent.getByTestId('approvals').count()).toBe(0);
    expect(await agent.locator('[data-testid="ledger-row"][data-status="pending"]').count()).toBe(1);

    // A typo is refused before it reaches the server, naming the field.
    await grant(agent, '12.345', 'Too precise');
    await expect.poll(() => agent.getByTestId('grant-amount-error').count()).toBe(1);
  });

  it('an admin approves it and the ledger totals follow', async () => {
    const admin = await signIn(ADMIN);
    const row = admin.getByTestId('approval-row');
    await expect.poll(() => row.count()).toBe(1);
    expect(await row.textContent()).toContain('$40.50');
    expect(await row.textContent()).toContain(AGENT.name);
    await row.getByTestId('approve').click();

    await expect.poll(() => admin.getByTestId('total-given').textContent()).toBe('$60.50');
    await expect.poll(() => admin.getByTestId('approval-row').count()).toBe(0);
    expect(await admin.getByTestId('total-pending').textContent()).toBe('$0.00');
    const approved = admin.locator('[data-testid="ledger-row"][data-status="approved"]');
    expect(await approved.getByTestId('ledger-amount').textContent()).toBe('$40.50');
    expect(await approved.locator('td').nth(5).textContent()).toBe(ADMIN.name);

    const ledger = (await sessionApi(admin, 'GET', '/api/v1/exceptions')) as {
      totals: { given: { amount: number; count: number }[]; pending: unknown[] };
    };
    expect(ledger.totals.given).toEqual([{ currency: 'USD', count: 2, amount: 6050 }]);
    expect(ledger.totals.pending).toEqual([]);
    expect(d.errors).toEqual([]);
  });

  it('shows the exception types with their limits per role', async () => {
    const { page } = d;
    await page.goto('/#/exceptions');
    const goodwill = page.locator('[data-testid="type-row"][data-key="goodwill-credit"]');
    await goodwill.waitFor();
    expect(await goodwill.getByTestId('type-limit-agent').locator('input').inputValue()).toBe('25');
    expect(await goodwill.getByTestId('type-limit-admin').locator('input').inputValue()).toBe('200');
    expect(await goodwill.getByTestId('type-limit-owner').locator('input').inputValue()).toBe('');
    expect(await page.getByTestId('policy').count()).toBe(1);
  });
});
