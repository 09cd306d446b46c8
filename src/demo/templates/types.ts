/** Touchpoints of the demo business's customer journey (keys of the default taxonomy). */
export const DEMO_TOPICS = [
  'booking',
  'price',
  'staff',
  'product',
  'delivery',
  'venue',
  'support',
  'returns',
  'cancellation',
] as const;
export type DemoTopic = (typeof DEMO_TOPICS)[number];

export const DEMO_LANGUAGES = ['en', 'de', 'zh', 'es', 'fr'] as const;
export type DemoLanguage = (typeof DEMO_LANGUAGES)[number];

type Polar = { pos: string[]; neg: string[] };

/**
 * The phrases of one language. Clauses are lower-case main clauses without a full stop, so that
 * they can stand alone or be joined by a contrast ("{a}, but {b}"). `{brand}` and `{competitor}`
 * are filled in when an item is written.
 */
export interface LanguagePack {
  /** Between two sentences ('' for Chinese). */
  space: string;
  /** Ends a sentence. */
  stop: string;
  clauses: Record<DemoTopic, Polar>;
  /** Joins two clauses of opposite sentiment: `{a}` and `{b}`. */
  contrast: string[];
  questions: string[];
  suggestions: string[];
  churn: string[];
  legal: string[];
  safety: string[];
  goPublic: string[];
  openers: Polar;
  closers: Polar;
  titles: Polar & { mixed: string[] };
  /** A short name of each touchpoint, for e-mail subjects. */
  topicNames: Record<DemoTopic, string>;
  /** E-mail and ticket subjects; `{topic}` is a topic name. */
  subjects: Polar & { question: string[] };
  greeting: string;
  signoff: string;
  /** Given and family names; `显示/latin` where the written form is not Latin (for e-mail addresses). */
  people: { first: string[]; last: string[]; familyFirst?: boolean };
}
