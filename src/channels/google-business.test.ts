import http from 'node:http';
import type net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOutboundGuard } from '../net/index.js';
import { createGoogleBusinessAdapter, googleReplyUrl } from './google-business.js';
import type { OutgoingReply } from './types.js';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// The stand-in API listens on loopback, allowed here as an operator would for a local proxy.
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

const googleError = (code: number, status: string, message: string) =>
  JSON.stringify({ error: { code, message, status } });

/** A stand-in for mybusiness.googleapis.com that answers `reply` to every request. */
async function startGoogle(
  answer: (req: Received, res: http.ServerResponse) => void,
): Promise<{ apiUrl: string; received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      received.push(r);
      answer(r, res);
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  return { apiUrl: `http://127.0.0.1:${port}/`, received };
}

const REVIEW = 'accounts/111/locations/222/reviews/AbFvOqn_x-9';
const reply: OutgoingReply = {
  id: 'out-1',
  workspaceId: 'ws-1',
  caseId: 'case-1',
  itemId: 'item-1',
  text: 'Thank you, Ada — we are sorry about the wait and have added staff on Sundays.',
  language: 'en',
  reviewName: REVIEW,
};

const adapter = (apiUrl: string, getAccessToken = () => Promise.resolve('ya29.token'), timeoutMs = 2_000) =>
  createGoogleBusinessAdapter({ apiUrl, timeoutMs, getAccessToken, outbound });

describe('Google Business Profile adapter (local API)', () => {
  it('PUTs {comment} to the review reply endpoint with the bearer token', async () => {
    const google = await startGoogle((req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(
        JSON.stringify({
          comment: (JSON.parse(req.body) as { comment: string }).comment,
          updateTime: '2026-03-01T12:00:00Z',
        }),
      ),
    );
    const result = await adapter(google.apiUrl).send(reply);

    expect(result).toEqual({
      ok: true,
      externalId: REVIEW,
      detail: 'reply posted on Google at 2026-03-01T12:00:00Z',
    });
    expect(google.received).toHaveLength(1);
    const [req] = google.received as [Received];
    expect(req.method).toBe('PUT');
    expect(req.url).toBe(`/v4/${REVIEW}/reply`);
    expect(req.headers.authorization).toBe('Bearer ya29.token');
    expect(req.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req.body)).toEqual({ comment: reply.text });
  });

  it("says 401 and 403 plainly, with Google's status code but not its text, and does not retry them", async () => {
    for (const [code, status, expected] of [
      [401, 'UNAUTHENTICATED', /access token \(HTTP 401\)/],
      [403, 'PERMISSION_DENIED', /owner or manager access .* \(HTTP 403\)|HTTP 403/],
    ] as const) {
      const google = await startGoogle((_req, res) =>
        res.writeHead(code).end(googleError(code, status, 'nope')),
      );
      const result = await adapter(google.apiUrl).send(reply);
      expect(result).toMatchObject({ ok: false, retryable: false });
      expect(result.ok ? '' : result.error).toMatch(expected);
      expect(result.ok ? '' : result.error).toContain(`— ${status}`);
      expect(result.ok ? '' : result.error).not.toContain('nope');
    }
  });

  it('retries 429 and 5xx, not 404', async () => {
    for (const [code, retryable] of [
      [429, true],
      [500, true],
      [503, true],
      [404, false],
      [400, false],
    ] as const) {
      const google = await startGoogle((_req, res) => res.writeHead(code).end(googleError(code, 'X', 'y')));
      expect(await adapter(google.apiUrl).send(reply), String(code)).toMatchObject({ ok: false, retryable });
    }
  });

  it('retries a timeout', async () => {
    const google = await startGoogle(() => {
      // Never answers.
    });
    const result = await adapter(google.apiUrl, undefined, 200).send(reply);
    expect(result).toEqual({ ok: false, retryable: true, error: 'Google did not answer within 200 ms' });
  });

  it('refuses a reply without a review name, before asking for a token', async () => {
    let asked = 0;
    const google = await startGoogle((_req, res) => res.writeHead(200).end('{}'));
    const a = adapter(google.apiUrl, () => Promise.resolve(`t${++asked}`));
    for (const reviewName of [
      null,
      '',
      'locations/1/reviews/2',
      `${REVIEW}/../../x`,
      'accounts/1/locations/2/reviews/3?x=1',
      'accounts/../locations/../reviews/..',
    ]) {
      expect(await a.send({ ...reply, reviewName }), String(reviewName)).toMatchObject({
        ok: false,
        retryable: false,
      });
    }
    expect(asked).toBe(0);
    expect(google.received).toHaveLength(0);
  });

  it('reports a failing token source as retryable unless it says otherwise', async () => {
    const google = await startGoogle((_req, res) => res.writeHead(200).end('{}'));
    const blip = await adapter(google.apiUrl, () => Promise.reject(new Error('network down'))).send(reply);
    expect(blip).toMatchObject({
      ok: false,
      retryable: true,
      error: 'Google reply not sent: no access token (network down)',
    });
    const revoked = await adapter(google.apiUrl, () =>
      Promise.reject(Object.assign(new Error('invalid_grant'), { retryable: false })),
    ).send(reply);
    expect(revoked).toMatchObject({ ok: false, retryable: false });
    expect(google.received).toHaveLength(0);
  });
});

describe('googleReplyUrl', () => {
  it('builds the v4 reply URL from a review name and a base URL with or without a slash', () => {
    expect(googleReplyUrl('https://mybusiness.googleapis.com', 'accounts/1/locations/2/reviews/3')).toBe(
      'https://mybusiness.googleapis.com/v4/accounts/1/locations/2/reviews/3/reply',
    );
    expect(googleReplyUrl('http://127.0.0.1:9/', 'accounts/1/locations/2/reviews/3')).toBe(
      'http://127.0.0.1:9/v4/accounts/1/locations/2/reviews/3/reply',
    );
    expect(googleReplyUrl('https://x', 'accounts/1/locations/2')).toBeNull();
  });
});
