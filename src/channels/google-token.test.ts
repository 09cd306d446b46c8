import http from 'node:http';
import type net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOutboundGuard } from '../net/index.js';
import { channelsConfigFromEnv } from './config.js';
import { GoogleTokenError, refreshTokenSource } from './google-token.js';
import { createChannelAdapters } from './index.js';

// The stand-in endpoints listen on loopback, allowed here as an operator would for a local proxy.
const outbound = createOutboundGuard({ allow: ['127.0.0.1'] });
afterAll(() => outbound.close());

const servers: http.Server[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map(
      (s) =>
        new Promise<void>((r) => {
          s.closeAllConnections();
          s.close(() => r());
        }),
    ),
  );
});

/** A stand-in for oauth2.googleapis.com (and the Business Profile API on the same port). */
async function startGoogle(
  answer: (path: string, body: string, auth: string, res: http.ServerResponse) => void,
) {
  const requests: { path: string; body: string; auth: string }[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const entry = { path: req.url ?? '', body, auth: req.headers.authorization ?? '' };
      requests.push(entry);
      answer(entry.path, body, entry.auth, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return { url: `http://127.0.0.1:${port}`, requests };
}

const tokenAnswer =
  (token: string, expiresIn = 3599) =>
  (res: http.ServerResponse) =>
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ access_token: token, expires_in: expiresIn, token_type: 'Bearer' }));

describe('refreshTokenSource', () => {
  it('trades the refresh token for an access token once, shares it, and renews it before it expires', async () => {
    let issued = 0;
    const google = await startGoogle((_path, _body, _auth, res) => tokenAnswer(`tok-${++issued}`)(res));
    let now = 1_000_000;
    const get = refreshTokenSource({
      tokenUrl: `${google.url}/token`,
      clientId: 'client-1',
      clientSecret: 'shh',
      refreshToken: 'refresh-1',
      timeoutMs: 2_000,
      outbound,
      now: () => now,
    });
    expect(await Promise.all([get(), get(), get()])).toEqual(['tok-1', 'tok-1', 'tok-1']);
    expect(google.requests).toHaveLength(1);
    const form = new URLSearchParams(google.requests[0]?.body);
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'refresh_token',
      client_id: 'client-1',
      client_secret: 'shh',
      refresh_token: 'refresh-1',
    });
    now += 3_000_000; // 50 min: still valid
    expect(await get()).toBe('tok-1');
    now += 600_000; // 60 min: within the last minute, renewed
    expect(await get()).toBe('tok-2');
    expect(google.requests).toHaveLength(2);
  });

  it('says a revoked refresh token needs a person, and is not worth retrying', async () => {
    const google = await startGoogle((_p, _b, _a, res) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end(
          JSON.stringify({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' }),
        ),
    );
    const get = refreshTokenSource({
      tokenUrl: `${google.url}/token`,
      clientId: 'c',
      clientSecret: 'top-secret-value',
      refreshToken: 'refresh-token-value',
      timeoutMs: 2_000,
      outbound,
    });
    const error = await get().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GoogleTokenError);
    expect((error as GoogleTokenError).retryable).toBe(false);
    expect((error as Error).message).toContain('invalid_grant');
    // The OAuth error code is kept; the endpoint's own words (error_description) are not shown.
    expect((error as Error).message).not.toContain('expired or revoked');
    expect((error as Error).message).not.toMatch(/top-secret-value|refresh-token-value/);
  });

  it('retries a token endpoint that is down', async () => {
    const google = await startGoogle((_p, _b, _a, res) => res.writeHead(503).end());
    const get = refreshTokenSource({
      tokenUrl: `${google.url}/token`,
      clientId: 'c',
      clientSecret: 's',
      refreshToken: 'r',
      timeoutMs: 2_000,
      outbound,
    });
    const error = (await get().catch((e: unknown) => e)) as GoogleTokenError;
    expect(error.retryable).toBe(true);
  });
});

describe('the Google channel from the environment', () => {
  it('is configured by the refresh token variables and replies with the access token it got', async () => {
    const google = await startGoogle((path, body, auth, res) => {
      if (path === '/token') return tokenAnswer('fresh-token')(res);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ comment: (JSON.parse(body) as { comment: string }).comment, auth }));
    });
    const env = {
      TOUCHPOINT_GOOGLE_API_URL: google.url,
      TOUCHPOINT_GOOGLE_TOKEN_URL: `${google.url}/token`,
      TOUCHPOINT_GOOGLE_CLIENT_ID: 'client-1',
      TOUCHPOINT_GOOGLE_CLIENT_SECRET: 'secret-1',
      TOUCHPOINT_GOOGLE_REFRESH_TOKEN: 'refresh-1',
    };
    const adapters = createChannelAdapters(channelsConfigFromEnv(env), { outbound });
    const result = await adapters.get('google_business')?.send({
      id: 'out-1',
      workspaceId: 'ws',
      caseId: 'case',
      itemId: 'item',
      text: 'Thank you, Ada — we are sorry about the cold soup.',
      language: 'en',
      reviewName: 'accounts/1/locations/2/reviews/abc',
    });
    expect(result).toMatchObject({ ok: true, externalId: 'accounts/1/locations/2/reviews/abc' });
    const put = google.requests.find((r) => r.path.endsWith('/reply'));
    expect(put?.path).toBe('/v4/accounts/1/locations/2/reviews/abc/reply');
    expect(put?.auth).toBe('Bearer fresh-token');
  });

  it('is off without the variables, and names the missing one when only some are set', () => {
    expect(createChannelAdapters(channelsConfigFromEnv({}), { outbound }).has('google_business')).toBe(false);
    expect(() => channelsConfigFromEnv({ TOUCHPOINT_GOOGLE_CLIENT_ID: 'c' })).toThrow(
      /TOUCHPOINT_GOOGLE_REFRESH_TOKEN: required/,
    );
  });
});
