/**
 * Identity normalisation (issue #14): customers are linked on exact, normalised identities only.
 * email → trimmed, lowercased; phone → E.164 (libphonenumber-js, national numbers read in a default
 * region); handle → per platform, lowercased, without '@'; marketplace id → per platform, as given
 * (trimmed); a CRM id → kind `external_id`, platform 'crm'.
 */
import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/min';
import type { CustomerIdentity } from './ports.js';

export const CRM_PLATFORM = 'crm';

/** The CRM columns for handles, and the platform slugs items use (KNOWN_PLATFORMS in feedback/schema.ts). */
export const HANDLE_PLATFORMS: Readonly<Record<string, string>> = {
  x: 'twitter',
  twitter: 'twitter',
  instagram: 'instagram',
  facebook: 'facebook',
  tiktok: 'tiktok',
};

/** E.164 of a phone number, or undefined when it is not a valid number. `region`: ISO 3166 alpha-2. */
export function normalisePhone(raw: string, region?: string): string | undefined {
  const text = raw.trim();
  if (text === '') return undefined;
  const parsed = parsePhoneNumberFromString(
    text.startsWith('00') ? `+${text.slice(2)}` : text,
    region ? (region.toUpperCase() as CountryCode) : undefined,
  );
  return parsed?.isValid() ? parsed.number : undefined;
}

export function normaliseEmail(raw: string): string | undefined {
  const v = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+$/.test(v) ? v : undefined;
}

export function normaliseHandle(raw: string): string | undefined {
  const v = raw.trim().replace(/^@+/, '').toLowerCase();
  return v === '' || /\s/.test(v) ? undefined : v;
}

/**
 * One identity normalised, or undefined when its value cannot be one (an e-mail without '@', a phone
 * that is not a number). `platform` is kept only for handles and marketplace ids; a CRM id (external_id
 * without platform) gets 'crm'.
 */
export function normaliseIdentity(
  identity: { kind: string; value: string; platform?: string | undefined },
  options: { region?: string | undefined } = {},
): CustomerIdentity | undefined {
  const { kind } = identity;
  const platform = (identity.platform ?? '').trim().toLowerCase();
  switch (kind) {
    case 'email': {
      const value = normaliseEmail(identity.value);
      return value ? { kind, platform: '', value } : undefined;
    }
    case 'phone': {
      const value = normalisePhone(identity.value, options.region);
      return value ? { kind, platform: '', value } : undefined;
    }
    case 'handle': {
      const value = normaliseHandle(identity.value);
      return value && platform ? { kind, platform, value } : undefined;
    }
    case 'marketplace_id': {
      const value = identity.value.trim();
      return value && platform ? { kind, platform, value } : undefined;
    }
    case 'external_id': {
      const value = identity.value.trim();
      return value ? { kind, platform: platform || CRM_PLATFORM, value } : undefined;
    }
    default:
      return undefined;
  }
}

/** Dedupes by (kind, platform, value), keeping the first. */
export function uniqueIdentities(ids: readonly CustomerIdentity[]): CustomerIdentity[] {
  const seen = new Set<string>();
  return ids.filter((i) => {
    const key = `${i.kind}\u0000${i.platform}\u0000${i.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The identities of a feedback item: those given with it (normalised; a phone in `region`), and its
 * author's handle on the item's platform.
 */
export function identitiesOfItem(
  input: {
    platform: string;
    author?: { handle?: string | undefined } | undefined;
    customer?:
      { identities?: readonly { kind: string; value: string; platform?: string | undefined }[] } | undefined;
  },
  options: { region?: string | undefined } = {},
): CustomerIdentity[] {
  const ids: CustomerIdentity[] = [];
  for (const i of input.customer?.identities ?? []) {
    const bound = i.kind === 'handle' || i.kind === 'marketplace_id';
    const n = normaliseIdentity(
      { ...i, platform: bound ? (i.platform ?? input.platform) : i.platform },
      options,
    );
    if (n) ids.push(n);
  }
  const handle = input.author?.handle && normaliseHandle(input.author.handle);
  if (handle) ids.push({ kind: 'handle', platform: input.platform, value: handle });
  return uniqueIdentities(ids);
}

/**
 * Handles mentioned in a text ("@anna_w"), normalised, at most `max`: in an e-mail they are evidence
 * (never proof) that the writer is the customer holding that handle on a social platform.
 */
export function mentionedHandles(text: string, max = 5): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(
    /(?:^|[^\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,29}[A-Za-z0-9_])?)(?![\w@])/g,
  )) {
    const h = normaliseHandle(m[1] ?? '');
    if (h) out.add(h);
    if (out.size >= max) break;
  }
  return [...out];
}

/** Name (or city) as compared for `name_city`: NFKD without diacritics, lowercased, single spaces. */
export function normaliseName(raw: string | null | undefined): string {
  return (raw ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/** The `name_city` key of a customer: only when both the name and the city are known. */
export function matchKey(name: string | null | undefined, city: string | null | undefined): string | null {
  const n = normaliseName(name);
  const c = normaliseName(city);
  return n && c ? `${n}|${c}` : null;
}

/**
 * Search terms of a customer: the words of its names and the whole names (normalised as
 * `normaliseName`), and its identity values (lowercased). Capped at 40 terms.
 */
export function searchTerms(
  names: readonly (string | null | undefined)[],
  identities: readonly CustomerIdentity[],
): string[] {
  const terms = new Set<string>();
  for (const name of names) {
    const n = normaliseName(name);
    if (!n) continue;
    terms.add(n);
    // The first word is a prefix of the whole name, which is a term already.
    for (const w of n.split(' ').slice(1)) if (w.length > 0) terms.add(w);
  }
  for (const i of identities) {
    const v = i.value.toLowerCase();
    terms.add(v);
    if (i.kind === 'phone' && v.startsWith('+')) terms.add(v.slice(1));
  }
  return [...terms].filter((t) => t.length <= 200).slice(0, 40);
}

/** A search box's text as a term prefix: an e-mail or handle lowercased, a name normalised. */
export function searchPrefix(q: string, region?: string): string {
  const t = q.trim();
  if (t.includes('@') && !t.startsWith('@')) return t.toLowerCase();
  if (t.startsWith('@')) return normaliseHandle(t) ?? '';
  if (/^[+\d][\d\s()./-]{5,}$/.test(t)) {
    const phone = normalisePhone(t, region);
    return phone ?? t.replace(/[^\d+]/g, '');
  }
  return normaliseName(t);
}

/** 'MM-DD' of an ISO date. */
export const monthDay = (date: string | null | undefined): string | null =>
  date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date.slice(5) : null;
