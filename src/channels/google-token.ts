/**
 * OAuth 2.0 access tokens for the Google Business Profile API from a refresh token (the "installed
 * app" or "web server" flow done once by the business, outside Touchpoint): POST to Google's token
 * endpoint with `grant_type=refresh_token`, keep the token until a minute before it expires, and
 * share one request between concurrent callers.
 *
 * ```http
 * POST https://oauth2.googleapis.com/token
 * Content-Type: application/x-www-form-urlencoded
 *
 * grant_type=refresh_token&client_id=…&client_secret=…&refresh_token=…
 *                                     → 200 {"access_token": "…", "expires_in": 3599, …}
 * ```
 *
 * A refused grant (400 `invalid_grant`: the refresh token was revoked or expired; 401
 * `invalid_client`) will not fix itself: the error says so and is marked `retryable: false`, which
 * the adapter passes on. Network trouble and 5xx answers are worth another try.
 */
import type { OutboundGuard } from '../net/index.js';
import { httpRequest } from './http.js';

export const DEFAULT_GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** Renew this long before Google's expiry, so a token never expires in flight. */
const EARLY_RENEWAL_MS = 60_000;

export interface RefreshTokenOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  timeoutMs: number;
  /** The outbound guard the token request goes through. */
  outbound: OutboundGuard;
  /** Epoch ms; tests inject it. */
  now?: () => number;
}

/** An error of the token source; `retryable: false` when only a person can fix it. */
export class GoogleTokenError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'GoogleTokenError';
  }
}

/**
 * A `getAccessToken` for `createGoogleBusinessAdapter`: cached, renewed before expiry.
 *
 * @example
 * const getAccessToken = refreshTokenSource({ tokenUrl: DEFAULT_GOOGLE_TOKEN_URL, clientId, clientSecret, refreshToken, timeoutMs: 10_000 });
 */
export function refreshTokenSource(options: RefreshTokenOptions): () => Promise<string> {
  const now = options.now ?? Date.now;
  let cached: { token: string; expiresAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: options.clientId,
      client_secret: options.clientSecret,
      refresh_token: options.refreshToken,
    }).toString();
    const outcome = await httpRequest(
      options.outbound,
      'Google token endpoint',
      options.tokenUrl,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
      },
      options.timeoutMs,
    );
    if (!outcome.ok) {
      const reason = oauthError(outcome.body);
      if (outcome.status === 400 || outcome.status === 401) {
        throw new GoogleTokenError(
          `Google refused the refresh token (${outcome.status}${reason ? ` ${reason}` : ''}): connect the Business Profile account again and set TOUCHPOINT_GOOGLE_REFRESH_TOKEN`,
          false,
        );
      }
      throw new GoogleTokenError(outcome.failure.error, outcome.failure.retryable);
    }
    let parsed: { access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(outcome.body) as typeof parsed;
    } catch {
      throw new GoogleTokenError('Google token endpoint answered something that is not JSON', true);
    }
    if (typeof parsed.access_token !== 'string' || parsed.access_token === '') {
      throw new GoogleTokenError('Google token endpoint answered without an access_token', true);
    }
    const seconds = typeof parsed.expires_in === 'number' ? parsed.expires_in : 3600;
    cached = { token: parsed.access_token, expiresAt: now() + seconds * 1000 - EARLY_RENEWAL_MS };
    return parsed.access_token;
  }

  return () => {
    if (cached && now() < cached.expiresAt) return Promise.resolve(cached.token);
    inFlight ??= fetchToken().finally(() => {
      inFlight = undefined;
    });
    return inFlight;
  };
}

/**
 * The `error` code of an OAuth error answer (`invalid_grant`, …), if it is one. Never its
 * `error_description` or other text of the body: messages are shown, and the body is the receiver's.
 */
function oauthError(body: string | undefined): string {
  if (!body) return '';
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return typeof parsed.error === 'string' && /^[a-z][a-z_]{0,63}$/.test(parsed.error) ? parsed.error : '';
  } catch {
    return '';
  }
}
