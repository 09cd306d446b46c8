/**
 * The reply module's pure parts, in the browser: the template draft for a case's item and the live
 * tone check while the agent types. Imported file by file (not `respond/index.ts`) so the optional
 * LLM writer and language detection stay out of the bundle; the server checks the tone again on send.
 */
import { draftReply } from '../../respond/draft.js';
import { platformLimit, platformLimitInfo, replyLength } from '../../respond/limits.js';
import { checkTone } from '../../respond/tone.js';
import type { Draft, ToneCheck } from '../../respond/types.js';
import type { CaseDetail } from './types';

export type { Draft, ToneCheck };
export type ToneFlag = ToneCheck['flags'][number];

/** Channels whose replies everyone can read: compensation must not be offered there. */
const PUBLIC_CHANNELS: readonly string[] = ['review', 'social'];

export function isPublicCase(c: Pick<CaseDetail, 'channel'>): boolean {
  return PUBLIC_CHANNELS.includes(c.channel);
}

type CaseItem = CaseDetail['items'][number];

/**
 * The draft to start from for `item`: the server's (`CaseDetail.draft`, for the case's own item),
 * else the same template drafted here, for another item of the case; null while it is unanalysed.
 */
export function draftFor(c: CaseDetail, item: CaseItem, agentName: string | null): Draft | null {
  if (c.draft && item.id === c.item?.id) return c.draft;
  if (!item.analysis) return null;
  return draftReply({
    text: item.text,
    title: item.title,
    rating: item.rating,
    analysis: item.analysis,
    platform: item.platform,
    isPublic: isPublicCase(c),
    brand: item.brand.name,
    customer: {
      name: item.author.name,
      history: c.history
        .filter((h) => h.id !== item.id)
        .map((h) => ({ postedAt: h.postedAt, text: h.text, sentiment: h.sentiment })),
    },
    agent: agentName ? { name: agentName } : null,
    privateChannel: c.privateChannel,
  });
}

/** The specific things the customer said (evidence of touchpoints and intents), as the server's check uses them. */
export function mentionsOf(item: CaseItem): string[] {
  const a = item.analysis;
  if (!a) return [];
  const texts = [...a.touchpoints.flatMap((t) => t.evidence), ...a.intents.flatMap((i) => i.evidence)].map(
    (e) => e.text,
  );
  return [...new Set(texts)].slice(0, 10);
}

/** The tone of what the agent typed, with the length against the platform's limit. */
export function toneOf(
  text: string,
  c: Pick<CaseDetail, 'channel' | 'platform'>,
  language: string,
  mentions: string[],
): ToneCheck {
  return checkTone(text, { isPublic: isPublicCase(c), platform: c.platform, language, mentions });
}

/** Length of `text` as the platform counts it, its limit (null: none) and where the number comes from. */
export function lengthOf(
  text: string,
  platform: string,
): { length: number; limit: number | null; source: string } {
  return {
    length: replyLength(text, platform),
    limit: platformLimit(platform),
    source: platformLimitInfo(platform).source,
  };
}
