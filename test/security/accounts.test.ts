// Issue #11, findings 5, 6 and 9: adding a member was an account oracle and membership nobody agreed
// to; there was no password change or reset; an API key with `workspace:read` listed staff e-mails.
// The whole path on both dialects: HTTP API → commands → store, and the mailed links read from a
// real SMTP server.
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelsConfigSchema } from '../../src/channels/index.js';
import type { Config } from '../../src/config/index.js';
import { createUser } from '../../src/core/auth/index.js';
import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import { createApp, type App } from '../../src/server/app.js';
import { TestClient } from '../helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { startSmtp, type TestSmtp } from '../helpers/smtp.js';

const PUBLIC_URL = 'http://touchpoint.test';
const OWNER = { name: 'Olga Owner', email: 'olga@example.com', password: 'correct horse battery' };
// Two addresses of the same length, so the two answers can be compared byte for byte.
const EXISTING = { name: 'Erin Existing', email: 'erin@example.com', password: 'erin long password' };
const UNKNOWN = 'nora@example.com';

interface Created {
  invitation: { id: string; email: string; role: string; state: string };
  emailed: boolean;
  token: string | null;
}

describe.each(DIALECTS)('accounts: invitations, password change and reset on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let smtp: TestSmtp;
  let owner: TestClient;
  let workspaceId: string;
  let erinId: string;

  /** The token of the newest link mailed to `to`, waiting for the mail to arrive. */
  async function mailedToken(to: string, page: 'invitation' | 'reset-password', after = 0): Promise<string> {
    // Polled for up to 30 s: on a loaded machine the mail can take seconds.
    for (let i = 0; i < 600; i++) {
      const mails = smtp.messages.filter((m) => m.rcptTo.includes(to));
      const mail = mails[after];
      if (mail) {
        const link = new RegExp(`${PUBLIC_URL}/#/${page}\\?token=([A-Za-z0-9_-]+)`).exec(
          mail.mail.text ?? '',
        );
        if (!link?.[1]) throw new Error(`no ${page} link in the mail to ${to}: ${mail.mail.text ?? ''}`);
        return link[1];
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no mail to ${to}`);
  }

  async function invite(email: string, role = 'agent') {
    return owner.json<Created>('POST', '/api/v1/members', { email, role });
  }

  async function loggedIn(email: string, password: string): Promise<TestClient> {
    const c = new TestClient(app);
    await c.login(email, password);
    return c;
  }

  async function auditActions(): Promise<string[]> {
    const r = await sql<{ action: string }>`select action from audit_log`.execute(rt.database.db);
    return r.rows.map((x) => x.action);
  }

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await freshDatabase(dialect);
    const email = ChannelsConfigSchema.parse({
      email: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Touchpoint <tp@example.com>' },
    }).email;
    const config: Config = {
      ...db.config,
      publicUrl: PUBLIC_URL,
      channels: { ...db.config.channels, ...(email ? { email } : {}) },
    };
    rt = await openRuntime(config);
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      { ...OWNER, workspaceName: 'Olga Cafe' },
    );
    owner.csrf = setup.body.csrfToken;
    workspaceId = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = workspaceId;
    erinId = (await createUser(rt.store, EXISTING, { type: 'system', id: null })).id;
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
    await smtp?.close();
  });

  it('answers an existing and an unknown address alike: same status, same bytes apart from ids and times', async () => {
    const known = await owner.request('POST', '/api/v1/members', { email: EXISTING.email, role: 'agent' });
    const unknown = await owner.request('POST', '/api/v1/members', { email: UNKNOWN, role: 'agent' });
    expect(known.status).toBe(202);
    expect(unknown.status).toBe(202);
    expect(known.headers.get('content-type')).toBe(unknown.headers.get('content-type'));
    const [a, b] = [await known.text(), await unknown.text()];
    expect(a).not.toContain(erinId);
    expect(a).not.toContain(EXISTING.name);
    const normal = (text: string, email: string) =>
      text
        .replaceAll(email, '<email>')
        .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>')
        .replace(/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z/g, '<time>');
    expect(normal(a, EXISTING.email)).toBe(normal(b, UNKNOWN));
    expect(JSON.parse(a)).toMatchObject({
      invitation: { email: EXISTING.email, role: 'agent', state: 'pending' },
      emailed: true,
      token: null,
    });
    // Both addresses got the same kind of mail.
    await mailedToken(EXISTING.email, 'invitation');
    await mailedToken(UNKNOWN, 'invitation');
  });

  it('does not make the invitee a member until they accept', async () => {
    const members = await owner.json<{ members: { user: { email: string } }[] }>('GET', '/api/v1/members');
    expect(members.body.members.map((m) => m.user.email)).toEqual([OWNER.email]);
    const erin = await loggedIn(EXISTING.email, EXISTING.password);
    expect(erin.workspace).toBeUndefined();
    const asErin = await erin.json('GET', '/api/v1/feedback', undefined);
    expect(asErin.status).toBe(400); // no workspace to act in
    const invitations = await owner.json<{ invitations: { email: string; state: string }[] }>(
      'GET',
      '/api/v1/members/invitations',
    );
    expect(invitations.body.invitations).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: EXISTING.email, state: 'pending' }),
        expect.objectContaining({ email: UNKNOWN, state: 'pending' }),
      ]),
    );
  });

  it('lets a signed-in invitee see, accept or decline their invitations', async () => {
    const erin = await loggedIn(EXISTING.email, EXISTING.password);
    const mine = await erin.json<{ invitations: { id: string; workspaceName: string; role: string }[] }>(
      'GET',
      '/api/v1/invitations',
    );
    expect(mine.body.invitations).toEqual([
      expect.objectContaining({ workspaceName: 'Olga Cafe', role: 'agent', invitedBy: OWNER.name }),
    ]);
    const id = mine.body.invitations[0]?.id ?? '';
    // Someone else's invitation looks like none.
    const nora = await invite('nick@example.com');
    expect((await erin.json('POST', `/api/v1/invitations/${nora.body.invitation.id}/accept`)).status).toBe(
      404,
    );
    const accepted = await erin.json<{ workspaceId: string; role: string }>(
      'POST',
      `/api/v1/invitations/${id}/accept`,
    );
    expect(accepted).toMatchObject({ status: 200, body: { workspaceId, role: 'agent' } });
    const members = await owner.json<{ members: { user: { email: string }; role: string }[] }>(
      'GET',
      '/api/v1/members',
    );
    expect(members.body.members.find((m) => m.user.email === EXISTING.email)?.role).toBe('agent');
    expect((await erin.json('POST', `/api/v1/invitations/${id}/accept`)).status).toBe(404);
    // The mailed link of the accepted invitation no longer works either.
    const token = await mailedToken(EXISTING.email, 'invitation');
    expect((await new TestClient(app).json('POST', '/api/v1/invitations/preview', { token })).status).toBe(
      404,
    );
    const actions = await auditActions();
    expect(actions).toEqual(
      expect.arrayContaining(['invitation.create', 'invitation.accept', 'membership.set']),
    );
  });

  it('accepts a link once: a new account is made with the name and password the invitee chooses', async () => {
    const token = await mailedToken(UNKNOWN, 'invitation');
    const visitor = new TestClient(app);
    const preview = await visitor.json('POST', '/api/v1/invitations/preview', { token });
    expect(preview).toMatchObject({
      status: 200,
      body: { email: UNKNOWN, role: 'agent', workspaceName: 'Olga Cafe', invitedBy: OWNER.name },
    });
    const short = await visitor.json<{ code: string }>('POST', '/api/v1/invitations/accept', {
      token,
      name: 'Nora New',
      password: 'short',
    });
    expect(short).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const ok = await visitor.json<{ session: { user: { email: string }; workspaces: { id: string }[] } }>(
      'POST',
      '/api/v1/invitations/accept',
      { token, name: 'Nora New', password: 'nora long password' },
    );
    expect(ok.status).toBe(200);
    expect(ok.body.session.user.email).toBe(UNKNOWN);
    expect(ok.body.session.workspaces.map((w) => w.id)).toEqual([workspaceId]);
    expect(ok.res.headers.get('set-cookie')).toMatch(/tp_session=.+HttpOnly/i);
    const again = await new TestClient(app).json<{ code: string }>('POST', '/api/v1/invitations/accept', {
      token,
      name: 'Mallory',
      password: 'mallory long password',
    });
    expect(again).toMatchObject({ status: 404, body: { code: 'invitation_not_found' } });
    await loggedIn(UNKNOWN, 'nora long password');
  });

  it('asks for the account password when the link of an existing account is used signed out', async () => {
    const ursula = { name: 'Ursula', email: 'ursula@example.com', password: 'ursula long password' };
    await createUser(rt.store, ursula, { type: 'system', id: null });
    await invite(ursula.email, 'viewer');
    const token = await mailedToken(ursula.email, 'invitation');
    const visitor = new TestClient(app);
    const wrong = await visitor.json<{ code: string }>('POST', '/api/v1/invitations/accept', {
      token,
      name: 'Whoever',
      password: 'not her password at all',
    });
    expect(wrong).toMatchObject({ status: 401, body: { code: 'invalid_credentials' } });
    const ok = await visitor.json<{ role: string }>('POST', '/api/v1/invitations/accept', {
      token,
      password: ursula.password,
    });
    expect(ok).toMatchObject({ status: 200, body: { role: 'viewer' } });
  });

  it('refuses a revoked or an expired link', async () => {
    const revoked = await invite('rita@example.com');
    const revokedToken = await mailedToken('rita@example.com', 'invitation');
    expect(
      (await owner.json('DELETE', `/api/v1/members/invitations/${revoked.body.invitation.id}`)).status,
    ).toBe(204);
    expect(
      (await owner.json('DELETE', `/api/v1/members/invitations/${revoked.body.invitation.id}`)).status,
    ).toBe(409);
    const expired = await invite('ezra@example.com');
    const expiredToken = await mailedToken('ezra@example.com', 'invitation');
    await sql`update invitations set expires_at = ${'2020-01-01T00:00:00.000Z'} where id = ${expired.body.invitation.id}`.execute(
      rt.database.db,
    );
    for (const token of [revokedToken, expiredToken]) {
      const r = await new TestClient(app).json<{ code: string }>('POST', '/api/v1/invitations/accept', {
        token,
        name: 'Late Comer',
        password: 'late comer password',
      });
      expect(r).toMatchObject({ status: 404, body: { code: 'invitation_not_found' } });
    }
    const list = await owner.json<{ invitations: { email: string; state: string }[] }>(
      'GET',
      '/api/v1/members/invitations',
    );
    const state = (email: string) => list.body.invitations.find((i) => i.email === email)?.state;
    expect([state('rita@example.com'), state('ezra@example.com'), state(UNKNOWN)]).toEqual([
      'revoked',
      'expired',
      'accepted',
    ]);
    expect(await auditActions()).toContain('invitation.revoke');
  });

  it('refuses the member list and invitations to an API key with workspace:read', async () => {
    const created = await owner.json<{ key: string }>('POST', '/api/v1/keys', {
      name: 'reader',
      scopes: ['workspace:read', 'feedback:read'],
    });
    expect(created.status).toBe(201);
    const key = new TestClient(app);
    key.bearer = created.body.key;
    expect((await key.json('GET', '/api/v1/feedback')).status).toBe(200);
    for (const path of ['/api/v1/members', '/api/v1/members/invitations']) {
      const r = await key.json<{ code: string }>('GET', path);
      expect(r, path).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    }
  });

  it('changes a password with the current one and ends every other session', async () => {
    const here = await loggedIn(EXISTING.email, EXISTING.password);
    const elsewhere = await loggedIn(EXISTING.email, EXISTING.password);
    const wrong = await here.json<{ code: string; errors: { path: string }[] }>(
      'POST',
      '/api/v1/auth/password',
      {
        currentPassword: 'not the password',
        newPassword: 'erin new password',
      },
    );
    expect(wrong).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    expect(wrong.body.errors.map((e) => e.path)).toEqual(['currentPassword']);
    const ok = await here.json('POST', '/api/v1/auth/password', {
      currentPassword: EXISTING.password,
      newPassword: 'erin new password',
    });
    expect(ok.status).toBe(204);
    expect((await here.json('GET', '/api/v1/me')).status).toBe(200);
    expect((await elsewhere.json('GET', '/api/v1/me')).status).toBe(401);
    const old = await new TestClient(app).json('POST', '/api/v1/auth/login', {
      email: EXISTING.email,
      password: EXISTING.password,
    });
    expect(old.status).toBe(401);
    await loggedIn(EXISTING.email, 'erin new password');
    expect(await auditActions()).toContain('user.password_change');
  });

  it('resets a password by a mailed single-use link that ends every session; unknown addresses get the same answer', async () => {
    const one = await loggedIn(OWNER.email, OWNER.password);
    const two = await loggedIn(OWNER.email, OWNER.password);
    const visitor = new TestClient(app);
    const unknown = await visitor.request('POST', '/api/v1/auth/password-reset', {
      email: 'zed@example.com',
    });
    const known = await visitor.request('POST', '/api/v1/auth/password-reset', { email: OWNER.email });
    expect([unknown.status, known.status]).toEqual([202, 202]);
    expect(await unknown.text()).toBe(await known.text());
    const token = await mailedToken(OWNER.email, 'reset-password');
    expect(smtp.messages.some((m) => m.rcptTo.includes('zed@example.com'))).toBe(false);
    const weak = await visitor.json<{ code: string }>('POST', '/api/v1/auth/password-reset/confirm', {
      token,
      password: 'short',
    });
    expect(weak).toMatchObject({ status: 400, body: { code: 'validation_failed' } });
    const ok = await visitor.json('POST', '/api/v1/auth/password-reset/confirm', {
      token,
      password: 'olga brand new password',
    });
    expect(ok.status).toBe(204);
    for (const c of [one, two, owner]) expect((await c.json('GET', '/api/v1/me')).status).toBe(401);
    const again = await visitor.json<{ code: string }>('POST', '/api/v1/auth/password-reset/confirm', {
      token,
      password: 'someone else password',
    });
    expect(again).toMatchObject({ status: 400, body: { code: 'reset_token_invalid' } });
    await owner.login(OWNER.email, 'olga brand new password');
    expect(await auditActions()).toContain('user.password_reset');
  });
});
