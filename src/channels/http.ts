/**
 * One HTTP request for the HTTP-based adapters (webhook, Google Business Profile, alert targets),
 * through the outbound guard (`src/net`), with a timeout and the retry classification they share:
 * 408, 429 and 5xx are worth another try, every other 4xx is not; a refused or reset connection and
 * a timeout are, a bad URL or certificate or an address the guard refuses is not.
 *
 * Failure messages are shown to people (the outbox, an alert's notifications): they carry the status
 * and our own words, never the receiver's body, which may be an internal service's answer (issue #11).
 */
import { OutboundRefusedError, type OutboundGuard } from '../net/index.js';
import type { SendResult } from './types.js';

export type SendFailure = Extract<SendResult, { ok: false }>;

/** The response headers, as far as the adapters read them. */
export type ResponseHeaders = Pick<Headers, 'get'>;

export type HttpOutcome =
  | { ok: true; status: number; headers: ResponseHeaders; body: string }
  /**
   * `status` and `body` are there when the receiver answered (a non-2xx response); the body is for
   * an adapter to pick a known code out of, never to show.
   */
  | { ok: false; failure: SendFailure; status?: number; body?: string };

/** Error codes of a connection that may well work on the next try. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CLOSED',
]);

/** Error codes of a setting that will fail the same way every time (unknown host, bad certificate). */
const CONFIG_NETWORK_CODES = new Set([
  'ENOTFOUND',
  'ERR_INVALID_URL',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Whether an HTTP status is worth another try: 408 Request Timeout, 429 Too Many Requests, 5xx. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || status >= 500;
}

/** `Retry-After` in seconds (delta-seconds or an HTTP date), or undefined when absent or unreadable. */
export function retryAfterSeconds(headers: ResponseHeaders, now: Date = new Date()): number | undefined {
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now.getTime()) / 1000));
}

/**
 * A failure from a non-2xx response; `what` names the receiver in the message ("webhook", "Google").
 * The body is left out on purpose: a target pointed at an internal service would show its answer.
 */
export function statusFailure(what: string, status: number, headers: ResponseHeaders): SendFailure {
  const failure: SendFailure = {
    ok: false,
    retryable: isRetryableStatus(status),
    error: `${what} answered HTTP ${status}`,
  };
  const after = retryAfterSeconds(headers);
  if (after !== undefined && failure.retryable) failure.retryAfterSeconds = after;
  return failure;
}

function errorCode(e: unknown): string | undefined {
  // fetch (undici) wraps the socket error: TypeError('fetch failed', { cause: { code } }).
  for (let cur: unknown = e, depth = 0; cur !== null && typeof cur === 'object' && depth < 4; depth++) {
    const code = (cur as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The guard's refusal in an error or its causes (fetch wraps a refusal of the connection's lookup). */
function refusalOf(e: unknown): OutboundRefusedError | undefined {
  for (let cur: unknown = e, depth = 0; cur !== null && typeof cur === 'object' && depth < 4; depth++) {
    if (cur instanceof OutboundRefusedError) return cur;
    cur = (cur as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Classifies an error thrown by `fetch` (no response at all). */
export function networkFailure(what: string, e: unknown, timeoutMs: number): SendFailure {
  if (e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError')) {
    return { ok: false, retryable: true, error: `${what} did not answer within ${timeoutMs} ms` };
  }
  const refused = refusalOf(e);
  if (refused) return { ok: false, retryable: false, error: `${what} not called: ${refused.reason}` };
  const code = errorCode(e);
  const message = e instanceof Error ? e.message : String(e);
  if (code !== undefined && CONFIG_NETWORK_CODES.has(code)) {
    return { ok: false, retryable: false, error: `${what} unreachable (${code}): check the configured URL` };
  }
  if (code !== undefined && TRANSIENT_NETWORK_CODES.has(code)) {
    return { ok: false, retryable: true, error: `${what} unreachable (${code})` };
  }
  // fetch reports every other network problem as a TypeError with a cause; most are transient.
  return { ok: false, retryable: true, error: `${what} request failed: ${code ?? message}` };
}

/** The most of an answer read: adapters look for an id or an error code in it, never more. */
export const MAX_ANSWER_BYTES = 256 * 1024;

/** The answer's body up to `MAX_ANSWER_BYTES`; the rest is not read (a receiver cannot fill our memory). */
async function readCapped(body: ReadableStream<Uint8Array> | null): Promise<string> {
  if (body === null) return '';
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.byteLength;
    if (size >= MAX_ANSWER_BYTES) {
      await reader.cancel();
      break;
    }
  }
  return Buffer.concat(chunks).subarray(0, MAX_ANSWER_BYTES).toString('utf8');
}

/**
 * Sends one request through the outbound guard and reads the answer (its first 256 KiB) within `timeoutMs`.
 * Redirects are not followed: a signed POST replayed elsewhere is a surprise, a moved endpoint is a
 * setting to fix, and a redirect must not lead the request to an address the guard refuses.
 */
export async function httpRequest(
  outbound: OutboundGuard,
  what: string,
  url: string,
  init: { method: string; headers: Record<string, string>; body: string },
  timeoutMs: number,
): Promise<HttpOutcome> {
  try {
    const response = await outbound.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    const body = await readCapped(response.body);
    if (response.status >= 300 && response.status < 400) {
      return {
        ok: false,
        failure: {
          ok: false,
          retryable: false,
          error: `${what} answered a redirect (HTTP ${response.status}); configure the final URL`,
        },
      };
    }
    if (!response.ok) {
      return {
        ok: false,
        failure: statusFailure(what, response.status, response.headers),
        status: response.status,
        body,
      };
    }
    return { ok: true, status: response.status, headers: response.headers, body };
  } catch (e) {
    return { ok: false, failure: networkFailure(what, e, timeoutMs) };
  }
}
