import { describe, expect, it } from 'vitest';
import {
  dateWindow,
  isNear,
  messageLanguage,
  nextOccurrence,
  occasionText,
  suggestedMessage,
} from './moments.js';

describe('moments', () => {
  it('wraps the window of upcoming dates over the year end', () => {
    expect(dateWindow('2026-12-28T10:00:00.000Z', 14)).toEqual({ fromMd: '12-28', toMd: '01-10' });
    expect(dateWindow('2026-03-01T00:00:00.000Z', 1)).toEqual({ fromMd: '03-01', toMd: '03-01' });
  });

  it('finds the next occurrence of a date, 29 February on the 28th in other years', () => {
    expect(nextOccurrence('1990-01-02', '2026-12-28T10:00:00.000Z')).toBe('2027-01-02');
    expect(nextOccurrence('1990-12-28', '2026-12-28T10:00:00.000Z')).toBe('2026-12-28');
    expect(nextOccurrence('2000-02-29', '2027-02-01T00:00:00.000Z')).toBe('2027-02-28');
    expect(nextOccurrence('2000-02-29', '2028-02-01T00:00:00.000Z')).toBe('2028-02-29');
  });

  it('says a date is near within a week either side, across the year end', () => {
    expect(isNear('1990-01-02', '2026-12-28T10:00:00.000Z', 7)).toBe(true);
    expect(isNear('1990-12-26', '2027-01-01T10:00:00.000Z', 7)).toBe(true);
    expect(isNear('1990-12-24', '2027-01-01T10:00:00.000Z', 7)).toBe(false);
    expect(isNear('1990-06-01', '2026-12-28T10:00:00.000Z', 7)).toBe(false);
    expect(isNear('not a date', '2026-12-28T10:00:00.000Z', 7)).toBe(false);
  });

  it('writes messages in the customer’s language, with or without a name', () => {
    expect(suggestedMessage({ kind: 'birthday' }, 'Anna', 'de')).toBe(
      'Alles Gute zum Geburtstag, Anna! Wir wünschen Ihnen einen wunderbaren Tag.',
    );
    expect(suggestedMessage({ kind: 'birthday' }, null, 'en')).toBe(
      'Happy birthday! Everyone here wishes you a wonderful day.',
    );
    expect(suggestedMessage({ kind: 'visit_milestone', count: 10 }, 'Li', 'zh-Hans')).toBe(
      'Li，这是您第10次光临，感谢您的一再光顾！',
    );
    expect(suggestedMessage({ kind: 'visit_milestone', count: 22 }, null, 'xx')).toBe(
      'That was your 22nd visit — thank you for coming back!',
    );
    expect(messageLanguage('pt-BR')).toBe('pt');
  });

  it('names the occasion for a reply draft', () => {
    expect(occasionText({ kind: 'visit_milestone', count: 10 }, 'en')).toBe('your 10th visit');
    expect(occasionText({ kind: 'first_purchase', count: 3 }, 'fr')).toBe('3 ans avec nous');
    expect(occasionText({ kind: 'recovered_complaint' }, 'en')).toBe("your visit after last month's problem");
  });
});
