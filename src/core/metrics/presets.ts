/**
 * Periods of the dashboard (issue #13): presets resolved against today's UTC date, the previous period
 * of equal length, and time buckets (day, ISO week starting Monday, month). Days are UTC calendar days
 * 'YYYY-MM-DD'; a period's `to` is inclusive.
 */
import { AppError } from '../errors.js';

export const PRESETS = ['7d', '30d', '90d', 'quarter', 'all', 'custom'] as const;
export type Preset = (typeof PRESETS)[number];
export const BUCKETS = ['day', 'week', 'month'] as const;
export type Bucket = (typeof BUCKETS)[number];

export interface Period {
  from: string;
  to: string;
}

const DAY_MS = 86_400_000;
const toMs = (day: string) => Date.parse(`${day}T00:00:00Z`);
const toDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
export const addDays = (day: string, n: number): string => toDay(toMs(day) + n * DAY_MS);
/** Days in a period, both ends counted. */
export const daysIn = (p: Period): number => Math.round((toMs(p.to) - toMs(p.from)) / DAY_MS) + 1;

/** A 400 naming the query parameter at fault. */
export const invalidParam = (param: string, message: string): AppError =>
  new AppError('validation_failed', `${param}: ${message}`, [{ path: param, message }]);
const invalid = invalidParam;

/**
 * The period a preset names on `today` (UTC). `all` spans the workspace's first to last day with items
 * (`span`, today alone when it has none); `custom` needs `from` and `to`.
 * @example resolvePeriod('7d', {}, '2026-03-10', null) // { from: '2026-03-04', to: '2026-03-10' }
 */
export function resolvePeriod(
  preset: Preset,
  custom: { from?: string | undefined; to?: string | undefined },
  today: string,
  span: Period | null,
): Period {
  switch (preset) {
    case '7d':
    case '30d':
    case '90d':
      return { from: addDays(today, -(Number.parseInt(preset, 10) - 1)), to: today };
    case 'quarter': {
      const month = Number(today.slice(5, 7));
      const first = Math.floor((month - 1) / 3) * 3 + 1;
      return { from: `${today.slice(0, 4)}-${String(first).padStart(2, '0')}-01`, to: today };
    }
    case 'all':
      return span ?? { from: today, to: today };
    case 'custom': {
      if (!custom.from) throw invalid('from', 'required with preset=custom');
      if (!custom.to) throw invalid('to', 'required with preset=custom');
      if (custom.from > custom.to) throw invalid('from', 'must not be after to');
      return { from: custom.from, to: custom.to };
    }
  }
}

/** The period of equal length that ends the day before `p` starts. */
export function previousPeriod(p: Period): Period {
  const n = daysIn(p);
  return { from: addDays(p.from, -n), to: addDays(p.from, -1) };
}

/** The bucket a day falls in: the day, the Monday of its ISO week, or 'YYYY-MM'. */
export function bucketOf(day: string, bucket: Bucket): string {
  if (bucket === 'day') return day;
  if (bucket === 'month') return day.slice(0, 7);
  const weekday = (new Date(toMs(day)).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return addDays(day, -weekday);
}

/** Every bucket the period touches, in order (so a series has a point, maybe empty, for each). */
export function bucketsOf(p: Period, bucket: Bucket): string[] {
  const out: string[] = [];
  let day = p.from;
  let last = '';
  // A few thousand days at most (validated ranges), so a day walk is cheap and obviously right.
  while (day <= p.to) {
    const b = bucketOf(day, bucket);
    if (b !== last) out.push(b);
    last = b;
    day =
      bucket === 'day'
        ? addDays(day, 1)
        : bucket === 'week'
          ? addDays(bucketOf(day, 'week'), 7)
          : nextMonth(day);
  }
  return out;
}

function nextMonth(day: string): string {
  const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
}
