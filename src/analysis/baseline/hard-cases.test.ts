import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '../../core/journey/default-taxonomy.js';
import { createAnalyzer } from '../index.js';

const analyzer = createAnalyzer();
const taxonomy = DEFAULT_TAXONOMY.flatMap((s) => s.touchpoints);
const analyze = (text: string) => analyzer.analyze({ text }, { taxonomy });

/** The hard cases of issue #3, pinned on the whole pipeline as ingest calls it. */
describe('hard cases', () => {
  it('a text that is only a URL or only emoji', () => {
    const url = analyze('https://example.com/review/123');
    expect(url.language).toBe('und');
    expect(url.sentiment.label).toBe('neutral');
    expect(analyze('😡😡👎').sentiment.label).toBe('negative');
    expect(analyze('😍❤️👍').sentiment.label).toBe('positive');
  });

  it('an enormous text is analysed whole, with offsets inside it', () => {
    const sentence = 'The staff were rude and the room was dirty. ';
    const text = sentence.repeat(1_000); // 44,000 characters
    const a = analyze(text);
    expect(a.sentiment.label).toBe('negative');
    expect(a.sentences.length).toBe(1_000);
    const last = a.sentences.at(-1);
    expect(text.slice(last?.start, last?.end)).toBe(last?.text);
  });

  it('negation and intensity', () => {
    expect(analyze('The food was not good.').sentiment.label).toBe('negative');
    expect(analyze('The food was not bad at all.').sentiment.score).toBeGreaterThan(
      analyze('The food was bad.').sentiment.score,
    );
    expect(analyze('The food was very good.').sentiment.score).toBeGreaterThan(
      analyze('The food was good.').sentiment.score,
    );
  });

  it('contrast gives each touchpoint its own side', () => {
    const a = analyze('The food was great but the waiter was rude.');
    const byKey = new Map(a.touchpoints.map((t) => [t.key, t.sentiment.label]));
    expect(byKey.get('product')).toBe('positive');
    expect(byKey.get('staff')).toBe('negative');
    const de = analyze('Das Essen war super, aber der Service war unfreundlich.');
    expect(de.language).toBe('de');
    const zh = analyze('房间很干净，但是服务态度很差。');
    expect(zh.language).toBe('zh');
    expect(new Map(zh.touchpoints.map((t) => [t.key, t.sentiment.label])).get('staff')).toBe('negative');
  });

  it('German compounds find their touchpoint', () => {
    const a = analyze('Der Kundenservice war eine Katastrophe, niemand ruft zurück.');
    expect(a.touchpoints.map((t) => t.key)).toContain('support');
    expect(a.sentiment.label).toBe('negative');
  });

  it('mixed languages pick the main one and still score', () => {
    const a = analyze('Great hotel, super sauber, the breakfast was amazing!');
    expect(a.language).toBe('en');
    expect(a.sentiment.label).toBe('positive');
  });
});
