import type { AnalysisInput, SentenceSentiment, Sentiment } from '../types.js';
import { toSentiment } from './label.js';
import { blendRating, ratingPolarity } from './rating.js';
import { hasOwnWords } from '../language/index.js';
import { isEuropeanLanguage, isSupportedLanguage, scoreText, type TextScore } from './score.js';

export interface SentimentAnalysis {
  /** Of the whole item: text, title and rating or survey score. */
  sentiment: Sentiment;
  /** Of each sentence of `input.text`, from its words alone. */
  sentences: SentenceSentiment[];
  /** The lexicon scores behind them, clause by clause, for touchpoint sentiment. */
  scores: TextScore;
}

/**
 * Sentiment of a feedback item: lexicon scores of the text (and title), blended with the star
 * rating or survey score when there is one.
 *
 * @example analyzeSentiment({ text: 'Not good.', rating: 2 }, 'en').sentiment.label // 'negative'
 */
export function analyzeSentiment(input: AnalysisInput, language: string): SentimentAnalysis {
  const supported = isSupportedLanguage(language);
  const scores = scoreOrFallback(input.text, language);
  let { raw, hits } = scores;
  if (input.title) {
    const title = scoreText(input.title, language);
    raw += title.raw;
    hits += title.hits;
  }
  const fromText = toSentiment(raw, hits, supported);
  const rating = ratingPolarity(input);
  return {
    sentiment: rating === undefined ? fromText : blendRating(fromText, rating, supported),
    sentences: scores.sentences.map(({ start, end, text, raw, hits }) => ({
      start,
      end,
      text,
      ...toSentiment(raw, hits, supported),
    })),
    scores,
  };
}

/**
 * Short English and German texts are easily taken for each other ("IT WAS HORRIBLE." reads as
 * German): when one lexicon finds no polar word, the other is asked — English only for a text with
 * no sign of German (umlauts, ß, common German words), since German "die", "hell" or "Gift" would
 * read as English polar words; German only for a text that has such a sign.
 */
function scoreOrFallback(text: string, language: string): TextScore {
  const scores = scoreText(text, language);
  if (scores.hits > 0) return scores;
  if (isEuropeanLanguage(language)) {
    // A short English text taken for Spanish, French, … ("Excellent experience." read as French)
    // is scored in English when its own lexicon finds nothing and no word of its own is there.
    if (hasOwnWords(text, language)) return scores;
    const english = scoreText(text, 'en');
    return english.hits > 0 ? english : scores;
  }
  if (language !== 'de' && language !== 'en') return scores;
  if ((language === 'de') === GERMAN_SIGNS.test(text)) return scores;
  const other = scoreText(text, language === 'de' ? 'en' : 'de');
  return other.hits > 0 ? other : scores;
}

const GERMAN_SIGNS =
  /[äöüß]|(?<![\p{L}])(?:der|die|das|und|ist|nicht|ich|ein|eine|zu|mit|auf|für|sie|wir|den|dem|des|von|bei|sind|auch|noch|aber|schon|wieder|mal|sehr|kein|keine)(?![\p{L}])/iu;
