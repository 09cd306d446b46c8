import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens for links that reach customers (issue #15): a survey invitation, its one-click
 * score links, an unsubscribe link, a review request's tracked link. A token is
 * `{id}.{mac}` where `mac` is HMAC-SHA256 over the purpose and the id under the workspace's signing
 * key (`SigningKeyRepo`), base64url. Nothing secret is stored per link: the job that mails an
 * invitation signs its id again, and a forged or altered token fails `verifyToken`. Expiry and
 * single use are the record's business (the invitation knows when it was answered).
 */
export type TokenPurpose = 'survey' | 'unsubscribe' | 'review';

/** How the workspace's signing key is kept: made on first use (32 random bytes), never shown. */
export interface SigningKeyRepo {
  /** The workspace's key, created on first call (two processes at once get the same one). */
  keyFor(workspaceId: string): Promise<Buffer>;
}

const ID = /^[A-Za-z0-9_-]{1,64}$/;

function mac(key: Buffer, purpose: TokenPurpose, id: string): Buffer {
  return createHmac('sha256', key).update(`${purpose}\u0000${id}`).digest();
}

/** The token of a record id for one purpose. */
export function signToken(key: Buffer, purpose: TokenPurpose, id: string): string {
  if (!ID.test(id)) throw new Error(`signToken: ids are 1–64 url-safe characters, got ${JSON.stringify(id)}`);
  return `${id}.${mac(key, purpose, id).toString('base64url')}`;
}

/** The id a token was signed for, without checking it: which record (and so which workspace key) to load. */
export function tokenId(token: string): string | undefined {
  const dot = token.indexOf('.');
  const id = dot > 0 ? token.slice(0, dot) : '';
  return ID.test(id) ? id : undefined;
}

/** The id when the token was signed with this key for this purpose, else undefined (constant time). */
export function verifyToken(key: Buffer, purpose: TokenPurpose, token: string): string | undefined {
  const id = tokenId(token);
  if (id === undefined || token.length > 200) return undefined;
  const given = Buffer.from(token.slice(id.length + 1), 'base64url');
  const want = mac(key, purpose, id);
  return given.length === want.length && timingSafeEqual(given, want) ? id : undefined;
}
