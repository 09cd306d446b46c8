import type { App } from '../../src/server/app.js';

/** A test client for the in-process app: keeps the session cookie, CSRF token and workspace. */
export class TestClient {
  cookie: string | undefined;
  csrf: string | undefined;
  workspace: string | undefined;
  bearer: string | undefined;

  constructor(private readonly app: App) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Response> {
    const h: Record<string, string> = { ...headers };
    if (this.bearer) h.authorization = `Bearer ${this.bearer}`;
    if (this.cookie) h.cookie = this.cookie;
    if (this.csrf && method !== 'GET') h['x-csrf-token'] = this.csrf;
    if (this.workspace) h['x-workspace'] = this.workspace;
    let payload: RequestInit['body'];
    if (typeof body === 'string' || body instanceof Uint8Array) {
      payload = body as RequestInit['body'];
      h['content-type'] ??= 'application/octet-stream';
    } else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] = 'application/json';
    }
    const res = await this.app.request(path, { method, headers: h, body: payload });
    const set = res.headers.get('set-cookie');
    if (set?.startsWith('tp_session=')) {
      const value = set.split(';')[0] ?? '';
      this.cookie = value === 'tp_session=' ? undefined : value;
    }
    return res;
  }

  async json<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T; res: Response }> {
    const res = await this.request(method, path, body);
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, res };
  }

  /** Signs up (first user) or logs in, remembering the CSRF token and the first workspace. */
  async login(email: string, password: string): Promise<void> {
    const r = await this.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/auth/login',
      { email, password },
    );
    if (r.status !== 200) throw new Error(`login failed: ${r.status} ${JSON.stringify(r.body)}`);
    this.csrf = r.body.csrfToken;
    this.workspace = r.body.workspaces[0]?.id;
  }
}
