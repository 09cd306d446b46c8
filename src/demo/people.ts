import type { Rng } from './random.js';
import type { LanguagePack } from './templates/index.js';

export type SocialPlatform = 'twitter' | 'instagram';

/** An invented customer. Addresses use the reserved example domains only (RFC 2606). */
export interface DemoPerson {
  name: string;
  /** How review sites show the author: "Emma C.". */
  reviewName: string;
  email: string;
  handles: Partial<Record<SocialPlatform, string>>;
  /** Followers: heavy-tailed, most people have a few hundred. */
  reach: number;
}

const DOMAINS = ['example.com', 'example.org', 'example.net'];
const HANDLE_WORDS = ['eats', 'travels', 'sails', 'foodie', 'harbour', 'daily', 'bites', 'onboard'];

/** Pareto-distributed follower counts (α < 1: a few accounts reach tens of thousands), capped. */
export function followers(rng: Rng): number {
  return Math.min(200_000, Math.floor(40 / Math.pow(1 - rng.next(), 1 / 0.85)));
}

/** Log-uniform between 10k and 200k: an influencer. */
export function influencerReach(rng: Rng): number {
  return Math.round(10_000 * Math.pow(20, rng.next()));
}

/** Makes people with unique e-mail addresses and handles. */
export function createPeople(rng: Rng) {
  const taken = new Set<string>();
  const unique = (base: (suffix: string) => string) => {
    let value = base('');
    while (taken.has(value)) value = base(String(rng.int(2, 999)));
    taken.add(value);
    return value;
  };
  const split = (entry: string) => {
    const [display = entry, latin] = entry.split('/');
    const ascii = (latin ?? display).replaceAll('ß', 'ss').normalize('NFD').replace(/\p{M}/gu, '');
    return { display, latin: ascii.toLowerCase() };
  };

  return {
    person(pack: LanguagePack): DemoPerson {
      const first = split(rng.pick(pack.people.first));
      const last = split(rng.pick(pack.people.last));
      const familyFirst = pack.people.familyFirst === true;
      const domain = rng.pick(DOMAINS);
      return {
        name: familyFirst ? last.display + first.display : `${first.display} ${last.display}`,
        reviewName: familyFirst
          ? last.display + first.display
          : `${first.display} ${last.display.charAt(0)}.`,
        email: unique((n) => `${first.latin}.${last.latin}${n}@${domain}`),
        handles: {},
        reach: followers(rng),
      };
    },
    /** The person's handle on a social platform, invented the first time it is needed. */
    handle(person: DemoPerson, platform: SocialPlatform): string {
      const local = person.email.split('@')[0]?.split('.')[0] ?? 'guest';
      person.handles[platform] ??= unique((n) => `@${local}_${rng.pick(HANDLE_WORDS)}${n}`);
      return person.handles[platform];
    },
  };
}
export type People = ReturnType<typeof createPeople>;
