export type { SentimentAnalysis } from './sentiment.js';
export { analyzeSentiment } from './sentiment.js';
export { labelOf, NEUTRAL_BAND, toSentiment } from './label.js';
export { blendRating, ratingPolarity } from './rating.js';
export type { ScoredClause, ScoredSentence, TextScore } from './score.js';
export { isSupportedLanguage, lexiconFor, scoreText } from './score.js';
