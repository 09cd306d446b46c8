import type {
  AnalysisContext,
  AnalysisInput,
  AnalysisResult,
  Analyzer,
  Sentiment,
  SentimentModel,
  TouchpointMention,
} from '../types.js';
import { detectLanguage } from '../language/index.js';
import { analyzeSentiment, isSupportedLanguage, toSentiment, type TextScore } from '../sentiment/index.js';
import { matchTouchpoints, type TouchpointMatch } from '../touchpoints/index.js';
import { detectIntents, urgencyOf } from '../intents/index.js';

export const BASELINE_MODEL = 'baseline-lexicon@1';

/**
 * The baseline analyser: language by script, stop words and franc-min; lexicon sentiment (AFINN for
 * English, our own lexicons for German and Chinese) blended with the rating; touchpoints by the
 * taxonomy's example phrases; intents and urgency by explicit phrase rules. Pure and synchronous.
 */
export function createBaselineAnalyzer(): Analyzer {
  return { model: BASELINE_MODEL, analyze };
}

function analyze(input: AnalysisInput, context: AnalysisContext = {}): AnalysisResult {
  const text = input.text;
  const { language, confidence: languageConfidence } = detectLanguage(
    input.title ? `${input.title}\n${text}` : text,
  );
  const lexicon = analyzeSentiment(input, language);
  const { sentences, scores } = lexicon;
  const model = input.rating === undefined && input.score === undefined ? context.sentimentModel : undefined;
  const sentiment = model ? learnedSentiment(model, input) : lexicon.sentiment;
  const supported = isSupportedLanguage(language);
  const touchpoints = context.taxonomy?.length
    ? touchpointMentions(matchTouchpoints(text, context.taxonomy), scores, supported)
    : [];
  const declared = input.touchpoint;
  if (
    declared !== undefined &&
    !touchpoints.some((t) => t.key === declared) &&
    (context.taxonomy === undefined || context.taxonomy.some((t) => t.key === declared))
  ) {
    // A touchpoint declared by the item's source (issue #15: a survey of the delivery) counts with
    // the document's sentiment — the score — though the text may not name it, or be empty.
    touchpoints.push({ key: declared, sentiment: { ...sentiment }, evidence: [] });
  }
  const intents = detectIntents(text, sentences, sentiment, input.title, language);
  return {
    language,
    languageConfidence,
    sentiment,
    sentences,
    touchpoints,
    intents,
    urgency: urgencyOf(sentiment, intents),
    model: model ? `${BASELINE_MODEL}+${model.name}` : BASELINE_MODEL,
  };
}

/**
 * The document sentiment from a learned model: the most probable label, a score of
 * P(positive) − P(negative), and that label's probability as confidence. Items with a rating or
 * score never get here: the customer's own number beats any model.
 */
function learnedSentiment(model: SentimentModel, input: AnalysisInput): Sentiment {
  const { label, scores } = model.predict(input.title ? `${input.title}\n${input.text}` : input.text);
  const known = label === 'negative' || label === 'neutral' || label === 'positive';
  const score = Math.max(-1, Math.min(1, (scores.positive ?? 0) - (scores.negative ?? 0)));
  return {
    label: known ? label : score > 0 ? 'positive' : score < 0 ? 'negative' : 'neutral',
    score: Math.round(score * 1000) / 1000,
    confidence: Math.round((scores[label] ?? 0) * 1000) / 1000,
  };
}

/**
 * Gives each matched touchpoint the sentiment of where it is mentioned: of its clause when the
 * sentence is split by "but" and the clause has polar words ("great food but rude staff"), else
 * of its sentence. Several mentions of one touchpoint are summed.
 */
function touchpointMentions(
  matches: readonly TouchpointMatch[],
  scores: TextScore,
  supported: boolean,
): TouchpointMention[] {
  const byKey = new Map<string, { raw: number; hits: number; evidence: TouchpointMatch[] }>();
  for (const match of matches) {
    const sentence = scores.sentences.find((s) => s.start <= match.start && match.start < s.end);
    const clause = sentence?.clauses.find((c) => c.start <= match.start && match.start < c.end);
    const source = clause && clause.hits > 0 && sentence && sentence.clauses.length > 1 ? clause : sentence;
    const entry = byKey.get(match.key) ?? { raw: 0, hits: 0, evidence: [] };
    // Two mentions in the same place (one phrase listed twice) must not count its sentence twice.
    if (!entry.evidence.some((e) => e.start === match.start)) {
      entry.raw += source?.raw ?? 0;
      entry.hits += source?.hits ?? 0;
      entry.evidence.push(match);
    }
    byKey.set(match.key, entry);
  }
  return [...byKey].map(([key, { raw, hits, evidence }]) => ({
    key,
    sentiment: toSentiment(raw, hits, supported) satisfies Sentiment,
    evidence: evidence.map(({ start, end, text }) => ({ start, end, text })),
  }));
}
