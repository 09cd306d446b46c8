/**
 * Screenshots of the dashboard with realistic data, for looking at by hand (not a test):
 *
 *   npm run build:web && node --import tsx test/browser/screenshots.ts [outDir]
 *
 * Writes setup, explorer, filtered explorer, item detail, import, API keys, brands, journey and members
 * pages
 * as PNGs to outDir (default .tmp/screenshots).
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { FIXTURES, importThroughUi, REPO, sessionApi, setupThroughUi, startDashboard } from './harness.js';

interface Seed {
  externalId: string;
  platform: string;
  brand?: string;
  rating?: number;
  score?: { kind: 'nps' | 'csat' | 'ces'; value: number };
  title?: string;
  text: string;
  author?: { name?: string; handle?: string; reach?: number };
  url?: string;
  daysAgo: number;
}

const SEEDS: Seed[] = [
  {
    externalId: 'g-101',
    platform: 'google',
    rating: 2,
    title: 'Birthday dinner ruined',
    text: "We booked a table for my mother's 70th birthday. The food was great but the waiter was rude and we waited an hour for dessert. Nobody apologised. I will tell everyone I know.",
    author: { name: 'Maria Lopez', reach: 1200 },
    url: 'https://maps.google.com/?cid=1',
    daysAgo: 1,
  },
  {
    externalId: 'y-202',
    platform: 'yelp',
    rating: 5,
    title: 'Best seafood on the harbor',
    text: 'Fresh oysters, friendly staff and a lovely view. The chef even came out to say hello. Highly recommended!',
    author: { name: 'Daniel Kim', handle: 'dkim', reach: 340 },
    url: 'https://www.yelp.com/biz/harbor-bistro',
    daysAgo: 2,
  },
  {
    externalId: 't-303',
    platform: 'twitter',
    text: '@HarborBistro charged twice for the same meal and support has not answered in 5 days. I want a refund or I am going to my bank.',
    author: { handle: 'jess_travels', name: 'Jess', reach: 48200 },
    url: 'https://x.com/jess_travels/status/1',
    daysAgo: 0,
  },
  {
    externalId: 'tp-404',
    platform: 'trustpilot',
    rating: 4,
    text: 'Online booking was easy and the table was ready on time. Prices are a bit high for the portion size.',
    author: { name: 'Peter Novak' },
    daysAgo: 3,
  },
  {
    externalId: 'g-105',
    platform: 'google',
    rating: 1,
    text: 'Found a piece of glass in my salad. This is a safety issue and I have contacted a lawyer.',
    author: { name: 'Anonymous' },
    daysAgo: 1,
  },
  {
    externalId: 's-501',
    platform: 'survey',
    score: { kind: 'nps', value: 9 },
    text: 'Great service every time, the staff remember our names.',
    author: { name: 'Regular guest' },
    daysAgo: 4,
  },
  {
    externalId: 's-502',
    platform: 'survey',
    score: { kind: 'nps', value: 3 },
    text: 'The new menu is confusing and the music is too loud to talk.',
    daysAgo: 5,
  },
  {
    externalId: 'ta-601',
    platform: 'tripadvisor',
    rating: 3,
    title: 'Good food, slow service',
    text: 'Das Essen war ausgezeichnet, aber die Bedienung war sehr langsam. Wir mussten 40 Minuten auf die Rechnung warten.',
    author: { name: 'Klaus Becker' },
    daysAgo: 6,
  },
  {
    externalId: 'ta-602',
    platform: 'tripadvisor',
    rating: 5,
    text: '环境很好，服务热情，海鲜非常新鲜。下次还会再来！',
    author: { name: '王芳' },
    daysAgo: 7,
  },
  {
    externalId: 'g-106',
    platform: 'google',
    rating: 4,
    text: 'Le poisson était délicieux et le service rapide. Un peu bruyant le samedi soir.',
    author: { name: 'Claire Martin' },
    daysAgo: 8,
  },
  {
    externalId: 'fb-701',
    platform: 'facebook',
    text: 'Is the terrace open on Mondays? Would love to bring the kids for lunch.',
    author: { name: 'Sam Okafor', reach: 820 },
    daysAgo: 2,
  },
  {
    externalId: 'y-203',
    platform: 'yelp',
    brand: 'Dockside Grill',
    rating: 2,
    text: 'Overpriced burgers and the parking is a nightmare. Service was friendly though.',
    author: { name: 'Lena Fischer' },
    daysAgo: 3,
  },
  {
    externalId: 'g-107',
    platform: 'google',
    brand: 'Dockside Grill',
    rating: 5,
    text: 'Amazing cocktails and a great happy hour. The bartender was fantastic.',
    author: { name: 'Chris Hall' },
    daysAgo: 9,
  },
  {
    externalId: 'em-801',
    platform: 'email',
    title: 'Lost reservation',
    text: 'I reserved a table for eight for Saturday and when we arrived there was no record of it. Very disappointing, we had guests from abroad.',
    author: { name: 'Hannah Cole' },
    daysAgo: 10,
  },
  {
    externalId: 'g-108',
    platform: 'google',
    rating: 5,
    text: 'Wonderful anniversary dinner. They surprised us with a small cake. Thank you!',
    author: { name: 'Tom & Ivy' },
    daysAgo: 11,
  },
  {
    externalId: 'as-901',
    platform: 'appstore',
    rating: 1,
    title: 'App crashes at checkout',
    text: 'The ordering app crashes every time I try to pay. Please fix it.',
    author: { handle: 'ios_user_77' },
    daysAgo: 12,
  },
];

function seedInputs(seeds: Seed[]) {
  const now = Date.now();
  return seeds.map(({ daysAgo, ...s }) => ({
    ...s,
    postedAt: new Date(now - daysAgo * 86_400_000 - 3_600_000 * (s.externalId.length % 7)).toISOString(),
  }));
}

async function main(): Promise<void> {
  const outDir = path.resolve(process.argv[2] ?? path.join(REPO, '.tmp/screenshots'));
  await mkdir(outDir, { recursive: true });
  const d = await startDashboard();
  const shot = async (name: string, fullPage = true) => {
    await d.page.waitForTimeout(300); // let transitions settle
    await d.page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage });
    console.log(path.join(outDir, `${name}.png`));
  };
  try {
    const { page } = d;
    await page.goto('/');
    await page.getByTestId('setup-form').waitFor();
    await shot('01-setup', false);
    await setupThroughUi(page);

    await sessionApi(page, 'POST', '/api/v1/feedback', { items: seedInputs(SEEDS) });
    // An edited review: a new version of the same item.
    const first = SEEDS[0]!;
    await sessionApi(page, 'POST', '/api/v1/feedback', {
      ...seedInputs([first])[0],
      rating: 3,
      text: `${first.text} UPDATE: the manager called us and offered a dinner on the house. Much appreciated.`,
    });

    await importThroughUi(page, path.join(FIXTURES, 'reviews.csv'));
    await shot('04-import');

    await page.goto('/#/feedback');
    await page.getByTestId('feedback-row').first().waitFor();
    await shot('02-explorer');

    await page.getByTestId('chip-negative').click();
    await page.getByTestId('filter-platform').selectOption('google');
    await page.waitForTimeout(500);
    await shot('02b-explorer-filtered', false);

    await page.goto('/#/feedback?q=birthday');
    await page.getByTestId('feedback-link').first().click();
    await page.getByTestId('analysis').waitFor();
    await shot('03-detail');

    await page.goto('/#/feedback?q=refund');
    await page.getByText('charged twice').first().click();
    await page.getByTestId('analysis').waitFor();
    await shot('03b-detail-urgent');

    await page.goto('/#/keys');
    await page.getByTestId('key-name').fill('Zendesk sync');
    await page.getByTestId('key-scope-feedback:read').check();
    await page.getByTestId('key-create').click();
    await page.getByTestId('new-key').waitFor();
    await shot('05-keys');

    await page.goto('/#/brands');
    const dockside = page.getByTestId('brand-row').filter({ hasText: 'Dockside Grill' });
    await dockside.getByTestId('brand-kind-select').selectOption('competitor');
    await page.getByTestId('brand-row').first().getByTestId('brand-rename').click();
    await shot('07-brands');
    await page.keyboard.press('Escape');

    await page.goto('/#/journey?tab=taxonomy');
    await page.getByTestId('journey-stage').first().waitFor();
    await shot('08-journey');

    await page.goto('/#/members');
    // Members are invited (issue #11): without SMTP the owner gets the link to pass on.
    for (const [email, role] of [
      ['sam@example.com', 'agent'],
      ['ana@example.com', 'admin'],
    ] as const) {
      await page.getByTestId('new-member-email').fill(email);
      await page.getByTestId('new-member-role').selectOption(role);
      await page.getByTestId('member-invite').click();
      await page.getByTestId('invitation-link-value').waitFor();
    }
    await shot('11-members');

    await page.getByTestId('new-workspace').click();
    await page.getByTestId('new-workspace-name').fill('Dockside Grill');
    await shot('06-new-workspace', false);

    if (d.errors.length > 0) console.error('Page errors:\n' + d.errors.join('\n'));
  } finally {
    await d.close();
  }
}

await main();
