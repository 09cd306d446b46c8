/**
 * The tone check: flags in a reply (a draft or what an agent typed) that make it defensive, blaming,
 * arguing, generic, a public compensation offer, or too long for the platform. Pure and fast enough
 * to run on every keystroke.
 */
import { platformLimit, platformLimitInfo, replyLength } from './limits.js';
import { BOILERPLATE, TONE_MESSAGES, TONE_RULES } from './tone-rules.js';
import { TONE_FLAGS } from './types.js';
import type { ToneCheck, ToneContext, ToneFlag } from './types.js';

/**
 * Checks the tone of a reply. `public_compensation` only counts when the reply is public; `generic`
 * needs `context.mentions` (the customer's specifics) to tell a specific reply from a form letter.
 *
 * @example
 * checkTone('As stated in our policy, you should have checked in earlier.', {
 *   isPublic: true, platform: 'google', language: 'en',
 * }).flags.map((f) => f.code) // ['defensive', 'blaming']
 */
export function checkTone(text: string, context: ToneContext): ToneCheck {
  const flags: ToneFlag[] = [];
  const has = (code: ToneFlag['code']) => flags.some((f) => f.code === code);

  for (const rule of TONE_RULES) {
    if (has(rule.code)) continue;
    if (rule.code === 'public_compensation' && !context.isPublic) continue;
    const span = firstMatch(rule.pattern, text);
    if (span) flags.push({ code: rule.code, message: TONE_MESSAGES[rule.code], span });
  }

  const generic = genericFlag(text, context.mentions ?? []);
  if (generic) flags.push(generic);

  const tooLong = lengthFlag(text, context.platform);
  if (tooLong) flags.push(tooLong);

  flags.sort((a, b) => TONE_FLAGS.indexOf(a.code) - TONE_FLAGS.indexOf(b.code));
  return { ok: flags.length === 0, flags };
}

function firstMatch(pattern: RegExp, text: string): ToneFlag['span'] | undefined {
  for (const m of text.matchAll(pattern)) {
    if (m[0].length === 0) continue;
    return { start: m.index, end: m.index + m[0].length, text: m[0] };
  }
  return undefined;
}

function genericFlag(text: string, mentions: readonly string[]): ToneFlag | undefined {
  const matches = [...text.matchAll(BOILERPLATE)];
  const first = matches[0];
  if (!first) return undefined;
  const useful = mentions.map((m) => m.trim()).filter((m) => m.length > 0);
  // Without the customer's specifics we can only tell a reply made of nothing but boilerplate.
  const specific = useful.length > 0 ? useful.some((m) => namesMention(text, m)) : matches.length < 2;
  if (specific) return undefined;
  const example = useful[0] ? ` (for example "${useful[0]}")` : '';
  return {
    code: 'generic',
    message: TONE_MESSAGES.generic.replace('the customer mentioned', `the customer mentioned${example}`),
    span: { start: first.index, end: first.index + first[0].length, text: first[0] },
  };
}

function lengthFlag(text: string, platform: string): ToneFlag | undefined {
  const limit = platformLimit(platform);
  if (limit === null) return undefined;
  const length = replyLength(text, platform);
  if (length <= limit) return undefined;
  const start = offsetAtLength(text, platform, limit);
  return {
    code: 'too_long',
    message: `${TONE_MESSAGES.too_long} (${length} of ${limit} on ${platform})`,
    span: { start, end: text.length, text: text.slice(start) },
  };
}

/** The UTF-16 offset where a text goes over `limit` in the platform's unit. */
function offsetAtLength(text: string, platform: string, limit: number): number {
  const { unit } = platformLimitInfo(platform);
  let length = 0;
  let offset = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    length +=
      unit === 'chars' ? 1 : unit === 'bytes' ? new TextEncoder().encode(ch).length : cp <= 0x10ff ? 1 : 2;
    if (length > limit) return offset;
    offset += ch.length;
  }
  return offset;
}

const STOP = new Set([
  'about',
  'after',
  'been',
  'from',
  'have',
  'that',
  'their',
  'them',
  'there',
  'they',
  'this',
  'were',
  'what',
  'when',
  'with',
  'your',
  'team',
  'very',
  'really',
  'eine',
  'einen',
  'einem',
  'einer',
  'nicht',
  'dass',
  'ihre',
  'ihren',
  'ihrem',
  'ihrer',
  'unser',
  'unsere',
  'unseren',
  'unserem',
  'unserer',
  'sehr',
  'wirklich',
]);
const HAN_STOP = new Set([
  '我们',
  '你们',
  '您的',
  '问题',
  '非常',
  '没有',
  '一个',
  '这个',
  '这次',
  '这样',
  '体验',
  '经历',
  '真的',
  '今天',
]);

/**
 * Whether a reply names something the customer said: the phrase itself, one of its content words
 * (stemmed, so "delayed" is named by "delay"), or for Chinese one of its two-character words.
 */
export function namesMention(reply: string, mention: string): boolean {
  const r = reply.toLowerCase();
  const m = mention.toLowerCase().trim();
  if (!m) return false;
  if (r.includes(m)) return true;
  for (const word of m.match(/\p{L}+/gu) ?? []) {
    if (/\p{Script=Han}/u.test(word)) {
      for (let i = 0; i + 2 <= word.length; i++) {
        const bigram = word.slice(i, i + 2);
        if (!HAN_STOP.has(bigram) && r.includes(bigram)) return true;
      }
      continue;
    }
    if (word.length < 4 || STOP.has(word)) continue;
    const stem = word.length >= 6 ? word.slice(0, word.length - 2) : word;
    if (r.includes(stem)) return true;
  }
  return false;
}
