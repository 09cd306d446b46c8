import { describe, expect, it } from 'vitest';
import { matchTouchpoints } from './index.js';

const TAXONOMY = [
  { key: 'food', name: 'Food', examples: ['food', 'meal', 'Essen', '菜'] },
  { key: 'staff', name: 'Staff', examples: ['staff', 'flight attendant', 'Personal', '服务员'] },
  { key: 'seat', name: 'Seat', examples: ['seat'] },
];

describe('matchTouchpoints', () => {
  it('matches case-insensitively on word boundaries, with offsets into the text', () => {
    const text = 'FOOD was fine, the Flight  Attendant rude; seats cramped. Seattle next.';
    const matches = matchTouchpoints(text, TAXONOMY);
    expect(matches.map((m) => m.key)).toEqual(['food', 'staff', 'seat']);
    for (const m of matches) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('matches CJK phrases as substrings', () => {
    const text = '菜很好吃，但是服务员态度很差。';
    const matches = matchTouchpoints(text, TAXONOMY);
    expect(matches.map((m) => [m.key, m.text])).toEqual([
      ['food', '菜'],
      ['staff', '服务员'],
    ]);
  });

  it('matches nothing with an empty taxonomy', () => {
    expect(matchTouchpoints('food', [])).toEqual([]);
  });
});
