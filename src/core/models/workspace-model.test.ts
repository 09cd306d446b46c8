import { describe, expect, it } from 'vitest';
import { CORRECTION_WEIGHT, labelOf, trainingExamples } from './workspace-model.js';

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

describe('trainingExamples', () => {
  const rated = (id: string, version: number, text: string, rating: number) => ({
    id,
    version,
    text,
    rating,
    score: null,
  });

  it("lets an agent's correction replace the rating's label of the same version, with more weight", () => {
    const examples = trainingExamples(
      [rated('a', 1, 'Great food, the wait was endless', 5), rated('b', 1, 'Fine', 3)],
      [{ itemId: 'a', version: 1, text: 'Great food, the wait was endless', label: 'negative' }],
    );
    expect(examples).toEqual([
      { text: 'Great food, the wait was endless', label: 'negative', weight: CORRECTION_WEIGHT },
      { text: 'Fine', label: 'neutral' },
    ]);
    expect(CORRECTION_WEIGHT).toBeGreaterThan(1);
  });

  it('makes corrected items without a rating examples, and keeps the rating of an edited text', () => {
    const examples = trainingExamples(
      [rated('edited', 2, 'They fixed it, thank you', 5)],
      [
        { itemId: 'tweet', version: 1, text: 'meh', label: 'neutral' },
        { itemId: 'edited', version: 1, text: 'Broken on arrival', label: 'negative' },
      ],
    );
    expect(examples.map((e) => [e.text, e.label, e.weight])).toEqual([
      ['meh', 'neutral', CORRECTION_WEIGHT],
      ['Broken on arrival', 'negative', CORRECTION_WEIGHT],
      ['They fixed it, thank you', 'positive', undefined],
    ]);
  });
});
