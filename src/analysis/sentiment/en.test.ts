import { describe, expect, it } from 'vitest';
import { EN_CX_LEXICON, inflections } from './lexicon-cx-en.js';
import { analyzeSentiment, scoreText } from './index.js';

const sentiment = (text: string, language = 'en') => analyzeSentiment({ text }, language).sentiment;
const label = (text: string, language = 'en') => sentiment(text, language).label;
const raw = (text: string) => scoreText(text, 'en').raw;

/** The feedback rules on top of AFINN-165: what complaints and reviews say without polar words. */
describe('English feedback sentiment', () => {
  it('reads service failures told without a polar word as negative', () => {
    expect(label('@airline I have been on hold for 2 hours')).toBe('negative');
    expect(label('Flight delayed again, still waiting at the gate')).toBe('negative');
    expect(label("I haven't received my refund")).toBe('negative');
    expect(label("Why can't I rebook online")).toBe('negative');
    expect(label('Never flying with them again.')).toBe('negative');
  });

  it('a negator reaches past function words and degree adverbs to the word it negates', () => {
    expect(label('It is not very tasty.')).toBe('negative');
    expect(label('We have not been impressed.')).toBe('negative');
    // A negator before "sure" or "know" hedges; it is no complaint.
    expect(label("I'm not sure which gate it is.")).toBe('neutral');
    expect(raw("I don't know the flight number")).toBe(0);
  });

  it('the words of a polite request are not praise', () => {
    expect(label('Can you please help me change my seat?')).toBe('neutral');
    expect(label('Please help, my bag is missing', 'en')).toBe('negative');
    expect(raw('I hope you can help')).toBe(0);
  });

  it('praise in a question counts half; a complaint asked as a question keeps its weight', () => {
    expect(raw('Is the lounge good?')).toBeCloseTo(raw('The lounge is good.') / 2);
    expect(raw('Why is the lounge so dirty?')).toBeCloseTo(raw('Why is the lounge so dirty.'));
    expect(label('Is this seat free?')).toBe('neutral');
  });

  it('knows review words AFINN lacks, and the inflected forms of polar words', () => {
    expect(label('The pasta was tasty and the waiter attentive.')).toBe('positive');
    expect(label('Overpriced and bland.')).toBe('negative');
    expect(label('The nicest bartender in town.')).toBe('positive');
    expect(label('She answered rudely.')).toBe('negative');
    expect(inflections('nice')).toEqual(['nicer', 'nicest', 'nicely']);
    expect(inflections('happy')).toEqual(['happier', 'happiest', 'happily']);
    expect(inflections('big')).toEqual(['bigger', 'biggest', 'bigly']);
    expect(EN_CX_LEXICON.get('friendlier')).toBe(EN_CX_LEXICON.get('friendly'));
  });

  it('re-weights AFINN words that mean something else in feedback', () => {
    expect(raw('@united united airlines flight 12')).toBe(0);
    expect(label('Your website is an absolute joke')).toBe('negative');
  });

  it('"too" before a plain word is more than the customer wanted', () => {
    expect(label('The table was too far from the window.')).toBe('negative');
    expect(raw('Me too.')).toBe(0);
  });

  it('scores hashtags by the lexicon words inside them', () => {
    expect(label('@airline #worstcustomerserviceever')).toBe('negative');
    expect(label('Landed early #loveit')).toBe('positive');
    expect(raw('#Boston2015')).toBe(0);
  });

  it('phrases count once, and their words do not count again', () => {
    expect(raw('Highly recommend!')).toBeGreaterThan(0);
    expect(label('Would NEVER go back there.')).toBe('negative');
    expect(label('We will definitely be back.')).toBe('positive');
    expect(label('Nothing special.')).toBe('negative');
  });

  it('exclamation marks strengthen what a clause says', () => {
    expect(raw('Great flight!!!')).toBeGreaterThan(raw('Great flight'));
    expect(raw('Awful flight!!!')).toBeLessThan(raw('Awful flight'));
  });

  it('a short English text taken for German is still scored with the English lexicon', () => {
    expect(label('IT WAS HORRIBLE.', 'de')).toBe('negative');
    expect(label('Das war schrecklich.', 'en')).toBe('negative');
    // German "die" and "hell" are not the English polar words.
    expect(label('Heute ist es hell und die Bahn fährt', 'de')).toBe('neutral');
  });
});
