import http from 'node:http';
import type net from 'node:net';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { createOutboundGuard } from '../net/index.js';
import type { OutgoingReply } from './types.js';
import { createWebhookAdapter, signWebhook, verifySignature } from './webhook.js';

const SECRET = 'test-secret-0123456789abcdef';

interface Received {
  method: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

// The receivers listen on loopback, which the operator allows here as they would for an internal hook.
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

/** A local receiver; `answer` decides the response to each request (it may also never answer). */
async function startReceiver(
  answer: (req: Received, res: http.ServerResponse) => void = (_req, res) => res.writeHead(204).end(),
): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = {
        method: req.method ?? '',
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
  return { url: `http://127.0.0.1:${port}/replies`, received };
}

const reply: OutgoingReply = {
  id: 'out-42',
  workspaceId: 'ws-1',
  caseId: 'case-7',
  itemId: 'item-9',
  text: 'Sorry about the "delay" — <b>we</b> fixed it.\nUnicode: 谢谢',
  language: 'en',
  to: 'ada@example.com',
};

const NOW = new Date('2026-03-01T12:00:00.000Z');
const hook = (url: string, timeoutMs = 2_000) =>
  createWebhookAdapter({ url, secret: SECRET, timeoutMs }, { outbound, now: () => NOW });

describe('webhook adapter (local receiver)', () => {
  it('POSTs the reply as JSON with an idempotency key and a valid signature', async () => {
    const receiver = await startReceiver();
    const result = await hook(receiver.url).send(reply);

    expect(result).toEqual({ ok: true, externalId: null, detail: 'webhook answered HTTP 204' });
    expect(receiver.received).toHaveLength(1);
    const [req] = receiver.received as [Received];
    expect(req.method).toBe('POST');
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.headers['idempotency-key']).toBe('out-42');
    expect(req.headers['x-touchpoint-timestamp']).toBe(String(NOW.getTime() / 1000));
    expect(JSON.parse(req.body)).toEqual({
      id: 'out-42',
      workspaceId: 'ws-1',
      caseId: 'case-7',
      itemId: 'item-9',
      text: reply.text,
      language: 'en',
      sentAt: '2026-03-01T12:00:00.000Z',
    });
    const timestamp = String(req.headers['x-touchpoint-timestamp']);
    const signature = String(req.headers['x-touchpoint-signature']);
    expect(signature).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verifySignature(SECRET, timestamp, req.body, signature, 300, NOW)).toBe(true);
  });

  it('keeps the idempotency key and re-signs on a retry', async () => {
    const receiver = await startReceiver();
    let t = NOW.getTime();
    const adapter = createWebhookAdapter(
      { url: receiver.url, secret: SECRET, timeoutMs: 2_000 },
      { outbound, now: () => new Date((t += 60_000)) },
    );
    await adapter.send(reply);
    await adapter.send(reply);
    const [a, b] = receiver.received as [Received, Received];
    expect(a.headers['idempotency-key']).toBe(b.headers['idempotency-key']);
    expect(a.headers['x-touchpoint-signature']).not.toBe(b.headers['x-touchpoint-signature']);
  });

  it('keeps the externalId a receiver answers with', async () => {
    const receiver = await startReceiver((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"externalId":"ticket-123"}'),
    );
    expect(await hook(receiver.url).send(reply)).toMatchObject({ ok: true, externalId: 'ticket-123' });
  });

  it('reads a huge answer only as far as its first 256 KiB, then hangs up', async () => {
    // Settled by the receiver's 'close' event, not by a timer: under load it comes late (a 50 ms wait
    // failed in CI).
    let closed!: (finished: boolean) => void;
    const finished = new Promise<boolean>((resolve) => (closed = resolve));
    const receiver = await startReceiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const more = () => {
        while (sent < 64 * 1024 * 1024) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      res.on('close', () => closed(res.writableFinished));
      more();
    });
    expect(await hook(receiver.url).send(reply)).toMatchObject({ ok: true, externalId: null });
    expect(await finished).toBe(false);
  });

  it('treats 500 as retryable, and keeps the body out of the error (it is shown to people)', async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(500).end('database down'));
    const result = await hook(receiver.url).send(reply);
    expect(result).toEqual({ ok: false, retryable: true, error: 'webhook answered HTTP 500' });
  });

  it('treats 429 as retryable and passes Retry-After on', async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(429, { 'retry-after': '30' }).end());
    const result = await hook(receiver.url).send(reply);
    expect(result).toMatchObject({ ok: false, retryable: true, retryAfterSeconds: 30 });
  });

  it('treats 400 as not retryable', async () => {
    const receiver = await startReceiver((_req, res) => res.writeHead(400).end('bad payload'));
    const result = await hook(receiver.url).send(reply);
    expect(result).toEqual({ ok: false, retryable: false, error: 'webhook answered HTTP 400' });
  });

  it('treats a redirect as not retryable, without following it', async () => {
    const receiver = await startReceiver((_req, res) =>
      res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end(),
    );
    expect(await hook(receiver.url).send(reply)).toMatchObject({ ok: false, retryable: false });
    expect(receiver.received).toHaveLength(1);
  });

  it('does not call a loopback receiver the operator did not allow', async () => {
    const receiver = await startReceiver();
    const strict = createOutboundGuard();
    try {
      const result = await createWebhookAdapter(
        { url: receiver.url, secret: SECRET, timeoutMs: 2_000 },
        { outbound: strict },
      ).send(reply);
      expect(result).toMatchObject({ ok: false, retryable: false });
      expect(result.ok ? '' : result.error).toMatch(
        /^webhook not called: 127\.0\.0\.1 is a loopback address/,
      );
      expect(receiver.received).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('treats a receiver that does not answer in time as retryable', async () => {
    const receiver = await startReceiver(() => {
      // Never answers.
    });
    const result = await hook(receiver.url, 200).send(reply);
    expect(result).toEqual({ ok: false, retryable: true, error: 'webhook did not answer within 200 ms' });
  });

  it('refuses an outgoing id that cannot be a header, without sending', async () => {
    const receiver = await startReceiver();
    const result = await hook(receiver.url).send({ ...reply, id: 'out-42\r\nX-Evil: 1' });
    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(receiver.received).toHaveLength(0);
  });

  it('treats a refused connection as retryable', async () => {
    const receiver = await startReceiver();
    const url = receiver.url;
    await Promise.all(servers.splice(0).map((s) => new Promise<void>((r) => s.close(() => r()))));
    const result = await hook(url).send(reply);
    expect(result).toMatchObject({ ok: false, retryable: true, error: 'webhook unreachable (ECONNREFUSED)' });
  });
});

describe('verifySignature', () => {
  const body = '{"id":"x"}';
  const ts = String(NOW.getTime() / 1000);
  const good = signWebhook(SECRET, ts, body);

  it('accepts our signature within the tolerance', () => {
    expect(verifySignature(SECRET, ts, body, good, 300, new Date(NOW.getTime() + 299_000))).toBe(true);
  });

  it('rejects another body, secret, timestamp, an old timestamp and malformed input', () => {
    expect(verifySignature(SECRET, ts, '{"id":"y"}', good, 300, NOW)).toBe(false);
    expect(verifySignature('another-secret-0123456789', ts, body, good, 300, NOW)).toBe(false);
    expect(verifySignature(SECRET, String(Number(ts) + 1), body, good, 300, NOW)).toBe(false);
    expect(verifySignature(SECRET, ts, body, good, 300, new Date(NOW.getTime() + 301_000))).toBe(false);
    expect(verifySignature(SECRET, ts, body, good.slice(0, -2), 300, NOW)).toBe(false);
    expect(verifySignature(SECRET, ts, body, good.replace('sha256=', 'sha1='), 300, NOW)).toBe(false);
    expect(verifySignature(SECRET, 'yesterday', body, good, 300, NOW)).toBe(false);
    expect(verifySignature(SECRET, undefined, body, undefined, 300, NOW)).toBe(false);
  });
});
