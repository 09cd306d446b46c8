/**
 * The generic webhook: each reply is POSTed as JSON to one configured URL, signed so the receiver can
 * tell it came from us and was not replayed.
 *
 * What a receiver gets:
 *
 * ```http
 * POST {TOUCHPOINT_REPLY_WEBHOOK_URL}
 * Content-Type: application/json
 * Idempotency-Key: {id}                       the outbox id: the same on every retry of one reply
 * X-Touchpoint-Timestamp: {unix seconds}       when this attempt was signed
 * X-Touchpoint-Signature: sha256={hex}         HMAC-SHA256(secret, "{timestamp}.{raw body}")
 *
 * {"id":"…","workspaceId":"…","caseId":"…","itemId":"…","text":"…","language":"en","sentAt":"…"}
 * ```
 *
 * The receiver verifies the signature over the raw body bytes (before parsing JSON), rejects a
 * timestamp older than a few minutes, and de-duplicates on `Idempotency-Key` (or the body's `id`):
 * a retry after a lost answer sends the same id again, with a new timestamp and `sentAt`.
 * Any 2xx is success; a JSON answer `{"externalId": "…"}` is kept as the reply's id over there.
 * 408, 429 and 5xx are retried with backoff; any other status fails the reply for good.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { OutboundGuard } from '../net/index.js';
import type { WebhookConfig } from './config.js';
import { httpRequest } from './http.js';
import type { ChannelAdapter, OutgoingReply, SendResult } from './types.js';

const SIGNATURE_PREFIX = 'sha256=';
/** Visible ASCII only: the outgoing id goes into a header as is. */
const HEADER_TOKEN = /^[\x21-\x7e]{1,200}$/;

/** The signature header value: `sha256=` + hex HMAC-SHA256 of `{timestamp}.{body}` keyed by the secret. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return SIGNATURE_PREFIX + createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * For receivers (and tests): true when `signature` is ours for this timestamp and raw body, and the
 * timestamp is within `toleranceSeconds` of `now`. Compares in constant time.
 *
 * @example
 * const ok = verifySignature(secret, req.headers['x-touchpoint-timestamp'], rawBody,
 *   req.headers['x-touchpoint-signature'], 300);
 */
export function verifySignature(
  secret: string,
  timestamp: string | null | undefined,
  body: string,
  signature: string | null | undefined,
  toleranceSeconds: number,
  now: Date = new Date(),
): boolean {
  if (typeof timestamp !== 'string' || !/^\d{1,12}$/.test(timestamp)) return false;
  if (typeof signature !== 'string' || !signature.startsWith(SIGNATURE_PREFIX)) return false;
  if (Math.abs(now.getTime() / 1000 - Number(timestamp)) > toleranceSeconds) return false;
  const expected = Buffer.from(signWebhook(secret, timestamp, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  // timingSafeEqual throws on different lengths; the length of a hex digest is no secret.
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The JSON body the webhook sends: the reply and where it belongs, nothing else. */
export function webhookBody(reply: OutgoingReply, sentAt: Date): string {
  return JSON.stringify({
    id: reply.id,
    workspaceId: reply.workspaceId,
    caseId: reply.caseId,
    itemId: reply.itemId,
    text: reply.text,
    language: reply.language,
    sentAt: sentAt.toISOString(),
  });
}

function externalIdOf(body: string): string | null {
  try {
    const parsed = JSON.parse(body) as unknown;
    if (typeof parsed === 'object' && parsed !== null) {
      const id = (parsed as { externalId?: unknown }).externalId;
      if (typeof id === 'string' && id !== '') return id.slice(0, 200);
    }
  } catch {
    // Any 2xx is success; a body that is not JSON just carries no id.
  }
  return null;
}

/**
 * The webhook channel, through the outbound guard. `now` is injectable so tests can pin the timestamp.
 *
 * @example
 * const hook = createWebhookAdapter({ url, secret, timeoutMs: 10_000 }, { outbound });
 */
export function createWebhookAdapter(
  config: WebhookConfig,
  options: { outbound: OutboundGuard; now?: () => Date },
): ChannelAdapter {
  const now = options.now ?? (() => new Date());
  return {
    kind: 'webhook',
    async send(reply: OutgoingReply): Promise<SendResult> {
      if (!HEADER_TOKEN.test(reply.id)) {
        return {
          ok: false,
          retryable: false,
          error: 'webhook not sent: the outgoing id cannot be an Idempotency-Key',
        };
      }
      const at = now();
      const body = webhookBody(reply, at);
      const timestamp = String(Math.floor(at.getTime() / 1000));
      const outcome = await httpRequest(
        options.outbound,
        'webhook',
        config.url,
        {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'Touchpoint',
            'Idempotency-Key': reply.id,
            'X-Touchpoint-Timestamp': timestamp,
            'X-Touchpoint-Signature': signWebhook(config.secret, timestamp, body),
          },
          body,
        },
        config.timeoutMs,
      );
      if (!outcome.ok) return outcome.failure;
      return {
        ok: true,
        externalId: externalIdOf(outcome.body),
        detail: `webhook answered HTTP ${outcome.status}`,
      };
    },
  };
}
