import { describe, expect, it } from 'vitest';
import { loadClassifier, type Example } from '../../analysis/learn/index.js';
import { trainOffThread } from './train-thread.js';

const GOOD = ['lovely staff', 'great food', 'friendly and quick', 'we will come back', 'excellent value'];
const BAD = ['rude staff', 'cold food', 'slow and dirty', 'never again', 'terrible value'];

describe('training off the event loop (issue #13)', () => {
  it('trains in a worker thread while the event loop keeps running, and the model loads', async () => {
    const examples: Example[] = Array.from({ length: 3000 }, (_, i) => {
      const good = i % 2 === 0;
      const words = good ? GOOD : BAD;
      return {
        text: `${words[i % 5]} ${words[(i * 7) % 5]} visit ${i}`,
        label: good ? 'positive' : 'negative',
      };
    });
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    try {
      const { cv, data } = await trainOffThread(examples, { classWeight: 'balanced', name: 'test' });
      // Trained inline, the interval could not fire before the result: the loop was busy all along.
      expect(ticks).toBeGreaterThan(0);
      expect(cv.folds).toBe(5);
      expect(cv.accuracy).toBeGreaterThan(0.9);
      expect(loadClassifier(data).predict('rude and cold').label).toBe('negative');
    } finally {
      clearInterval(timer);
    }
  });
});
