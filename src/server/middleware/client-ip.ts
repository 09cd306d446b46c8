import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * The client's IP address: the socket's peer, or behind a trusted reverse proxy the last address of
 * `X-Forwarded-For` (the one the proxy appended; earlier entries are whatever the client sent).
 * Undefined for requests that did not come through a socket (`app.request` in tests).
 */
export function clientIp(c: Context, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for');
    const last = forwarded?.split(',').at(-1)?.trim();
    if (last) return last;
  }
  const env = c.env as { incoming?: IncomingMessage } | undefined;
  return env?.incoming?.socket.remoteAddress;
}
