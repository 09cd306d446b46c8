/**
 * Channel adapters (issue #4): how a reply leaves Touchpoint. Each send is logged in the outbox by
 * the caller with an idempotency key; an adapter only delivers, and says whether a failure is worth
 * retrying. Customer text is untrusted: adapters escape it for their medium (HTML e-mail, JSON).
 */

export const CHANNEL_KINDS = ['email', 'webhook', 'google_business', 'manual'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export interface OutgoingReply {
  /** The outbox row's id: stable across retries, sent along so receivers can de-duplicate. */
  id: string;
  workspaceId: string;
  caseId: string;
  itemId: string;
  /** The reply text as the agent approved it (plain text). */
  text: string;
  language: string;
  /** E-mail: the customer's address (and display name), subject and the quoted original. */
  to?: string | null;
  toName?: string | null;
  subject?: string | null;
  quoted?: string | null;
  /** Google Business Profile: the review's resource name `accounts/{a}/locations/{l}/reviews/{r}`. */
  reviewName?: string | null;
}

export type SendResult =
  | { ok: true; externalId: string | null; detail?: string }
  | {
      ok: false;
      retryable: boolean;
      error: string;
      /** When the receiver said how long to wait (HTTP `Retry-After` on 429/503): a floor for the backoff. */
      retryAfterSeconds?: number;
    };

export interface ChannelAdapter {
  readonly kind: ChannelKind;
  send(reply: OutgoingReply): Promise<SendResult>;
}
