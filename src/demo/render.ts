import { channelOf, type FeedbackInput } from '../core/feedback/schema.js';
import { DEMO_BRANDS } from './brands.js';
import { compose, type DemoKind } from './compose.js';
import { influencerReach, type People } from './people.js';
import { DIRECT_PLATFORMS, SOCIAL_PLATFORMS, type ItemSpec } from './plan.js';
import type { Rng } from './random.js';
import { LANGUAGE_PACKS } from './templates/index.js';

type Tone = 'pos' | 'neg' | 'mixed';
const TONE: Record<DemoKind, Tone> = {
  praise: 'pos',
  question: 'pos',
  suggestion: 'pos',
  mixed: 'mixed',
  complaint: 'neg',
  churn: 'neg',
  legal: 'neg',
  safety: 'neg',
  public: 'neg',
};
const EMOJI = { pos: ['😍', '🙌', '⚓', '👏'], neg: ['😡', '🙄', '👎', '😤'], mixed: ['🤷', '😕'] };
/** How often a rating or score disagrees with the words, as real ones do. */
const NOISE = 0.07;

const clamp = (n: number, min: number, max: number) => Math.min(max, Math.max(min, n));

/** Writes one item: its words in its language, dressed for its platform. */
export function render(rng: Rng, people: People, spec: ItemSpec, externalId: string): FeedbackInput {
  const { brand, platform, kind } = spec;
  const pack = LANGUAGE_PACKS[spec.lang];
  const person = spec.person ?? people.person(pack);
  const social = SOCIAL_PLATFORMS.has(platform);
  const competitor = rng.pick(DEMO_BRANDS.filter((b) => b !== brand)).short;
  const short = social || platform === 'chat';
  const body = compose(pack, rng, { ...spec, brand: brand.short, competitor, short });
  const tone = TONE[kind];
  const fill = (s: string) => s.replaceAll('{topic}', pack.topicNames[spec.topic]);

  const item: FeedbackInput = {
    externalId,
    platform,
    channel: channelOf({ platform }),
    brand: brand.name,
    text: body.text,
    postedAt: new Date(spec.at).toISOString(),
  };
  if (!DIRECT_PLATFORMS.has(platform)) item.url = `https://example.com/demo/${platform}/${externalId}`;

  if (channelOf({ platform }) === 'review') {
    item.rating = spec.ambassador ? 5 : rating(rng, kind, body.endsNegative);
    item.author = { name: person.reviewName };
    if (platform === 'tripadvisor') item.title = rng.pick(pack.titles[tone]);
  } else if (social) {
    const handle = people.handle(person, platform === 'twitter' ? 'twitter' : 'instagram');
    const emoji = rng.chance(0.5) ? ` ${rng.pick(EMOJI[tone])}` : '';
    item.text =
      platform === 'twitter'
        ? `${brand.handle} ${body.text}${emoji}`
        : `${body.text}${emoji} ${brand.hashtag} #harbourlife`;
    item.author = { handle, name: person.name, reach: spec.influencer ? influencerReach(rng) : person.reach };
    if (spec.person)
      item.customer = { name: person.name, identities: [{ kind: 'handle', platform, value: handle }] };
  } else {
    const handles = Object.entries(person.handles).map(([p, value]) => ({
      kind: 'handle' as const,
      platform: p,
      value,
    }));
    const identities = [{ kind: 'email' as const, value: person.email }, ...handles];
    // Chat visitors are often anonymous; everyone else wrote from an address.
    if (platform !== 'chat' || spec.person || rng.chance(0.5))
      item.customer = { name: person.name, identities };
    if (platform === 'survey')
      item.score = { kind: 'nps', value: spec.ambassador ? 10 : nps(rng, kind, body.endsNegative) };
    if (platform === 'email' || platform === 'ticket') {
      const subjects =
        kind === 'question' ? pack.subjects.question : pack.subjects[tone === 'pos' ? 'pos' : 'neg'];
      item.title = fill(rng.pick(subjects));
    }
    if (platform === 'email') {
      item.text = `${pack.greeting}\n\n${body.text}\n\n${pack.signoff}\n${person.name}`;
    }
  }
  return item;
}

/** Stars that mostly agree with the words (the last impression of a mixed review weighs most). */
function rating(rng: Rng, kind: DemoKind, endsNegative: boolean): number {
  const stars = {
    praise: () => (rng.chance(0.7) ? 5 : 4),
    question: () => rng.int(4, 5),
    suggestion: () => rng.int(3, 5),
    mixed: () => (endsNegative ? rng.int(2, 3) : rng.int(3, 4)),
    complaint: () => (rng.chance(0.55) ? 1 : 2),
    churn: () => 1,
    legal: () => 1,
    safety: () => 1,
    public: () => 1,
  }[kind]();
  return rng.chance(NOISE) ? clamp(stars + rng.pick([-2, -1, 1, 2]), 1, 5) : stars;
}

/** An NPS answer, 0–10, that mostly agrees with the follow-up comment. */
function nps(rng: Rng, kind: DemoKind, endsNegative: boolean): number {
  const score = {
    praise: () => (rng.chance(0.85) ? rng.int(9, 10) : 8),
    question: () => rng.int(7, 10),
    suggestion: () => rng.int(7, 9),
    mixed: () => (endsNegative ? rng.int(4, 7) : rng.int(6, 8)),
    complaint: () => rng.int(0, 6),
    churn: () => rng.int(0, 2),
    legal: () => rng.int(0, 2),
    safety: () => rng.int(0, 2),
    public: () => rng.int(0, 2),
  }[kind]();
  return rng.chance(NOISE) ? clamp(score + rng.pick([-3, -2, 2, 3]), 0, 10) : score;
}
