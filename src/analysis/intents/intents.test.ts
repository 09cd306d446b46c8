import { describe, expect, it } from 'vitest';
import type { Intent, Sentiment } from '../types.js';
import { detectIntents, urgencyOf } from './index.js';

const NEUTRAL: Sentiment = { label: 'neutral', score: 0, confidence: 0.6 };
const intentsOf = (text: string, sentiment = NEUTRAL): Intent[] =>
  detectIntents(text, [], sentiment).map((m) => m.intent);

describe('detectIntents', () => {
  it.each<[Intent, string]>([
    ['question', 'How do I change my seat'],
    ['question', 'Wie kann ich meinen Sitzplatz ändern'],
    ['question', '可以改座位吗'],
    ['refund_request', 'I want my money back'],
    ['refund_request', 'Ich möchte eine Erstattung'],
    ['refund_request', '我要退款'],
    ['churn_threat', 'Never flying with you again'],
    ['churn_threat', 'Nie wieder diese Bahn'],
    ['churn_threat', '再也不来了'],
    ['legal_threat', 'My lawyer will hear about this'],
    ['legal_threat', 'Ich gehe zum Anwalt'],
    ['legal_threat', '我要起诉你们'],
    ['safety_issue', 'I got food poisoning from the chicken'],
    ['safety_issue', 'Lebensmittelvergiftung nach dem Essen'],
    ['safety_issue', '吃完食物中毒了'],
    ['public_threat', 'I will tell everyone about this'],
    ['public_threat', 'going to the media with this'],
    ['public_threat', '我要曝光你们'],
    ['suggestion', 'It would be nice to have vegan options'],
    ['suggestion', 'Es wäre schön, mehr Steckdosen zu haben'],
    ['suggestion', '建议增加儿童餐'],
  ])('finds %s in "%s"', (intent, text) => {
    expect(intentsOf(text)).toContain(intent);
  });

  it('does not find phrases inside other words', () => {
    expect(intentsOf('Great courtesy from the crew, so gut wie immer')).toEqual([]);
    expect(intentsOf('They should fire whoever planned this')).not.toContain('safety_issue');
  });

  it('derives complaint and praise from the sentiment', () => {
    expect(intentsOf('Bad.', { label: 'negative', score: -0.5, confidence: 0.7 })).toContain('complaint');
    expect(intentsOf('Good.', { label: 'positive', score: 0.5, confidence: 0.7 })).toContain('praise');
  });

  it('gives evidence with offsets into the text', () => {
    const text = 'Honestly? I will sue you. Food poisoning!';
    for (const mention of detectIntents(text, [], NEUTRAL)) {
      for (const e of mention.evidence) expect(text.slice(e.start, e.end)).toBe(e.text);
    }
  });
});

describe('urgencyOf', () => {
  it('rises with negativity and threats, with reasons', () => {
    const negative: Sentiment = { label: 'negative', score: -0.8, confidence: 0.9 };
    const calm = urgencyOf(NEUTRAL, []);
    const angry = urgencyOf(negative, []);
    const legal = urgencyOf(negative, detectIntents('I will sue you', [], negative));
    expect(calm).toEqual({ score: 0, reasons: [] });
    expect(angry.reasons).toEqual(['very negative']);
    expect(legal.score).toBeGreaterThan(angry.score);
    expect(legal.reasons).toContain('legal threat');
    expect(legal.score).toBeLessThanOrEqual(1);
  });
});
