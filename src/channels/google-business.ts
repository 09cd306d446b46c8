/**
 * Google Business Profile: the documented review-reply method of the v4 API,
 * `accounts.locations.reviews.updateReply`:
 *
 * ```http
 * PUT {apiUrl}/v4/accounts/{a}/locations/{l}/reviews/{r}/reply
 * Authorization: Bearer {access token}
 * Content-Type: application/json
 *
 * {"comment": "…"}                          → 200 {"comment": "…", "updateTime": "…"}
 * ```
 *
 * It creates the reply or replaces the one there, so a retry after a lost answer overwrites the same
 * reply with the same text instead of posting a second one. Getting the OAuth access token (scope
 * `https://www.googleapis.com/auth/business.manage`) is not this module's job: the caller passes
 * `getAccessToken`, which returns a valid token (refreshing it as needed).
 */
import type { GoogleConfig } from './config.js';
import type { OutboundGuard } from '../net/index.js';
import { httpRequest } from './http.js';
import type { ChannelAdapter, OutgoingReply, SendResult } from './types.js';

/**
 * `accounts/{a}/locations/{l}/reviews/{r}`. Google's ids are digits (accounts, locations) and
 * URL-safe base64 (reviews); allowing nothing else keeps `..` and `?` out of the path we build.
 */
const REVIEW_NAME = /^accounts\/([A-Za-z0-9_-]+)\/locations\/([A-Za-z0-9_-]+)\/reviews\/([A-Za-z0-9_-]+)$/;

export interface GoogleBusinessOptions extends GoogleConfig {
  /** Returns an OAuth 2.0 access token for the Business Profile API; OAuth itself is out of scope here. */
  getAccessToken: () => Promise<string>;
  /** The outbound guard every request goes through. */
  outbound: OutboundGuard;
}

/** The reply URL of a review, or null when `reviewName` is not a review's resource name. */
export function googleReplyUrl(apiUrl: string, reviewName: string): string | null {
  const m = REVIEW_NAME.exec(reviewName);
  if (m === null) return null;
  const [, account = '', location = '', review = ''] = m;
  const path = `accounts/${account}/locations/${location}/reviews/${review}`;
  return `${apiUrl.replace(/\/+$/, '')}/v4/${path}/reply`;
}

/**
 * Google's error status (`INVALID_ARGUMENT`, `PERMISSION_DENIED`, …) from its JSON error, or ''.
 * Only this code is shown, never the body's text: the API URL is a setting, and what answers there
 * might not be Google (issue #11).
 */
function googleStatus(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { status?: unknown } };
    const status = parsed.error?.status;
    if (typeof status === 'string' && /^[A-Z][A-Z_]{0,63}$/.test(status)) return status;
  } catch {
    // Not Google's JSON error shape (a proxy's page): no code to show.
  }
  return '';
}

/** What a failing status means for the person reading the outbox. */
function explainStatus(status: number): string {
  if (status === 401) {
    return 'Google rejected the access token (HTTP 401): reconnect the Google Business Profile account';
  }
  if (status === 403) {
    return 'Google refused the reply (HTTP 403): the account needs owner or manager access to the location and the Business Profile API enabled';
  }
  if (status === 404) return 'Google does not know this review (HTTP 404): it may have been deleted';
  if (status === 429) return 'Google rate limit reached (HTTP 429)';
  return `Google answered HTTP ${status}`;
}

/**
 * The Google Business Profile channel: posts `reply.text` as the answer to the review `reply.reviewName`.
 *
 * @example
 * const google = createGoogleBusinessAdapter({ ...config.google, getAccessToken: () => tokens.get() });
 */
export function createGoogleBusinessAdapter(options: GoogleBusinessOptions): ChannelAdapter {
  return {
    kind: 'google_business',
    async send(reply: OutgoingReply): Promise<SendResult> {
      const url = googleReplyUrl(options.apiUrl, reply.reviewName ?? '');
      if (url === null) {
        return {
          ok: false,
          retryable: false,
          error:
            'Google reply not sent: the item has no review name of the form accounts/…/locations/…/reviews/…',
        };
      }
      let token: string;
      try {
        token = await options.getAccessToken();
      } catch (e) {
        // A token source knows best whether its failure passes (a network blip) or not (a revoked grant).
        const flagged =
          typeof e === 'object' && e !== null ? (e as { retryable?: unknown }).retryable : undefined;
        const message = e instanceof Error ? e.message : String(e);
        return {
          ok: false,
          retryable: typeof flagged === 'boolean' ? flagged : true,
          error: `Google reply not sent: no access token (${message})`,
        };
      }
      const outcome = await httpRequest(
        options.outbound,
        'Google',
        url,
        {
          method: 'PUT',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
            'User-Agent': 'Touchpoint',
          },
          body: JSON.stringify({ comment: reply.text }),
        },
        options.timeoutMs,
      );
      if (!outcome.ok) {
        if (outcome.status === undefined) return outcome.failure;
        const said = googleStatus(outcome.body ?? '');
        return {
          ...outcome.failure,
          error: `${explainStatus(outcome.status)}${said === '' ? '' : ` — ${said}`}`,
        };
      }
      let updateTime = '';
      try {
        const parsed = JSON.parse(outcome.body) as { updateTime?: unknown };
        if (typeof parsed.updateTime === 'string') updateTime = ` at ${parsed.updateTime}`;
      } catch {
        // A 2xx is success whatever its body; the time is only for the detail line.
      }
      return {
        ok: true,
        externalId: reply.reviewName ?? null,
        detail: `reply posted on Google${updateTime}`,
      };
    },
  };
}
