export type { LanguageGuess } from './language.js';
export { detectLanguage, hasOwnWords } from './language.js';
