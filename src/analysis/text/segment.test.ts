import { describe, expect, it } from 'vitest';
import { searchText, segmentWords, splitSentences, wordTokens } from './index.js';

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
    expect(searchText('Great food, rude staff.')).toBe('great food rude staff');
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
