/**
 * Replies (issue #4), pure: template drafts from the analysis in English, German, Chinese, Spanish,
 * French, Italian, Portuguese and Dutch, platform length limits, the tone check, and `writeReply`,
 * which tries an optional LLM writer first and falls back to the template. No I/O except in the
 * writer you pass in.
 */
export type * from './types.js';
export { TONE_FLAGS } from './types.js';
export { draftLanguage, draftReply, replyKind } from './draft.js';
export type { ReplyKind } from './draft.js';
export { checkTone, namesMention } from './tone.js';
export { fitsPlatform, PLATFORM_LIMITS, platformLimit, platformLimitInfo, replyLength } from './limits.js';
export type { LengthUnit, PlatformLimit } from './limits.js';
export { writeReply } from './write.js';
export type { WriteReplyOptions } from './write.js';
export { OpenAiCompatibleWriter } from './openai-writer.js';
export type { OpenAiWriterOptions, WriterFetch } from './openai-writer.js';
