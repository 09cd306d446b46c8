/**
 * What each review platform allows a business to ask (issue #15), as data the UI shows beside each
 * link and the commands obey. Pure: no I/O.
 *
 * The rules common to every platform that allows asking: no gating (the same invitation to every
 * customer, whatever they scored — Google: "don't selectively solicit positive reviews"), never ask
 * for a rating or a number of stars, no incentives. The request commands never read a customer's
 * score, and the wording (`mail.ts`) is the same for everyone. Yelp forbids asking at all.
 */

export const REVIEW_PLATFORMS = [
  'google',
  'tripadvisor',
  'trustpilot',
  'facebook',
  'appstore',
  'playstore',
  'amazon',
  'yelp',
] as const;
export type ReviewPlatform = (typeof REVIEW_PLATFORMS)[number];

/** The workspace's own referral programme: a link like the platforms', for kind `referral`. */
export const REFERRAL = 'referral';
/** Everything a link may be saved for. */
export const LINK_PLATFORMS = [...REVIEW_PLATFORMS, REFERRAL] as const;
export type LinkPlatform = (typeof LINK_PLATFORMS)[number];

export const REQUEST_KINDS = ['review', 'referral'] as const;
export type RequestKind = (typeof REQUEST_KINDS)[number];

export interface PlatformRule {
  platform: LinkPlatform;
  label: string;
  /** Whether a business may ask its customers for reviews there at all. */
  allowsRequests: boolean;
  /** One line, shown in the UI beside the platform's link. */
  explanation: string;
  /** The platform's own policy page. */
  policyUrl: string;
}

const NO_GATING =
  'Same invitation to every customer whatever their score; never ask for a rating or stars; no incentives.';

export const PLATFORM_RULES: Record<LinkPlatform, PlatformRule> = {
  google: {
    platform: 'google',
    label: 'Google',
    allowsRequests: true,
    explanation: `Google allows asking, but not selectively soliciting positive reviews. ${NO_GATING}`,
    policyUrl: 'https://support.google.com/contributionpolicy/answer/7400114',
  },
  tripadvisor: {
    platform: 'tripadvisor',
    label: 'Tripadvisor',
    allowsRequests: true,
    explanation: `Tripadvisor allows asking every guest; no pre-screening and no incentive of any kind. ${NO_GATING}`,
    policyUrl:
      'https://www.tripadvisor.com/TripAdvisorInsights/n542/encourage-reviews-right-way-without-incentives',
  },
  trustpilot: {
    platform: 'trustpilot',
    label: 'Trustpilot',
    allowsRequests: true,
    explanation: `Trustpilot requires inviting customers without selecting them by their opinion. ${NO_GATING}`,
    policyUrl: 'https://legal.trustpilot.com/for-businesses/guidelines-for-businesses',
  },
  facebook: {
    platform: 'facebook',
    label: 'Facebook',
    allowsRequests: true,
    explanation: `Facebook recommendations must be genuine and unpaid. ${NO_GATING}`,
    policyUrl: 'https://transparency.meta.com/policies/community-standards/',
  },
  appstore: {
    platform: 'appstore',
    label: 'App Store',
    allowsRequests: true,
    explanation: `Apple forbids manipulating ratings and rewarding reviews. ${NO_GATING}`,
    policyUrl: 'https://developer.apple.com/app-store/review/guidelines/',
  },
  playstore: {
    platform: 'playstore',
    label: 'Google Play',
    allowsRequests: true,
    explanation: `Google Play forbids incentivised and manipulated ratings. ${NO_GATING}`,
    policyUrl: 'https://support.google.com/googleplay/android-developer/answer/9898684',
  },
  amazon: {
    platform: 'amazon',
    label: 'Amazon',
    allowsRequests: true,
    explanation: `Amazon allows a neutral request; asking only for positive reviews or paying for them is forbidden. ${NO_GATING}`,
    policyUrl: 'https://sellercentral.amazon.com/help/hub/reference/external/G201749580',
  },
  yelp: {
    platform: 'yelp',
    label: 'Yelp',
    allowsRequests: false,
    explanation: 'Yelp does not allow asking for reviews: no requests are sent for Yelp.',
    policyUrl: 'https://www.yelp-support.com/article/Don-t-Ask-for-Reviews?l=en_US',
  },
  referral: {
    platform: 'referral',
    label: 'Referral programme',
    allowsRequests: true,
    explanation:
      'Your own referral programme: inviting promoters to recommend you is allowed; it is not a public review.',
    policyUrl: '',
  },
};

/** Whether `platform` is one of the catalogue's. */
export const isLinkPlatform = (platform: string): platform is LinkPlatform =>
  (LINK_PLATFORMS as readonly string[]).includes(platform);

export type RequestDecision =
  | { ok: true; platform: LinkPlatform }
  | { ok: false; reason: 'platform_forbids' | 'unknown_platform' | 'wrong_kind'; explanation: string };

/**
 * Whether a request of `kind` may go to `platform`. It takes no customer and no score: the answer is
 * the same for everyone (no gating).
 *
 * @example decideRequest('yelp', 'review') // { ok: false, reason: 'platform_forbids', … }
 */
export function decideRequest(platform: string, kind: RequestKind): RequestDecision {
  if (!isLinkPlatform(platform))
    return {
      ok: false,
      reason: 'unknown_platform',
      explanation: `Unknown platform "${platform}"; one of ${LINK_PLATFORMS.join(', ')}.`,
    };
  if ((kind === 'referral') !== (platform === REFERRAL))
    return {
      ok: false,
      reason: 'wrong_kind',
      explanation:
        kind === 'referral'
          ? 'A referral goes to the referral programme (platform "referral").'
          : 'The referral programme takes requests of kind "referral".',
    };
  const rule = PLATFORM_RULES[platform];
  return rule.allowsRequests
    ? { ok: true, platform }
    : { ok: false, reason: 'platform_forbids', explanation: rule.explanation };
}

/** A link a business may save: http(s) only, no credentials in it, at most 2,000 characters. */
export function checkPlatformUrl(raw: string): { ok: true; url: string } | { ok: false; message: string } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { ok: false, message: 'must be an absolute http(s) URL' };
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    return { ok: false, message: 'must be an http(s) URL' };
  if (u.username !== '' || u.password !== '') return { ok: false, message: 'must not carry credentials' };
  const url = u.toString();
  if (url.length > 2_000) return { ok: false, message: 'must be at most 2,000 characters' };
  return { ok: true, url };
}
