// The Sentiment model page end to end: rated items in through the API, training by the in-process
// worker, the figures on the page, and the read-only view of a viewer.
// Needs `npm run build:web` first (npm test builds).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  attributes,
  type Dashboard,
  sessionApi,
  setupThroughUi,
  startDashboard,
  addMember,
} from './harness.js';

const VIEWER = { name: 'Vera Viewer', email: 'vera@example.com', password: 'viewer password 7' };
/** Above the server's threshold of 200 rated items. */
const RATED = 240;
/** Too few to train on: the first of them, ingested before the page opens. */
const FEW = 12;

/**
 * Texts made of neutral filler words, the same for both labels, plus one invented word per label
 * that no lexicon knows: only a model that learned from the ratings can tell them apart.
 */
const FILLER = [
  'table',
  'window',
  'tuesday',
  'parcel',
  'corner',
  'ticket',
  'garden',
  'number',
  'blue',
  'street',
];
const SIGNAL = { positive: 'zorblax', negative: 'quendril' } as const;

function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function ratedItems(count: number): unknown[] {
  const random = mulberry32(42);
  return Array.from({ length: count }, (_, i) => {
    const positive = i % 2 === 0;
    const words = Array.from({ length: 6 }, () => FILLER[Math.floor(random() * FILLER.length)]!);
    words.splice(Math.floor(random() * words.length), 0, positive ? SIGNAL.positive : SIGNAL.negative);
    return {
      externalId: `rated-${i}`,
      platform: 'google',
      rating: positive ? 5 : 1,
      text: `${words.join(' ')}.`,
      postedAt: new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString(),
    };
  });
}

describe('sentiment model page', () => {
  let d: Dashboard;
  let secret = '';

  async function ingest(body: unknown): Promise<void> {
    const res = await fetch(`${d.url}/api/v1/feedback`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${secret}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: { status: string }[] };
    expect(results.filter((r) => r.status !== 'created')).toEqual([]);
  }

  beforeAll(async () => {
    // The worker role trains the model; the default harness serves the web role only.
    d = await startDashboard({ roles: ['web', 'worker'] });
    await setupThroughUi(d.page);
    const created = (await sessionApi(d.page, 'POST', '/api/v1/keys', {
      name: 'Review sync',
      scopes: ['feedback:write'],
    })) as { key: string };
    secret = created.key;
  });

  afterAll(async () => {
    await d?.close();
  });

  it('explains the threshold while the workspace has no model of its own', async () => {
    const { page } = d;
    await ingest({ items: ratedItems(RATED).slice(0, FEW) });
    await page.getByTestId('nav-model').click();
    await page.getByTestId('model-empty').waitFor();
    const empty = await page.getByTestId('model-empty').textContent();
    expect(empty).toContain('200 rated items');
    expect(empty).toMatch(/at least 20 in two of negative, neutral and positive/);
    expect(await page.getByTestId('model-threshold').textContent()).toContain('200');
    expect(await page.getByTestId('model-current').count()).toBe(0);
    expect(await page.getByTestId('nav-model').getAttribute('aria-current')).toBe('page');
  });

  it('disables "Train now" with too few rated items and says how many it has and needs', async () => {
    const { page } = d;
    const train = page.getByTestId('model-train');
    expect(await train.textContent()).toBe('Train now');
    expect(await train.isDisabled()).toBe(true);
    expect(await page.getByTestId('model-not-ready').textContent()).toBe(
      `${FEW} of 200 rated items; import more rated reviews`,
    );
    expect(await train.getAttribute('aria-describedby')).toBe('model-not-ready');
  });

  it('trains on the rated items and shows the cross-validated figures', async () => {
    const { page } = d;
    await ingest({ items: ratedItems(RATED).slice(FEW) });
    await page.reload();
    await page.locator('[data-testid="model-train"]:enabled').waitFor();
    expect(await page.getByTestId('model-not-ready').count()).toBe(0);
    await page.getByTestId('model-train').click();
    await page.getByTestId('model-training').waitFor();
    expect(await page.getByTestId('model-train').textContent()).toBe('Training…');
    expect(await page.getByTestId('model-train').isDisabled()).toBe(true);

    await page.getByTestId('model-current').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('model-trained').textContent()).toContain('Version 1');
    expect(await page.getByTestId('model-training').count()).toBe(0);
    expect(await page.getByTestId('model-empty').count()).toBe(0);
    expect(await page.getByTestId('model-version').textContent()).toBe('1');
    expect(await page.getByTestId('model-examples').textContent()).toBe(String(RATED));
    // The invented words separate the labels perfectly, so the held-out folds are (nearly) all right.
    const accuracy = Number(await page.getByTestId('model-current').getAttribute('data-accuracy'));
    expect(accuracy).toBeGreaterThan(0.9);
    expect(await page.getByTestId('model-accuracy').textContent()).toBe(`${(accuracy * 100).toFixed(1)}%`);
    expect(await page.getByTestId('model-macro-f1').textContent()).toMatch(/^\d{1,3}\.\d%$/);
    expect(await attributes(page.getByTestId('model-class-row'), 'data-label')).toEqual(
      expect.arrayContaining(['negative', 'positive']),
    );
    expect(
      await page.locator('[data-testid="model-class-row"][data-label="positive"] td').last().textContent(),
    ).toBe(String(RATED / 2));
    expect(await page.getByTestId('model-history').count()).toBe(0);
    await page.getByTestId('model-train').click(); // a second version, for the history
    await expect.poll(() => page.getByTestId('model-version').textContent(), { timeout: 60_000 }).toBe('2');
    expect(await attributes(page.getByTestId('model-history-row'), 'data-version')).toEqual(['1']);
  }, 150_000); // two trainings by the worker, on a machine that may be busy

  it('names the workspace model on the analysis of an item without a rating', async () => {
    const { page } = d;
    await ingest({
      externalId: 'unrated-1',
      platform: 'twitter',
      text: `parcel corner ${SIGNAL.positive} street.`,
      postedAt: '2024-06-01T09:00:00Z',
    });
    const list = (await sessionApi(page, 'GET', '/api/v1/feedback?platform=twitter')) as {
      items: { id: string }[];
    };
    expect(list.items).toHaveLength(1);
    await page.goto(`/#/feedback/${list.items[0]!.id}`);
    await page.getByTestId('analysis').waitFor();
    expect(await page.getByTestId('analysis-model').textContent()).toBe(
      "Lexicon + this workspace's model v2",
    );
    expect(await page.getByTestId('analysis-model').getAttribute('title')).toBe(
      'Analysed by baseline-lexicon@1+workspace-sentiment@2',
    );
  });

  it('shows a viewer the model without the Train button', async () => {
    await addMember(d.page, { ...VIEWER, role: 'viewer' });
    const context = await d.browser.newContext({ baseURL: d.url, locale: 'en-US', timezoneId: 'UTC' });
    try {
      const page = await context.newPage();
      await page.goto('/#/model');
      await page.getByTestId('login-email').fill(VIEWER.email);
      await page.getByTestId('login-password').fill(VIEWER.password);
      await page.getByTestId('login-submit').click();
      await page.getByTestId('model-current').waitFor();
      expect(await page.getByTestId('model-version').textContent()).toBe('2');
      expect(await page.getByTestId('model-readonly').textContent()).toContain('Admins and owners');
      expect(await page.getByTestId('model-train').count()).toBe(0);
      expect(await page.locator('.role-label').textContent()).toBe('viewer');
    } finally {
      await context.close();
    }
  });

  it('logged no page errors', () => {
    expect(d.errors).toEqual([]);
  });
});
