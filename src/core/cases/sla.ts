/**
 * First-response SLAs per channel and priority, counting only business hours where a policy has
 * them. Pure: the due time is a function of the opening time and the policy.
 */
import { z } from 'zod';
import { CHANNELS, type Channel } from '../feedback/schema.js';
import { PRIORITY_LABELS, type PriorityLabel } from '../types.js';

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM (24 h)');

export const BusinessHoursSchema = z
  .object({
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).min(1).max(7),
    start: HHMM,
    end: HHMM,
  })
  .strict()
  .refine((b) => b.start < b.end, { message: 'start must be before end', path: ['end'] });
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const SlaPolicySchema = z
  .object({
    /** A channel, or `*` for every channel without a policy of its own. */
    channel: z.enum([...CHANNELS, '*']),
    priority: z.enum(PRIORITY_LABELS),
    firstResponseMinutes: z
      .number()
      .int()
      .min(1)
      .max(60 * 24 * 60),
    businessHours: BusinessHoursSchema.nullable().default(null),
    timezone: z.string().max(60).default('UTC').refine(validTimeZone, 'unknown IANA time zone'),
  })
  .strict();
export type SlaPolicy = z.output<typeof SlaPolicySchema>;

const policy = (
  channel: Channel | '*',
  priority: PriorityLabel,
  firstResponseMinutes: number,
): SlaPolicy => ({ channel, priority, firstResponseMinutes, businessHours: null, timezone: 'UTC' });

/**
 * Around the clock. Public items spread while they wait: urgent 1 h, high 4 h, normal 24 h, low 72 h.
 * Private channels: urgent 2 h, high 8 h, normal 24 h, low 72 h.
 */
export const DEFAULT_SLA_POLICIES: readonly SlaPolicy[] = [
  ...(['review', 'social'] as const).flatMap((ch) => [
    policy(ch, 'urgent', 60),
    policy(ch, 'high', 240),
    policy(ch, 'normal', 1440),
    policy(ch, 'low', 4320),
  ]),
  policy('*', 'urgent', 120),
  policy('*', 'high', 480),
  policy('*', 'normal', 1440),
  policy('*', 'low', 4320),
];

/** The workspace's policies over the defaults: a stored (channel, priority) replaces the default one. */
export function effectivePolicies(stored: readonly SlaPolicy[]): SlaPolicy[] {
  const key = (p: SlaPolicy) => `${p.channel}/${p.priority}`;
  const m = new Map(DEFAULT_SLA_POLICIES.map((p) => [key(p), p]));
  for (const p of stored) m.set(key(p), p);
  return [...m.values()];
}

/** The policy for a channel and priority: the channel's own, else the `*` one. */
export function policyFor(
  policies: readonly SlaPolicy[],
  channel: Channel,
  priority: PriorityLabel,
): SlaPolicy | undefined {
  return (
    policies.find((p) => p.channel === channel && p.priority === priority) ??
    policies.find((p) => p.channel === '*' && p.priority === priority)
  );
}

const WEEKDAY: Record<string, number> = { Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6, Sun: 7 };

/** Weekday (1–7) and minute of the day of an instant in a time zone. */
function localTime(at: Date, timeZone: string): { day: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    weekday: 'short',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(at);
  const get = (t: string) => parts.find((p) => p.type === t)?.value ?? '0';
  return { day: WEEKDAY[get('weekday')] ?? 1, minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

/**
 * When the first response is due: `minutes` after `openedAt`, counting only business hours when
 * the policy has them (a case opened Friday 16:30 with 60 business minutes and hours 9–17 Mon–Fri
 * is due Monday 9:30). Steps by local minutes, so a DST change inside a window shifts it by its hour.
 *
 * @example dueAt('2026-01-09T16:30:00Z', { ...policy, firstResponseMinutes: 60, businessHours: { days: [1,2,3,4,5], start: '09:00', end: '17:00' } })
 * // '2026-01-12T09:30:00.000Z'
 */
export function dueAt(
  openedAt: Date | string,
  p: Pick<SlaPolicy, 'firstResponseMinutes' | 'businessHours' | 'timezone'>,
): string {
  const start = new Date(openedAt);
  if (!p.businessHours) return new Date(start.getTime() + p.firstResponseMinutes * 60_000).toISOString();
  const open = minutesOf(p.businessHours.start);
  const close = minutesOf(p.businessHours.end);
  const days = new Set(p.businessHours.days);
  let t = start.getTime();
  let left = p.firstResponseMinutes;
  // At most one step into and one through each day: bounded by the SLA length in days, plus a week.
  for (let guard = 0; guard < 2 * (Math.ceil(left / (close - open)) + 8) * 7 && left > 0; guard++) {
    const { day, minute } = localTime(new Date(t), p.timezone);
    if (days.has(day) && minute >= open && minute < close) {
      const take = Math.min(left, close - minute);
      t += take * 60_000;
      left -= take;
    } else if (days.has(day) && minute < open) {
      t += (open - minute) * 60_000;
    } else {
      t += (24 * 60 - minute) * 60_000; // to the next local midnight
    }
  }
  return new Date(t).toISOString();
}
