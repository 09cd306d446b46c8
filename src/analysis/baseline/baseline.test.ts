import { describe, expect, it } from 'vitest';
import { createAnalyzer } from '../index.js';

const TAXONOMY = [
  { key: 'food', name: 'Food', examples: ['food', 'Essen', '菜'] },
  { key: 'staff', name: 'Staff', examples: ['staff', 'Personal', '服务员'] },
];

describe('baseline analyser', () => {
  const analyzer = createAnalyzer();

  it('names its model', () => {
    expect(analyzer.model).toBe('baseline-lexicon@1');
    expect(analyzer.analyze({ text: 'ok' }).model).toBe('baseline-lexicon@1');
  });

  it.each([
    ['Great food but rude staff.'],
    ['Das Essen war gut, aber das Personal war unfreundlich.'],
    ['菜很好吃，但是服务员态度很差。'],
  ])('gives each touchpoint the sentiment of its clause: %s', (text) => {
    const result = analyzer.analyze({ text }, { taxonomy: TAXONOMY });
    const byKey = Object.fromEntries(result.touchpoints.map((t) => [t.key, t]));
    expect(byKey.food?.sentiment.label).toBe('positive');
    expect(byKey.staff?.sentiment.label).toBe('negative');
    for (const t of result.touchpoints) {
      for (const e of t.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    }
  });

  it('ranks threats as urgent', () => {
    const result = analyzer.analyze({ text: 'Terrible. I got food poisoning and I will sue you.' });
    expect(result.sentiment.label).toBe('negative');
    expect(result.intents.map((i) => i.intent)).toEqual(
      expect.arrayContaining(['complaint', 'safety_issue', 'legal_threat']),
    );
    expect(result.urgency.score).toBeGreaterThan(0.8);
    expect(result.urgency.reasons).toEqual(expect.arrayContaining(['legal threat', 'safety issue']));
  });

  it('lets the rating decide a mild text', () => {
    expect(analyzer.analyze({ text: 'The room was fine.', rating: 1 }).sentiment.label).toBe('negative');
    expect(analyzer.analyze({ text: 'The room was fine.', rating: 5 }).sentiment.label).toBe('positive');
  });

  it('counts the title', () => {
    const result = analyzer.analyze({ title: 'Awful, want a refund', text: 'Room 12, two nights.' });
    expect(result.sentiment.label).toBe('negative');
    expect(result.intents.map((i) => i.intent)).toContain('refund_request');
  });

  it('analyses empty text', () => {
    const result = analyzer.analyze({ text: '' });
    expect(result).toMatchObject({
      language: 'und',
      sentiment: { label: 'neutral' },
      sentences: [],
      intents: [],
    });
  });
});
