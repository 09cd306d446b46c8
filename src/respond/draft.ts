/**
 * Template reply drafts: apologize for (or thank for) the specific thing the customer said, own it,
 * give one next step that fits the matter, move details to a private channel, use what we know of
 * the customer, and fit the platform's limit by dropping optional sentences.
 */
import type { AnalysisResult, Intent } from '../analysis/types.js';
import { platformLimit, platformLimitInfo, replyLength } from './limits.js';
import { PHRASES } from './phrases.js';
import type { PhraseKey } from './phrases.js';
import { excerpt, cutAtWord, fill, pick, safeName } from './text.js';
import { TONE_RULES } from './tone-rules.js';
import { DRAFT_LANGUAGES, GENERAL_MATTER, MATTERS, findMatters, matches, praisedThings } from './topics.js';
import type { DraftLanguage } from './topics.js';
import type { Draft, DraftInput } from './types.js';

/** One sentence of a draft. `drop`: 0 = always kept, else the higher, the sooner it goes. */
interface Part {
  text: string;
  drop: number;
  /** A shorter form to use when dropping optional sentences was not enough. */
  short?: string;
}

const NEGATIVE_INTENTS: readonly Intent[] = [
  'complaint',
  'refund_request',
  'safety_issue',
  'churn_threat',
  'legal_threat',
  'public_threat',
];

/** Longest customer excerpt we quote, in code points: a few words, never a paragraph. */
const QUOTE_MAX = { en: 60, de: 60, zh: 20, es: 60, fr: 60, it: 60, pt: 60, nl: 60 } satisfies Record<
  DraftLanguage,
  number
>;

/** Words we never repeat back to the public, even in a customer's own words. */
const PROFANITY =
  /(?<![\p{L}])(?:fuck\p{L}*|shit\p{L}*|crap|damn|bloody|scheiß\p{L}*|scheiss\p{L}*|arsch\p{L}*|kacke|mierda|joder|coño|put[ao]s?|cabr[oó]n\p{L}*|merde\p{L}*|putain|connard\p{L}*|connasse|cazz\p{L}*|stronz\p{L}*|vaffanculo|merda|porra|caralho|kut|klote|godverdomme|tering)|垃圾|他妈|妈的|傻|滚/iu;

/** The language a draft is written in: the item's when we have templates for it, else English. */
export function draftLanguage(analysis: AnalysisResult): DraftLanguage {
  return (DRAFT_LANGUAGES as readonly string[]).includes(analysis.language)
    ? (analysis.language as DraftLanguage)
    : 'en';
}

export type ReplyKind = 'complaint' | 'praise' | 'neutral';

/**
 * Whether an item is to be apologized for (complaint), thanked for (praise), or just answered
 * (neutral: a question or a remark). Any negative touchpoint or complaint-like intent makes it a
 * complaint: thanking someone for a mixed review reads as not having read it.
 */
export function replyKind(input: Pick<DraftInput, 'analysis' | 'rating' | 'text' | 'title'>): ReplyKind {
  const { analysis, rating } = input;
  const negativeTouchpoint = analysis.touchpoints.some((t) => t.sentiment.label === 'negative');
  const negativeIntent = analysis.intents.some((i) => NEGATIVE_INTENTS.includes(i.intent));
  if (negativeTouchpoint || negativeIntent) return 'complaint';
  // "Held up for 45 minutes … Boo :(" names a matter; the lexicon may still call it positive.
  const text = [input.title, input.text].filter(Boolean).join('\n');
  const mixed = analysis.sentiment.score < 0.4 || analysis.sentences.some((s) => s.label === 'negative');
  if (mixed && (rating == null || rating <= 3) && MATTERS.some((m) => matches(m, text))) return 'complaint';
  if (rating != null && rating >= 4) return 'praise';
  if (rating != null && rating <= 2) return 'complaint';
  if (analysis.sentiment.label === 'negative') return 'complaint';
  return analysis.sentiment.label === 'positive' ? 'praise' : 'neutral';
}

/**
 * A template reply to a feedback item, in its language (en, de, zh, es, fr, it, pt, nl; others get English), that fits
 * the platform's limit. Deterministic: the same item always gets the same draft, and different items
 * get different wordings.
 *
 * @example
 * const analysis = createAnalyzer().analyze({ text }, { taxonomy });
 * draftReply({ text, analysis, platform: 'twitter', isPublic: true, brand: 'Acme Air',
 *   agent: { name: 'Sam' }, privateChannel: 'DM' }).text
 * // "Hi there, I'm truly sorry about the delay. … — Sam, Acme Air"
 */
export function draftReply(input: DraftInput): Draft {
  const lang = draftLanguage(input.analysis);
  const ctx: Context = {
    input,
    lang,
    customerText: [input.title, input.text].filter(Boolean).join('\n'),
    say: (key, vars = {}) => {
      const text = fill(pick(PHRASES[key][lang], input.text, key), vars);
      // A quote that opens the sentence starts it in capitals: «La comida…», not «la comida…».
      return key.startsWith('quote')
        ? text.replace(/^([«“„"\s]*)(\p{Ll})/u, (_, q: string, c: string) => q + c.toUpperCase())
        : text;
    },
    history: input.customer?.history ?? [],
    occasion: cleanOccasion(input.customer?.occasion),
    channel: input.privateChannel?.trim() || null,
  };

  let kind = replyKind(input);
  const praised = kind === 'praise' ? praiseParts(ctx) : null;
  // Thanks for nothing we can name ("Thanks." after a gripe) would read as not having listened.
  if (praised === null && kind === 'praise') kind = 'neutral';
  const { parts, mentions } =
    kind === 'complaint' ? complaintParts(ctx) : (praised ?? { parts: neutralParts(ctx), mentions: [] });

  const side = kind === 'complaint' ? 'negative' : kind === 'praise' ? 'positive' : null;
  for (const t of input.analysis.touchpoints) {
    if (t.sentiment.label !== side) continue;
    for (const e of t.evidence) if (!mentions.includes(e.text)) mentions.push(e.text);
  }

  const { say } = ctx;
  const name = safeName(input.customer?.name);
  const greeting = name ? say('greeting', { name }) : say('greetingAnonymous');
  const agent = input.agent?.name.trim();
  const signature = agent
    ? say('signAgent', { agent, brand: input.brand })
    : say('signBrand', { brand: input.brand });
  const shortSignature = agent ? (lang === 'zh' ? agent : `— ${agent}`) : signature;

  const text = fit(parts, { greeting, signature, shortSignature, lang, platform: input.platform });
  return { text, language: lang, limit: platformLimit(input.platform), mentions, source: 'template' };
}

interface Context {
  input: DraftInput;
  lang: DraftLanguage;
  customerText: string;
  say: (key: PhraseKey, vars?: Record<string, string>) => string;
  history: NonNullable<NonNullable<DraftInput['customer']>['history']>;
  occasion: string | null;
  channel: string | null;
}

interface Body {
  parts: Part[];
  /** The specific things the draft names, for the tone check's `generic` and for the UI. */
  mentions: string[];
}

/** Sorry for the matter (at most two), own it, one next step, move the details to private. */
function complaintParts({ input, lang, customerText, say, history, occasion, channel }: Context): Body {
  const matters = findMatters(customerText, input.analysis);
  const named = matters.length ? matters.slice(0, 2) : [GENERAL_MATTER];
  const first = named[0] ?? GENERAL_MATTER;
  const mentions = named.map((m) => m.name[lang]);
  const parts: Part[] = [];
  if (history.length) parts.push({ text: say('historyComplaint'), drop: 6 });
  parts.push({
    text: say('apology', { x: mentions.join(say('and')) }),
    drop: 0,
    short: say('apology', { x: first.name[lang] }),
  });
  const quote = pickQuote(input.analysis, 'complaint', lang, matters.length === 0);
  if (quote) {
    // Without a named matter the quote is what makes the reply specific: keep it longer.
    parts.push({ text: say('quoteComplaint', { q: quote }), drop: matters.length ? 9 : 2 });
    mentions.push(quote);
  }
  const good = praisedThings(customerText, input.analysis)[0];
  if (good) parts.push({ text: say('alsoGood', { x: good[lang] }), drop: 8 });
  if (occasion) parts.push({ text: say('occasionComplaint', { o: occasion }), drop: 5 });
  parts.push({ text: say('ownership'), drop: 3 });
  parts.push({ text: first.step[lang], drop: 0 });
  const intents = new Set(input.analysis.intents.map((i) => i.intent));
  if (input.isPublic && channel) {
    const needed = named.some((m) => m.needsDetails) || intents.has('legal_threat');
    parts.push({ text: say('private', { ch: channel }), drop: needed ? 1 : 4 });
  } else if (!input.isPublic) {
    parts.push({ text: say('privateReply'), drop: 7 });
  }
  if (intents.has('churn_threat')) parts.push({ text: say('churn'), drop: 4 });
  return { parts, mentions };
}

/** Thanks for what they praised, passed on to the team; null when we can name nothing. */
function praiseParts({ input, lang, customerText, say, history, occasion }: Context): Body | null {
  const things = praisedThings(customerText, input.analysis).slice(0, 2);
  const quote = pickQuote(input.analysis, 'praise', lang, things.length === 0);
  if (things.length === 0 && !quote) return null;
  const mentions = things.map((t) => t[lang]);
  const parts: Part[] = [];
  const recovered = history.some((h) => h.sentiment === 'negative');
  if (history.length) parts.push({ text: say(recovered ? 'historyRecovered' : 'historyPraise'), drop: 6 });
  if (things.length) {
    parts.push({
      text: say('thanks', { x: mentions.join(say('and')) }),
      drop: 0,
      short: say('thanks', { x: mentions[0] ?? '' }),
    });
  } else {
    parts.push({ text: say('thanksGeneral'), drop: 0 });
  }
  if (quote) {
    parts.push({ text: say('quotePraise', { q: quote }), drop: things.length ? 9 : 2 });
    mentions.push(quote);
  }
  if (occasion) parts.push({ text: say('occasionPraise', { o: occasion }), drop: 5 });
  parts.push({ text: say('passOn'), drop: 0 });
  parts.push({ text: say('welcomeBack'), drop: 7 });
  return { parts, mentions };
}

/** A question or a remark: thanks, and we get back to them. */
function neutralParts({ input, say, channel }: Context): Part[] {
  const parts: Part[] = [
    { text: say('thanksGeneral'), drop: 0 },
    { text: say('followUp'), drop: 0 },
  ];
  // A question needs no reference number: just where to reach us.
  if (input.isPublic && channel) parts.push({ text: say('privateQuestion', { ch: channel }), drop: 1 });
  return parts;
}

function cleanOccasion(occasion: string | null | undefined): string | null {
  const o = (occasion ?? '').replace(/\s+/gu, ' ').trim();
  if (!o || o.length > 60 || /https?:|www\.|[<>{}@]/iu.test(o)) return null;
  return o;
}

/**
 * A short excerpt of what the customer said to quote back: the most negative sentence of a
 * complaint, the most positive of a praise. Never one that would itself fail the tone check
 * ("you should have seen the mess" is the customer's to say, not ours) or that swears.
 */
function pickQuote(
  analysis: AnalysisResult,
  kind: Exclude<ReplyKind, 'neutral'>,
  lang: DraftLanguage,
  allowCut: boolean,
): string | null {
  const side = kind === 'complaint' ? 'negative' : 'positive';
  // A sentence that names a touchpoint says more than "Very disappointing."
  const evidence = analysis.touchpoints.flatMap((t) => t.evidence);
  const specific = (s: { start: number; end: number; text: string }) =>
    evidence.some((e) => e.start >= s.start && e.end <= s.end) ||
    MATTERS.some((m) => m.pattern?.test(s.text));
  const sentences = analysis.sentences
    .filter((s) => s.label === side)
    .map((s) => ({ s, specific: specific(s) }))
    .sort((a, b) => {
      if (a.specific !== b.specific) return a.specific ? -1 : 1;
      return kind === 'complaint' ? a.s.score - b.s.score : b.s.score - a.s.score;
    })
    .map((x) => x.s);
  for (const s of sentences) {
    // A whole clause reads better than a cut sentence: "Der Zug hatte 90 Minuten Verspätung".
    // The clause that names the matter, then the one after a "but", then the rest.
    const rank = (c: string) => (MATTERS.some((m) => m.pattern?.test(c)) ? 0 : CONTRAST.test(c) ? 1 : 2);
    const clauses = s.text
      .split(CLAUSE)
      .map((c) => c.trim())
      .filter(Boolean)
      .map((c, i) => ({ c, i, rank: rank(c) }))
      .sort((a, b) => a.rank - b.rank || a.i - b.i)
      .map((x) => x.c);
    const candidates = [s.text, ...clauses].map((c) => excerpt(c, QUOTE_MAX[lang]));
    const whole = candidates.find((q) => q !== null && !q.endsWith('…') && quotable(q));
    // A cut quote reads badly; it is worth it only when nothing else makes the reply specific.
    const q = whole ?? (allowCut ? candidates.find((q) => q !== null && quotable(q)) : undefined);
    if (q) return q;
  }
  return null;
}

const CLAUSE = /[,;:，；：。]|\s(?:and|but|und|aber|doch|sondern|y|pero|et|mais)\s/u;
const CONTRAST =
  /^(?:but|however|aber|doch|jedoch|pero|sin embargo|mais|cependant|pourtant|但|但是|可是|不过|就是|唯一)/iu;

/** "Thank you!" is no quote worth repeating. */
const ONLY_THANKS =
  /^(?:thanks?|thank you|thx|danke|vielen dank|gracias|muchas gracias|merci|merci beaucoup|谢谢|感谢)(?:[\s,!.]+(?:so much|very much|sehr|schön|again|de nuevo|encore))?$/iu;

function quotable(q: string): boolean {
  if (PROFANITY.test(q) || ONLY_THANKS.test(q)) return false;
  return !TONE_RULES.some((r) => new RegExp(r.pattern.source, 'iu').test(q));
}

interface Layout {
  greeting: string;
  signature: string;
  shortSignature: string;
  lang: DraftLanguage;
  platform: string;
}

/** German continues a greeting line ("Hallo Anna,") in lower case unless the word is a noun or "Sie". */
const DE_LOWER_AFTER_GREETING =
  /^(?:Bitte|Wir|Danke|Vielen|Herzlichen|Was|Schön|Gerade|Das|Ich|Wie|Über|Dafür)(?=\s|,)/u;

function compose(parts: readonly Part[], layout: Layout, useShort: boolean, signature: string): string {
  const sentences = parts.map((p) => (useShort && p.short ? p.short : p.text));
  if (layout.lang === 'de' && sentences[0]) {
    sentences[0] = sentences[0].replace(DE_LOWER_AFTER_GREETING, (w) => w.toLowerCase());
  }
  const compact = (platformLimit(layout.platform) ?? Infinity) <= 500;
  // On one line, English reads "Hi Sam, thank you …", not "Hi Sam, Thank you …".
  if (compact && layout.lang === 'en' && sentences[0]) {
    sentences[0] = sentences[0].replace(/^(?:Thank|We|What|It|Welcome|Knowing|Could|Please)\b/u, (w) =>
      w.toLowerCase(),
    );
  }
  // Spanish, French, Italian, Portuguese, Dutch likewise ("Hola Ana, lamentamos …"); every opening
  // word of theirs is ours.
  if (compact && layout.lang !== 'en' && layout.lang !== 'de' && layout.lang !== 'zh' && sentences[0]) {
    sentences[0] = sentences[0].replace(/^[¡¿]?\p{Lu}(?=\p{Ll})/u, (w) => w.toLowerCase());
  }
  const body = sentences.join(layout.lang === 'zh' ? '' : ' ');
  if (compact)
    return layout.lang === 'zh'
      ? `${layout.greeting}${body} ${signature}`
      : `${layout.greeting} ${body} ${signature}`;
  return `${layout.greeting}\n\n${body}\n\n${signature}`;
}

/**
 * The fullest draft that fits: every required sentence, then the optional ones, most important
 * first, as long as they fit; if the required ones alone don't fit, the short forms of the apology
 * and the signature; only then the body cut at a word boundary.
 */
function fit(parts: Part[], layout: Layout): string {
  const limit = platformLimit(layout.platform);
  const fits = (t: string) => limit === null || replyLength(t, layout.platform) <= limit;
  const byImportance = parts.filter((p) => p.drop > 0).sort((a, b) => a.drop - b.drop);
  const forms = [
    { short: false, signature: layout.signature },
    { short: true, signature: layout.signature },
    { short: true, signature: layout.shortSignature },
  ];
  for (const form of forms) {
    let kept = parts.filter((p) => p.drop === 0);
    if (!fits(compose(kept, layout, form.short, form.signature))) continue;
    for (const optional of byImportance) {
      const trial = parts.filter((p) => kept.includes(p) || p === optional);
      if (fits(compose(trial, layout, form.short, form.signature))) kept = trial;
    }
    return compose(kept, layout, form.short, form.signature);
  }
  // Last resort: cut the body (never the greeting or the signature) at a word boundary.
  const required = parts.filter((p) => p.drop === 0);
  const body = required.map((p) => p.short ?? p.text).join(layout.lang === 'zh' ? '' : ' ');
  const unit = platformLimitInfo(layout.platform).unit;
  let text = compose(required, layout, true, layout.shortSignature);
  let max = [...body].length;
  while (max > 0 && limit !== null) {
    const over = replyLength(text, layout.platform) - limit;
    max -= Math.max(1, unit === 'chars' ? over : Math.ceil(over / 3));
    text = compose([{ text: cutAtWord(body, max), drop: 0 }], layout, false, layout.shortSignature);
    if (fits(text)) return text;
  }
  return cutAtWord(text, limit ?? text.length);
}
