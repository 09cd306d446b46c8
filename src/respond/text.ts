/** Small text helpers of the reply module: deterministic variation, safe excerpts, cutting at words. */

/** FNV-1a, 32 bit: a stable seed so the same item always gets the same wording. */
export function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** One of the variants, chosen by the item's text and the slot, so replies don't all look the same. */
export function pick<T>(variants: readonly [T, ...T[]], seed: string, slot: string): T {
  return variants[hash(`${slot}\u0000${seed}`) % variants.length] ?? variants[0];
}

/** Replaces `{name}` placeholders. */
export function fill(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => vars[key] ?? whole);
}

const HAN = /\p{Script=Han}/u;

export function isCjk(text: string): boolean {
  return HAN.test(text);
}

/**
 * Cuts a text to at most `max` code points without splitting a word, and adds an ellipsis. CJK text
 * is cut at a clause boundary when one is near, else between characters (each is a word there).
 */
export function cutAtWord(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  const head = chars.slice(0, Math.max(0, max - 1)).join('');
  if (isCjk(head)) {
    const clause = Math.max(...['，', '。', '；', '！', '？', ','].map((p) => head.lastIndexOf(p)));
    const cut = clause >= head.length * 0.6 ? head.slice(0, clause) : head;
    return `${cut.replace(/[\s，。；！？,]+$/u, '')}…`;
  }
  const space = head.search(/\s\S*$/u);
  const cut = space > 0 ? head.slice(0, space) : '';
  return cut ? `${cut.replace(/[\s,;:–—-]+$/u, '')}…` : '';
}

const URLS = /(?:https?:\/\/|www\.)\S+/giu;
const HANDLES = /(?<![\p{L}\p{N}])[@＠][\p{L}\p{N}_]+/gu;
const EMAILS = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
const QUOTES = /["“”„‟«»「」『』]/gu;

/**
 * A short, clean excerpt of customer text to quote: no links, @handles, e-mail addresses, hashtags
 * signs or quote marks; trimmed to `max` code points at a word boundary. Null when too little is left.
 */
export function excerpt(text: string, max: number): string | null {
  const clean = text
    .replace(EMAILS, ' ')
    .replace(URLS, ' ')
    .replace(HANDLES, ' ')
    .replace(/#[\p{L}\p{N}_]+#?/gu, ' ')
    .replace(QUOTES, '')
    .replace(/[()[\]{}（）【】]/gu, '')
    // What a removed link or handle leaves behind: "see @bob: the soup" → "see the soup".
    .replace(/(^|\s)[,.;:!?，。；：！？]+(?=\s|$)/gu, '$1')
    .replace(/\s+/gu, ' ')
    .trim()
    .replace(/^[\s,.;:!?，。；：！？…—–-]+/u, '')
    .replace(/[\s,.;:!?，。；：！？…—–-]+$/u, '');
  const short = cutAtWord(clean, max);
  // Enough to say something: three words, or four Chinese characters.
  const enough = isCjk(short)
    ? (short.match(/\p{Script=Han}/gu)?.length ?? 0) >= 4
    : (short.match(/[\p{L}\p{N}]{2,}/gu)?.length ?? 0) >= 3;
  return enough && /^[\p{L}\p{N}]/u.test(short) ? short : null;
}

/** A customer or agent name safe to put in a greeting: no handles, links or odd characters. */
export function safeName(name: string | null | undefined): string | null {
  const trimmed = (name ?? '').replace(/\s+/gu, ' ').trim();
  if (!trimmed || trimmed.length > 40) return null;
  if (/[@<>{}[\]\\/:]|https?|www\./iu.test(trimmed)) return null;
  if (!/^[\p{L}\p{M}][\p{L}\p{M} .'’-]*$/u.test(trimmed)) return null;
  return trimmed;
}
