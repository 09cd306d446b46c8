import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import { createApp, type App } from '../../src/server/app.js';
import { startServer, type RunningServer } from '../../src/server/index.js';

/**
 * Issue #11, finding 3: the request-context middleware set a header after `next()`, which with
 * @hono/node-server's Response rebuilt the response from its first headers and dropped everything
 * secureHeaders had set: no CSP, frame-ancestors or nosniff on the dashboard and the API. The headers
 * do not depend on the database; this runs on SQLite only.
 *
 * The real server starts first: serve() replaces the global Response with the adapter's, as in
 * production, so the in-process requests below go through the same Response class.
 */
const REQUESTS = [
  { what: 'the dashboard HTML', method: 'GET', path: '/', status: 200, type: /text\/html/ },
  {
    what: 'an API JSON response',
    method: 'GET',
    path: '/api/v1/setup',
    status: 200,
    type: /application\/json/,
  },
  { what: 'a 401 problem', method: 'GET', path: '/api/v1/me', status: 401, type: /problem\+json/ },
  { what: 'a 400 problem', method: 'POST', path: '/api/v1/auth/login', status: 400, type: /problem\+json/ },
  { what: 'a 404 problem', method: 'DELETE', path: '/nowhere', status: 404, type: /problem\+json/ },
] as const;

function expectSecurityHeaders(res: Response, https: boolean) {
  const csp = res.headers.get('content-security-policy') ?? '';
  expect(csp).toContain("default-src 'self'");
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(res.headers.get('x-frame-options')).toBe('DENY');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  expect(res.headers.get('x-request-id')).toMatch(/^[\w-]+$/);
  if (https) expect(res.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
  else expect(res.headers.get('strict-transport-security')).toBeNull();
}

describe.each([
  { scheme: 'http', publicUrl: undefined },
  { scheme: 'https', publicUrl: 'https://touchpoint.example.com' },
])('security headers with a $scheme public URL', ({ publicUrl }) => {
  const https = publicUrl !== undefined;
  let dataDir: string;
  let webRoot: string;
  let server: RunningServer;
  let rt: Runtime;
  let app: App;

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'touchpoint-headers-'));
    webRoot = path.join(dataDir, 'web');
    fs.mkdirSync(webRoot);
    fs.writeFileSync(path.join(webRoot, 'index.html'), '<!doctype html><title>Touchpoint</title>');
    const env = { TOUCHPOINT_LOG_LEVEL: 'silent', PORT: '0', TOUCHPOINT_PUBLIC_URL: publicUrl };
    server = await startServer({
      config: loadConfig({ ...env, TOUCHPOINT_DATA_DIR: path.join(dataDir, 'server') }),
      roles: ['web'],
      app: { webRoot },
    });
    rt = await openRuntime(loadConfig({ ...env, TOUCHPOINT_DATA_DIR: path.join(dataDir, 'in-process') }));
    app = createApp(rt, { webRoot });
  });
  afterAll(async () => {
    await server?.close();
    await rt?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const init = (method: string): RequestInit =>
    method === 'POST' ? { method, headers: { 'content-type': 'application/json' }, body: '{}' } : { method };

  it.each(REQUESTS)('are on $what, in-process', async ({ method, path: p, status, type }) => {
    const res = await app.request(p, init(method));
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(type);
    expectSecurityHeaders(res, https);
  });

  it.each(REQUESTS)(
    'are on $what, through a listening Node server',
    async ({ method, path: p, status, type }) => {
      const res = await fetch(`${server.url}${p}`, init(method));
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(type);
      expectSecurityHeaders(res, https);
      await res.arrayBuffer();
    },
  );
});
