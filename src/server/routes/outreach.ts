/**
 * Outreach (issue #15): the contact rules (`surveys:read` to see, `surveys:write` to change), the
 * send log and its summary, and a customer's consent per channel (`customers:read` to see,
 * `customers:write` to set: agents may record a customer's wish).
 */
import { createRoute } from '@hono/zod-openapi';
import { authorize } from '../../core/auth/index.js';
import { AppError } from '../../core/errors.js';
import { checkSettings, customerConsent, setCustomerConsent } from '../../core/outreach/consent.js';
import type { ContactSend } from '../../core/outreach/ports.js';
import { router } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { body, IdParam, json, problems, SECURITY } from './common.schema.js';
import {
  ConsentBody,
  ConsentListSchema,
  ContactSettingsBody,
  ContactSettingsSchema,
  SendPageSchema,
  SendsQuery,
  SummaryQuery,
  SummarySchema,
} from './outreach.schema.js';
import { customerNames } from '../presenters.js';

const TAGS = ['outreach'];
const DAY_MS = 86_400_000;

function encodeCursor(c: [string, string]): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(cursor: string | undefined): [string, string] | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string') {
      return [v[0], v[1]];
    }
  } catch {
    // falls through
  }
  throw new AppError('invalid_cursor', 'The cursor is not one this API handed out.');
}

const presentSend = (s: ContactSend, names: Map<string, string | null>) => ({
  id: s.id,
  customerId: s.customerId,
  customerName: s.customerId === null ? null : (names.get(s.customerId) ?? null),
  kind: s.kind,
  refId: s.refId,
  channel: s.channel,
  status: s.status,
  reason: s.reason,
  detail: s.detail,
  sendAfter: s.sendAfter,
  createdAt: s.createdAt,
  sentAt: s.sentAt,
});

const getSettingsRoute = createRoute({
  method: 'get',
  path: '/outreach/settings',
  tags: TAGS,
  summary: 'The contact rules: frequency cap, open-case suppression, consent, quiet hours',
  security: SECURITY,
  responses: { 200: json(ContactSettingsSchema, 'The rules'), ...problems(401, 403) },
});
const putSettingsRoute = createRoute({
  method: 'put',
  path: '/outreach/settings',
  tags: TAGS,
  summary: 'Change the contact rules (they apply to asks scheduled and sent from now on)',
  security: SECURITY,
  request: { body: body(ContactSettingsBody) },
  responses: { 200: json(ContactSettingsSchema, 'Saved'), ...problems(400, 401, 403) },
});
const sendsRoute = createRoute({
  method: 'get',
  path: '/outreach/sends',
  tags: TAGS,
  summary: 'The send log: every ask, sent or not, with the reason',
  description:
    'Newest first; `nextCursor` pages on. Filters: kind, status, reason, customerId, from/to (created).',
  security: SECURITY,
  request: { query: SendsQuery },
  responses: { 200: json(SendPageSchema, 'A page of sends'), ...problems(400, 401, 403) },
});
const summaryRoute = createRoute({
  method: 'get',
  path: '/outreach/summary',
  tags: TAGS,
  summary: 'Counts of asks by status and reason for a period (default: the last 30 days)',
  security: SECURITY,
  request: { query: SummaryQuery },
  responses: { 200: json(SummarySchema, 'Counts'), ...problems(400, 401, 403) },
});
const getConsentRoute = createRoute({
  method: 'get',
  path: '/customers/{id}/consent',
  tags: TAGS,
  summary: "A customer's consent per channel",
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(ConsentListSchema, 'Consent per channel'), ...problems(401, 403, 404) },
});
const putConsentRoute = createRoute({
  method: 'put',
  path: '/customers/{id}/consent',
  tags: TAGS,
  summary: "Record a customer's consent on a channel (granted, or unsubscribed)",
  security: SECURITY,
  request: { params: IdParam, body: body(ConsentBody) },
  responses: { 200: json(ConsentListSchema, 'Consent per channel'), ...problems(400, 401, 403, 404) },
});

const presentConsents = (list: Awaited<ReturnType<typeof customerConsent>>) => ({
  consents: list.map(({ channel, consent }) => ({
    channel,
    status: consent?.status ?? null,
    source: consent?.source ?? null,
    updatedAt: consent?.updatedAt ?? null,
  })),
});

export const outreachRoutes = router()
  .openapi(getSettingsRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    return c.json(await c.get('runtime').store.outreach.settings(p.workspaceId), 200);
  })
  .openapi(putSettingsRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:write');
    const input = c.req.valid('json');
    checkSettings(input);
    const { store, clock } = c.get('runtime');
    const now = clock.now().toISOString();
    await store.outreach.saveSettings(p.workspaceId, input, now);
    await store.audit.record({
      workspaceId: p.workspaceId,
      actor: p.actor,
      action: 'outreach.settings',
      data: { ...input },
    });
    return c.json(await store.outreach.settings(p.workspaceId), 200);
  })
  .openapi(sendsRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const q = c.req.valid('query');
    const { store } = c.get('runtime');
    const rows = await store.outreach.list(
      p.workspaceId,
      { kind: q.kind, status: q.status, reason: q.reason, customerId: q.customerId, from: q.from, to: q.to },
      { limit: q.limit + 1, after: decodeCursor(q.cursor) },
    );
    const page = rows.slice(0, q.limit);
    const names = await customerNames(store, p.workspaceId, page);
    const last = page[page.length - 1];
    return c.json(
      {
        sends: page.map((s) => presentSend(s, names)),
        nextCursor: rows.length > q.limit && last ? encodeCursor([last.createdAt, last.id]) : null,
      },
      200,
    );
  })
  .openapi(summaryRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const q = c.req.valid('query');
    const { store, clock } = c.get('runtime');
    const now = clock.now().toISOString();
    // Without `to`, up to now and what is being written now (created in this very millisecond).
    const to = q.to ? new Date(q.to).toISOString() : undefined;
    const from = q.from
      ? new Date(q.from).toISOString()
      : new Date(Date.parse(to ?? now) - 30 * DAY_MS).toISOString();
    const rows = await store.outreach.summary(p.workspaceId, from, to);
    const byStatus: Record<string, number> = {};
    const byReason: Record<string, number> = {};
    let total = 0;
    for (const r of rows) {
      total += r.count;
      byStatus[r.status] = (byStatus[r.status] ?? 0) + r.count;
      if (r.reason) byReason[r.reason] = (byReason[r.reason] ?? 0) + r.count;
    }
    return c.json({ from, to: to ?? now, total, byStatus, byReason, byKind: rows }, 200);
  })
  .openapi(getConsentRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:read');
    const { id } = c.req.valid('param');
    return c.json(presentConsents(await customerConsent(c.get('runtime').store, p.workspaceId, id)), 200);
  })
  .openapi(putConsentRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'customers:write');
    const { id } = c.req.valid('param');
    const input = c.req.valid('json');
    const { store, clock } = c.get('runtime');
    await setCustomerConsent(
      store,
      { workspaceId: p.workspaceId, actor: p.actor, now: clock.now().toISOString() },
      id,
      {
        channel: input.channel,
        status: input.status,
        source: input.source ?? (p.actor.type === 'api_key' ? 'api' : 'agent'),
      },
    );
    return c.json(presentConsents(await customerConsent(store, p.workspaceId, id)), 200);
  });
