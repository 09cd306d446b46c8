import { describe, expect, it } from 'vitest';
import { fitsPlatform, platformLimit, platformLimitInfo, replyLength } from './index.js';

describe('platform limits', () => {
  it('knows the documented limits, and has none for private channels', () => {
    expect(platformLimit('twitter')).toBe(280);
    expect(platformLimit('X')).toBe(280);
    expect(platformLimit('google')).toBe(4096);
    expect(platformLimit('google_play')).toBe(350);
    expect(platformLimit('Google Play')).toBe(350);
    expect(platformLimit('apple')).toBe(5970);
    expect(platformLimit('facebook')).toBe(8000);
    expect(platformLimit('tripadvisor')).toBe(5000);
    expect(platformLimit('email')).toBeNull();
    expect(platformLimit('chat')).toBeNull();
  });

  it('is conservative where no limit is documented', () => {
    expect(platformLimit('yelp')).toBe(1000);
    expect(platformLimit('trustpilot')).toBe(1000);
    expect(platformLimit('some-new-site')).toBe(1000);
    expect(platformLimitInfo('some-new-site').source).toMatch(/conservative/u);
  });

  it('counts as each platform counts', () => {
    // X: CJK and emoji weigh 2, links 23.
    expect(replyLength('hello', 'twitter')).toBe(5);
    expect(replyLength('你好', 'twitter')).toBe(4);
    expect(replyLength('ok 👍', 'twitter')).toBe(5);
    expect(replyLength('see https://example.com/a/very/long/path/that/goes/on', 'twitter')).toBe(4 + 23);
    // Google Business Profile: UTF-8 bytes.
    expect(replyLength('你好', 'google')).toBe(6);
    expect(replyLength('Grüße', 'google')).toBe(7);
    // Others: code points, so an emoji is one.
    expect(replyLength('ok 👍', 'google_play')).toBe(4);
    expect(fitsPlatform('我'.repeat(140), 'twitter')).toBe(true);
    expect(fitsPlatform('我'.repeat(141), 'twitter')).toBe(false);
    expect(fitsPlatform('x'.repeat(100_000), 'email')).toBe(true);
  });
});
