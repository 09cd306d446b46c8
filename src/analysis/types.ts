/** Types of the pure text-analysis pipeline: text (+ rating, taxonomy) in, results out. No I/O. */

export const SENTIMENT_LABELS = ['negative', 'neutral', 'positive'] as const;
export type SentimentLabel = (typeof SENTIMENT_LABELS)[number];

export const INTENTS = [
  'complaint',
  'praise',
  'question',
  'suggestion',
  'churn_threat',
  'legal_threat',
  'safety_issue',
  'public_threat',
  'refund_request',
] as const;
export type Intent = (typeof INTENTS)[number];

export interface Sentiment {
  label: SentimentLabel;
  /** -1 (most negative) … 1 (most positive). */
  score: number;
  /** 0 … 1: how sure the analyser is of the label. */
  confidence: number;
}

/** A character range of the analysed text (UTF-16 offsets, end exclusive) and the text in it. */
export interface Evidence {
  start: number;
  end: number;
  text: string;
}

export interface TouchpointMention {
  /** Key of a touchpoint of the workspace's journey taxonomy, e.g. `staff`. */
  key: string;
  sentiment: Sentiment;
  evidence: Evidence[];
}

export interface IntentMention {
  intent: Intent;
  confidence: number;
  evidence: Evidence[];
}

export interface SentenceSentiment extends Sentiment, Evidence {}

export interface AnalysisResult {
  /** ISO 639-1 code, or `und` when the text is too short or unclear to tell. */
  language: string;
  languageConfidence: number;
  sentiment: Sentiment;
  sentences: SentenceSentiment[];
  touchpoints: TouchpointMention[];
  intents: IntentMention[];
  urgency: { score: number; reasons: string[] };
  /** Name and version of the model that produced this result, e.g. `baseline-lexicon@1`. */
  model: string;
}

/** A touchpoint of a taxonomy as the analyser needs it: key and example phrases per language. */
export interface TaxonomyTouchpoint {
  key: string;
  name: string;
  examples: string[];
}

export interface AnalysisInput {
  text: string;
  title?: string | undefined;
  /** Star rating 1–5, when the item has one. */
  rating?: number | undefined;
  /** Survey score, when the item has one. */
  score?: { kind: 'nps' | 'csat' | 'ces'; value: number } | undefined;
  /**
   * The touchpoint the item is about, declared by its source (a survey asked after the delivery):
   * the result names it, with the document's sentiment, even when the text does not (issue #15).
   */
  touchpoint?: string | undefined;
}

/** A learned document-sentiment model (e.g. a workspace's own, trained on its rated items). */
export interface SentimentModel {
  /** Shown in results, e.g. `workspace-sentiment@3`. */
  readonly name: string;
  /** Probabilities of `negative`, `neutral` and/or `positive`. */
  predict(text: string): { label: string; scores: Record<string, number> };
}

export interface AnalysisContext {
  taxonomy?: readonly TaxonomyTouchpoint[];
  /** Used for the document sentiment of items without a rating or score. */
  sentimentModel?: SentimentModel;
}

/** What the server, the CLI and jobs call. Implementations must be pure and synchronous. */
export interface Analyzer {
  readonly model: string;
  analyze(input: AnalysisInput, context?: AnalysisContext): AnalysisResult;
}
