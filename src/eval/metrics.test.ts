import { describe, expect, it } from 'vitest';

import { metrics as learnMetrics } from '../analysis/learn/index.js';
import { metrics } from './metrics.js';
import { afinnPeer, fitLabel, vaderPeer } from './peers.js';
import { splitItems } from './split.js';

describe('metrics', () => {
  it('computes accuracy, macro/micro F1 and per-class figures (worked by hand)', () => {
    const gold = ['negative', 'negative', 'neutral', 'positive', 'positive', 'positive'];
    const predicted = ['negative', 'neutral', 'neutral', 'positive', 'negative', 'positive'];
    const m = metrics(gold, predicted);
    // negative: tp 1, fp 1, fn 1; neutral: tp 1, fp 1, fn 0; positive: tp 2, fp 0, fn 1.
    expect(m.perClass.negative).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.perClass.neutral).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    expect(m.perClass.neutral?.f1).toBeCloseTo(2 / 3);
    expect(m.perClass.positive?.f1).toBeCloseTo(0.8);
    expect(m.accuracy).toBeCloseTo(4 / 6);
    expect(m.macroF1).toBeCloseTo((0.5 + 2 / 3 + 0.8) / 3);
    expect(m.microF1).toBeCloseTo(4 / 6);
  });

  it('counts a prediction outside the classes as wrong, without a class of its own', () => {
    const m = metrics(
      ['positive', 'negative', 'positive', 'negative'],
      ['positive', 'neutral', 'negative', 'negative'],
      ['negative', 'positive'],
    );
    expect(Object.keys(m.perClass)).toEqual(['negative', 'positive']);
    expect(m.accuracy).toBe(0.5);
    expect(m.perClass.positive?.f1).toBeCloseTo(2 / 3); // P 1, R 1/2
    expect(m.perClass.negative?.f1).toBeCloseTo(0.5); // P 1/2, R 1/2
    expect(m.macroF1).toBeCloseTo((2 / 3 + 0.5) / 2);
    expect(m.microF1).toBeCloseTo((2 * (2 / 3) * 0.5) / (2 / 3 + 0.5)); // tp 2, fp 1, fn 2
  });

  it('rejects lists of different lengths and survives empty ones', () => {
    expect(() => metrics(['a'], [])).toThrow(/1 gold labels but 0 predictions/);
    expect(metrics([], [])).toMatchObject({ accuracy: 0, macroF1: 0, microF1: 0 });
  });

  it('gives the same figures as learn/metrics when every prediction is one of the classes', () => {
    const gold = ['a', 'b', 'c', 'a', 'b', 'c', 'a'];
    const predicted = ['a', 'c', 'c', 'b', 'b', 'a', 'a'];
    expect(metrics(gold, predicted)).toEqual(learnMetrics(gold, predicted));
  });
});

describe('splitItems', () => {
  const items = Array.from({ length: 100 }, (_, i) => i);
  it('is deterministic, disjoint and complete, and keeps file order', () => {
    const a = splitItems(items, 0.8, 1);
    expect(a).toEqual(splitItems(items, 0.8, 1));
    expect(a.train).toHaveLength(80);
    expect(a.test).toHaveLength(20);
    expect([...a.train, ...a.test].sort((x, y) => x - y)).toEqual(items);
    expect(a.test).toEqual([...a.test].sort((x, y) => x - y));
    expect(splitItems(items, 0.8, 2).test).not.toEqual(a.test);
  });
  it('refuses a ratio outside (0, 1)', () => {
    expect(() => splitItems(items, 1, 1)).toThrow(/between 0 and 1/);
  });
});

describe('peers', () => {
  it('label clear cases and fit neutral to a binary set by the sign of the score', () => {
    for (const peer of [vaderPeer(), afinnPeer()]) {
      expect(peer.predict('I love it, wonderful!').label).toBe('positive');
      expect(peer.predict('Terrible, awful service.').label).toBe('negative');
      expect(peer.predict('The gate is at the end of the hall').label).toBe('neutral');
    }
    expect(fitLabel('neutral', 0.02, ['negative', 'positive'])).toBe('positive');
    expect(fitLabel('neutral', -0.02, ['negative', 'positive'])).toBe('negative');
    expect(fitLabel('neutral', 0, ['negative', 'positive'])).toBe('neutral');
    expect(fitLabel('neutral', 0.02, ['negative', 'neutral', 'positive'])).toBe('neutral');
  });
});
