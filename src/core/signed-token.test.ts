import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signToken, tokenId, verifyToken } from './signed-token.js';

describe('signed tokens', () => {
  const key = randomBytes(32);
  const id = '0192f7a1-5b2c-7d3e-8f90-1a2b3c4d5e6f';

  it('verifies a token signed with the same key and purpose, and gives its id', () => {
    const token = signToken(key, 'survey', id);
    expect(tokenId(token)).toBe(id);
    expect(verifyToken(key, 'survey', token)).toBe(id);
  });

  it('refuses another purpose, another key, an altered id or mac, and junk', () => {
    const token = signToken(key, 'survey', id);
    expect(verifyToken(key, 'unsubscribe', token)).toBeUndefined();
    expect(verifyToken(randomBytes(32), 'survey', token)).toBeUndefined();
    const other = signToken(key, 'survey', 'another-id');
    expect(verifyToken(key, 'survey', `another-id.${token.split('.')[1]}`)).toBeUndefined();
    expect(verifyToken(key, 'survey', `${other.slice(0, -2)}AA`)).toBeUndefined();
    for (const junk of ['', '.', 'abc', `${id}.`, `${id}.${'A'.repeat(300)}`, '../x.y'])
      expect(verifyToken(key, 'survey', junk)).toBeUndefined();
  });

  it('signs only url-safe ids', () => {
    expect(() => signToken(key, 'survey', 'a.b')).toThrow(/url-safe/);
  });
});
