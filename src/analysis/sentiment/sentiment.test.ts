import { describe, expect, it } from 'vitest';
import { analyzeSentiment, ratingPolarity, scoreText } from './index.js';

const label = (text: string, language: string) => analyzeSentiment({ text }, language).sentiment.label;

describe('analyzeSentiment', () => {
  it.each([
    ['en', 'The staff were friendly and the room was great.', 'positive'],
    ['en', 'Terrible service, the worst flight I have ever had.', 'negative'],
    ['de', 'Das Essen war super und das Personal sehr freundlich.', 'positive'],
    ['de', 'Schon wieder Verspätung, ich bin total enttäuscht.', 'negative'],
    ['zh', '服务态度很好，房间也很干净。', 'positive'],
    ['zh', '太失望了，质量很差。', 'negative'],
    ['en', 'The flight leaves at 9.', 'neutral'],
  ])('%s: %s is %s', (language, text, expected) => {
    expect(label(text, language)).toBe(expected);
  });

  it('handles negation', () => {
    expect(label('The food was not good.', 'en')).toBe('negative');
    expect(label('Das Essen war nicht gut.', 'de')).toBe('negative');
    expect(label('Das gefällt mir nicht.', 'de')).toBe('negative');
    expect(label('我不满意。', 'zh')).toBe('negative');
    expect(label('没有想象中好', 'zh')).toBe('negative');
  });

  it('keeps scores and confidences in range', () => {
    const { sentiment, sentences } = analyzeSentiment(
      { text: 'Awesome awesome awesome! Best ever! Love it!' },
      'en',
    );
    for (const s of [sentiment, ...sentences]) {
      expect(Math.abs(s.score)).toBeLessThanOrEqual(1);
      expect(s.confidence).toBeGreaterThanOrEqual(0);
      expect(s.confidence).toBeLessThanOrEqual(1);
    }
  });

  it('gives each sentence its own sentiment with offsets into the text', () => {
    const text = 'The seats were comfortable.  The food was awful!';
    const { sentences } = analyzeSentiment({ text }, 'en');
    expect(sentences.map((s) => s.label)).toEqual(['positive', 'negative']);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('weighs the clause after a contrast word more', () => {
    expect(label('Great food but rude staff.', 'en')).toBe('negative');
    expect(label('Das Essen war gut, aber das Personal war unfreundlich.', 'de')).toBe('negative');
    expect(label('菜很好吃，但是服务员态度很差。', 'zh')).toBe('negative');
    const [sentence] = scoreText('Great food but rude staff.', 'en').sentences;
    expect(sentence?.clauses.map((c) => Math.sign(c.raw))).toEqual([1, -1]);
  });

  it('counts common emoji', () => {
    expect(label('Flight 22 😡😡', 'en')).toBe('negative');
    expect(label('Flight 22 ❤️', 'en')).toBe('positive');
  });

  it('blends in a star rating', () => {
    expect(analyzeSentiment({ text: 'The room was okay.', rating: 1 }, 'en').sentiment.label).toBe(
      'negative',
    );
    expect(analyzeSentiment({ text: 'Check-in took a while.', rating: 5 }, 'en').sentiment.label).toBe(
      'positive',
    );
    expect(analyzeSentiment({ text: 'Nice staff, slow service.', rating: 2 }, 'en').sentiment.label).toBe(
      'negative',
    );
    // A strongly positive text wins over a 1-star slip.
    expect(
      analyzeSentiment({ text: 'Absolutely amazing, the best stay ever, we love it!', rating: 1 }, 'en')
        .sentiment.label,
    ).toBe('positive');
  });

  it('blends in survey scores', () => {
    expect(analyzeSentiment({ text: 'Fine.', score: { kind: 'nps', value: 3 } }, 'en').sentiment.label).toBe(
      'negative',
    );
    expect(analyzeSentiment({ text: 'Fine.', score: { kind: 'nps', value: 10 } }, 'en').sentiment.label).toBe(
      'positive',
    );
    expect(ratingPolarity({ score: { kind: 'nps', value: 7 } })).toBe(0);
    expect(ratingPolarity({})).toBeUndefined();
  });
});
