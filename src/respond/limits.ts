/**
 * Length limits of public replies per platform, and how each platform counts length.
 *
 * Only limits we could confirm in the platform's own documentation are exact; where we could not,
 * the number is a conservative cap well under anything the platform accepts, so a draft that fits
 * here always fits there. A reply that only the customer sees (e-mail, chat, tickets) has no limit.
 */

/** How a platform counts: code points, X's weighted count, or UTF-8 bytes. */
export type LengthUnit = 'chars' | 'weighted' | 'bytes';

export interface PlatformLimit {
  limit: number | null;
  unit: LengthUnit;
  /** Where the number comes from, for the UI and for whoever updates it. */
  source: string;
}

const CONSERVATIVE = 'conservative cap: no documented limit we could confirm';

/**
 * Known platforms by slug. X counts CJK characters and emoji twice (twitter-text weighting); the
 * Google Business Profile API limits `ReviewReply.comment` to 4096 bytes, not characters.
 */
export const PLATFORM_LIMITS = {
  twitter: { limit: 280, unit: 'weighted', source: 'X: 280 weighted characters (twitter-text v3)' },
  x: { limit: 280, unit: 'weighted', source: 'X: 280 weighted characters (twitter-text v3)' },
  google: {
    limit: 4096,
    unit: 'bytes',
    source: 'Google Business Profile API: ReviewReply.comment ≤ 4096 bytes',
  },
  google_play: {
    limit: 350,
    unit: 'chars',
    source: 'Google Play Developer API reviews.reply: replies over ~350 characters are rejected',
  },
  apple: { limit: 5970, unit: 'chars', source: 'App Store Connect: responses up to 5970 characters' },
  app_store: { limit: 5970, unit: 'chars', source: 'App Store Connect: responses up to 5970 characters' },
  facebook: { limit: 8000, unit: 'chars', source: 'Facebook: comments up to 8000 characters' },
  instagram: { limit: 2200, unit: 'chars', source: 'Instagram: comments up to 2200 characters' },
  tripadvisor: {
    limit: 5000,
    unit: 'chars',
    source: 'Tripadvisor management responses: up to 5000 characters',
  },
  yelp: { limit: 1000, unit: 'chars', source: CONSERVATIVE },
  trustpilot: { limit: 1000, unit: 'chars', source: CONSERVATIVE },
  amazon: { limit: 1000, unit: 'chars', source: CONSERVATIVE },
  taobao: { limit: 500, unit: 'chars', source: CONSERVATIVE },
  email: { limit: null, unit: 'chars', source: 'private: no limit' },
  chat: { limit: null, unit: 'chars', source: 'private: no limit' },
  ticket: { limit: null, unit: 'chars', source: 'private: no limit' },
  survey: { limit: null, unit: 'chars', source: 'private: no limit' },
} satisfies Record<string, PlatformLimit>;

/** Any other platform: we do not know its limit, so stay short. */
export const UNKNOWN_PLATFORM_LIMIT: PlatformLimit = { limit: 1000, unit: 'chars', source: CONSERVATIVE };

const ALIASES: Record<string, keyof typeof PLATFORM_LIMITS> = {
  'x.com': 'x',
  'twitter.com': 'twitter',
  google_business: 'google',
  google_maps: 'google',
  gbp: 'google',
  googleplay: 'google_play',
  play_store: 'google_play',
  appstore: 'app_store',
  app_store_connect: 'app_store',
  ios: 'app_store',
  mail: 'email',
  'e-mail': 'email',
  support_ticket: 'ticket',
};

/** The limit entry of a platform slug (case and `-`/space insensitive). */
export function platformLimitInfo(platform: string): PlatformLimit {
  const slug = platform
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
  const key = (slug in PLATFORM_LIMITS ? slug : ALIASES[slug]) as keyof typeof PLATFORM_LIMITS | undefined;
  return key ? PLATFORM_LIMITS[key] : UNKNOWN_PLATFORM_LIMIT;
}

/**
 * The most a reply on this platform may count (in the platform's own unit, see `replyLength`),
 * or null when a reply there has no limit (e-mail, chat).
 *
 * @example platformLimit('twitter') // 280
 */
export function platformLimit(platform: string): number | null {
  return platformLimitInfo(platform).limit;
}

const UTF8 = new TextEncoder();
const URL = /https?:\/\/\S+/gu;
/** X counts a link as 23 whatever its length. */
const X_URL_WEIGHT = 23;

/** twitter-text v3: these code points weigh 1, everything else (CJK, emoji, …) weighs 2. */
function xWeight(codePoint: number): number {
  const light =
    codePoint <= 0x10ff ||
    (codePoint >= 0x2000 && codePoint <= 0x200d) ||
    (codePoint >= 0x2010 && codePoint <= 0x201f) ||
    (codePoint >= 0x2032 && codePoint <= 0x2037);
  return light ? 1 : 2;
}

/** The length of a reply as the platform counts it. */
export function replyLength(text: string, platform: string): number {
  const { unit } = platformLimitInfo(platform);
  const normal = text.normalize('NFC');
  switch (unit) {
    case 'bytes':
      return UTF8.encode(normal).length;
    case 'chars':
      return [...normal].length;
    case 'weighted': {
      let length = 0;
      const rest = normal.replace(URL, () => {
        length += X_URL_WEIGHT;
        return '';
      });
      for (const ch of rest) length += xWeight(ch.codePointAt(0) ?? 0);
      return length;
    }
  }
}

/** Whether a reply fits the platform's limit. */
export function fitsPlatform(text: string, platform: string): boolean {
  const limit = platformLimit(platform);
  return limit === null || replyLength(text, platform) <= limit;
}
