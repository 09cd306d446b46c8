import { describe, expect, it } from 'vitest';
import { labelOf } from './workspace-model.js';

describe('labelOf', () => {
  it('reads stars and survey scores as sentiment labels', () => {
    expect([1, 2, 2.5, 3, 3.5, 4, 5].map((r) => labelOf(r, null))).toEqual([
      'negative',
      'negative',
      'neutral',
      'neutral',
      'positive',
      'positive',
      'positive',
    ]);
    expect([0, 6, 7, 8, 9, 10].map((value) => labelOf(null, { kind: 'nps', value }))).toEqual([
      'negative',
      'negative',
      'neutral',
      'neutral',
      'positive',
      'positive',
    ]);
    expect([1, 3, 5].map((value) => labelOf(null, { kind: 'csat', value }))).toEqual([
      'negative',
      'neutral',
      'positive',
    ]);
    expect([1, 4, 7].map((value) => labelOf(null, { kind: 'ces', value }))).toEqual([
      'negative',
      'neutral',
      'positive',
    ]);
    expect(labelOf(null, null)).toBeUndefined();
  });
});
