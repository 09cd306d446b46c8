/**
 * What a survey asks (issue #15): one scored question (NPS 0–10, CSAT 1–5, CES 1–7, stars 1–5), an
 * optional follow-up whose wording depends on the score group, optional extra questions, a thank-you,
 * its languages, and the events that trigger an invitation (read by the events slice). Wordings are
 * kept per language; a respondent's language falls back to the survey's default language.
 */
import { z } from 'zod';

export const QUESTION_KINDS = ['nps', 'csat', 'ces', 'stars'] as const;
export type QuestionKind = (typeof QUESTION_KINDS)[number];

/** Inclusive score range of each question kind. */
export const QUESTION_RANGES: Record<QuestionKind, readonly [number, number]> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
  stars: [1, 5],
};

/** The follow-up groups: detractor/passive/promoter for NPS, low/mid/high for the others. */
export const NPS_GROUPS = ['detractor', 'passive', 'promoter'] as const;
export const SCALE_GROUPS = ['low', 'mid', 'high'] as const;
export type ScoreGroup = (typeof NPS_GROUPS)[number] | (typeof SCALE_GROUPS)[number];

/** The follow-up group of a score: NPS 0–6 / 7–8 / 9–10; CSAT and stars 1–2 / 3 / 4–5; CES 1–3 / 4 / 5–7. */
export function scoreGroup(kind: QuestionKind, score: number): ScoreGroup {
  switch (kind) {
    case 'nps':
      return score <= 6 ? 'detractor' : score <= 8 ? 'passive' : 'promoter';
    case 'ces':
      return score <= 3 ? 'low' : score === 4 ? 'mid' : 'high';
    default:
      return score <= 2 ? 'low' : score === 3 ? 'mid' : 'high';
  }
}

/** Whether a score is in the low group (detractor) or the high group (promoter), for the themes. */
export function isLow(kind: QuestionKind, score: number): boolean {
  const g = scoreGroup(kind, score);
  return g === 'detractor' || g === 'low';
}
export function isHigh(kind: QuestionKind, score: number): boolean {
  const g = scoreGroup(kind, score);
  return g === 'promoter' || g === 'high';
}

/** A language tag: `en`, `de`, `pt-br` (lowercase). */
export const LanguageSchema = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z]{2,3}(-[a-z0-9]{2,8})?$/, 'must be a language tag like "en" or "pt-br"');

const text = (max: number) => z.string().trim().min(1, 'must not be empty').max(max);
/** A text per language: `{ en: "How likely…", de: "Wie wahrscheinlich…" }`. */
export const WordingSchema = (max = 500) =>
  z.record(LanguageSchema, text(max)).refine((w) => Object.keys(w).length > 0, 'needs at least one language');
export type Wording = Record<string, string>;

const key = z
  .string()
  .trim()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, 'must be a key of lowercase letters, digits, "_" or "-"');

export const EXTRA_TYPES = ['choice', 'text'] as const;

export const ExtraQuestionSchema = z
  .object({
    id: key,
    type: z.enum(EXTRA_TYPES),
    wording: WordingSchema(),
    /** Choices: a stable id (what the answer stores) and a label per language. */
    options: z
      .array(z.object({ id: key, label: WordingSchema(200) }).strict())
      .max(20)
      .optional(),
    required: z.boolean().default(false),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (q.type === 'choice' && (q.options ?? []).length < 2) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a choice needs at least 2 options' });
    }
    if (q.type === 'text' && q.options !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'a text question has no options' });
    }
    const ids = (q.options ?? []).map((o) => o.id);
    if (new Set(ids).size !== ids.length) {
      ctx.addIssue({ code: 'custom', path: ['options'], message: 'option ids must be unique' });
    }
  });
export type ExtraQuestion = z.infer<typeof ExtraQuestionSchema>;

export const TriggerSchema = z
  .object({
    /** The event type, a slug like `order.delivered` (POST /api/v1/events). */
    event: z
      .string()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9][a-z0-9_.-]{0,79}$/, 'must be an event type like "order.delivered"'),
    delayHours: z.number().int().min(0).max(720),
    channel: z.literal('email').default('email'),
  })
  .strict();
export type SurveyTrigger = z.infer<typeof TriggerSchema>;

export const SurveyDefinitionSchema = z
  .object({
    question: z
      .object({
        kind: z.enum(QUESTION_KINDS),
        wording: WordingSchema(),
        /** The labels of the scale's ends ("Not at all likely" / "Extremely likely"); defaults by kind. */
        labels: z
          .object({ low: WordingSchema(80), high: WordingSchema(80) })
          .partial()
          .strict()
          .optional(),
      })
      .strict(),
    followUp: z
      .object({
        enabled: z.boolean().default(true),
        /** Wording per score group: detractor/passive/promoter (NPS) or low/mid/high; `any` for all. */
        wording: z
          .object({
            any: WordingSchema(),
            detractor: WordingSchema(),
            passive: WordingSchema(),
            promoter: WordingSchema(),
            low: WordingSchema(),
            mid: WordingSchema(),
            high: WordingSchema(),
          })
          .partial()
          .strict()
          .default({}),
      })
      .strict()
      .default({ enabled: false, wording: {} }),
    extraQuestions: z.array(ExtraQuestionSchema).max(10).default([]),
    thankYou: WordingSchema(1_000).optional(),
    /** The languages offered; the first is used when the respondent's is not among them. */
    languages: z.array(LanguageSchema).min(1).max(20).optional(),
    triggers: z.array(TriggerSchema).max(10).default([]),
  })
  .strict()
  .superRefine((d, ctx) => {
    const ids = d.extraQuestions.map((q) => q.id);
    ids.forEach((id, i) => {
      if (ids.indexOf(id) !== i) {
        ctx.addIssue({ code: 'custom', path: ['extraQuestions', i, 'id'], message: `"${id}" is used twice` });
      }
    });
    for (const lang of d.languages ?? []) {
      if (d.question.wording[lang] === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['question', 'wording', lang],
          message: `the question needs a wording in "${lang}", a language of the survey`,
        });
      }
    }
  });
export type SurveyDefinition = z.infer<typeof SurveyDefinitionSchema>;
export type SurveyDefinitionInput = z.input<typeof SurveyDefinitionSchema>;

/** Default end labels and thank-you per language (the builder may override them). */
const DEFAULT_LABELS: Record<QuestionKind, Record<string, [string, string]>> = {
  nps: {
    en: ['Not at all likely', 'Extremely likely'],
    de: ['Überhaupt nicht wahrscheinlich', 'Äußerst wahrscheinlich'],
    fr: ['Pas du tout probable', 'Très probable'],
    es: ['Nada probable', 'Muy probable'],
  },
  csat: {
    en: ['Very dissatisfied', 'Very satisfied'],
    de: ['Sehr unzufrieden', 'Sehr zufrieden'],
    fr: ['Très insatisfait', 'Très satisfait'],
    es: ['Muy insatisfecho', 'Muy satisfecho'],
  },
  ces: {
    en: ['Very difficult', 'Very easy'],
    de: ['Sehr schwierig', 'Sehr einfach'],
    fr: ['Très difficile', 'Très facile'],
    es: ['Muy difícil', 'Muy fácil'],
  },
  stars: {
    en: ['Poor', 'Excellent'],
    de: ['Schlecht', 'Ausgezeichnet'],
    fr: ['Mauvais', 'Excellent'],
    es: ['Malo', 'Excelente'],
  },
};
const DEFAULT_THANK_YOU: Record<string, string> = {
  en: 'Thank you for your answer!',
  de: 'Vielen Dank für Ihre Antwort!',
  fr: 'Merci pour votre réponse !',
  es: '¡Gracias por su respuesta!',
};

/** The text of a wording in `lang`, else its base language, else `fallback`'s, else the first one. */
export function pick(w: Wording | undefined, lang: string, fallback: string): string | undefined {
  if (w === undefined) return undefined;
  const base = lang.split('-')[0] ?? lang;
  return w[lang] ?? w[base] ?? w[fallback] ?? Object.values(w)[0];
}

export function defaultLabels(kind: QuestionKind, lang: string): { low: string; high: string } {
  const table = DEFAULT_LABELS[kind];
  const [low, high] = table[lang.split('-')[0] ?? lang] ?? table.en ?? ['', ''];
  return { low, high };
}

export function defaultThankYou(lang: string): string {
  return DEFAULT_THANK_YOU[lang.split('-')[0] ?? lang] ?? DEFAULT_THANK_YOU.en ?? '';
}

/** The languages a survey offers: its own list, else those of the question's wording. */
export function languagesOf(d: SurveyDefinition, defaultLanguage: string): string[] {
  const langs = d.languages ?? Object.keys(d.question.wording);
  return langs.includes(defaultLanguage) || d.question.wording[defaultLanguage] === undefined
    ? langs
    : [defaultLanguage, ...langs];
}

/**
 * The respondent's language: `wanted` (a tag or an Accept-Language header) when the survey offers
 * it (or its base language), else the survey's default language.
 */
export function chooseLanguage(offered: readonly string[], defaultLanguage: string, wanted?: string): string {
  if (wanted) {
    const tags = wanted
      .split(',')
      .map((part) => {
        const [tag = '', ...params] = part.trim().split(';');
        const q = params.map((p) => /^q=([0-9.]+)$/.exec(p.trim())?.[1]).find((x) => x !== undefined);
        return { tag: tag.trim().toLowerCase(), q: q === undefined ? 1 : Number(q) };
      })
      .filter((t) => t.tag !== '' && t.tag !== '*' && t.q > 0)
      .sort((a, b) => b.q - a.q);
    for (const { tag } of tags) {
      if (offered.includes(tag)) return tag;
      const base = tag.split('-')[0] ?? tag;
      if (offered.includes(base)) return base;
    }
  }
  return defaultLanguage;
}

/** The follow-up wording for a score, or undefined when the survey has no follow-up. */
export function followUpWording(d: SurveyDefinition, score: number, lang: string, fallback: string) {
  if (!d.followUp.enabled) return undefined;
  const w = d.followUp.wording;
  return pick(w[scoreGroup(d.question.kind, score)] ?? w.any, lang, fallback);
}

/**
 * The survey results' themes are read from the latest this many answers of the period: joining every
 * answer with its item's touchpoints cost 0.1 s per 80,000 answers and grew with the survey.
 */
export const THEME_ANSWERS = 5_000;
