/**
 * Types of the pure reply module (issue #4): drafting a reply to a feedback item from its analysis,
 * and checking the tone of any reply text, a draft or what an agent typed. No I/O here; the
 * optional LLM writer lives behind `ReplyWriter` and is wired in `src/runtime`.
 */
import type { AnalysisResult } from '../analysis/types.js';

/** What a draft may use about the item and the customer. All customer text is untrusted. */
export interface DraftInput {
  /** The item's text (and title) as the customer wrote it. */
  text: string;
  title?: string | null;
  rating?: number | null;
  analysis: AnalysisResult;
  /** Platform slug of the item (`twitter`, `google`, `tripadvisor`, `email`, …): sets the length limit. */
  platform: string;
  /** Whether the reply will be seen by the public (a review answer) or only by the customer. */
  isPublic: boolean;
  /** The brand that answers. */
  brand: string;
  customer?: {
    name?: string | null;
    /** Earlier items of this customer, newest first, for "welcome back" and history-aware replies. */
    history?: { postedAt: string; text: string; sentiment: string | null }[];
    /** What the business knows of an occasion (e.g. "birthday trip"), if any. */
    occasion?: string | null;
  };
  /** The agent who signs, if any. */
  agent?: { name: string } | null;
  /** Where to continue in private (e-mail address, DM, phone) when details are needed. */
  privateChannel?: string | null;
}

export interface Draft {
  text: string;
  /** ISO 639-1 of the draft: the item's language where we have templates (en, de, zh, es, fr, it, pt, nl), else English. */
  language: string;
  /** The platform's character limit the draft fits, or null when there is none. */
  limit: number | null;
  /** The specific things of the item the draft names (evidence texts), for the tone check and the UI. */
  mentions: string[];
  /** `template` or the LLM writer's model name. */
  source: string;
}

export const TONE_FLAGS = [
  'defensive',
  'blaming',
  'generic',
  'arguing',
  'public_compensation',
  'too_long',
] as const;
export type ToneFlagCode = (typeof TONE_FLAGS)[number];

export interface ToneFlag {
  code: ToneFlagCode;
  /** What is wrong and what to do instead, in English, for the agent. */
  message: string;
  /** Where in the reply, when one place is to blame. */
  span?: { start: number; end: number; text: string };
}

export interface ToneContext {
  isPublic: boolean;
  platform: string;
  /** The draft's or item's language. */
  language: string;
  /** Specific things the customer said (evidence texts): a reply naming none of them is generic. */
  mentions?: string[];
}

export interface ToneCheck {
  ok: boolean;
  flags: ToneFlag[];
}

/** An optional writer (an OpenAI-compatible chat endpoint); its output goes through the same tone check. */
export interface ReplyWriter {
  readonly model: string;
  /** The reply text. `options.signal` aborts when the caller gives up (timeout). */
  write(input: DraftInput, template: Draft, options?: { signal?: AbortSignal }): Promise<string>;
}

/** Why `writeReply` used the template instead of the writer's text. */
export type FallbackReason = 'no_writer' | 'error' | 'timeout' | 'empty' | 'tone' | 'too_long' | 'language';

/** What `writeReply` returns: the draft to show, its tone check, and why the writer's text was not used. */
export interface WrittenReply {
  draft: Draft;
  tone: ToneCheck;
  /** Set when the draft is the template although a writer was given (or none was). */
  fallback?: { reason: FallbackReason; detail?: string };
}
