/**
 * Text both databases store alike. PostgreSQL refuses U+0000 in `text` (one NUL in one item of a
 * batch was a 500 and a lost batch, issue #11); SQLite keeps it. A lone UTF-16 surrogate cannot be
 * encoded as UTF-8: each driver silently writes U+FFFD for it. So NUL is dropped and a lone
 * surrogate becomes U+FFFD here, once, for every dialect.
 */
// eslint-disable-next-line no-control-regex -- NUL is what this removes
const NUL = /\u0000/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const SURROGATE = /[\uD800-\uDFFF]/;

/**
 * The text without NUL characters, with each lone surrogate replaced by U+FFFD.
 * @example cleanText('a\u0000b\uD800') // 'ab\uFFFD'
 */
export function cleanText(text: string): string {
  let out = text.includes('\u0000') ? text.replace(NUL, '') : text;
  if (SURROGATE.test(out)) out = out.replace(LONE_SURROGATE, '\uFFFD');
  return out;
}

/** Whether `cleanText` would change the text. */
export function isCleanText(text: string): boolean {
  return cleanText(text) === text;
}

/**
 * A copy of a JSON-like value with `cleanText` applied to every string in it (through plain
 * objects and arrays); anything else is returned as it is. Input edges run this before validation.
 */
export function cleanStrings<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => cleanStrings(v)) as T;
  if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = cleanStrings(v);
    return out as T;
  }
  return value;
}
