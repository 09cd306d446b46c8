import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../analysis/index.js';
import { DEFAULT_TAXONOMY } from '../core/journey/default-taxonomy.js';
import { checkTone, draftReply } from './index.js';

/**
 * Issue #12: the template draft passes the "generic" check the way an agent's reply is checked —
 * against what the customer said (the evidence of the touchpoints and intents the analysis found),
 * not against the phrases the draft chose to mention itself.
 */

interface ItemFixture {
  id: string;
  language: string;
  platform: string;
  isPublic: boolean;
  rating?: number;
  brand: string;
  text: string;
  customer?: { name?: string };
  agent?: string;
  privateChannel?: string;
}

const items = JSON.parse(
  readFileSync(new URL('../../test/fixtures/respond/items.json', import.meta.url), 'utf8'),
) as ItemFixture[];
const analyzer = createAnalyzer();
const taxonomy = DEFAULT_TAXONOMY.flatMap((s) => s.touchpoints);

function draftAndMentions(item: ItemFixture) {
  const analysis = analyzer.analyze({ text: item.text, rating: item.rating }, { taxonomy });
  const draft = draftReply({
    text: item.text,
    rating: item.rating ?? null,
    analysis,
    platform: item.platform,
    isPublic: item.isPublic,
    brand: item.brand,
    customer: item.customer,
    agent: item.agent ? { name: item.agent } : null,
    privateChannel: item.privateChannel ?? null,
  });
  // What the case page checks an agent's text against (src/web/src/reply-draft.ts mentionsOf).
  const mentions = [
    ...new Set(
      [
        ...analysis.touchpoints.flatMap((t) => t.evidence),
        ...analysis.intents.flatMap((i) => i.evidence),
      ].map((e) => e.text),
    ),
  ].slice(0, 10);
  return { draft, mentions };
}

describe('the template draft against the generic check an agent gets', () => {
  it.each(items.map((i) => [i.id, i] as const))('%s names the customer’s matter', (_id, item) => {
    const { draft, mentions } = draftAndMentions(item);
    const tone = checkTone(draft.text, {
      isPublic: item.isPublic,
      platform: item.platform,
      language: draft.language,
      mentions,
    });
    expect(
      tone.flags.map((f) => f.code),
      `${draft.text}\nmentions: ${JSON.stringify(mentions)}`,
    ).not.toContain('generic');
  });

  it('still flags a form letter against the same mentions (the check is not weakened)', () => {
    const english = items.filter((i) => i.language === 'en');
    expect(english.length).toBeGreaterThan(5);
    for (const item of english) {
      const { mentions } = draftAndMentions(item);
      if (mentions.length === 0) continue;
      const tone = checkTone(
        'We apologize for any inconvenience caused. Your satisfaction is our top priority.',
        { isPublic: item.isPublic, platform: item.platform, language: 'en', mentions },
      );
      expect(
        tone.flags.map((f) => f.code),
        item.id,
      ).toContain('generic');
    }
  });
});
