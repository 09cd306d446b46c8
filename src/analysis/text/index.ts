export type { Span, Token } from './segment.js';
export {
  hasCjk,
  hasHan,
  hasKana,
  searchText,
  segmentWords,
  splitSentences,
  trimSpan,
  wordTokens,
} from './segment.js';
