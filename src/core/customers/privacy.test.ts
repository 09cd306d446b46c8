import { describe, expect, it } from 'vitest';
import { ERASED, needlesOf, scrubAnalysis, scrubJson, scrubText } from './privacy.js';

describe('needlesOf', () => {
  it('keeps names, their words and handles without @, longest first, nothing under 3 characters', () => {
    const needles = needlesOf(['Anna Weber', '@annaw', null, 'anna@x.org', 'Al', undefined, '']);
    expect([...needles].sort()).toEqual(
      ['@annaw', 'Anna', 'Anna Weber', 'Weber', 'anna@x.org', 'annaw'].sort(),
    );
    expect(needles.map((n) => n.length)).toEqual(needles.map((n) => n.length).sort((a, b) => b - a));
  });
});

describe('scrubText', () => {
  const needles = needlesOf(['Anna Weber', 'anna@x.org']);

  it('replaces whole words case-insensitively, the longest needle first', () => {
    expect(scrubText('Dear ANNA, write to anna@x.org. Anna Weber called.', needles)).toBe(
      `Dear ${ERASED}, write to ${ERASED}. ${ERASED} called.`,
    );
  });

  it('leaves a needle inside a longer word, and text without needles, as it was', () => {
    expect(scrubText('Annabelle and Webers are others', needles)).toBe('Annabelle and Webers are others');
    expect(scrubText('nothing here', [])).toBe('nothing here');
  });

  it('takes needles literally (no regular-expression syntax)', () => {
    expect(scrubText('a.b*c and axbc', ['a.b*c'])).toBe(`${ERASED} and axbc`);
  });
});

describe('scrubJson and scrubAnalysis', () => {
  it('scrubs every string and replaces the named keys whole', () => {
    expect(
      scrubJson(
        { note: 'called Anna', n: 3, list: ['Anna', null], text: 'anything' },
        ['Anna'],
        new Set(['text']),
      ),
    ).toEqual({
      note: `called ${ERASED}`,
      n: 3,
      list: [ERASED, null],
      text: ERASED,
    });
  });

  it('removes the quoted sentences and evidence of an analysis, keeping offsets, labels and scores', () => {
    const result = {
      sentiment: { label: 'negative', score: -0.5, confidence: 0.9 },
      sentences: [
        { start: 0, end: 12, text: 'Soup was cold', label: 'negative', score: -0.5, confidence: 0.8 },
      ],
      touchpoints: [
        {
          key: 'food',
          sentiment: { label: 'negative', score: -0.5, confidence: 0.8 },
          evidence: [{ start: 0, end: 4, text: 'Soup' }],
        },
      ],
      urgency: { score: 0.2, reasons: [] },
    };
    const scrubbed = JSON.parse(scrubAnalysis(JSON.stringify(result), [])) as typeof result;
    expect(scrubbed.sentences[0]).toEqual({ ...result.sentences[0], text: ERASED });
    expect(scrubbed.touchpoints[0]?.evidence[0]).toEqual({ start: 0, end: 4, text: ERASED });
    expect(scrubbed.sentiment).toEqual(result.sentiment);
  });

  it('scrubs text that is not JSON as text', () => {
    expect(scrubAnalysis('not json Anna', ['Anna'])).toBe(`not json ${ERASED}`);
  });
});
