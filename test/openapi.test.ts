import { dereference, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/core/auth/index.js';
import { createSurvey, setSurveyStatus } from '../src/core/surveys/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: object }> }>;
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

/**
 * The OpenAPI document is valid 3.1, and every operation it documents answers with a documented
 * status and a body that matches the documented schema. A new route without a case here fails.
 */
describe.each(DIALECTS)('OpenAPI document on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let doc: Doc;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    app = createApp(rt);
    doc = (await (await app.request('/api/openapi.json')).json()) as Doc;
  });
  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('is a valid OpenAPI 3.1 document', async () => {
    expect(doc.openapi).toBe('3.1.0');
    const result = await validate(structuredClone(doc) as never);
    expect(result.valid, JSON.stringify(result)).toBe(true);
  });

  // Every route of the API in one walk (over a hundred calls): more than the default 30 s on a loaded machine.
  it('every documented route answers as documented', { timeout: 120_000 }, async () => {
    const deref = (await dereference(structuredClone(doc) as never)) as unknown as Doc;
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats.default(ajv);
    const c = new TestClient(app);
    const ctx: Record<string, string> = {};
    // The invitee, who accepts and later changes their password.
    const m = new TestClient(app);
    const invite = async (email: string) => {
      const r = await c.request('POST', '/api/v1/members', { email, role: 'agent' });
      return (await r.clone().json()) as { invitation: { id: string }; token: string };
    };

    // In order: each case may use what an earlier one made. `expect` is the status this call must give.
    const cases: { op: string; run: () => Promise<Response>; expect: number }[] = [
      { op: 'get /healthz', run: () => c.request('GET', '/healthz'), expect: 200 },
      { op: 'get /api/v1/setup', run: () => c.request('GET', '/api/v1/setup'), expect: 200 },
      {
        op: 'post /api/v1/setup',
        run: async () => {
          const r = await c.request('POST', '/api/v1/setup', {
            name: 'Doc Owner',
            email: 'doc@example.com',
            password: 'documented pass',
            workspaceName: 'Docs',
          });
          const body = (await r.clone().json()) as { csrfToken: string; workspaces: { id: string }[] };
          c.csrf = body.csrfToken;
          c.workspace = body.workspaces[0]?.id;
          return r;
        },
        expect: 201,
      },
      { op: 'get /api/v1/me', run: () => c.request('GET', '/api/v1/me'), expect: 200 },
      {
        op: 'post /api/v1/workspaces',
        run: () => c.request('POST', '/api/v1/workspaces', { name: 'Second' }),
        expect: 201,
      },
      { op: 'post /api/v1/demo', run: () => c.request('POST', '/api/v1/demo'), expect: 201 },
      {
        op: 'post /api/v1/keys',
        run: async () => {
          const r = await c.request('POST', '/api/v1/keys', { name: 'doc', scopes: ['feedback:read'] });
          ctx.keyId = ((await r.clone().json()) as { apiKey: { id: string } }).apiKey.id;
          return r;
        },
        expect: 201,
      },
      { op: 'get /api/v1/keys', run: () => c.request('GET', '/api/v1/keys'), expect: 200 },
      {
        op: 'delete /api/v1/keys/{id}',
        run: () => c.request('DELETE', `/api/v1/keys/${ctx.keyId}`),
        expect: 204,
      },
      {
        op: 'post /api/v1/feedback',
        run: async () => {
          const r = await c.request('POST', '/api/v1/feedback', {
            items: [feedbackInput(), feedbackInput()],
          });
          ctx.itemId =
            ((await r.clone().json()) as { results: { itemId: string }[] }).results[0]?.itemId ?? '';
          return r;
        },
        expect: 200,
      },
      { op: 'get /api/v1/feedback', run: () => c.request('GET', '/api/v1/feedback?limit=1'), expect: 200 },
      {
        op: 'get /api/v1/feedback/counts',
        run: () => c.request('GET', '/api/v1/feedback/counts'),
        expect: 200,
      },
      {
        op: 'get /api/v1/feedback/{id}',
        run: () => c.request('GET', `/api/v1/feedback/${ctx.itemId}`),
        expect: 200,
      },
      {
        op: 'put /api/v1/feedback/{id}/correction',
        run: () => c.request('PUT', `/api/v1/feedback/${ctx.itemId}/correction`, { sentiment: 'negative' }),
        expect: 200,
      },
      {
        op: 'delete /api/v1/feedback/{id}/correction',
        run: () => c.request('DELETE', `/api/v1/feedback/${ctx.itemId}/correction`),
        expect: 204,
      },
      {
        op: 'get /api/v1/brands',
        run: async () => {
          const r = await c.request('GET', '/api/v1/brands');
          ctx.brandId = ((await r.clone().json()) as { brands: { id: string }[] }).brands[0]?.id ?? '';
          return r;
        },
        expect: 200,
      },
      {
        op: 'patch /api/v1/brands/{id}',
        run: () => c.request('PATCH', `/api/v1/brands/${ctx.brandId}`, { name: 'Docs Renamed' }),
        expect: 200,
      },
      { op: 'get /api/v1/taxonomy', run: () => c.request('GET', '/api/v1/taxonomy'), expect: 200 },
      {
        op: 'post /api/v1/imports',
        run: async () => {
          const r = await c.request('POST', '/api/v1/imports', { filename: 'a.csv' });
          ctx.importId = ((await r.clone().json()) as { id: string }).id;
          return r;
        },
        expect: 201,
      },
      {
        op: 'put /api/v1/imports/{id}/file',
        run: () => c.request('PUT', `/api/v1/imports/${ctx.importId}/file`, 'text,rating\nLovely place,5\n'),
        expect: 200,
      },
      {
        op: 'get /api/v1/imports/{id}',
        run: () => c.request('GET', `/api/v1/imports/${ctx.importId}`),
        expect: 200,
      },
      { op: 'get /api/v1/imports', run: () => c.request('GET', '/api/v1/imports'), expect: 200 },
      {
        op: 'post /api/v1/members',
        run: async () => {
          const r = await c.request('POST', '/api/v1/members', { email: 'm@example.com', role: 'agent' });
          ctx.invitationToken = ((await r.clone().json()) as { token: string }).token;
          return r;
        },
        expect: 202,
      },
      {
        op: 'get /api/v1/members/invitations',
        run: () => c.request('GET', '/api/v1/members/invitations'),
        expect: 200,
      },
      {
        op: 'post /api/v1/invitations/preview',
        run: () => m.request('POST', '/api/v1/invitations/preview', { token: ctx.invitationToken }),
        expect: 200,
      },
      {
        op: 'post /api/v1/invitations/accept',
        run: async () => {
          const r = await m.request('POST', '/api/v1/invitations/accept', {
            token: ctx.invitationToken,
            name: 'M',
            password: 'member password',
          });
          const body = (await r.clone().json()) as { session: { user: { id: string }; csrfToken: string } };
          ctx.memberId = body.session.user.id;
          m.csrf = body.session.csrfToken;
          return r;
        },
        expect: 200,
      },
      {
        op: 'delete /api/v1/members/invitations/{id}',
        run: async () =>
          c.request('DELETE', `/api/v1/members/invitations/${(await invite('r@example.com')).invitation.id}`),
        expect: 204,
      },
      { op: 'get /api/v1/members', run: () => c.request('GET', '/api/v1/members'), expect: 200 },
      {
        op: 'patch /api/v1/members/{userId}',
        run: () => c.request('PATCH', `/api/v1/members/${ctx.memberId}`, { role: 'viewer' }),
        expect: 204,
      },
      {
        op: 'delete /api/v1/members/{userId}',
        run: () => c.request('DELETE', `/api/v1/members/${ctx.memberId}`),
        expect: 204,
      },
      { op: 'get /api/v1/models', run: () => c.request('GET', '/api/v1/models'), expect: 200 },
      // Analytics (issue #13).
      {
        op: 'get /api/v1/metrics',
        run: () => c.request('GET', '/api/v1/metrics?groupBy=touchpoint'),
        expect: 200,
      },
      {
        op: 'get /api/v1/journey/heatmap',
        run: () => c.request('GET', '/api/v1/journey/heatmap'),
        expect: 200,
      },
      { op: 'get /api/v1/drivers', run: () => c.request('GET', '/api/v1/drivers?target=nps'), expect: 200 },
      {
        op: 'get /api/v1/benchmark',
        run: () => c.request('GET', '/api/v1/benchmark?preset=all'),
        expect: 200,
      },
      {
        op: 'post /api/v1/teams',
        run: async () => {
          const r = await c.request('POST', '/api/v1/teams', { name: 'Care', touchpoints: ['staff'] });
          ctx.teamId = ((await r.clone().json()) as { id: string }).id;
          return r;
        },
        expect: 201,
      },
      { op: 'get /api/v1/teams', run: () => c.request('GET', '/api/v1/teams'), expect: 200 },
      {
        op: 'patch /api/v1/teams/{id}',
        run: () => c.request('PATCH', `/api/v1/teams/${ctx.teamId}`, { name: 'Customer care' }),
        expect: 200,
      },
      { op: 'get /api/v1/playbook', run: () => c.request('GET', '/api/v1/playbook'), expect: 200 },
      {
        op: 'put /api/v1/playbook',
        run: () =>
          c.request('PUT', '/api/v1/playbook', {
            rules: [
              {
                name: 'Low ratings',
                conditions: { ratingMax: 2 },
                actions: { openCase: true, minPriority: 'high' },
              },
            ],
          }),
        expect: 200,
      },
      { op: 'get /api/v1/sla-policies', run: () => c.request('GET', '/api/v1/sla-policies'), expect: 200 },
      {
        op: 'put /api/v1/sla-policies',
        run: () =>
          c.request('PUT', '/api/v1/sla-policies', {
            policies: [{ channel: 'review', priority: 'high', firstResponseMinutes: 120 }],
          }),
        expect: 200,
      },
      {
        op: 'post /api/v1/cases',
        run: async () => {
          const r = await c.request('POST', '/api/v1/cases', { itemId: ctx.itemId });
          ctx.caseId = ((await r.clone().json()) as { id: string }).id;
          return r;
        },
        expect: 201,
      },
      { op: 'get /api/v1/cases', run: () => c.request('GET', '/api/v1/cases'), expect: 200 },
      {
        op: 'get /api/v1/cases/{id}',
        run: () => c.request('GET', `/api/v1/cases/${ctx.caseId}`),
        expect: 200,
      },
      {
        op: 'patch /api/v1/cases/{id}',
        run: () =>
          c.request('PATCH', `/api/v1/cases/${ctx.caseId}`, {
            status: 'waiting',
            priority: { label: 'high', reason: 'regular guest' },
          }),
        expect: 200,
      },
      {
        op: 'post /api/v1/cases/{id}/notes',
        run: () => c.request('POST', `/api/v1/cases/${ctx.caseId}/notes`, { text: 'Calling them @doc' }),
        expect: 201,
      },
      {
        op: 'post /api/v1/cases/{id}/replies',
        run: () =>
          c.request('POST', `/api/v1/cases/${ctx.caseId}/replies`, {
            text: 'Thank you, we fixed it.',
            channel: 'manual',
            posted: true,
          }),
        expect: 201,
      },
      {
        op: 'post /api/v1/cases/{id}/draft',
        run: () => c.request('POST', `/api/v1/cases/${ctx.caseId}/draft`),
        expect: 200,
      },
      {
        op: 'post /api/v1/cases/{id}/close',
        run: () => c.request('POST', `/api/v1/cases/${ctx.caseId}/close`, { outcome: 'resolved' }),
        expect: 200,
      },
      // Alerts (issue #5): a risky item (huge reach, legal threat) opens one at ingest.
      {
        op: 'get /api/v1/alerts/settings',
        run: () => c.request('GET', '/api/v1/alerts/settings'),
        expect: 200,
      },
      {
        op: 'put /api/v1/alerts/settings',
        run: () =>
          c.request('PUT', '/api/v1/alerts/settings', {
            riskThreshold: 0.7,
            targets: [
              { channel: 'slack', target: 'https://hooks.slack.example/services/T0/B0/x', minSeverity: 10 },
            ],
          }),
        expect: 200,
      },
      {
        op: 'get /api/v1/me/notification-settings',
        run: () => c.request('GET', '/api/v1/me/notification-settings'),
        expect: 200,
      },
      {
        op: 'put /api/v1/me/notification-settings',
        run: () =>
          c.request('PUT', '/api/v1/me/notification-settings', {
            enabled: true,
            channels: [{ channel: 'email', target: null }],
            minSeverity: 10,
            quietHours: { start: '22:00', end: '07:00', timezone: 'Europe/Berlin' },
          }),
        expect: 200,
      },
      {
        op: 'get /api/v1/alerts',
        run: async () => {
          await c.request('POST', '/api/v1/feedback', {
            items: [
              feedbackInput({
                externalId: 'doc-risky',
                rating: 1,
                text: 'Furious! My lawyer will hear about this. Unacceptable.',
                author: { handle: 'bigvoice', reach: 5_000_000 },
                postedAt: new Date().toISOString(),
              }),
            ],
          });
          await rt.alerts.idle();
          const r = await c.request('GET', '/api/v1/alerts');
          ctx.alertId = ((await r.clone().json()) as { alerts: { id: string }[] }).alerts[0]?.id ?? '';
          return r;
        },
        expect: 200,
      },
      {
        op: 'get /api/v1/alerts/{id}',
        run: () => c.request('GET', `/api/v1/alerts/${ctx.alertId}`),
        expect: 200,
      },
      {
        op: 'get /api/v1/alerts/{id}/series',
        run: () => c.request('GET', `/api/v1/alerts/${ctx.alertId}/series`),
        expect: 200,
      },
      {
        op: 'post /api/v1/alerts/{id}/acknowledge',
        run: () => c.request('POST', `/api/v1/alerts/${ctx.alertId}/acknowledge`),
        expect: 200,
      },
      {
        op: 'post /api/v1/alerts/{id}/snooze',
        run: () =>
          c.request('POST', `/api/v1/alerts/${ctx.alertId}/snooze`, {
            until: new Date(Date.now() + 3_600_000).toISOString(),
          }),
        expect: 200,
      },
      {
        op: 'post /api/v1/alerts/{id}/resolve',
        run: () => c.request('POST', `/api/v1/alerts/${ctx.alertId}/resolve`),
        expect: 200,
      },
      {
        op: 'post /api/v1/alerts/{id}/reopen',
        run: () => c.request('POST', `/api/v1/alerts/${ctx.alertId}/reopen`),
        expect: 200,
      },
      { op: 'get /api/v1/policies', run: () => c.request('GET', '/api/v1/policies'), expect: 200 },
      {
        op: 'put /api/v1/policies',
        run: () =>
          c.request('PUT', '/api/v1/policies', {
            policies: [
              { key: 'birthdays', name: 'Birthdays on board', description: 'A photo with the captain.' },
            ],
          }),
        expect: 200,
      },
      {
        op: 'get /api/v1/exception-types',
        run: () => c.request('GET', '/api/v1/exception-types'),
        expect: 200,
      },
      {
        op: 'post /api/v1/exception-types',
        run: async () => {
          // Every role must ask, owners too: so the exception below waits for approval.
          const r = await c.request('POST', '/api/v1/exception-types', {
            key: 'doc-credit',
            name: 'Doc credit',
            kind: 'goodwill_credit',
            limits: { agent: 0, admin: 0, owner: 0 },
          });
          ctx.exceptionTypeId = ((await r.clone().json()) as { id: string }).id;
          return r;
        },
        expect: 201,
      },
      {
        op: 'patch /api/v1/exception-types/{id}',
        run: () =>
          c.request('PATCH', `/api/v1/exception-types/${ctx.exceptionTypeId}`, { name: 'Doc credit 2' }),
        expect: 200,
      },
      {
        op: 'post /api/v1/exceptions',
        run: async () => {
          const r = await c.request('POST', '/api/v1/exceptions', {
            typeId: ctx.exceptionTypeId,
            amount: 500,
            reason: 'late',
            caseId: ctx.caseId,
          });
          ctx.exceptionId = ((await r.clone().json()) as { id: string }).id;
          return r;
        },
        expect: 201,
      },
      {
        op: 'post /api/v1/exceptions/{id}/approve',
        run: () => c.request('POST', `/api/v1/exceptions/${ctx.exceptionId}/approve`),
        expect: 200,
      },
      {
        op: 'post /api/v1/exceptions/{id}/reject',
        run: async () => {
          const r = await c.request('POST', '/api/v1/exceptions', {
            typeId: ctx.exceptionTypeId,
            amount: 700,
            reason: 'late again',
          });
          const { id } = (await r.json()) as { id: string };
          return c.request('POST', `/api/v1/exceptions/${id}/reject`, { note: 'no' });
        },
        expect: 200,
      },
      { op: 'get /api/v1/exceptions', run: () => c.request('GET', '/api/v1/exceptions'), expect: 200 },
      { op: 'get /api/v1/measures', run: () => c.request('GET', '/api/v1/measures'), expect: 200 },
      { op: 'get /api/v1/leaderboard', run: () => c.request('GET', '/api/v1/leaderboard'), expect: 200 },
      { op: 'post /api/v1/models/train', run: () => c.request('POST', '/api/v1/models/train'), expect: 202 },
      { op: 'get /api/v1/invitations', run: () => m.request('GET', '/api/v1/invitations'), expect: 200 },
      {
        op: 'post /api/v1/invitations/{id}/decline',
        run: async () =>
          m.request('POST', `/api/v1/invitations/${(await invite('m@example.com')).invitation.id}/decline`),
        expect: 204,
      },
      {
        op: 'post /api/v1/invitations/{id}/accept',
        run: async () =>
          m.request('POST', `/api/v1/invitations/${(await invite('m@example.com')).invitation.id}/accept`),
        expect: 200,
      },
      {
        op: 'post /api/v1/auth/password',
        run: () =>
          m.request('POST', '/api/v1/auth/password', {
            currentPassword: 'member password',
            newPassword: 'member new password',
          }),
        expect: 204,
      },
      {
        op: 'post /api/v1/auth/password-reset',
        run: () => m.request('POST', '/api/v1/auth/password-reset', { email: 'm@example.com' }),
        expect: 202,
      },
      {
        op: 'post /api/v1/auth/password-reset/confirm',
        run: async () => {
          await rt.store.passwordResets.create({
            tokenHash: sha256('documented-reset-token'),
            userId: ctx.memberId ?? '',
            expiresAt: new Date(Date.now() + 60_000).toISOString(),
          });
          return new TestClient(app).request('POST', '/api/v1/auth/password-reset/confirm', {
            token: 'documented-reset-token',
            password: 'member third password',
          });
        },
        expect: 204,
      },
      {
        op: 'post /api/v1/customer-imports',
        run: async () => {
          const r = await c.request('POST', '/api/v1/customer-imports', {
            filename: 'crm.csv',
            region: 'DE',
          });
          ctx.customerImportId = ((await r.clone().json()) as { id: string }).id;
          return r;
        },
        expect: 201,
      },
      {
        op: 'put /api/v1/customer-imports/{id}/file',
        run: () =>
          c.request(
            'PUT',
            `/api/v1/customer-imports/${ctx.customerImportId}/file`,
            'crm_id,name,email,city\nO-1,Olivia Park,olivia1@example.com,Seoul\nO-2,Olivia Park,olivia2@example.com,Seoul\nO-3,Oscar Lee,oscar@example.com,Busan\nO-4,Bad,not-an-email,\n',
          ),
        expect: 200,
      },
      {
        op: 'get /api/v1/customer-imports/{id}',
        run: () => c.request('GET', `/api/v1/customer-imports/${ctx.customerImportId}`),
        expect: 200,
      },
      {
        op: 'get /api/v1/customer-imports',
        run: () => c.request('GET', '/api/v1/customer-imports'),
        expect: 200,
      },
      {
        op: 'get /api/v1/customers',
        run: async () => {
          const oscar = await c.request('GET', '/api/v1/customers?q=oscar');
          ctx.oscar = ((await oscar.json()) as { customers: { id: string }[] }).customers[0]?.id ?? '';
          const r = await c.request('GET', '/api/v1/customers?q=olivia1%40example.com&limit=5');
          ctx.olivia = ((await r.clone().json()) as { customers: { id: string }[] }).customers[0]?.id ?? '';
          return r;
        },
        expect: 200,
      },
      {
        op: 'get /api/v1/customers/{id}',
        run: () => c.request('GET', `/api/v1/customers/${ctx.olivia}`),
        expect: 200,
      },
      {
        op: 'patch /api/v1/customers/{id}',
        run: () =>
          c.request('PATCH', `/api/v1/customers/${ctx.olivia}`, { birthday: '1991-12-24', tags: ['vip'] }),
        expect: 200,
      },
      {
        op: 'post /api/v1/customers/{id}/identities',
        run: async () => {
          const r = await c.request('POST', `/api/v1/customers/${ctx.olivia}/identities`, {
            kind: 'handle',
            platform: 'instagram',
            value: '@olivia.park',
          });
          ctx.identityId = ((await r.clone().json()) as { id: string }).id;
          return r;
        },
        expect: 201,
      },
      {
        op: 'delete /api/v1/customers/{id}/identities/{identityId}',
        run: () => c.request('DELETE', `/api/v1/customers/${ctx.olivia}/identities/${ctx.identityId}`),
        expect: 204,
      },
      {
        op: 'post /api/v1/customers/{id}/notes',
        run: () =>
          c.request('POST', `/api/v1/customers/${ctx.olivia}/notes`, { text: 'Prefers window seats.' }),
        expect: 201,
      },
      {
        op: 'get /api/v1/customers/{id}/notes',
        run: () => c.request('GET', `/api/v1/customers/${ctx.olivia}/notes`),
        expect: 200,
      },
      {
        op: 'get /api/v1/customer-suggestions',
        run: async () => {
          const r = await c.request('GET', '/api/v1/customer-suggestions?status=open');
          ctx.suggestionId =
            ((await r.clone().json()) as { suggestions: { id: string }[] }).suggestions[0]?.id ?? '';
          return r;
        },
        expect: 200,
      },
      {
        op: 'post /api/v1/customer-suggestions/{id}/{decision}',
        run: () => c.request('POST', `/api/v1/customer-suggestions/${ctx.suggestionId}/reject`),
        expect: 200,
      },
      {
        op: 'post /api/v1/customers/{id}/merge',
        run: async () => {
          const r = await c.request('POST', `/api/v1/customers/${ctx.olivia}/merge`, { otherId: ctx.oscar });
          ctx.mergeId = ((await r.clone().json()) as { id: string }).id;
          return r;
        },
        expect: 201,
      },
      {
        op: 'get /api/v1/customer-merges',
        run: () => c.request('GET', '/api/v1/customer-merges'),
        expect: 200,
      },
      {
        op: 'post /api/v1/customer-merges/{id}/undo',
        run: () => c.request('POST', `/api/v1/customer-merges/${ctx.mergeId}/undo`),
        expect: 200,
      },
      {
        op: 'get /api/v1/customers/{id}/timeline',
        run: async () => {
          const item = await c.request('GET', `/api/v1/feedback/${ctx.itemId}`);
          ctx.timelineCustomerId = ((await item.json()) as { customerId: string }).customerId;
          return c.request('GET', `/api/v1/customers/${ctx.timelineCustomerId}/timeline?limit=5`);
        },
        expect: 200,
      },
      {
        op: 'get /api/v1/customers/{id}/sentiment',
        run: () => c.request('GET', `/api/v1/customers/${ctx.timelineCustomerId}/sentiment?bucket=week`),
        expect: 200,
      },
      {
        op: 'post /api/v1/segments',
        run: async () => {
          const r = await c.request('POST', '/api/v1/segments', {
            name: 'Staff critics',
            rules: { touchpoints: [{ key: 'staff', mode: 'criticises' }] },
          });
          ctx.segmentId = ((await r.clone().json()) as { id: string }).id;
          return r;
        },
        expect: 201,
      },
      { op: 'get /api/v1/segments', run: () => c.request('GET', '/api/v1/segments'), expect: 200 },
      // Outreach (issue #15): contact rules, the send log, consent.
      {
        op: 'get /api/v1/outreach/settings',
        run: () => c.request('GET', '/api/v1/outreach/settings'),
        expect: 200,
      },
      {
        op: 'put /api/v1/outreach/settings',
        run: () =>
          c.request('PUT', '/api/v1/outreach/settings', {
            capDays: 30,
            suppressOpenCase: true,
            requireConsent: false,
            quietStart: '21:00',
            quietEnd: '08:00',
            timeZone: 'Europe/Berlin',
          }),
        expect: 200,
      },
      {
        op: 'get /api/v1/outreach/sends',
        run: () => c.request('GET', '/api/v1/outreach/sends?status=suppressed&limit=10'),
        expect: 200,
      },
      {
        op: 'get /api/v1/outreach/summary',
        run: () => c.request('GET', '/api/v1/outreach/summary'),
        expect: 200,
      },
      {
        op: 'get /api/v1/customers/{id}/consent',
        run: () => c.request('GET', `/api/v1/customers/${ctx.olivia}/consent`),
        expect: 200,
      },
      {
        op: 'put /api/v1/customers/{id}/consent',
        run: () =>
          c.request('PUT', `/api/v1/customers/${ctx.olivia}/consent`, {
            channel: 'email',
            status: 'granted',
          }),
        expect: 200,
      },
      {
        op: 'get /api/v1/segments/suggestions',
        run: () => c.request('GET', '/api/v1/segments/suggestions'),
        expect: 200,
      },
      {
        op: 'get /api/v1/segments/{id}',
        run: () => c.request('GET', `/api/v1/segments/${ctx.segmentId}`),
        expect: 200,
      },
      {
        op: 'patch /api/v1/segments/{id}',
        run: () => c.request('PATCH', `/api/v1/segments/${ctx.segmentId}`, { name: 'Staff critics (all)' }),
        expect: 200,
      },
      {
        op: 'post /api/v1/segments/{id}/refresh',
        run: () => c.request('POST', `/api/v1/segments/${ctx.segmentId}/refresh`),
        expect: 202,
      },
      {
        op: 'delete /api/v1/segments/{id}',
        run: () => c.request('DELETE', `/api/v1/segments/${ctx.segmentId}`),
        expect: 204,
      },
      {
        op: 'post /api/v1/surveys',
        run: async () => {
          const r = await c.request('POST', '/api/v1/surveys', {
            name: 'After delivery',
            touchpointKey: 'delivery',
            definition: {
              question: { kind: 'nps', wording: { en: 'How likely are you to recommend us?' } },
              followUp: { enabled: true, wording: { detractor: { en: 'What should we improve?' } } },
            },
          });
          ctx.surveyId = ((await r.clone().json()) as { id: string }).id;
          return r;
        },
        expect: 201,
      },
      { op: 'get /api/v1/surveys', run: () => c.request('GET', '/api/v1/surveys'), expect: 200 },
      {
        op: 'get /api/v1/surveys/{id}',
        run: () => c.request('GET', `/api/v1/surveys/${ctx.surveyId}`),
        expect: 200,
      },
      {
        op: 'patch /api/v1/surveys/{id}',
        run: () => c.request('PATCH', `/api/v1/surveys/${ctx.surveyId}`, { name: 'After the delivery' }),
        expect: 200,
      },
      {
        op: 'post /api/v1/surveys/{id}/status',
        run: () => c.request('POST', `/api/v1/surveys/${ctx.surveyId}/status`, { status: 'active' }),
        expect: 200,
      },
      {
        op: 'get /api/v1/surveys/{id}/results',
        run: () => c.request('GET', `/api/v1/surveys/${ctx.surveyId}/results`),
        expect: 200,
      },
      {
        op: 'get /api/v1/surveys/{id}/responses',
        run: () => c.request('GET', `/api/v1/surveys/${ctx.surveyId}/responses`),
        expect: 200,
      },
      {
        op: 'get /api/v1/surveys/{id}/qr.svg',
        run: () => c.request('GET', `/api/v1/surveys/${ctx.surveyId}/qr.svg?size=128`),
        expect: 200,
      },
      {
        op: 'post /api/v1/surveys/{id}/invitations',
        run: () =>
          c.request('POST', `/api/v1/surveys/${ctx.surveyId}/invitations`, {
            customerIds: [ctx.customerId ?? 'unknown'],
          }),
        expect: 201,
      },
      {
        op: 'get /api/v1/surveys/{id}/invitations',
        run: () => c.request('GET', `/api/v1/surveys/${ctx.surveyId}/invitations`),
        expect: 200,
      },
      // Review requests and events (issue #15, slice D).
      {
        op: 'get /api/v1/review-requests/platforms',
        run: () => c.request('GET', '/api/v1/review-requests/platforms'),
        expect: 200,
      },
      {
        op: 'put /api/v1/review-requests/platforms/{platform}',
        run: () =>
          c.request('PUT', '/api/v1/review-requests/platforms/google', {
            url: 'https://g.page/r/doc/review',
          }),
        expect: 200,
      },
      {
        op: 'post /api/v1/review-requests',
        run: () =>
          c.request('POST', '/api/v1/review-requests', { platform: 'google', customerIds: [ctx.olivia] }),
        expect: 202,
      },
      {
        op: 'get /api/v1/review-requests',
        run: async () => {
          const r = await c.request('GET', '/api/v1/review-requests?platform=google');
          ctx.reviewRequestId =
            ((await r.clone().json()) as { requests: { id: string }[] }).requests[0]?.id ?? '';
          return r;
        },
        expect: 200,
      },
      {
        op: 'get /api/v1/review-requests/summary',
        run: () => c.request('GET', '/api/v1/review-requests/summary'),
        expect: 200,
      },
      {
        op: 'get /api/v1/review-requests/{id}',
        run: () => c.request('GET', `/api/v1/review-requests/${ctx.reviewRequestId}`),
        expect: 200,
      },
      {
        // Nothing was suggested for it: 409.
        op: 'post /api/v1/review-requests/{id}/confirm',
        run: () => c.request('POST', `/api/v1/review-requests/${ctx.reviewRequestId}/confirm`),
        expect: 409,
      },
      {
        op: 'delete /api/v1/review-requests/platforms/{platform}',
        run: () => c.request('DELETE', '/api/v1/review-requests/platforms/google'),
        expect: 204,
      },
      {
        op: 'post /api/v1/events',
        run: () =>
          c.request('POST', '/api/v1/events', {
            events: [
              {
                externalId: 'doc-order-1',
                type: 'order.delivered',
                occurredAt: '2026-03-02T10:00:00Z',
                customer: { identities: [{ kind: 'email', value: 'doc-order@example.com' }] },
              },
            ],
          }),
        expect: 200,
      },
      { op: 'get /api/v1/events', run: () => c.request('GET', '/api/v1/events'), expect: 200 },
      {
        op: 'get /api/v1/customers/lifecycle',
        run: () => c.request('GET', '/api/v1/customers/lifecycle?stage=new'),
        expect: 200,
      },
      {
        op: 'get /api/v1/customers/lifecycle/counts',
        run: () => c.request('GET', '/api/v1/customers/lifecycle/counts'),
        expect: 200,
      },
      {
        op: 'get /api/v1/customers/moments',
        run: () => c.request('GET', '/api/v1/customers/moments?days=30'),
        expect: 200,
      },
      {
        op: 'post /api/v1/customers/moments/{id}/dismiss',
        run: async () => {
          const item = await c.request('GET', `/api/v1/feedback/${ctx.itemId}`);
          const { customerId } = (await item.json()) as { customerId: string };
          const ws = c.workspace ?? '';
          const at = new Date().toISOString();
          await rt.store.customerProfiles.addMoments(
            ws,
            [{ customerId, kind: 'visit_milestone', occurredAt: at, detail: { visits: 5 } }],
            at,
          );
          const page = await rt.store.customerProfiles.moments({ workspaceId: ws, since: at, limit: 1 });
          return c.request('POST', `/api/v1/customers/moments/${page.items[0]?.id}/dismiss`);
        },
        expect: 204,
      },
      {
        op: 'get /api/v1/customers/ambassadors',
        run: () => c.request('GET', '/api/v1/customers/ambassadors'),
        expect: 200,
      },
      {
        op: 'get /api/v1/customers/{id}/export',
        run: async () => {
          const item = await c.request('GET', `/api/v1/feedback/${ctx.itemId}`);
          ctx.customerId = ((await item.json()) as { customerId: string }).customerId;
          return c.request('GET', `/api/v1/customers/${ctx.customerId}/export`);
        },
        expect: 200,
      },
      {
        op: 'post /api/v1/customers/{id}/erase',
        run: () => c.request('POST', `/api/v1/customers/${ctx.customerId}/erase`),
        expect: 200,
      },
      // The respondent side of surveys (issue #15): public, without the session.
      {
        op: 'get /api/v1/public/surveys/{publicId}',
        run: async () => {
          const at = new Date().toISOString();
          const sctx = {
            workspaceId: c.workspace ?? '',
            actor: { type: 'system', id: null } as const,
            now: at,
          };
          const s = await createSurvey(rt.store, sctx, {
            name: 'Doc survey',
            definition: {
              question: { kind: 'nps', wording: { en: 'How likely are you to recommend us?' } },
              followUp: { enabled: true, wording: { any: { en: 'Why?' } } },
            },
          });
          await setSurveyStatus(rt.store, sctx, s.id, 'active');
          ctx.publicId = s.publicId;
          return new TestClient(app).request('GET', `/api/v1/public/surveys/${s.publicId}?lang=en`);
        },
        expect: 200,
      },
      {
        op: 'post /api/v1/public/surveys/{publicId}/responses',
        run: async () => {
          const r = await new TestClient(app).request(
            'POST',
            `/api/v1/public/surveys/${ctx.publicId}/responses`,
            {
              score: 7,
              browserKey: 'documented-browser-key',
            },
          );
          ctx.responseId = ((await r.clone().json()) as { responseId: string }).responseId;
          return r;
        },
        expect: 201,
      },
      {
        op: 'patch /api/v1/public/surveys/{publicId}/responses/{responseId}',
        run: () =>
          new TestClient(app).request(
            'PATCH',
            `/api/v1/public/surveys/${ctx.publicId}/responses/${ctx.responseId}`,
            { text: 'Quick and friendly.', browserKey: 'documented-browser-key' },
          ),
        expect: 200,
      },
      { op: 'post /api/v1/auth/logout', run: () => c.request('POST', '/api/v1/auth/logout'), expect: 204 },
      {
        op: 'post /api/v1/auth/login',
        run: () =>
          c.request('POST', '/api/v1/auth/login', { email: 'doc@example.com', password: 'documented pass' }),
        expect: 200,
      },
    ];

    const documented = Object.entries(deref.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    expect(cases.map((x) => x.op).sort()).toEqual(documented.sort());

    for (const { op, run, expect: status } of cases) {
      const [method, path] = op.split(' ') as [string, string];
      const spec = deref.paths[path]?.[method];
      const res = await run();
      expect(res.status, `${op}: ${await res.clone().text()}`).toBe(status);
      const response = spec?.responses[String(res.status)];
      expect(response, `${op} answered ${res.status}, which is not documented`).toBeDefined();
      const schema = response?.content?.['application/json']?.schema;
      if (schema) {
        const check = ajv.compile(schema);
        const ok = check(await res.json());
        expect(ok, `${op}: ${ajv.errorsText(check.errors)}`).toBe(true);
      }
    }
  });

  it('documents the problem responses it gives', async () => {
    const deref = (await dereference(structuredClone(doc) as never)) as unknown as Doc;
    const r = await app.request('/api/v1/feedback');
    expect(r.status).toBe(401);
    expect(
      deref.paths['/api/v1/feedback']?.get?.responses['401']?.content?.['application/problem+json'],
    ).toBeDefined();
  });
});
