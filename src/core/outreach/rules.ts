/**
 * Contact rules (issue #15): whether one ask (a survey invitation, a review request, a referral)
 * may reach a customer, and when. Pure: the facts come from the store in batches, the time from the
 * caller's clock. The same decision runs when an ask is scheduled and again when it is sent, so a
 * case opened or an unsubscribe in between suppresses it.
 */

export const ASK_KINDS = ['survey', 'review_request', 'referral'] as const;
export type AskKind = (typeof ASK_KINDS)[number];

export const CONTACT_CHANNELS = ['email'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONSENT_STATUSES = ['granted', 'unsubscribed'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

export const CONSENT_SOURCES = ['unsubscribe_link', 'import', 'agent', 'api'] as const;
export type ConsentSource = (typeof CONSENT_SOURCES)[number];

/** `sending`: claimed by the job that mails it (a second run of the job does not send it again). */
export const SEND_STATUSES = ['scheduled', 'sending', 'sent', 'suppressed', 'failed'] as const;
export type SendStatus = (typeof SEND_STATUSES)[number];

/** Why an ask was not sent. The first five come from `decideAsk`; the others from the send itself. */
export const SEND_REASONS = [
  'frequency_cap',
  'open_case',
  'unsubscribed',
  'no_consent',
  'no_address',
  'erased',
  'platform_forbids',
  'not_found',
  'expired',
  'answered',
  'not_configured',
  'smtp_error',
  'closed',
  'interrupted',
] as const;
export type SendReason = (typeof SEND_REASONS)[number];

/** A workspace's contact rules (table `contact_settings`; these defaults until it is saved). */
export interface ContactSettings {
  /** At most one ask per customer in this many days (0: no cap). */
  capDays: number;
  /** No ask while the customer has an open (or waiting) case. */
  suppressOpenCase: boolean;
  /** Only customers who granted consent are asked (else: all but those who unsubscribed). */
  requireConsent: boolean;
  /** Quiet hours 'HH:MM' in `timeZone`: an ask due inside them waits for their end. Equal: none. */
  quietStart: string;
  quietEnd: string;
  /** IANA time zone of the quiet hours, e.g. 'Europe/Berlin'. */
  timeZone: string;
}

export const DEFAULT_CONTACT_SETTINGS = {
  capDays: 30,
  suppressOpenCase: true,
  requireConsent: false,
  quietStart: '21:00',
  quietEnd: '08:00',
  timeZone: 'UTC',
} as const satisfies ContactSettings;

/** What the store knows of one customer when an ask is decided. */
export interface AskFacts {
  /** The latest ask of any kind sent to (or scheduled for) them, ISO; null when never. */
  lastAskAt: string | null;
  /** Their open and waiting cases. */
  openCases: number;
  /** Their consent on the channel; null when none was recorded. */
  consent: ConsentStatus | null;
  /** Whether they have an address on the channel (an e-mail identity). */
  hasAddress: boolean;
  /** An erased (or unknown) customer is never asked. */
  erased?: boolean;
  /** The survivor when this customer was merged into another: the ask goes to the survivor. */
  mergedInto?: string | null;
}

export type AskDecision = { ok: true; sendAt: string } | { ok: false; reason: SendReason };

const DAY_MS = 86_400_000;
const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** Minutes after midnight of 'HH:MM'. */
export function minutesOf(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new Error(`not a time of day (HH:MM): ${JSON.stringify(hhmm)}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Whether a string is an IANA time zone this runtime knows. */
export function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(tz: string): Intl.DateTimeFormat {
  let f = formatters.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(tz, f);
  }
  return f;
}

/** The wall-clock fields of an instant in a time zone. */
function wallClock(t: number, tz: string) {
  const parts: Record<string, number> = {};
  for (const p of formatter(tz).formatToParts(new Date(t))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year ?? 1970,
    month: parts.month ?? 1,
    day: parts.day ?? 1,
    hour: parts.hour ?? 0,
    minute: parts.minute ?? 0,
    second: parts.second ?? 0,
  };
}

/** The zone's offset from UTC at an instant, in ms (Berlin in winter: +3,600,000). */
function offsetAt(t: number, tz: string): number {
  const w = wallClock(t, tz);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return asUtc - Math.floor(t / 1000) * 1000;
}

/**
 * The instant a wall-clock time of a zone names (a time in a DST gap lands an hour off, which is
 * fine for the end of quiet hours).
 */
function instantOf(y: number, mo: number, d: number, h: number, mi: number, tz: string): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  // Two rounds: the offset at the guess, then at the instant it gives (they differ across a change).
  const first = guess - offsetAt(guess, tz);
  return guess - offsetAt(first, tz);
}

/**
 * `t` moved out of the quiet hours: unchanged when outside them, else the end of the quiet hours
 * that contain it (the same morning, or the next one for an evening time), in the zone's time.
 *
 * @example
 * // 22:30 in Berlin (winter) with quiet hours 21:00–08:00 → 08:00 the next morning, 07:00Z
 * outOfQuietHours(Date.parse('2026-01-10T21:30:00Z'), '21:00', '08:00', 'Europe/Berlin')
 */
export function outOfQuietHours(t: number, quietStart: string, quietEnd: string, tz: string): number {
  const start = minutesOf(quietStart);
  const end = minutesOf(quietEnd);
  if (start === end) return t;
  const w = wallClock(t, tz);
  const now = w.hour * 60 + w.minute;
  const wraps = start > end; // 21:00–08:00 spans midnight
  const inside = wraps ? now >= start || now < end : now >= start && now < end;
  if (!inside) return t;
  // The end is today when it lies ahead of now on the clock, else tomorrow.
  const dayShift = now < end ? 0 : 1;
  const day = new Date(Date.UTC(w.year, w.month - 1, w.day + dayShift));
  return instantOf(
    day.getUTCFullYear(),
    day.getUTCMonth() + 1,
    day.getUTCDate(),
    Math.floor(end / 60),
    end % 60,
    tz,
  );
}

/**
 * Whether one ask may go to a customer, and when: suppressed for an erased customer, no address,
 * an unsubscribe, missing consent (when required), an open case (when the rule is on; surveys and
 * referral invitations only) or an ask within the cap; else at `notBefore` (or now, whichever is
 * later) moved out of the quiet hours. Quiet hours delay, they never suppress. The cap counts from
 * the moment the ask would go out.
 *
 * A public review request is never held back for an open case: cases open for unhappy customers,
 * so holding them back would invite only the happy ones — the "review gating" Google, Tripadvisor
 * and Trustpilot forbid (issue #15: a detractor and a promoter get the same request).
 */
export function decideAsk(
  settings: ContactSettings,
  facts: AskFacts,
  now: Date,
  notBefore?: string | null,
  kind: AskKind = 'survey',
): AskDecision {
  if (facts.erased) return { ok: false, reason: 'erased' };
  if (!facts.hasAddress) return { ok: false, reason: 'no_address' };
  if (facts.consent === 'unsubscribed') return { ok: false, reason: 'unsubscribed' };
  if (settings.requireConsent && facts.consent !== 'granted') return { ok: false, reason: 'no_consent' };
  if (settings.suppressOpenCase && kind !== 'review_request' && facts.openCases > 0)
    return { ok: false, reason: 'open_case' };
  const earliest = Math.max(now.getTime(), notBefore ? Date.parse(notBefore) : 0);
  const sendAt = outOfQuietHours(earliest, settings.quietStart, settings.quietEnd, settings.timeZone);
  if (settings.capDays > 0 && facts.lastAskAt !== null) {
    // Either side: an ask already scheduled for next week caps one today as well.
    const last = Date.parse(facts.lastAskAt);
    if (Math.abs(sendAt - last) < settings.capDays * DAY_MS) return { ok: false, reason: 'frequency_cap' };
  }
  return { ok: true, sendAt: new Date(sendAt).toISOString() };
}
