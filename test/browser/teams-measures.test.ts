// Teams and measures in the browser (issue #4): an admin creates a team that owns touchpoints, the
// playbook routes a new complaint about one of them to the team and its member, the agent finds it
// under "Mine" and "My team", closes it as recovered, and the measures page shows the team's
// recovery rate and the agent on the leaderboard.
// Needs `npm run build` first (npm test builds).
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attributes,
  type Dashboard,
  OWNER,
  sessionApi,
  setupThroughUi,
  startDashboard,
  addMember,
} from './harness.js';

const AGENT = { name: 'Ana Agent', email: 'ana@example.com', password: 'agent password 7' };

describe('teams, routing and measures', () => {
  let d: Dashboard;
  const contexts: BrowserContext[] = [];
  let caseId = '';

  beforeAll(async () => {
    d = await startDashboard();
    await setupThroughUi(d.page);
    await addMember(d.page, { ...AGENT, role: 'agent' });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await d?.close();
  });

  it('lets the owner create a team with a member and owned touchpoints', async () => {
    const page = d.page;
    await page.goto('/#/teams');
    await page.getByTestId('team-new').click();
    await page.getByTestId('team-name').fill('Ground crew');
    await page.getByTestId(`team-member-${AGENT.email}`).check();
    await page.getByTestId('team-touchpoint-staff').check();
    await page.getByTestId('team-submit').click();
    const team = page.locator('[data-testid="team"][data-key="ground-crew"]');
    await team.waitFor();
    expect(await team.getByTestId('team-members').textContent()).toBe(AGENT.name);
    expect(await team.getByTestId('team-touchpoints').textContent()).toContain('Staff');
  });

  it('routes a complaint about the staff to the team and its member', async () => {
    await sessionApi(d.page, 'POST', '/api/v1/feedback', {
      items: [
        {
          externalId: 'tw-rude',
          platform: 'twitter',
          author: { handle: 'lee', name: 'Lee Chan', reach: 800 },
          text: 'The staff at the counter were rude and unhelpful. Awful.',
          postedAt: new Date(Date.now() - 2 * 3_600_000).toISOString(),
        },
      ],
    });
    await d.page.goto('/#/inbox');
    const row = d.page.getByTestId('inbox-row').first();
    await row.waitFor();
    caseId = (await row.getAttribute('data-id')) ?? '';
    expect(await row.textContent()).toContain('Ground crew');
    expect(await row.getByTestId('inbox-assignee').textContent()).toBe(AGENT.name);
    // The owner is in no team: "My team" is off, "Mine" is empty.
    expect(await d.page.getByTestId('inbox-scope-team').isDisabled()).toBe(true);
    await d.page.getByTestId('inbox-scope-mine').click();
    await d.page.getByTestId('inbox-empty').waitFor();
  });

  it('shows the agent the case under Mine and My team; closed as recovered it counts on the measures page', async () => {
    const context = await d.browser.newContext({ baseURL: d.url, locale: 'en-US', timezoneId: 'UTC' });
    contexts.push(context);
    const page = await context.newPage();
    page.on('pageerror', (e) => d.errors.push(`pageerror: ${e.message}`));
    await page.goto('/#/inbox?scope=mine');
    await page.getByTestId('login-email').fill(AGENT.email);
    await page.getByTestId('login-password').fill(AGENT.password);
    await page.getByTestId('login-submit').click();
    await page.getByTestId('inbox-row').first().waitFor();
    expect(await attributes(page.getByTestId('inbox-row'), 'data-id')).toEqual([caseId]);
    await page.getByTestId('inbox-scope-team').click();
    await page.waitForURL((u) => u.hash.includes('scope=team'));
    await page.getByTestId('inbox-row').first().waitFor();
    expect(await attributes(page.getByTestId('inbox-row'), 'data-id')).toEqual([caseId]);

    await page.keyboard.press('o');
    await page.getByTestId('case').waitFor();
    await page.getByTestId('outcome-recovered').check();
    await page.getByTestId('case-close').click();
    await page.locator('[data-testid="case"][data-outcome="recovered"]').waitFor();

    await page.goto('/#/measures');
    const teams = page.getByTestId('measures-teams');
    await teams.waitFor();
    const teamRow = teams.locator('tr').filter({ hasText: 'Ground crew' });
    expect(await teamRow.getByTestId('recovery-rate').textContent()).toBe('100%');
    expect(await page.getByTestId('total-recovery-rate').textContent()).toBe('100%');
    // Each card says the cases it stands on (issue #12): 100 % of one case.
    expect((await page.getByTestId('total-recovery-sample').textContent())?.trim()).toBe('· 1 case');
    expect((await page.getByTestId('total-resolution-sample').textContent())?.trim()).toBe('· 1 case');
    const board = page.getByTestId('leaderboard-row').filter({ hasText: AGENT.name });
    await board.waitFor();
    // Resolved + 2 × recovered.
    expect(await board.getByTestId('leaderboard-points').textContent()).toBe('2');
    expect(await page.getByTestId('leaderboard').textContent()).not.toContain(OWNER.name);
  });

  it('marks a case recovered when the reviewer re-posts 4 stars instead of 1, and counts it on the page', async () => {
    const review = (externalId: string, rating: number, text: string) => ({
      externalId,
      platform: 'google',
      author: { name: `Reviewer ${externalId}` },
      rating,
      text,
      postedAt: new Date(Date.now() - 3_600_000).toISOString(),
    });
    await sessionApi(d.page, 'POST', '/api/v1/feedback', {
      items: [
        review('g-cold', 1, 'The soup was cold and the waiter ignored us.'),
        review('g-slow', 2, 'Slow service, we waited an hour for the mains.'),
      ],
    });
    const { cases } = (await sessionApi(d.page, 'GET', '/api/v1/cases?status=open')) as {
      cases: { id: string; item: { text: string } | null }[];
    };
    const cold = cases.find((c) => c.item?.text.includes('soup'))?.id ?? '';
    const slow = cases.find((c) => c.item?.text.includes('Slow service'))?.id ?? '';
    expect(cold).not.toBe('');
    await sessionApi(d.page, 'POST', `/api/v1/cases/${slow}/close`, { outcome: 'resolved' });
    // The reviewer edits the review: the import brings the new version of the same item.
    await sessionApi(d.page, 'POST', '/api/v1/feedback', {
      items: [
        review('g-cold', 4, 'Update: the manager called, apologised and invited us back. Much better now.'),
      ],
    });
    await d.page.goto(`/#/cases/${cold}`);
    await d.page.locator('[data-testid="case"][data-outcome="recovered"]').waitFor();
    await d.page.locator('[data-testid="case-event"][data-kind="version"]').first().waitFor();
    await d.page.goto('/#/measures');
    await d.page.getByTestId('total-recovery-rate').waitFor();
    // Recovered: the staff case and this one; resolved: the slow one → 2 of 3.
    expect(await d.page.getByTestId('total-recovery-rate').textContent()).toBe('67%');
    expect((await d.page.getByTestId('total-recovery-sample').textContent())?.trim()).toBe('· 3 cases');
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
