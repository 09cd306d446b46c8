// The outbound guard (issue #11, finding 2): every spelling of an internal address is refused by
// default and passes once the operator allows it; the connection goes to the address that was
// checked (a rebinding resolver cannot swap it); a redirect never leads inward.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpRequest } from '../channels/http.js';
import { createOutboundGuard, OutboundRefusedError, parseAllowList, type Resolve } from './index.js';

/** A resolver for made-up names, so no test depends on DNS. */
const NAMES: Record<string, { address: string; family: number }[]> = {
  'loopback.test': [{ address: '127.0.0.1', family: 4 }],
  'six.test': [{ address: '::1', family: 6 }],
  'internal.test': [{ address: '10.0.0.5', family: 4 }],
  'mixed.test': [
    { address: '93.184.215.14', family: 4 },
    { address: '10.0.0.1', family: 4 },
  ],
  'public.test': [{ address: '93.184.215.14', family: 4 }],
  'hooks.allowed.test': [{ address: '127.0.0.1', family: 4 }],
};
const resolve: Resolve = (name) => {
  const found = NAMES[name];
  return found
    ? Promise.resolve(found)
    : Promise.reject(Object.assign(new Error(`${name} not found`), { code: 'ENOTFOUND' }));
};

/** [how it is written, the URL, the allow-list entry that lets it through]. */
const INTERNAL: [string, string, string][] = [
  ['loopback', 'http://127.0.0.1/', '127.0.0.1'],
  ['loopback, short form', 'http://127.1/', '127.0.0.1'],
  ['loopback, decimal', 'http://2130706433/', '127.0.0.1'],
  ['loopback, hex', 'http://0x7f000001/', '127.0.0.1'],
  ['loopback, octal', 'http://0177.0.0.1/', '127.0.0.1'],
  ['loopback, mixed hex parts', 'http://0x7f.1/', '127.0.0.1'],
  ['loopback, percent-encoded', 'http://%31%32%37.0.0.1/', '127.0.0.1'],
  ['loopback, elsewhere in 127/8', 'http://127.255.255.254/', '127.0.0.0/8'],
  ['IPv6 loopback', 'http://[::1]/', '::1'],
  ['IPv4-mapped loopback, dotted', 'http://[::ffff:127.0.0.1]/', '127.0.0.1'],
  ['IPv4-mapped loopback, hex', 'http://[::ffff:7f00:1]/', '127.0.0.1'],
  ['IPv4-mapped loopback, long form', 'http://[0:0:0:0:0:ffff:7f00:1]/', '127.0.0.1'],
  ['IPv4-compatible loopback', 'http://[::127.0.0.1]/', '127.0.0.1'],
  ['NAT64 loopback', 'http://[64:ff9b::7f00:1]/', '127.0.0.1'],
  ['6to4 loopback', 'http://[2002:7f00:1::1]/', '127.0.0.1'],
  ['unspecified', 'http://0.0.0.0/', '0.0.0.0'],
  ['unspecified, short form', 'http://0/', '0.0.0.0'],
  ['IPv6 unspecified', 'http://[::]/', '::'],
  ['private 10/8', 'http://10.1.2.3/', '10.0.0.0/8'],
  ['private 172.16/12', 'http://172.16.0.1/', '172.16.0.0/12'],
  ['private 192.168/16', 'http://192.168.1.1/', '192.168.0.0/16'],
  ['carrier-grade NAT', 'http://100.64.0.1/', '100.64.0.0/10'],
  ['metadata', 'http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
  ['metadata, IPv4-mapped', 'http://[::ffff:a9fe:a9fe]/', '169.254.169.254'],
  ['metadata, decimal', 'http://2852039166/', '169.254.169.254'],
  ['metadata over IPv6 (AWS)', 'http://[fd00:ec2::254]/', 'fd00:ec2::254'],
  ['Azure wire server', 'http://168.63.129.16/', '168.63.129.16'],
  ['link-local', 'http://169.254.1.1/', '169.254.0.0/16'],
  ['IPv6 link-local', 'http://[fe80::1]/', 'fe80::/10'],
  ['IPv6 unique local', 'http://[fc00::1]/', 'fc00::/7'],
  ['multicast', 'http://224.0.0.1/', '224.0.0.0/4'],
  ['broadcast', 'http://255.255.255.255/', '255.255.255.255'],
  ['reserved 240/4', 'http://240.0.0.1/', '240.0.0.0/4'],
  ['metadata name', 'http://metadata.google.internal/computeMetadata/v1/', 'metadata.google.internal'],
  ['metadata name, upper case, final dot', 'http://METADATA.GOOGLE.INTERNAL./', 'metadata.google.internal'],
  ['localhost', 'http://localhost/', 'localhost'],
  ['a *.localhost name', 'http://api.localhost/', '*.localhost'],
  ['a name resolving to loopback', 'http://loopback.test/', '127.0.0.1'],
  ['a name resolving to loopback, allowed by name', 'http://loopback.test/', 'loopback.test'],
  ['a name resolving to IPv6 loopback', 'http://six.test/', '::1'],
  ['a name resolving to a private address', 'http://internal.test/', '10.0.0.0/8'],
  ['a name with one public and one private address', 'https://mixed.test/', '10.0.0.0/8'],
];

describe('outbound guard: address forms', () => {
  const strict = createOutboundGuard({ resolve });
  afterAll(() => strict.close());

  it.each(INTERNAL)('refuses %s (%s) by default', async (_label, url) => {
    await expect(strict.check(url)).rejects.toBeInstanceOf(OutboundRefusedError);
  });

  it.each(INTERNAL)('allows %s (%s) when the operator lists %s', async (_label, url, entry) => {
    const guard = createOutboundGuard({ resolve, allow: [entry] });
    try {
      await expect(guard.check(url)).resolves.toMatchObject({ url: expect.any(URL) as URL });
    } finally {
      await guard.close();
    }
  });

  it.each([
    'https://8.8.8.8/',
    'https://[2606:4700:4700::1111]/',
    'https://[::ffff:8.8.8.8]/',
    'https://public.test/hook',
    // Does not resolve now: accepted at save time, checked again when sent.
    'https://hooks.slack.example/services/T0/B0/x',
  ])('lets a public address through: %s', async (url) => {
    await expect(strict.check(url)).resolves.toBeDefined();
  });

  it.each(['file:///etc/passwd', 'ftp://example.com/', 'gopher://127.0.0.1:6379/_', 'data:,x', 'not a url'])(
    'refuses what is not http(s), even with everything allowed: %s',
    async (url) => {
      const guard = createOutboundGuard({ resolve, allow: ['0.0.0.0/0', '::/0', 'localhost'] });
      try {
        await expect(guard.check(url)).rejects.toBeInstanceOf(OutboundRefusedError);
      } finally {
        await guard.close();
      }
    },
  );

  it('says why, without the address a name resolved to', async () => {
    await expect(strict.check('http://internal.test/')).rejects.toThrow(
      /^internal\.test resolves to a private address; the operator can allow it with TOUCHPOINT_OUTBOUND_ALLOW$/,
    );
    await expect(strict.check('http://2130706433/')).rejects.toThrow(/^127\.0\.0\.1 is a loopback address/);
  });

  it('reads allow lists and names the entries it cannot', () => {
    expect(
      parseAllowList(['127.0.0.1', '[::1]', '10.0.0.0/8', 'hooks.internal', '*.corp.example']).problems,
    ).toEqual([]);
    expect(
      parseAllowList(['10.0.0.0/33', '2130706433', 'no such host!', '1.2.3.4/8/9']).problems,
    ).toHaveLength(4);
    expect(() => createOutboundGuard({ allow: ['0x7f.1'] })).toThrow(/TOUCHPOINT_OUTBOUND_ALLOW/);
  });
});

describe('outbound guard: requests', () => {
  const got: { port: number; host: string }[] = [];
  const servers: http.Server[] = [];
  let target: number; // answers 200
  let bouncer: number; // redirects to `target`

  async function listen(handler: http.RequestListener): Promise<number> {
    const server = http.createServer(handler);
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    return (server.address() as AddressInfo).port;
  }

  beforeAll(async () => {
    target = await listen((req, res) => {
      got.push({ port: target, host: req.headers.host ?? '' });
      res.writeHead(200).end('internal secret');
    });
    bouncer = await listen((req, res) => {
      got.push({ port: bouncer, host: req.headers.host ?? '' });
      res.writeHead(302, { location: `http://127.0.0.1:${target}/` }).end();
    });
  });
  afterAll(async () => {
    for (const s of servers) s.closeAllConnections();
    await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
  });

  const GET = { method: 'GET', headers: {} };

  it.each([
    '127.0.0.1',
    '2130706433',
    '0x7f000001',
    '127.1',
    '0177.0.0.1',
    '[::ffff:127.0.0.1]',
    'loopback.test',
  ])('does not connect to %s by default, and does once it is allowed', async (host) => {
    const strict = createOutboundGuard({ resolve });
    const allowed = createOutboundGuard({ resolve, allow: ['127.0.0.0/8'] });
    try {
      got.length = 0;
      await expect(strict.fetch(`http://${host}:${target}/`, GET)).rejects.toThrow();
      expect(got).toEqual([]);
      const response = await allowed.fetch(`http://${host}:${target}/`, GET);
      expect(response.status).toBe(200);
      expect(got).toHaveLength(1);
    } finally {
      await Promise.all([strict.close(), allowed.close()]);
    }
  });

  it('connects to the address it checked, not to what DNS says a moment later (rebinding)', async () => {
    let calls = 0;
    // First answer public (the save-time check), then loopback (the send).
    const rebinding: Resolve = () =>
      Promise.resolve([{ address: calls++ === 0 ? '93.184.215.14' : '127.0.0.1', family: 4 }]);
    const guard = createOutboundGuard({ resolve: rebinding });
    try {
      await expect(guard.check(`http://rebind.test:${target}/`)).resolves.toBeDefined();
      got.length = 0;
      const outcome = await httpRequest(
        guard,
        'webhook',
        `http://rebind.test:${target}/`,
        { method: 'POST', headers: {}, body: '{}' },
        2_000,
      );
      expect(outcome).toMatchObject({ ok: false, failure: { retryable: false } });
      expect(outcome.ok ? '' : outcome.failure.error).toMatch(
        /^webhook not called: rebind\.test resolves to a loopback/,
      );
      expect(got).toEqual([]);
    } finally {
      await guard.close();
    }
  });

  it('sends an allowed name to the address it resolved, keeping the name as the Host', async () => {
    const guard = createOutboundGuard({ resolve, allow: ['hooks.allowed.test'] });
    try {
      got.length = 0;
      const response = await guard.fetch(`http://hooks.allowed.test:${target}/`, GET);
      expect(await response.text()).toBe('internal secret');
      expect(got).toEqual([{ port: target, host: `hooks.allowed.test:${target}` }]);
    } finally {
      await guard.close();
    }
  });

  it('does not follow a redirect from an allowed server to a loopback one that is not', async () => {
    const guard = createOutboundGuard({ resolve, allow: ['hooks.allowed.test'] });
    try {
      got.length = 0;
      const response = await guard.fetch(`http://hooks.allowed.test:${bouncer}/`, GET);
      expect(response.status).toBe(302);
      // Following it by hand is refused too: the hop is checked like any URL.
      const location = response.headers.get('location') ?? '';
      await expect(guard.fetch(location, GET)).rejects.toBeInstanceOf(OutboundRefusedError);
      const outcome = await httpRequest(
        guard,
        'webhook',
        `http://hooks.allowed.test:${bouncer}/`,
        { method: 'POST', headers: {}, body: '{}' },
        2_000,
      );
      expect(outcome).toMatchObject({ ok: false, failure: { retryable: false } });
      expect(got.map((g) => g.port)).toEqual([bouncer, bouncer]);
    } finally {
      await guard.close();
    }
  });
});
