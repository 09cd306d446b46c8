// 2015-02-24, 2015/2/24, 2015-02-24 11:35, 2015-02-24T11:35:52.123, each with an optional Z or ±hh[:]mm.
const DATE_TIME =
  /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(\.\d{1,9})?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const UNIX = /^-?\d{9,13}(?:\.\d+)?$/;
// Below this a unix time is in seconds (1e11 s is the year 5138; 1e11 ms is 1973).
const SECONDS_BELOW = 1e11;

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * Turns the dates exports use into an ISO 8601 date-time with an offset, or `undefined` when it is not
 * one of them: ISO 8601, `YYYY-MM-DD` (midnight UTC), `YYYY-MM-DD HH:MM[:SS]` (UTC unless an offset
 * follows, as in `2015-02-24 11:35:52 -0800`), `YYYY/M/D`, and unix seconds or milliseconds.
 * Day-first and month-first forms (`03/09/2016`) are ambiguous and rejected on purpose.
 * @example toIsoDateTime('2015-02-24 11:35:52 -0800') // '2015-02-24T11:35:52-08:00'
 */
export function toIsoDateTime(value: unknown): string | undefined {
  if (typeof value === 'number') return fromUnix(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (UNIX.test(text)) return fromUnix(Number(text));
  const m = DATE_TIME.exec(text);
  if (!m) return undefined;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6]].map((s) =>
    Number(s ?? 0),
  ) as [number, number, number, number, number, number];
  // setUTCFullYear, not Date.UTC: that reads years 0–99 as 1900–1999, so 0001-01-01 was "unrecognised"
  // instead of reaching the range check with its own year.
  const check = new Date(0);
  check.setUTCFullYear(year, month - 1, day);
  check.setUTCHours(hour, minute, second);
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    check.getUTCHours() !== hour ||
    check.getUTCMinutes() !== minute ||
    check.getUTCSeconds() !== second
  ) {
    return undefined; // 2015-02-30, 25:00 and the like
  }
  const fraction = m[7] ?? '';
  const zone = m[8] === undefined || m[8].toUpperCase() === 'Z' ? 'Z' : normalizeOffset(m[8]);
  return `${pad(year, 4)}-${pad(month)}-${pad(day)}T${pad(hour)}:${pad(minute)}:${pad(second)}${fraction}${zone}`;
}

function normalizeOffset(offset: string): string {
  const digits = offset.slice(1).replace(':', '');
  return `${offset[0]}${digits.slice(0, 2)}:${digits.slice(2, 4) || '00'}`;
}

function fromUnix(value: number): string | undefined {
  if (!Number.isFinite(value)) return undefined;
  const date = new Date(Math.abs(value) < SECONDS_BELOW ? value * 1000 : value);
  const year = date.getUTCFullYear();
  return year >= 1970 && year <= 9999 ? date.toISOString() : undefined;
}
