import { francAll } from 'franc-min';
import { hasOwnWordIn, stopwordVotes } from './stopwords.js';

export interface LanguageGuess {
  /** ISO 639-1 code, or `und`. */
  language: string;
  /** 0 … 1. */
  confidence: number;
}

/** franc's ISO 639-3 codes → ISO 639-1 for the languages we name; franc is asked about these only. */
const ISO_639_1: Record<string, string> = {
  eng: 'en',
  deu: 'de',
  cmn: 'zh',
  spa: 'es',
  fra: 'fr',
  ita: 'it',
  por: 'pt',
  nld: 'nl',
  jpn: 'ja',
  pol: 'pl',
  swe: 'sv',
  dan: 'da',
  nob: 'no',
  fin: 'fi',
  tur: 'tr',
  ron: 'ro',
  ces: 'cs',
  hun: 'hu',
  rus: 'ru',
  ukr: 'uk',
  kor: 'ko',
  arb: 'ar',
  hin: 'hi',
  ind: 'id',
  vie: 'vi',
};
const FRANC_ONLY = Object.keys(ISO_639_1);

const UNDETERMINED: LanguageGuess = { language: 'und', confidence: 0 };
/** Fewer letters than this and we do not guess: "ok", "thx!", "👍". */
const MIN_LETTERS = 3;
/** Below this many letters a guess is shaky; franc itself refuses under 10 characters. */
const SHORT_LETTERS = 12;

// Handles, links and hashtags are names, not language: "@VirginAmerica" reads as Dutch to franc.
const NOISE = /(?:https?:\/\/|www\.)\S+|[@#][\p{L}\p{N}_]+/gu;
const WORD = /[\p{L}\p{M}]+(?:['’][\p{L}\p{M}]+)?/gu;
const LETTER = /\p{L}/u;

interface ScriptCounts {
  letters: number;
  han: number;
  kana: number;
  hangul: number;
}

/** Letters per script in one pass over the UTF-16 code units; 4× faster than a regex per script. */
function countScripts(text: string): ScriptCounts {
  const counts: ScriptCounts = { letters: 0, han: 0, kana: 0, hangul: 0 };
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) counts.letters++;
    } else if (
      (code >= 0x4e00 && code <= 0x9fff) ||
      (code >= 0x3400 && code <= 0x4dbf) ||
      (code >= 0xf900 && code <= 0xfaff)
    ) {
      counts.letters++;
      counts.han++;
    } else if (
      (code >= 0x3040 && code <= 0x30ff) ||
      (code >= 0x31f0 && code <= 0x31ff) ||
      (code >= 0xff66 && code <= 0xff9f)
    ) {
      counts.letters++;
      counts.kana++;
    } else if (
      (code >= 0xac00 && code <= 0xd7af) ||
      (code >= 0x1100 && code <= 0x11ff) ||
      (code >= 0x3130 && code <= 0x318f)
    ) {
      counts.letters++;
      counts.hangul++;
    } else if (code >= 0xd800 && code <= 0xdbff) {
      // A surrogate pair: letters outside the BMP are rare (CJK extension B+), count them as Han.
      const pair = text.slice(i, i + 2);
      if (LETTER.test(pair)) {
        counts.letters++;
        if (/\p{Script=Han}/u.test(pair)) counts.han++;
      }
      i++;
    } else if (LETTER.test(text.charAt(i))) {
      counts.letters++;
    }
  }
  return counts;
}

/**
 * Identifies the language of a text: a script check for CJK (any kana → `ja`, Han only → `zh`),
 * frequent function words for the common Latin-script languages, and franc-min for the rest.
 * Very short or unclear text is `und` with low confidence.
 *
 * @example detectLanguage('Das Essen war wirklich gut') // { language: 'de', confidence: 0.8… }
 */
export function detectLanguage(text: string): LanguageGuess {
  const clean = text.replace(NOISE, ' ');
  const { letters, han, kana, hangul } = countScripts(clean);
  if (letters < MIN_LETTERS) return { ...UNDETERMINED, confidence: letters === 0 ? 0 : 0.1 };
  const lengthFactor = Math.min(1, letters / 40);

  // One CJK character carries about as much as a Latin word, so these need far fewer letters.
  const cjkLength = Math.min(1, letters / 8);
  if (kana > 0 && (kana + han) / letters >= 0.3) return cjk('ja', (kana + han) / letters, cjkLength);
  if (han / letters >= 0.3) return cjk('zh', han / letters, cjkLength);
  if (hangul / letters >= 0.3) return cjk('ko', hangul / letters, cjkLength);

  const words = clean.toLowerCase().match(WORD) ?? [];
  const votes = [...stopwordVotes(words)].sort((a, b) => b[1] - a[1]);
  const [best, second] = votes;
  if (best && best[1] >= 2 && best[1] >= 2 * (second?.[1] ?? 0)) {
    const margin = 1 - (second?.[1] ?? 0) / best[1];
    return {
      language: best[0],
      confidence: round(Math.min(0.99, 0.55 + 0.1 * best[1]) * (0.6 + 0.4 * margin)),
    };
  }

  // One function word and none of another language's: franc is no better on so little text.
  if (best && best[1] >= 1 && !second && letters < 60) {
    return { language: best[0], confidence: round(0.35 + 0.2 * lengthFactor) };
  }
  if (letters < SHORT_LETTERS) return { ...UNDETERMINED, confidence: 0.2 };
  const [top, next] = francAll(clean, { only: FRANC_ONLY, minLength: SHORT_LETTERS });
  const language = top ? ISO_639_1[top[0]] : undefined;
  if (!top || !language) return { ...UNDETERMINED, confidence: 0.2 };
  // francAll scores the best language 1 and the others relative to it; a close second means doubt.
  const margin = 1 - (next?.[1] ?? 0);
  return { language, confidence: round(Math.min(0.95, 0.3 + 3 * margin) * (0.3 + 0.7 * lengthFactor)) };
}

function cjk(language: string, share: number, lengthFactor: number): LanguageGuess {
  return { language, confidence: round(Math.min(0.99, 0.5 + 0.5 * share) * (0.6 + 0.4 * lengthFactor)) };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * Whether the text has a word only this language's word lists hold, not English's: a sign that a
 * short text taken for it is really in it.
 */
export function hasOwnWords(text: string, language: string): boolean {
  return hasOwnWordIn(text.toLowerCase().match(WORD) ?? [], language);
}
