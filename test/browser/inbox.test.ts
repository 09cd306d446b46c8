// The respond loop in the browser (issue #4): negative public items open cases through the default
// playbook; an agent works the inbox with the keyboard (j/k, a, Enter), edits the draft with the live
// tone check, posts the reply by hand (Twitter has no reply API), closes the case as resolved and
// sees it on the leaderboard. Customer markup stays text in the inbox and on the case page.
// Needs `npm run build` first (npm test builds).
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifySignature } from '../../src/channels/index.js';
import {
  attributes,
  type Dashboard,
  sessionApi,
  setupThroughUi,
  startDashboard,
  addMember,
} from './harness.js';

const AGENT = { name: 'Ana Agent', email: 'ana@example.com', password: 'agent password 7' };
const XSS = '<img src=x onerror="window.__xss=1">';
const HOURS = 3_600_000;
const WEBHOOK_SECRET = 'inbox-test-webhook-secret';

/** The business's integration: refuses every reply with a 400 and a reason, and records what came. */
async function startRefusingReceiver() {
  const received: { body: string; signed: boolean }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      const signature = req.headers['x-touchpoint-signature'];
      const timestamp = req.headers['x-touchpoint-timestamp'];
      received.push({
        body,
        signed: verifySignature(WEBHOOK_SECRET, String(timestamp), body, String(signature), 300),
      });
      res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"error":"unknown ticket"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/replies`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface InboxCase {
  id: string;
  priority: { score: number; label: string; explanation: string };
  item: { text: string } | null;
}

describe('the inbox and a case, end to end', () => {
  let d: Dashboard;
  let agent: Page;
  const contexts: BrowserContext[] = [];
  let expected: InboxCase[] = [];
  let receiver: Awaited<ReturnType<typeof startRefusingReceiver>>;

  beforeAll(async () => {
    // With a worker: a reply through a channel is delivered (or fails) in the background.
    receiver = await startRefusingReceiver();
    d = await startDashboard({
      roles: ['web', 'worker'],
      env: {
        TOUCHPOINT_REPLY_WEBHOOK_URL: receiver.url,
        TOUCHPOINT_REPLY_WEBHOOK_SECRET: WEBHOOK_SECRET,
        // The receiver is on loopback: allowed, as an operator allows an internal integration.
        TOUCHPOINT_OUTBOUND_ALLOW: '127.0.0.1',
      },
    });
    await setupThroughUi(d.page);
    const { key } = (await sessionApi(d.page, 'POST', '/api/v1/keys', {
      name: 'Social sync',
      scopes: ['feedback:write'],
    })) as { key: string };
    const now = Date.now();
    const posted = (hoursAgo: number) => new Date(now - hoursAgo * HOURS).toISOString();
    const res = await fetch(`${d.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({
        items: [
          {
            externalId: 'tweet-delay',
            platform: 'twitter',
            author: { handle: 'maria_travels', name: 'Maria Lopez', reach: 12_000 },
            text: 'My flight was delayed five hours and the gate staff were rude to my kids. Terrible service, I will tell everyone.',
            postedAt: posted(3),
          },
          {
            externalId: 'tweet-bags',
            platform: 'twitter',
            author: { handle: 'tom_k', name: 'Tom K', reach: 40 },
            text: `Lost my luggage again, awful. ${XSS} <b>still waiting</b>`,
            postedAt: posted(1),
          },
          {
            externalId: 'tweet-praise',
            platform: 'twitter',
            author: { handle: 'happy_flyer' },
            text: 'Lovely crew and a smooth flight, thank you!',
            postedAt: posted(2),
          },
        ],
      }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
    await addMember(d.page, { ...AGENT, role: 'agent' });
    expected = ((await sessionApi(d.page, 'GET', '/api/v1/cases')) as { cases: InboxCase[] }).cases;

    const context = await d.browser.newContext({ baseURL: d.url, locale: 'en-US', timezoneId: 'UTC' });
    contexts.push(context);
    // "Copy and mark posted" copies the reply for the agent to paste on the platform.
    await context.grantPermissions(['clipboard-read', 'clipboard-write']);
    agent = await context.newPage();
    agent.on('pageerror', (e) => d.errors.push(`pageerror: ${e.message}`));
    agent.on('dialog', (dialog) => {
      d.errors.push(`dialog: ${dialog.message()}`);
      void dialog.dismiss();
    });
    await agent.goto('/#/inbox');
    await agent.getByTestId('login-email').fill(AGENT.email);
    await agent.getByTestId('login-password').fill(AGENT.password);
    await agent.getByTestId('login-submit').click();
    await agent.getByTestId('current-user').waitFor();
  });

  afterAll(async () => {
    for (const c of contexts) await c.close();
    await d?.close();
    await receiver?.close();
  });

  it('has opened a case per negative tweet, not for the praise', () => {
    expect(expected).toHaveLength(2);
    const texts = expected.map((c) => c.item?.text ?? '');
    expect(texts.some((t) => t.includes('delayed five hours'))).toBe(true);
    expect(texts.some((t) => t.includes('Lost my luggage'))).toBe(true);
    expect(texts.some((t) => t.includes('Lovely crew'))).toBe(false);
  });

  it('lists the cases by priority with the explanation, and shows customer markup as text', async () => {
    await agent.goto('/#/inbox');
    expect(await agent.getByTestId('nav-inbox').getAttribute('aria-current')).toBe('page');
    const rows = agent.getByTestId('inbox-row');
    await rows.first().waitFor();
    expect(await attributes(rows, 'data-id')).toEqual(expected.map((c) => c.id));
    const top = expected[0];
    expect(top).toBeDefined();
    expect(await rows.first().getByTestId('priority-explanation').textContent()).toBe(
      top?.priority.explanation,
    );
    expect(top?.priority.explanation).toMatch(/^(urgent|high|normal|low): /);
    expect(await rows.first().getByTestId('priority-badge').getAttribute('data-priority')).toBe(
      top?.priority.label,
    );
    // Inert: the customer's <img onerror> is text, not an element, and never ran.
    expect(await agent.locator('[data-testid="inbox"] img').count()).toBe(0);
    expect(await agent.getByTestId('inbox').textContent()).toContain(XSS);
    expect(await agent.evaluate('window.__xss')).toBeUndefined();
  });

  it('moves with j/k, assigns with a, shows the shortcuts with ?, and opens the top case with Enter', async () => {
    const rows = agent.getByTestId('inbox-row');
    const selected = () =>
      agent.locator('[data-testid="inbox-row"][aria-selected="true"]').getAttribute('data-id');
    expect(await selected()).toBe(expected[0]?.id);
    await agent.keyboard.press('j');
    expect(await selected()).toBe(expected[1]?.id);
    await agent.keyboard.press('k');
    expect(await selected()).toBe(expected[0]?.id);

    await agent.keyboard.press('?');
    await agent.getByTestId('shortcuts').waitFor();
    await agent.keyboard.press('Escape');
    await agent.getByTestId('shortcuts').waitFor({ state: 'detached' });

    await agent.keyboard.press('a');
    await rows.first().getByTestId('inbox-assignee').getByText('You').waitFor();
    expect(await selected()).toBe(expected[0]?.id);

    await agent.keyboard.press('Enter');
    await agent.waitForURL((u) => u.hash === `#/cases/${expected[0]?.id}`);
    await agent.getByTestId('case').waitFor();
    expect(await agent.getByTestId('case').getAttribute('data-status')).toBe('open');
  });

  it('checks the tone live while the agent edits the draft, then posts it and closes the case', async () => {
    const box = agent.getByTestId('reply-text');
    const draft = await box.inputValue();
    expect(draft.length).toBeGreaterThan(40);
    expect(await agent.getByTestId('tone').getAttribute('data-ok')).toBe('true');
    expect(await agent.getByTestId('reply-length').textContent()).toMatch(/\/ 280 on Twitter/);

    // No language model in this test: asking for one says so and keeps the template draft.
    await agent.getByTestId('reply-write').click();
    expect(await agent.getByTestId('reply-written').textContent()).toContain(
      'no language model is configured',
    );
    expect(await box.inputValue()).toBe(draft);

    // A defensive, blaming reply is flagged as it is typed, and cannot be sent without a second look.
    await box.fill('As stated in our policy, you should have arrived earlier. Our staff are well trained.');
    await agent.locator('[data-testid="tone"][data-ok="false"]').waitFor();
    const codes = await attributes(agent.getByTestId('tone-flag'), 'data-code');
    expect(codes).toContain('defensive');
    expect(await agent.getByTestId('reply-send').isDisabled()).toBe(true);

    // The draft, edited: a sentence of the agent's own, still within the 280 characters of X.
    const base = draft.length <= 240 ? draft : draft.slice(0, 200).replace(/\s+\S*$/, '');
    await box.fill(`${base} We are sorry about the delay.`);
    await agent.locator('[data-testid="tone"][data-ok="true"]').waitFor();
    const sentText = await box.inputValue();
    expect(sentText).not.toBe(draft);

    // Twitter has no reply API: the agent copies the reply, posts it there, and marks it posted.
    expect(await agent.getByTestId('reply-send').textContent()).toBe('Copy and mark posted');
    await agent.getByTestId('reply-send').click();
    const reply = agent.locator('[data-testid="case-reply"][data-status="posted"]');
    await reply.waitFor();
    expect(await reply.locator('.reply-text').textContent()).toBe(sentText);
    await agent.locator('[data-testid="case-event"][data-kind="reply"]').waitFor();
    expect(await agent.getByTestId('case-first-response').textContent()).toMatch(/Answered/);
    expect(await agent.evaluate('navigator.clipboard.readText()')).toBe(sentText);

    // A note with an @mention, typed key by key: no single-letter shortcut fires while typing
    // (e closes, u leaves, a assigns on this page).
    const note = agent.getByTestId('note-text');
    await note.click();
    await note.pressSequentially('Posted, see the delay log. @an');
    await agent.getByRole('button', { name: /@ana\.agent/ }).click();
    await note.pressSequentially('please call her back. ');
    await agent.getByTestId('note-submit').click();
    const noted = agent.locator('[data-testid="case-event"][data-kind="note"]');
    await noted.waitFor();
    expect(await noted.locator('.note-text').textContent()).toBe(
      'Posted, see the delay log. @ana.agent please call her back.',
    );
    expect(await noted.textContent()).toContain(`Mentioned: ${AGENT.name}`);
    expect(new URL(agent.url()).hash).toBe(`#/cases/${expected[0]?.id}`);
    expect(await agent.getByTestId('case').getAttribute('data-status')).toBe('open');

    await agent.getByTestId('outcome-resolved').check();
    await agent.getByTestId('case-close').click();
    await agent.locator('[data-testid="case"][data-status="closed"]').waitFor();
    expect(await agent.getByTestId('case').getAttribute('data-outcome')).toBe('resolved');
    expect(await agent.getByTestId('case-outcome').textContent()).toBe('Resolved');
    await agent.locator('[data-testid="case-event"][data-kind="outcome"]').waitFor();
  });

  it('shows the agent on the leaderboard with the resolved case, and the inbox without it', async () => {
    await agent.goto('/#/measures');
    const row = agent.getByTestId('leaderboard-row').filter({ hasText: AGENT.name });
    await row.waitFor();
    expect(await row.getByTestId('leaderboard-resolved').textContent()).toBe('1');
    expect(Number(await row.getByTestId('leaderboard-points').textContent())).toBeGreaterThan(0);

    await agent.goto('/#/inbox');
    await agent.getByTestId('inbox-row').first().waitFor();
    expect(await attributes(agent.getByTestId('inbox-row'), 'data-id')).toEqual([expected[1]?.id]);
  });

  it('keeps customer markup inert on the case page too', async () => {
    const id = expected.find((c) => c.item?.text.includes('Lost my luggage'))?.id ?? '';
    await agent.goto(`/#/cases/${id}`);
    await agent.getByTestId('case-item-text').waitFor();
    expect(await agent.getByTestId('case-item-text').textContent()).toContain(XSS);
    expect(await agent.locator('[data-testid="case"] img').count()).toBe(0);
    expect(await agent.locator('[data-testid="case"] b').count()).toBe(0);
    expect(await agent.evaluate('window.__xss')).toBeUndefined();
  });

  it('shows a reply that could not be delivered as failed, with the reason', async () => {
    // The luggage case is open on the page; the business's webhook refuses the reply with a 400,
    // which no retry can fix: the worker gives up on the first try and the case says why.
    expect(
      await agent.locator('[data-testid="reply-channel"] option[value="google_business"]').isDisabled(),
    ).toBe(true);
    await agent.getByTestId('reply-channel').selectOption('webhook');
    await agent.getByTestId('reply-send').click();
    const failed = agent.locator('[data-testid="case-reply"][data-status="failed"]');
    await failed.waitFor({ timeout: 15_000 });
    expect(await failed.getByTestId('reply-error').textContent()).toContain('400');
    expect(receiver.received).toHaveLength(1);
    expect(receiver.received[0]?.signed).toBe(true);
    await agent.locator('[data-testid="case-event"][data-kind="reply_failed"]').waitFor();
    expect(await agent.getByTestId('case').getAttribute('data-status')).toBe('open');
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
