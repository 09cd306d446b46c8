/**
 * Surveys (issue #15, slice A): definition and lifecycle, results, answers, the public link's QR code
 * and invitations (surveys:read to read, surveys:write to change and invite). What respondents call
 * is in survey-public.ts.
 */
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import QRCode from 'qrcode';
import { authorize } from '../../core/auth/index.js';
import { scheduleAsks, type OutreachDeps } from '../../core/outreach/index.js';
import {
  createSurvey,
  getSurvey,
  inviteCustomersOrQueue,
  setSurveyStatus,
  surveyResults,
  updateSurvey,
  type ScheduleInvitations,
  type Survey,
  type SurveyInvitation,
  type SurveySummary,
} from '../../core/surveys/index.js';
import { router, type AppEnv } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { body, IdParam, json, problems, SECURITY } from './common.schema.js';
import {
  InvitationPage,
  InvitationsQuery,
  InviteBody,
  InviteResultSchema,
  PageQuery,
  QrQuery,
  ResultsQuery,
  SurveyBody,
  SurveyListSchema,
  SurveyPatchBody,
  SurveyResponsePage,
  SurveyResultsSchema,
  SurveySchema,
  SurveyStatusBody,
} from './surveys.schema.js';
import { customerNames } from '../presenters.js';

const TAGS = ['surveys'];

function publicBase(c: Context<AppEnv>): string {
  const configured = c.get('runtime').config.publicUrl;
  return (configured ?? new URL(c.req.url).origin).replace(/\/+$/, '');
}

function present(c: Context<AppEnv>, s: Survey | SurveySummary) {
  const configured = c.get('runtime').config.publicUrl;
  const publicPath = `/s/${s.publicId}`;
  return {
    id: s.id,
    publicId: s.publicId,
    publicPath,
    publicUrl: configured ? `${configured.replace(/\/+$/, '')}${publicPath}` : null,
    name: s.name,
    status: s.status,
    touchpointKey: s.touchpointKey,
    stageKey: s.stageKey,
    questionKind: s.questionKind,
    definition: s.definition as unknown as Record<string, unknown>,
    defaultLanguage: s.defaultLanguage,
    browserCapDays: s.browserCapDays,
    editHours: s.editHours,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    ...('responses' in s ? { responses: s.responses, invited: s.invited } : {}),
  };
}

const presentInvitation = (i: SurveyInvitation, names: Map<string, string | null>) => ({
  id: i.id,
  surveyId: i.surveyId,
  customerId: i.customerId,
  customerName: i.customerId === null ? null : (names.get(i.customerId) ?? null),
  language: i.language,
  status: i.status,
  reason: i.reason,
  sendAfter: i.sendAfter,
  sentAt: i.sentAt,
  answeredAt: i.answeredAt,
  responseId: i.responseId,
  expiresAt: i.expiresAt,
  eventId: i.eventId,
  createdAt: i.createdAt,
});

/** Outreach's scheduler when the runtime has it (slice C), else invitations stay pending. */
function scheduler(
  c: Context<AppEnv>,
  actor: Parameters<typeof scheduleAsks>[4],
): ScheduleInvitations | undefined {
  const runtime = c.get('runtime') as { outreachDeps?: OutreachDeps };
  const deps = runtime.outreachDeps;
  if (!deps) return undefined;
  return (ws, asks) => scheduleAsks(deps, ws, asks, 'manual', actor);
}

const listRoute = createRoute({
  method: 'get',
  path: '/surveys',
  tags: TAGS,
  summary: 'Surveys, newest first, with their counts of responses and invitations',
  security: SECURITY,
  responses: { 200: json(SurveyListSchema, 'Surveys'), ...problems(401, 403) },
});
const createRouteDef = createRoute({
  method: 'post',
  path: '/surveys',
  tags: TAGS,
  summary: 'Create a survey (a draft: activate it to take answers)',
  security: SECURITY,
  request: { body: body(SurveyBody) },
  responses: { 201: json(SurveySchema, 'Created'), ...problems(400, 401, 403) },
});
const getRoute = createRoute({
  method: 'get',
  path: '/surveys/{id}',
  tags: TAGS,
  summary: 'A survey',
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(SurveySchema, 'The survey'), ...problems(401, 403, 404) },
});
const patchRoute = createRoute({
  method: 'patch',
  path: '/surveys/{id}',
  tags: TAGS,
  summary: 'Change a survey (its question kind only while it has no answers)',
  security: SECURITY,
  request: { params: IdParam, body: body(SurveyPatchBody) },
  responses: { 200: json(SurveySchema, 'Changed'), ...problems(400, 401, 403, 404) },
});
const statusRoute = createRoute({
  method: 'post',
  path: '/surveys/{id}/status',
  tags: TAGS,
  summary: 'Activate, close or return a survey to draft',
  security: SECURITY,
  request: { params: IdParam, body: body(SurveyStatusBody) },
  responses: { 200: json(SurveySchema, 'Changed'), ...problems(400, 401, 403, 404) },
});
const resultsRoute = createRoute({
  method: 'get',
  path: '/surveys/{id}/results',
  tags: TAGS,
  summary:
    'Results: responses, response rate, the score with its interval, distribution, weekly trend, themes',
  security: SECURITY,
  request: { params: IdParam, query: ResultsQuery },
  responses: { 200: json(SurveyResultsSchema, 'Results'), ...problems(400, 401, 403, 404) },
});
const responsesRoute = createRoute({
  method: 'get',
  path: '/surveys/{id}/responses',
  tags: TAGS,
  summary: 'Answers, newest first (keyset paged), each with its feedback item',
  security: SECURITY,
  request: { params: IdParam, query: PageQuery },
  responses: { 200: json(SurveyResponsePage, 'Answers'), ...problems(400, 401, 403, 404) },
});
const qrRoute = createRoute({
  method: 'get',
  path: '/surveys/{id}/qr.svg',
  tags: TAGS,
  summary: 'QR code (SVG) of the public link, for a receipt or a table',
  security: SECURITY,
  request: { params: IdParam, query: QrQuery },
  responses: {
    200: { description: 'SVG', content: { 'image/svg+xml': { schema: z.string() } } },
    ...problems(400, 401, 403, 404),
  },
});
const inviteRoute = createRoute({
  method: 'post',
  path: '/surveys/{id}/invitations',
  tags: TAGS,
  summary:
    'Invite customers (a list or a segment) by e-mail; the contact rules decide and the send log says why. Customers with a pending or sent invitation to the survey are skipped (`alreadyInvited`), so a retry invites nobody twice. A segment of more than 5,000 members is invited by a job (`queued: true`, counts 0; see the invitations list).',
  security: SECURITY,
  request: { params: IdParam, body: body(InviteBody) },
  responses: { 201: json(InviteResultSchema, 'Invited'), ...problems(400, 401, 403, 404) },
});
const invitationsRoute = createRoute({
  method: 'get',
  path: '/surveys/{id}/invitations',
  tags: TAGS,
  summary: 'Invitations with their status and reason, newest first (keyset paged)',
  security: SECURITY,
  request: { params: IdParam, query: InvitationsQuery },
  responses: { 200: json(InvitationPage, 'Invitations'), ...problems(400, 401, 403, 404) },
});

export const surveyRoutes = router()
  .openapi(listRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const surveys = await c.get('runtime').store.surveys.list(p.workspaceId);
    return c.json({ surveys: surveys.map((s) => present(c, s)) }, 200);
  })
  .openapi(createRouteDef, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:write');
    const rt = c.get('runtime');
    const s = await createSurvey(
      rt.store,
      { workspaceId: p.workspaceId, actor: p.actor, now: rt.clock.now().toISOString() },
      c.req.valid('json'),
    );
    return c.json(present(c, s), 201);
  })
  .openapi(getRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const s = await getSurvey(c.get('runtime').store, p.workspaceId, c.req.valid('param').id);
    return c.json(present(c, s), 200);
  })
  .openapi(patchRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:write');
    const rt = c.get('runtime');
    const s = await updateSurvey(
      rt.store,
      { workspaceId: p.workspaceId, actor: p.actor, now: rt.clock.now().toISOString() },
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json(present(c, s), 200);
  })
  .openapi(statusRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:write');
    const rt = c.get('runtime');
    const s = await setSurveyStatus(
      rt.store,
      { workspaceId: p.workspaceId, actor: p.actor, now: rt.clock.now().toISOString() },
      c.req.valid('param').id,
      c.req.valid('json').status,
    );
    return c.json(present(c, s), 200);
  })
  .openapi(resultsRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const q = c.req.valid('query');
    const r = await surveyResults(c.get('runtime').store, p.workspaceId, c.req.valid('param').id, {
      from: q.from === undefined ? undefined : new Date(q.from).toISOString(),
      to: q.to === undefined ? undefined : new Date(q.to).toISOString(),
    });
    return c.json(r, 200);
  })
  .openapi(responsesRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const { store } = c.get('runtime');
    const s = await getSurvey(store, p.workspaceId, c.req.valid('param').id);
    const q = c.req.valid('query');
    const page = await store.surveys.responses({
      workspaceId: p.workspaceId,
      surveyId: s.id,
      cursor: q.cursor,
      limit: q.limit,
    });
    return c.json({ responses: page.items, nextCursor: page.next }, 200);
  })
  .openapi(qrRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const s = await getSurvey(c.get('runtime').store, p.workspaceId, c.req.valid('param').id);
    const { size } = c.req.valid('query');
    const svg = await QRCode.toString(`${publicBase(c)}/s/${s.publicId}`, {
      type: 'svg',
      errorCorrectionLevel: 'M',
      margin: 2,
      width: size,
    });
    return c.body(svg, 200, {
      'Content-Type': 'image/svg+xml; charset=utf-8',
      'Content-Disposition': `inline; filename="survey-${s.publicId}.svg"`,
      'Cache-Control': 'private, max-age=300',
    });
  })
  .openapi(inviteRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:write');
    const rt = c.get('runtime');
    const input = c.req.valid('json');
    const now = rt.clock.now().toISOString();
    const r = await inviteCustomersOrQueue(
      {
        repos: rt.store,
        schedule: scheduler(c, p.actor),
        enqueue: async (job) => {
          await rt.jobs.send(rt.jobDefs.surveysInvite, job);
        },
      },
      p.workspaceId,
      p.actor,
      {
        surveyId: c.req.valid('param').id,
        customerIds: input.customerIds,
        segmentId: input.segmentId,
        language: input.language,
        expiresDays: input.expiresDays,
        sendAfter: input.sendAfter ? new Date(input.sendAfter).toISOString() : now,
      },
      now,
    );
    await rt.store.audit.record({
      workspaceId: p.workspaceId,
      actor: p.actor,
      action: 'survey.invited',
      targetType: 'survey',
      targetId: c.req.valid('param').id,
      data: {
        invited: r.invited,
        alreadyInvited: r.alreadyInvited,
        scheduled: r.scheduled,
        suppressed: r.suppressed,
        ...(r.queued ? { queued: true, segmentId: input.segmentId } : {}),
      },
    });
    return c.json(r, 201);
  })
  .openapi(invitationsRoute, async (c) => {
    const p = await workspacePrincipal(c);
    authorize(p, 'surveys:read');
    const { store } = c.get('runtime');
    const s = await getSurvey(store, p.workspaceId, c.req.valid('param').id);
    const q = c.req.valid('query');
    const page = await store.surveys.invitations({
      workspaceId: p.workspaceId,
      surveyId: s.id,
      status: q.status,
      cursor: q.cursor,
      limit: q.limit,
    });
    const names = await customerNames(store, p.workspaceId, page.items);
    return c.json(
      { invitations: page.items.map((i) => presentInvitation(i, names)), nextCursor: page.next },
      200,
    );
  });
