/**
 * A reply from the optional LLM writer, held to the same rules as a template draft: when the writer
 * fails, is too slow, or writes something the tone check flags, too long, or in another language,
 * the template draft is used instead.
 */
import { detectLanguage } from '../analysis/language/index.js';
import { draftReply } from './draft.js';
import { checkTone } from './tone.js';
import type { Draft, DraftInput, FallbackReason, ReplyWriter, ToneCheck, WrittenReply } from './types.js';

export interface WriteReplyOptions {
  /** How long to wait for the writer before using the template, in milliseconds. */
  timeoutMs: number;
}

const DEFAULT_WRITE_OPTIONS = { timeoutMs: 20_000 } satisfies WriteReplyOptions;

/**
 * The best reply we can offer: the writer's text when a writer is given and its text passes the tone
 * check, fits the platform and is in the draft's language; else the template draft.
 *
 * @example
 * const { draft, tone, fallback } = await writeReply(input, new OpenAiCompatibleWriter({ … }));
 * // draft.source: the model's name, or 'template' with fallback.reason: 'tone' | 'timeout' | …
 */
export async function writeReply(
  input: DraftInput,
  writer?: ReplyWriter | null,
  options: Partial<WriteReplyOptions> = {},
): Promise<WrittenReply> {
  const { timeoutMs } = { ...DEFAULT_WRITE_OPTIONS, ...options };
  const template = draftReply(input);
  const context = {
    isPublic: input.isPublic,
    platform: input.platform,
    language: template.language,
    mentions: template.mentions,
  };
  const fallback = (reason: FallbackReason, detail?: string): WrittenReply => ({
    draft: template,
    tone: checkTone(template.text, context),
    fallback: detail === undefined ? { reason } : { reason, detail },
  });
  if (!writer) return fallback('no_writer');

  let text: string;
  try {
    text = (await withTimeout((signal) => writer.write(input, template, { signal }), timeoutMs)).trim();
  } catch (error) {
    if (error instanceof WriterTimeout) return fallback('timeout', `no answer within ${timeoutMs} ms`);
    return fallback('error', error instanceof Error ? error.message : String(error));
  }
  if (!text) return fallback('empty');

  const tone: ToneCheck = checkTone(text, context);
  if (tone.flags.some((f) => f.code === 'too_long'))
    return fallback('too_long', tone.flags.map((f) => f.code).join(', '));
  if (!tone.ok) return fallback('tone', tone.flags.map((f) => f.code).join(', '));
  const guess = detectLanguage(text);
  if (guess.language !== 'und' && guess.confidence >= 0.5 && guess.language !== template.language) {
    return fallback('language', `${guess.language} instead of ${template.language}`);
  }
  const draft: Draft = { ...template, text, source: writer.model };
  return { draft, tone };
}

class WriterTimeout extends Error {
  constructor() {
    super('writer timed out');
  }
}

/** Runs `task` with an abort signal that fires after `ms`; rejects with `WriterTimeout` then. */
async function withTimeout<T>(task: (signal: AbortSignal) => Promise<T>, ms: number): Promise<T> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Settle first: a writer that rejects as soon as it is aborted must not win the race.
      reject(new WriterTimeout());
      controller.abort(new WriterTimeout());
    }, ms);
  });
  try {
    return await Promise.race([task(controller.signal), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
