/**
 * PostgreSQL's text form of `timestamptz` / `timestamp` as the ISO 8601 strings SQLite stores, so both
 * dialects read the same. Parsed field by field: `new Date(text)` reads PostgreSQL's
 * `0001-01-01 00:00:00+00` with the legacy non-ISO parser, which takes years 0–49 for 2000–2049 and
 * 50–99 for 1950–1999 (0001-01-01 came back as 2001-01-01, issue #11), and gives up on BC years,
 * years past 9999 and offsets with seconds (`+00:53:28`, local mean time before 1893).
 */

const PG_TIMESTAMP =
  /^(\d{4,})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:([+-])(\d{2})(?::?(\d{2}))?(?::?(\d{2}))?)?( BC)?$/;

/**
 * The ISO 8601 string (`2026-03-02T10:00:00.000Z`, `±YYYYYY-…` outside 0000–9999) of a timestamp
 * as PostgreSQL writes it; `zoned` for `timestamptz` (an offset follows), else the text is UTC.
 * `infinity`, `-infinity` and anything unrecognised come back as they are rather than failing a read.
 * @example pgTimestampToIso('0001-01-01 00:00:00+00', true) // '0001-01-01T00:00:00.000Z'
 */
export function pgTimestampToIso(text: string, zoned: boolean): string {
  const m = PG_TIMESTAMP.exec(text);
  if (!m) return text;
  const [, y, mo, d, h, mi, s, fraction, sign, oh, om, os, bc] = m;
  // 1 BC is astronomical year 0, 2 BC is −1.
  const year = bc ? 1 - Number(y) : Number(y);
  const date = new Date(0);
  date.setUTCFullYear(year, Number(mo) - 1, Number(d));
  const ms = fraction ? Math.floor(Number(`0${fraction}`) * 1000 + 1e-6) : 0;
  date.setUTCHours(Number(h), Number(mi), Number(s), ms);
  let t = date.getTime();
  if (zoned && sign) {
    const offset = (Number(oh) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)) * 1000;
    t -= sign === '-' ? -offset : offset;
  }
  return Number.isFinite(t) ? new Date(t).toISOString() : text;
}
