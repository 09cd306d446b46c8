// Issue #11, finding 2 (SSRF with the answer readable, open to viewers) and finding 9 (notification
// brandIds of another tenant), on both dialects, through the HTTP API:
// - a viewer or an agent cannot set a Slack or webhook target for themselves (403); e-mail they can;
// - an admin's targets at internal addresses are refused with the field named (400 outbound_refused),
//   and nothing is called;
// - a Slack or webhook channel a viewer saved before the rule stays silent when an alert fires;
// - with the operator's allow list, a receiver that answers 500 with a secret body: the alert's
//   notifications[].lastError shows the status, never the body;
// - brandIds must be the workspace's own.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/index.js';
import { ManualClock } from '../../src/core/cases/index.js';
import { openRuntime, type Runtime } from '../../src/runtime/index.js';
import { createApp } from '../../src/server/app.js';
import { TestClient } from '../helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/databases.js';
import { runJob } from '../helpers/jobs.js';
import { inviteAndAccept } from '../helpers/members.js';

const BODY_SECRET = 'INTERNAL-ONLY root:x:0:0 aws_secret_access_key=AKIAEXAMPLE';
const HOOK_SECRET = 'ssrf-test-webhook-secret-0123';
const PASSWORD = 'correct horse battery';

interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}
interface AlertDetail {
  id: string;
  notifications: { channel: string; status: string; lastError: string | null; recipient: string }[];
}

describe.each(DIALECTS)('outbound requests and notification targets on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime | undefined;
  const clock = new ManualClock('2026-03-02T10:00:00.000Z');
  const got: string[] = [];
  let server: http.Server;
  let port = 0;
  let workspaceId = '';
  let seq = 0;

  /** Opens the app on the test database with an allow list (none: the default). */
  async function open(allow: string[] = []) {
    await rt?.close();
    rt = await openRuntime({ ...db.config, outbound: { allow } }, { clock });
    const app = createApp(rt);
    const as = async (email: string) => {
      const c = new TestClient(app);
      await c.login(email, PASSWORD);
      c.workspace = workspaceId;
      return c;
    };
    return { rt, app, as };
  }

  /** One item that opens a risky_item alert at once (legal threat, huge reach). */
  async function riskyAlert(c: TestClient, runtime: Runtime): Promise<AlertDetail> {
    const r = await c.json('POST', '/api/v1/feedback', {
      items: [
        {
          externalId: `risky-${++seq}`,
          platform: 'twitter',
          text: 'Furious! My lawyer will hear about this. Unacceptable.',
          postedAt: new Date(clock.now().getTime() - 60_000).toISOString(),
          author: { handle: `loud${seq}`, reach: 5_000_000 },
        },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
    await runtime.alerts.idle();
    const list = () =>
      c.json<{ alerts: { id: string; kind: string }[] }>('GET', '/api/v1/alerts?status=all&kind=risky_item');
    let id = (await list()).body.alerts[0]?.id ?? '';
    // On a busy machine the item can wait in the detectors' inbox for a lease (once in CI on
    // PostgreSQL): the server's once-a-second poll claims it and feeds the detector; do what it does.
    for (let tries = 0; id === '' && tries < 20; tries++) {
      await runtime.alerts.poll();
      await runtime.alerts.idle();
      id = (await list()).body.alerts[0]?.id ?? '';
    }
    expect(id).not.toBe('');
    return (await c.json<AlertDetail>('GET', `/api/v1/alerts/${id}`)).body;
  }

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      got.push(req.url ?? '');
      req.resume();
      req.on('end', () => res.writeHead(500, { 'content-type': 'text/plain' }).end(BODY_SECRET));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
    db = await freshDatabase(dialect);
    const { app } = await open();
    const owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      { name: 'Olga Owner', email: 'olga@example.com', password: PASSWORD, workspaceName: 'Acme' },
    );
    owner.csrf = setup.body.csrfToken;
    workspaceId = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = workspaceId;
    for (const role of ['viewer', 'agent', 'admin'] as const) {
      await inviteAndAccept(app, owner, {
        email: `${role}@example.com`,
        name: role,
        role,
        password: PASSWORD,
      });
    }
  }, 60_000);

  afterAll(async () => {
    await rt?.close();
    await db?.drop();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('a viewer or an agent cannot set a Slack or webhook target for themselves; e-mail they can', async () => {
    const { as } = await open();
    for (const role of ['viewer', 'agent']) {
      const c = await as(`${role}@example.com`);
      for (const channel of [
        { channel: 'webhook', target: 'https://hooks.example.com/in', secret: HOOK_SECRET },
        { channel: 'slack', target: 'https://hooks.slack.example/services/T0/B0/x' },
        { channel: 'webhook', target: `http://127.0.0.1:${port}/`, secret: HOOK_SECRET },
      ]) {
        const r = await c.json<Problem>('PUT', '/api/v1/me/notification-settings', {
          enabled: true,
          channels: [{ channel: 'email', target: null }, channel],
          minSeverity: 1,
        });
        expect(r.status, `${role} ${channel.target}`).toBe(403);
      }
      const mail = await c.json('PUT', '/api/v1/me/notification-settings', {
        enabled: true,
        channels: [{ channel: 'email', target: null }],
        minSeverity: 1,
      });
      expect(mail.status, JSON.stringify(mail.body)).toBe(200);
    }
    expect(got).toEqual([]);
  });

  it('an admin cannot point a target at an internal address: 400 outbound_refused naming the field', async () => {
    const { as } = await open();
    const admin = await as('admin@example.com');
    const workspaceTarget = await admin.json<Problem>('PUT', '/api/v1/alerts/settings', {
      riskThreshold: 0.7,
      targets: [
        { channel: 'slack', target: 'https://hooks.slack.example/services/T0/B0/x' },
        { channel: 'webhook', target: `http://127.0.0.1:${port}/hook`, secret: HOOK_SECRET },
      ],
    });
    expect(workspaceTarget.status).toBe(400);
    expect(workspaceTarget.body.code).toBe('outbound_refused');
    expect(workspaceTarget.body.errors?.[0]?.path).toBe('targets.1.target');
    expect(workspaceTarget.body.errors?.[0]?.message).toMatch(/loopback/);

    for (const [target, why] of [
      [`http://2130706433:${port}/`, /loopback/],
      [`http://[::ffff:127.0.0.1]:${port}/`, /loopback/],
      ['http://169.254.169.254/latest/meta-data/iam/', /metadata/],
      ['http://metadata.google.internal/computeMetadata/v1/', /metadata/],
      ['http://10.0.0.8:8080/admin', /private/],
      ['http://[fd00:ec2::254]/', /metadata/],
      [`http://localhost:${port}/`, /this machine/],
    ] as const) {
      const mine = await admin.json<Problem>('PUT', '/api/v1/me/notification-settings', {
        enabled: true,
        channels: [
          { channel: 'email', target: null },
          { channel: 'webhook', target, secret: HOOK_SECRET },
        ],
      });
      expect(mine.status, target).toBe(400);
      expect(mine.body.code).toBe('outbound_refused');
      expect(mine.body.errors?.map((e) => e.path)).toEqual(['channels.1.target']);
      expect(mine.body.errors?.[0]?.message).toMatch(why);
    }
    expect(got).toEqual([]);
  });

  it('brandIds must be brands of the workspace, not of another tenant', async () => {
    const { rt: runtime, as } = await open();
    const admin = await as('admin@example.com');
    const other = await admin.json<{ id: string }>('POST', '/api/v1/workspaces', { name: 'Elsewhere' });
    expect(other.status, JSON.stringify(other.body)).toBe(201);
    const theirs = await runtime.store.brands.ensure(other.body.id, 'Their Brand', 'own');
    const ours = await runtime.store.brands.ensure(workspaceId, 'Acme', 'own');
    const refused = await admin.json<Problem>('PUT', '/api/v1/me/notification-settings', {
      channels: [{ channel: 'email', target: null }],
      brandIds: [ours.id, theirs.id],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors).toEqual([{ path: 'brandIds.1', message: expect.any(String) as string }]);
    const accepted = await admin.json('PUT', '/api/v1/me/notification-settings', {
      channels: [{ channel: 'email', target: null }],
      brandIds: [ours.id],
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    await admin.json('PUT', '/api/v1/me/notification-settings', {
      channels: [{ channel: 'email', target: null }],
      brandIds: null,
    });
  });

  it('with the operator allow list, a receiver that answers 500 has its status shown, never its body; a viewer webhook saved before the rule stays silent', async () => {
    const { rt: runtime, as } = await open(['127.0.0.1']);
    const owner = await as('olga@example.com');
    const viewer = await as('viewer@example.com');
    // A viewer's webhook stored before the rule (as an old release let it be): written straight to the store.
    const viewerId = (await runtime.store.users.members(workspaceId)).find((m) => m.role === 'viewer')?.user
      .id;
    await runtime.store.notifications.putSettings(
      {
        workspaceId,
        userId: viewerId ?? '',
        enabled: true,
        channels: [{ channel: 'webhook', target: `http://127.0.0.1:${port}/viewer`, secret: HOOK_SECRET }],
        minSeverity: 1,
        brandIds: null,
        kinds: ['spike', 'competitor_storm', 'risky_item'],
        quietHours: null,
      },
      clock.now().toISOString(),
    );
    const put = await owner.json('PUT', '/api/v1/alerts/settings', {
      riskThreshold: 0.7,
      targets: [
        { channel: 'webhook', target: `http://127.0.0.1:${port}/workspace-hook`, secret: HOOK_SECRET },
      ],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);

    const alert = await riskyAlert(owner, runtime);
    const hooks = alert.notifications.filter((n) => n.channel === 'webhook');
    expect(hooks).toHaveLength(1); // the workspace target; not the viewer's
    for (const n of await runtime.store.notifications.forAlert(workspaceId, alert.id)) {
      await runJob(runtime.jobDefs.notificationsSend, { workspaceId, notificationId: n.id });
    }
    expect(got).toEqual(['/workspace-hook']);
    for (const c of [owner, viewer]) {
      const seen = await c.json<AlertDetail>('GET', `/api/v1/alerts/${alert.id}`);
      const hook = seen.body.notifications.find((n) => n.channel === 'webhook');
      expect(hook?.lastError).toBe('alert webhook answered HTTP 500');
      expect(JSON.stringify(seen.body)).not.toContain('INTERNAL-ONLY');
      expect(JSON.stringify(seen.body)).not.toContain('AKIAEXAMPLE');
    }
  });
});

describe('configured URLs the guard refuses', () => {
  it('TOUCHPOINT_OUTBOUND_ALLOW is read at boot, and a bad entry stops it naming the variable', () => {
    expect(
      loadConfig({ TOUCHPOINT_OUTBOUND_ALLOW: '127.0.0.1, 10.0.0.0/8 hooks.internal' }).outbound,
    ).toEqual({
      allow: ['127.0.0.1', '10.0.0.0/8', 'hooks.internal'],
    });
    expect(loadConfig({}).outbound).toEqual({ allow: [] });
    expect(() => loadConfig({ TOUCHPOINT_OUTBOUND_ALLOW: '10.0.0.0/33,0x7f.1' })).toThrow(ConfigError);
    expect(() => loadConfig({ TOUCHPOINT_OUTBOUND_ALLOW: '10.0.0.0/33' })).toThrow(
      /TOUCHPOINT_OUTBOUND_ALLOW: "10.0.0.0\/33"/,
    );
  });

  it('are named in a warning at start, unless the operator allowed them', async () => {
    const db = await freshDatabase('sqlite');
    try {
      for (const [allow, expected] of [
        [[], ['TOUCHPOINT_LLM_URL']],
        [['127.0.0.1'], []],
      ] as const) {
        const lines: { variable?: string; msg?: string }[] = [];
        const logger = pino(
          { level: 'warn' },
          { write: (s: string) => void lines.push(JSON.parse(s) as (typeof lines)[number]) },
        );
        const config = {
          ...db.config,
          llm: { url: 'http://127.0.0.1:11434/v1', model: 'llama3.1', apiKey: undefined },
          outbound: { allow: [...allow] },
        };
        const runtime = await openRuntime(config, { logger });
        // The check is asynchronous: wait for the expected warnings (polled, so a loaded machine only
        // waits longer), then a little more for any that should not come.
        for (let i = 0; i < 400 && lines.length < expected.length; i++)
          await new Promise((r) => setTimeout(r, 25));
        await new Promise((r) => setTimeout(r, 50));
        await runtime.close();
        expect(lines.map((l) => l.variable)).toEqual(expected);
      }
    } finally {
      await db.drop();
    }
  });
});
