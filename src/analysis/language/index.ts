export type { LanguageGuess } from './language.js';
export { detectLanguage } from './language.js';
export { hasOwnWords } from './stopwords.js';
