export type { Span, Token } from './segment.js';
export {
  hasCjk,
  hasHan,
  hasKana,
  searchText,
  segmentWords,
  splitSentences,
  trimSpan,
  WORD_PATTERN,
  wordTokens,
} from './segment.js';
