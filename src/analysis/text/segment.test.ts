import { describe, expect, it } from 'vitest';
import { searchText, segmentWords, splitSentences, trimSpan, wordTokens } from './index.js';

describe('segmentWords', () => {
  it('splits Chinese into several words', () => {
    const words = segmentWords('服务态度很好');
    expect(words.length).toBeGreaterThan(1);
    expect(words.join('')).toBe('服务态度很好');
  });

  it('lowercases and drops punctuation', () => {
    expect(segmentWords('Der Zug hatte Verspätung!', 'de')).toEqual(['der', 'zug', 'hatte', 'verspätung']);
  });

  it('joins words with spaces for the search index', () => {
    expect(searchText('Great food, rude staff.')).toBe('great food, rude staff.');
    expect(searchText('服务态度很好')).toBe('服务 态度 很好');
  });
});

describe('splitSentences', () => {
  it('gives trimmed sentences with offsets into the text', () => {
    const text = 'Great food.  But rude staff!\n好吃。但是服务很差！';
    const sentences = splitSentences(text);
    expect(sentences.map((s) => s.text)).toEqual([
      'Great food.',
      'But rude staff!',
      '好吃。',
      '但是服务很差！',
    ]);
    for (const s of sentences) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it('splits as Intl.Segmenter does, also where it skips the segmenter', () => {
    const segmenter = new Intl.Segmenter('en', { granularity: 'sentence' });
    const texts = [
      'See http://t.co/abc...',
      'Wait... what?! ok',
      'Delayed 3.5 hours!!!',
      'Hi!… there',
      'e.g. this. That',
      'Done.)',
      'Great "flight!" Thanks',
      'ok.\nnext',
      'U.S.A. Airlines',
      '好。吗',
      'no.way',
    ];
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const ascii = Array.from({ length: 128 }, (_, code) => String.fromCharCode(code));
    const pieces = [...ascii, ...'aZ0 .!?…。！？．｡"\'()\n;', 'http://t.co/x', 'U.S.', 'ok', '好'];
    for (let round = 0; round < 4000; round++) {
      let text = '';
      for (let i = Math.floor(random() * 10); i > 0; i--)
        text += pieces[Math.floor(random() * pieces.length)];
      texts.push(text);
    }
    for (const text of texts) {
      const expected = [...segmenter.segment(text)]
        .map(({ segment, index }) => trimSpan(text, index, index + segment.length))
        .filter((span) => span !== undefined);
      expect(splitSentences(text), text).toEqual(expected);
    }
  });

  it('drops blank text', () => {
    expect(splitSentences('   ')).toEqual([]);
  });
});

describe('wordTokens', () => {
  it('keeps offsets of words outside the basic plane', () => {
    const text = '😡 rude staff';
    for (const token of wordTokens(text)) expect(text.slice(token.start, token.end)).toBe(token.text);
  });
});
