import { OWN_BRAND, QUILLBY, SALTFERN, type DemoBrand } from './brands.js';
import type { DemoKind } from './compose.js';
import { influencerReach, type DemoPerson, type People } from './people.js';
import { deal, type Rng } from './random.js';
import { LANGUAGE_PACKS, type DemoLanguage, type DemoTopic } from './templates/index.js';

export const DEMO_PLATFORMS = [
  'google',
  'yelp',
  'tripadvisor',
  'twitter',
  'instagram',
  'survey',
  'email',
  'ticket',
  'chat',
] as const;
export type DemoPlatform = (typeof DEMO_PLATFORMS)[number];

/** One item to write: everything but its words. */
export interface ItemSpec {
  brand: DemoBrand;
  platform: DemoPlatform;
  lang: DemoLanguage;
  kind: DemoKind;
  topic: DemoTopic;
  second: DemoTopic;
  /** Epoch milliseconds. */
  at: number;
  /** Part of the recent storm of delays and cancellations. */
  spike: boolean;
  /** Written by an account with 10k–200k followers. */
  influencer: boolean;
  /** A returning customer, shared with the person's other items. */
  person?: DemoPerson;
  /** Written by the ambassador: a promoter with reach who praises again and again. */
  ambassador?: boolean;
}

const DAY = 86_400_000;
const MINUTE = 60_000;
/**
 * The storm's worst evening: this many complaints within the hour a cruise was cancelled, spread
 * over its 5-minute steps, so that the live detector (at least 8 negatives in an hour, no step
 * holding most of them) raises the spike a newcomer can open on the alerts page.
 */
const BURST = { items: 16, minutes: 50 };
const LANGUAGE_SHARES: Record<DemoLanguage, number> = { en: 70, de: 15, zh: 10, es: 2.5, fr: 2.5 };
const KIND_SHARES: Record<DemoKind, number> = {
  praise: 39,
  complaint: 23,
  mixed: 18,
  question: 7,
  suggestion: 6,
  churn: 2.5,
  public: 1.2,
  legal: 0.4,
  safety: 0.4,
};
const SPIKE_KINDS = { complaint: 70, churn: 18, public: 12 } satisfies Partial<Record<DemoKind, number>>;
const TOPIC_WEIGHTS: Record<DemoTopic, number> = {
  booking: 10,
  price: 10,
  staff: 16,
  product: 20,
  delivery: 9,
  venue: 12,
  support: 8,
  returns: 6,
  cancellation: 7,
};
/** Competitors are only heard in public: nobody gets their surveys or their support mail. */
const PUBLIC_PLATFORMS = { google: 30, yelp: 15, tripadvisor: 20, twitter: 22, instagram: 13 };
const OWN_PLATFORMS = {
  google: 16,
  yelp: 9,
  tripadvisor: 11,
  twitter: 13,
  instagram: 8,
  survey: 17,
  email: 9,
  ticket: 10,
  chat: 7,
};
const PLATFORMS_BY_KIND: Partial<Record<DemoKind | 'spike', Partial<Record<DemoPlatform, number>>>> = {
  question: { twitter: 15, instagram: 8, email: 25, chat: 35, google: 5, ticket: 12 },
  legal: { email: 40, ticket: 30, google: 20, twitter: 10 },
  safety: { email: 40, ticket: 30, google: 20, twitter: 10 },
  public: { twitter: 40, instagram: 15, google: 25, tripadvisor: 10, email: 10 },
  spike: { twitter: 30, google: 20, tripadvisor: 5, ticket: 20, email: 10, chat: 15 },
};
const NEGATIVE_KINDS: ReadonlySet<DemoKind> = new Set(['complaint', 'mixed', 'churn', 'legal', 'public']);
export const DIRECT_PLATFORMS: ReadonlySet<DemoPlatform> = new Set(['survey', 'email', 'ticket', 'chat']);
export const SOCIAL_PLATFORMS: ReadonlySet<DemoPlatform> = new Set(['twitter', 'instagram']);

/** Decides who says what, where and when, in the target proportions. */
export function plan(rng: Rng, count: number, now: number, days: number): ItemSpec[] {
  const brands = deal(rng, count, { own: 60, quillby: 20, saltfern: 20 });
  const langs = deal(rng, count, LANGUAGE_SHARES);
  const spikeCount = Math.min(Math.round(count * 0.07), brands.filter((b) => b === 'own').length);
  const kinds = deal(rng, count - spikeCount, KIND_SHARES);
  const spikeKinds: DemoKind[] = deal(rng, spikeCount, SPIKE_KINDS);
  // The storm: the week from 19 to 12 days ago, peaking in its middle.
  const spikeStart = now - Math.min(19, days) * DAY;
  let spikesLeft = spikeCount;
  const burstItems = Math.min(BURST.items, spikeCount);
  const burstStart = spikeStart + 3.5 * DAY;
  let burst = 0;

  const specs = brands.map((b, i): ItemSpec => {
    const brand = { own: OWN_BRAND, quillby: QUILLBY, saltfern: SALTFERN }[b];
    const spike = brand === OWN_BRAND && spikesLeft-- > 0;
    const kind = (spike ? spikeKinds.pop() : kinds.pop()) ?? 'praise';
    const platform =
      brand !== OWN_BRAND
        ? rng.weighted<DemoPlatform>(PUBLIC_PLATFORMS)
        : rng.weighted<DemoPlatform>(PLATFORMS_BY_KIND[spike ? 'spike' : kind] ?? OWN_PLATFORMS);
    const topic: DemoTopic = spike
      ? rng.pick(['delivery', 'cancellation'] as const)
      : kind === 'safety'
        ? 'product'
        : pickTopic(rng, brand, platform, NEGATIVE_KINDS.has(kind));
    let second = pickTopic(rng, brand, platform, false);
    while (second === topic) second = pickTopic(rng, brand, platform, false);
    const inBurst = spike && burst < burstItems;
    const at = inBurst
      ? burstStart + (burst++ + rng.next()) * ((BURST.minutes * MINUTE) / burstItems)
      : spike
        ? spikeStart + ((rng.next() + rng.next()) / 2) * 7 * DAY
        : now - rng.next() * days * DAY;
    const lang = langs[i] ?? 'en';
    return {
      brand,
      platform,
      lang,
      kind,
      topic,
      second,
      at: Math.floor(at / 1000) * 1000,
      spike,
      influencer: false,
    };
  });

  for (const s of specs) if (s.kind === 'public' && SOCIAL_PLATFORMS.has(s.platform)) s.influencer = true;
  for (const s of specs.filter((s) => s.spike && s.platform === 'twitter').slice(0, 2)) s.influencer = true;
  return specs;
}

function pickTopic(rng: Rng, brand: DemoBrand, platform: DemoPlatform, negative: boolean): DemoTopic {
  if (negative && brand.weakSpot && rng.chance(0.55)) return brand.weakSpot;
  if (!DIRECT_PLATFORMS.has(platform)) return rng.weighted(TOPIC_WEIGHTS);
  // People write to support about bookings, refunds and cancellations more than about the view.
  const { booking, support, returns, cancellation } = TOPIC_WEIGHTS;
  const boost = {
    booking: booking * 3,
    support: support * 3,
    returns: returns * 3,
    cancellation: cancellation * 3,
  };
  return rng.weighted({ ...TOPIC_WEIGHTS, ...boost });
}

/**
 * Gives some of the own brand's items to returning customers: 2–4 items each, on direct channels
 * and social networks, in one language, so that customer history has something to show. The first
 * one is an ambassador: a promoter with many followers who praises again and again.
 */
export function weave(rng: Rng, specs: ItemSpec[], people: People, persons: number): void {
  for (let p = 0; p < persons; p++) {
    const ambassador = p === 0;
    const free = (s: ItemSpec) =>
      s.brand === OWN_BRAND && !s.person && !s.influencer && !(ambassador && s.spike);
    const anchors = specs.filter(
      (s) => free(s) && (ambassador ? s.platform === 'survey' : DIRECT_PLATFORMS.has(s.platform)),
    );
    if (anchors.length === 0) return;
    const anchor = rng.pick(anchors);
    const pool = specs.filter(
      (s) =>
        s !== anchor &&
        free(s) &&
        s.lang === anchor.lang &&
        (DIRECT_PLATFORMS.has(s.platform) || SOCIAL_PLATFORMS.has(s.platform)),
    );
    const social = pool.filter((s) => SOCIAL_PLATFORMS.has(s.platform));
    const chosen = [anchor];
    if (social.length > 0 && (ambassador || rng.chance(0.75))) chosen.push(rng.pick(social));
    const size = ambassador ? 4 : rng.int(2, 4);
    for (let rest = pool.filter((s) => !chosen.includes(s)); chosen.length < size && rest.length > 0;) {
      const next = rng.pick(rest);
      chosen.push(next);
      rest = rest.filter((s) => s !== next);
    }
    if (chosen.length < 2) continue;

    const person = people.person(LANGUAGE_PACKS[anchor.lang]);
    if (ambassador) person.reach = influencerReach(rng);
    for (const s of chosen) {
      s.person = person;
      if (ambassador) Object.assign(s, { kind: 'praise', ambassador: true });
      if (s.platform === 'twitter' || s.platform === 'instagram') people.handle(person, s.platform);
    }
  }
}
