import { describe, expect, it } from 'vitest';
import { HOUR } from './series.js';
import { viralityRisk } from './virality.js';

const T0 = Date.parse('2026-03-02T12:00:00Z');

describe('viralityRisk', () => {
  it('is low for a plain complaint by an unknown author', () => {
    const r = viralityRisk({ time: T0, text: 'My parcel is a day late.' });
    expect(r.risk).toBeLessThan(0.2);
  });

  it('names its reasons, strongest first', () => {
    const r = viralityRisk({
      time: T0,
      reach: 300_000,
      engagement: 900,
      engagementHistory: [{ time: T0 - 2 * HOUR, engagement: 20 }],
      text: 'This is OUTRAGEOUS, absolutely unacceptable!! Calling my lawyer and the press.',
      sentimentScore: -0.8,
      intents: ['public_threat', 'legal_threat'],
    });
    expect(r.risk).toBeGreaterThan(0.95);
    expect(r.risk).toBeLessThanOrEqual(1);
    expect(r.reasons).toEqual(
      expect.arrayContaining([
        'author reach 300,000',
        'threat to go public',
        'legal threat',
        'engagement growing 440.0/h',
        expect.stringMatching(
          /^high-arousal emotion \(words: outrageous, unacceptable; shouting; sentiment -0.80\)$/,
        ),
      ]),
    );
  });

  it('grows with each signal: reach, engagement velocity, arousal, intents', () => {
    const base = { time: T0, text: 'Bad service.' };
    const r0 = viralityRisk(base).risk;
    const r1 = viralityRisk({ ...base, reach: 50_000 }).risk;
    const r2 = viralityRisk({ ...base, reach: 50_000, intents: ['safety_issue'] }).risk;
    const r3 = viralityRisk({
      ...base,
      reach: 50_000,
      intents: ['safety_issue'],
      engagement: 200,
      engagementHistory: [{ time: T0 - HOUR, engagement: 0 }],
    }).risk;
    expect(r0).toBeLessThan(r1);
    expect(r1).toBeLessThan(r2);
    expect(r2).toBeLessThan(r3);
  });
});
