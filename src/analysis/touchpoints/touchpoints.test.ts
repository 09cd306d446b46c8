import { describe, expect, it } from 'vitest';
import { DEFAULT_TAXONOMY } from '../../core/journey/default-taxonomy.js';
import { matchTouchpoints } from './index.js';
import { matchTouchpointsByPattern } from './touchpoints.js';

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

describe('matchTouchpoints edge cases', () => {
  const taxonomy = [
    { key: 'seat', name: 'Seat', examples: ['seat', 'class'] },
    { key: 'checkin', name: 'Check-in', examples: ['check-in', 'check-in desk'] },
    { key: 'support', name: 'Support', examples: ['customer service', '客服'] },
    { key: 'delay', name: 'Delay', examples: ['Verspätung', 'pünktlich', '延误'] },
    { key: 'both', name: 'Both', examples: ['seat'] },
  ];
  const found = (text: string) => matchTouchpoints(text, taxonomy).map((m) => [m.key, m.text]);

  it('takes an English plural "s" or "es", and no other ending', () => {
    expect(found('Seats and classes; SEATES? seatbelt, reseat, seat2')).toEqual([
      ['seat', 'Seats'],
      ['both', 'Seats'],
      ['seat', 'classes'],
      ['seat', 'SEATES'],
      ['both', 'SEATES'],
    ]);
  });

  it('reads a space of a phrase as any white space, and prefers the longer phrase', () => {
    expect(found('Customer  \t service at the check-in desk, then check-in.')).toEqual([
      ['support', 'Customer  \t service'],
      ['checkin', 'check-in desk'],
      ['checkin', 'check-in'],
    ]);
    expect(found('customerservice')).toEqual([]);
  });

  it('matches German umlauts case-insensitively and on word boundaries', () => {
    expect(found('VERSPÄTUNG, nicht Pünktlich; Verspätungen')).toEqual([
      ['delay', 'VERSPÄTUNG'],
      ['delay', 'Pünktlich'],
    ]);
    expect(found('unpünktlich')).toEqual([]);
  });

  it('matches Chinese phrases inside longer words', () => {
    expect(found('航班延误了，客服电话打不通')).toEqual([
      ['delay', '延误'],
      ['support', '客服'],
    ]);
  });

  it('gives UTF-16 offsets after emoji', () => {
    const text = '😡🛫 seat 👍 客服';
    const matches = matchTouchpoints(text, taxonomy);
    expect(matches.map((m) => [m.key, m.start, m.end])).toEqual([
      ['seat', 5, 9],
      ['both', 5, 9],
      ['support', 13, 15],
    ]);
    for (const m of matches) expect(text.slice(m.start, m.end)).toBe(m.text);
  });

  it('hits the cache with a new array of the same content, and sees a changed one', () => {
    expect(matchTouchpoints('seat', structuredClone(taxonomy))).toHaveLength(2);
    expect(matchTouchpoints('seat', [{ key: 'x', name: 'X', examples: ['seat'] }])).toEqual([
      { key: 'x', start: 0, end: 4, text: 'seat' },
    ]);
  });

  it.each([
    ['text the scanner reads', ['ſ', 'ς', 'Σ', 'σ', 'İ', 'µ', 'K'], []],
    ['text and phrases that lowercase unlike the regex folds', [], ['σ', 'ſ']],
  ])('finds what the one-regex matcher finds, on random %s', (_, leaveOut: string[], phrases: string[]) => {
    const fuzzTaxonomy = [
      ...DEFAULT_TAXONOMY.flatMap((stage) => stage.touchpoints),
      ...taxonomy,
      { key: 'odd', name: 'Odd', examples: ['a b', 'es', 's', 'ß', 'wi-fi密码', 'straße', '👍', ...phrases] },
    ];
    const pieces = [
      ..."aAbBcCeEsSiI  \t\n\u00a0\u3000-.,!?'’0123456789äÄöÜßẞ",
      ...[
        '😡',
        '👍',
        '\u0301',
        'ſ',
        'ς',
        'Σ',
        'σ',
        'İ',
        'µ',
        'K',
        '客服',
        '延误',
        '价格',
        'Verspätung',
        '密码',
      ],
      ...[
        'seat',
        'Seat',
        'class',
        'customer',
        'service',
        'check-in',
        'desk',
        'late',
        'delay',
        'ad',
        'app',
        'wi-fi',
      ],
    ].filter((piece) => !leaveOut.includes(piece));
    let seed = 42;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    let matched = 0;
    for (let round = 0; round < 1500; round++) {
      let text = '';
      const length = Math.floor(random() * 20);
      for (let i = 0; i < length; i++) text += pieces[Math.floor(random() * pieces.length)];
      const expected = matchTouchpointsByPattern(text, fuzzTaxonomy);
      matched += expected.length;
      expect(matchTouchpoints(text, fuzzTaxonomy), text).toEqual(expected);
    }
    expect(matched).toBeGreaterThan(1000);
  });
});
