/** The explorer's filters live in the URL hash query, so a filtered view can be bookmarked and shared. */
import type { FeedbackFilters } from '../api';

export const FILTER_KEYS = [
  'q',
  'brand',
  'platform',
  'channel',
  'sentiment',
  'touchpoint',
  'intent',
  'language',
  'ratingMin',
  'ratingMax',
  'from',
  'to',
  'segment',
  'sort',
] as const;
export type FilterKey = (typeof FILTER_KEYS)[number];
export type FilterValues = Partial<Record<FilterKey, string>>;

export const SORTS = [
  { value: '-postedAt', label: 'Newest first' },
  { value: 'postedAt', label: 'Oldest first' },
  { value: '-urgency', label: 'Most urgent' },
  { value: '-rating', label: 'Highest rating' },
  { value: 'rating', label: 'Lowest rating' },
] as const;

export const CHANNELS = ['review', 'social', 'survey', 'email', 'chat', 'ticket', 'call', 'other'] as const;

export const PLATFORMS = [
  'google',
  'yelp',
  'tripadvisor',
  'trustpilot',
  'amazon',
  'taobao',
  'appstore',
  'playstore',
  'twitter',
  'facebook',
  'instagram',
  'survey',
  'email',
  'chat',
  'ticket',
  'call',
  'web',
  'other',
] as const;

export const LANGUAGES = ['en', 'de', 'zh', 'es', 'fr', 'it', 'pt', 'nl', 'ja', 'und'] as const;

export { INTENTS } from '../../../analysis/types.js';

export function filtersFromQuery(query: URLSearchParams): FilterValues {
  const out: FilterValues = {};
  for (const key of FILTER_KEYS) {
    const v = query.get(key);
    if (v) out[key] = v;
  }
  return out;
}

/** `2024-05-01` (a local calendar day) → the ISO instant its start or end falls on. */
function dayBound(day: string | undefined, end: boolean): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The filters as the API takes them: calendar days become ISO instants. */
export function toApiFilters(values: FilterValues): FeedbackFilters {
  return { ...values, from: dayBound(values.from, false), to: dayBound(values.to, true) };
}

export function stableKey(values: FilterValues): string {
  return FILTER_KEYS.map((k) => `${k}=${values[k] ?? ''}`).join('&');
}
