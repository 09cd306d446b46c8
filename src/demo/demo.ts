import type { FeedbackInput } from '../core/feedback/schema.js';
import { DEMO_BRANDS, OWN_BRAND } from './brands.js';
import { createPeople } from './people.js';
import { plan, weave } from './plan.js';
import { createRng } from './random.js';
import { render } from './render.js';

/** The name of the demo workspace: it must never be mistaken for a real business. */
export const DEMO_WORKSPACE_NAME = `Demo — ${OWN_BRAND.name}`;

export interface DemoData {
  brands: { name: string; kind: 'own' | 'competitor' }[];
  items: FeedbackInput[];
}

export interface DemoOptions {
  /** The end of the period the items are spread over. Default: the current time. */
  now?: Date;
  seed?: number;
  /** How many items, all brands together. */
  count?: number;
}

const DEFAULTS = { seed: 1, count: 600, days: 120 } satisfies Required<Omit<DemoOptions, 'now'>> & {
  days: number;
};

/**
 * The feedback of an invented harbour bistro with dinner cruises and its two invented competitors,
 * over the last 120 days: reviews, social posts, NPS surveys, e-mails, tickets and chats in five
 * languages, with returning customers and a storm of delays and cancellations two weeks ago.
 * The same seed and `now` give the same items.
 *
 * @example
 * const { brands, items } = demoData({ now: new Date('2025-06-01T00:00:00Z'), seed: 7 });
 */
export function demoData(options: DemoOptions = {}): DemoData {
  const now = (options.now ?? new Date()).getTime();
  const n = Math.max(0, Math.floor(options.count ?? DEFAULTS.count));
  const rng = createRng(options.seed ?? DEFAULTS.seed);
  const people = createPeople(rng);

  const specs = plan(rng, n, now, DEFAULTS.days);
  weave(rng, specs, people, Math.round(n / 30));
  specs.sort((a, b) => a.at - b.at);
  return {
    brands: DEMO_BRANDS.map(({ name, kind }) => ({ name, kind })),
    items: specs.map((spec, i) => render(rng, people, spec, `demo-${i + 1}`)),
  };
}
