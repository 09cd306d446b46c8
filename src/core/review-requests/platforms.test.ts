import { describe, expect, it } from 'vitest';
import { MAIL_LANGUAGES, mailLanguage, reviewRequestMail } from './mail.js';
import {
  checkPlatformUrl,
  decideRequest,
  LINK_PLATFORMS,
  PLATFORM_RULES,
  REVIEW_PLATFORMS,
} from './platforms.js';

describe('platform rules', () => {
  it('explains every platform in one line, with its policy page', () => {
    for (const p of LINK_PLATFORMS) {
      const rule = PLATFORM_RULES[p];
      expect(rule.platform).toBe(p);
      expect(rule.explanation.length).toBeGreaterThan(20);
      expect(rule.explanation).not.toContain('\n');
      if (p !== 'referral') expect(rule.policyUrl).toMatch(/^https:\/\//);
    }
  });

  it('allows asking on Google and the others, and refuses Yelp with the reason', () => {
    for (const p of REVIEW_PLATFORMS.filter((x) => x !== 'yelp'))
      expect(decideRequest(p, 'review')).toEqual({ ok: true, platform: p });
    const yelp = decideRequest('yelp', 'review');
    expect(yelp.ok).toBe(false);
    if (!yelp.ok) {
      expect(yelp.reason).toBe('platform_forbids');
      expect(yelp.explanation).toContain('Yelp does not allow asking for reviews');
    }
  });

  it('sends referrals to the referral programme only, and refuses unknown platforms', () => {
    expect(decideRequest('referral', 'referral').ok).toBe(true);
    expect(decideRequest('google', 'referral')).toMatchObject({ ok: false, reason: 'wrong_kind' });
    expect(decideRequest('referral', 'review')).toMatchObject({ ok: false, reason: 'wrong_kind' });
    expect(decideRequest('myspace', 'review')).toMatchObject({ ok: false, reason: 'unknown_platform' });
  });

  it('accepts only http(s) links without credentials', () => {
    expect(checkPlatformUrl('https://g.page/r/abc/review')).toEqual({
      ok: true,
      url: 'https://g.page/r/abc/review',
    });
    for (const bad of [
      'javascript:alert(1)',
      'data:text/html,hi',
      '//evil.example',
      'ftp://x.example',
      'https://u:p@x.example',
    ])
      expect(checkPlatformUrl(bad).ok).toBe(false);
  });
});

describe('reviewRequestMail', () => {
  const base = {
    kind: 'review' as const,
    platform: 'google' as const,
    customerName: 'Anna',
    businessName: 'Hotel Adler',
    link: 'https://tp.example/r/abc.def',
  };

  it('asks neutrally, never for a rating or stars, and offers nothing in return', () => {
    const m = reviewRequestMail({ ...base, language: 'en' });
    expect(m.subject).toBe('Would you share your experience on Google?');
    expect(m.button).toEqual({ label: 'Write a review on Google', url: base.link });
    const all = [m.subject, m.greeting, ...m.paragraphs, m.button.label, m.signOff, m.text].join(' ');
    expect(all).not.toMatch(/star|rating|rate us|5|positive|discount|voucher|reward|free/i);
    expect(m.text).toContain(base.link);
  });

  it('has the same words for everyone (no score goes in) in 8 languages', () => {
    for (const language of MAIL_LANGUAGES) {
      const m = reviewRequestMail({ ...base, language });
      expect(m.language).toBe(language);
      expect(m.subject).toContain('Google');
      expect(m.text).toContain(base.link);
    }
    expect(reviewRequestMail({ ...base, language: 'de-AT' }).subject).toBe(
      'Würden Sie Ihre Erfahrung auf Google teilen?',
    );
    expect(mailLanguage('ja')).toBe('en');
    expect(mailLanguage(null)).toBe('en');
  });

  it('greets without a name when none is known, and words a referral as a recommendation', () => {
    expect(reviewRequestMail({ ...base, customerName: null, language: 'fr' }).greeting).toBe('Bonjour,');
    const r = reviewRequestMail({ ...base, kind: 'referral', platform: 'referral', language: 'en' });
    expect(r.subject).toBe('Know someone who would like Hotel Adler?');
    expect(r.button.label).toBe('Recommend Hotel Adler');
  });
});
