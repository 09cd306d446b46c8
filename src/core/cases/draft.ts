/**
 * The reply draft a case page starts from, with its tone check: the template draft of `src/respond`
 * for the case's newest item, using what we know of the customer (name, earlier items).
 */
import {
  checkTone,
  draftLanguage,
  draftReply,
  writeReply,
  type Draft,
  type DraftInput,
  type ReplyWriter,
  type ToneCheck,
  type WrittenReply,
} from '../../respond/index.js';
import { occasionText, type Occasion } from '../customers/moments.js';
import type { FeedbackDetail } from '../types.js';
import { isPublicChannel } from './priority.js';

export interface CaseDraft {
  draft: Draft;
  tone: ToneCheck;
}

/** What we know of the customer and the agent who signs. */
export interface DraftContext {
  customerName?: string | null;
  history?: { postedAt: string; text: string; sentiment: string | null }[];
  agentName?: string | null;
  /** Where the customer can reach us in private (the owning team's contact). */
  privateChannel?: string | null;
  /** A moment of the customer the reply may mention (issue #14: a birthday this week, a tenth visit). */
  occasion?: Occasion | null;
}

/** What a draft of the answer to `item` may use; null while the item has no analysis (pending). */
export function caseDraftInput(item: FeedbackDetail, context: DraftContext): DraftInput | null {
  if (!item.analysis) return null;
  return {
    text: item.text,
    title: item.title,
    rating: item.rating,
    analysis: item.analysis,
    platform: item.platform,
    isPublic: isPublicChannel(item.channel),
    brand: item.brand.name,
    customer: {
      name: context.customerName ?? item.author.name,
      history: context.history ?? [],
      ...(context.occasion ? { occasion: occasionText(context.occasion, draftLanguage(item.analysis)) } : {}),
    },
    agent: context.agentName ? { name: context.agentName } : null,
    privateChannel: context.privateChannel ?? null,
  };
}

/**
 * Drafts the answer to `item` (the case's newest item) and checks its tone; null while the item has
 * no analysis (pending) to say something specific from.
 */
export function caseDraft(item: FeedbackDetail, context: DraftContext): CaseDraft | null {
  const input = caseDraftInput(item, context);
  if (!input) return null;
  const draft = draftReply(input);
  const tone = checkTone(draft.text, {
    isPublic: input.isPublic,
    platform: item.platform,
    language: draft.language,
    mentions: draft.mentions,
  });
  return { draft, tone };
}

/**
 * A draft written by the configured LLM, checked like the templates: the template draft when there
 * is no writer, or when the LLM fails, is slow, or writes something the tone check or the platform
 * limit refuses (`fallback` says why).
 */
export async function writtenCaseDraft(
  item: FeedbackDetail,
  context: DraftContext,
  writer: ReplyWriter | undefined,
): Promise<WrittenReply | null> {
  const input = caseDraftInput(item, context);
  return input ? writeReply(input, writer) : null;
}

/** The specific things the customer said: evidence of the touchpoints and intents found. */
export function mentionsOf(item: FeedbackDetail): string[] {
  const a = item.analysis;
  if (!a) return [];
  const texts = [...a.touchpoints.flatMap((t) => t.evidence), ...a.intents.flatMap((i) => i.evidence)].map(
    (e) => e.text,
  );
  return [...new Set(texts)].slice(0, 10);
}

/** The tone check of what an agent typed, in the context of the item it answers. */
export function replyTone(text: string, item: FeedbackDetail, language: string): ToneCheck {
  return checkTone(text, {
    isPublic: isPublicChannel(item.channel),
    platform: item.platform,
    language,
    mentions: mentionsOf(item),
  });
}
