import { createRoute } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { authorize } from '../../core/auth/index.js';
import {
  addNote,
  caseDraft,
  caseOrNotFound,
  closeCase,
  createReply,
  openCaseForItem,
  updateCase,
  writtenCaseDraft,
  type DraftContext,
} from '../../core/cases/index.js';
import { CHANNEL_KINDS } from '../../channels/types.js';
import { AppError } from '../../core/errors.js';
import { occasionFor, type Occasion } from '../../core/customers/moments.js';
import { withCorrections } from '../../core/feedback/correct.js';
import type { CaseCursor, CaseFilter } from '../../core/ports.js';
import type { CaseStatus } from '../../core/types.js';
import type { Runtime } from '../../runtime/index.js';
import { router, type AppEnv } from '../env.js';
import { workspacePrincipal } from '../middleware/auth.js';
import { presentCase, presentCaseEvent, presentFeedbackDetail, presentReply } from '../presenters.js';
import { body, IdParam, json, problems, SECURITY } from './common.schema.js';
import {
  CaseDetailSchema,
  CaseListQuery,
  CaseOpenBody,
  CasePageSchema,
  CasePatchBody,
  CloseBody,
  NoteBody,
  NoteResponseSchema,
  ReplyBody,
  ReplyCreatedSchema,
  WrittenDraftSchema,
} from './cases.schema.js';
import { segmentFilter } from '../../core/customers/segments.js';

const TAGS = ['cases'];

const listRoute = createRoute({
  method: 'get',
  path: '/cases',
  tags: TAGS,
  summary: 'The inbox: cases by priority, highest first, then the longest waiting',
  description:
    'Each case carries its priority with the reasons (`high: public, 12k followers, safety issue, waiting 3 h`) and its first-response SLA. Cursor pagination.',
  security: SECURITY,
  request: { query: CaseListQuery },
  responses: { 200: json(CasePageSchema, 'A page of cases'), ...problems(400, 401, 403) },
});

const getRoute = createRoute({
  method: 'get',
  path: '/cases/{id}',
  tags: TAGS,
  summary: "One case: its items with their analysis, the customer's history, events and notes, replies",
  security: SECURITY,
  request: { params: IdParam },
  responses: { 200: json(CaseDetailSchema, 'The case'), ...problems(401, 403, 404) },
});

const openRoute = createRoute({
  method: 'post',
  path: '/cases',
  tags: TAGS,
  summary: 'Open a case from an item by hand',
  description:
    'When the item is already in an active case, or its customer thread has one open, that case answers (200) and the item joins it; otherwise a new case (201).',
  security: SECURITY,
  request: { body: body(CaseOpenBody) },
  responses: {
    200: json(CaseDetailSchema, 'The existing case of the item or its thread'),
    201: json(CaseDetailSchema, 'The new case'),
    ...problems(400, 401, 403, 404),
  },
});

const patchRoute = createRoute({
  method: 'patch',
  path: '/cases/{id}',
  tags: TAGS,
  summary:
    'Assign (by hand or round robin), move to a team, change status, or set the priority with a reason',
  security: SECURITY,
  request: { params: IdParam, body: body(CasePatchBody) },
  responses: { 200: json(CaseDetailSchema, 'The case'), ...problems(400, 401, 403, 404) },
});

const noteRoute = createRoute({
  method: 'post',
  path: '/cases/{id}/notes',
  tags: TAGS,
  summary: 'Add an internal note; @mentions of members are resolved',
  security: SECURITY,
  request: { params: IdParam, body: body(NoteBody) },
  responses: { 201: json(NoteResponseSchema, 'The members mentioned'), ...problems(400, 401, 403, 404) },
});

const replyRoute = createRoute({
  method: 'post',
  path: '/cases/{id}/replies',
  tags: TAGS,
  summary: 'Reply: written to the outbox and sent once through the channel, or marked posted by hand',
  description:
    'E-mail, webhook and Google replies are `queued` and delivered by the `replies.send` job (retried with backoff, at most 5 tries, then `failed` with the error on the case; never sent twice). Manual replies are `posted` when the agent says they posted them, else `draft`. A text the tone check flags (defensive, blaming, arguing, generic, a public compensation offer, too long for the platform) is refused with `tone_flagged` and its flags unless `confirmTone` is true; a confirmed one is recorded in the audit log.',
  security: SECURITY,
  request: { params: IdParam, body: body(ReplyBody) },
  responses: {
    201: json(ReplyCreatedSchema, 'The reply, with the tone check of its text'),
    ...problems(400, 401, 403, 404, 422),
  },
});

const draftRoute = createRoute({
  method: 'post',
  path: '/cases/{id}/draft',
  tags: TAGS,
  summary: 'Write a reply draft with the configured LLM, checked like the template',
  description:
    "With `TOUCHPOINT_LLM_URL` set, an OpenAI-compatible chat model writes the draft from the item, its analysis and the customer's history; the text must pass the tone check, the platform limit and the language, else the template draft comes back with `fallback` saying why. Without an LLM the template draft comes back with `fallback.reason = no_writer`.",
  security: SECURITY,
  request: { params: IdParam },
  responses: {
    200: json(WrittenDraftSchema, 'The draft and its tone check'),
    ...problems(401, 403, 404, 409),
  },
});

const closeRoute = createRoute({
  method: 'post',
  path: '/cases/{id}/close',
  tags: TAGS,
  summary: 'Close a case with its outcome: resolved, recovered or lost',
  security: SECURITY,
  request: { params: IdParam, body: body(CloseBody) },
  responses: { 200: json(CaseDetailSchema, 'The case'), ...problems(400, 401, 403, 404) },
});

function encodeCursor(c: CaseCursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

function decodeCursor(cursor: string | undefined): CaseCursor | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 3 &&
      typeof v[0] === 'number' &&
      typeof v[1] === 'string' &&
      typeof v[2] === 'string'
    ) {
      return [v[0], v[1], v[2]];
    }
  } catch {
    // falls through
  }
  throw new AppError('invalid_cursor', 'The cursor is not one this API returned.');
}

const STATUS_FILTER: Record<string, readonly CaseStatus[] | undefined> = {
  active: ['open', 'waiting'],
  open: ['open'],
  waiting: ['waiting'],
  closed: ['closed'],
  all: undefined,
};

/** What a draft may use of the customer: up to 5 earlier items that are not in this case, and who signs. */
function draftContext(
  links: readonly { itemId: string }[],
  history: readonly { id: string; postedAt: string; text: string; sentiment: string | null }[],
  agentName: string | undefined,
  privateChannel: string | null,
  occasion: Occasion | null = null,
): DraftContext {
  const inCase = new Set(links.map((l) => l.itemId));
  return {
    agentName: agentName ?? null,
    privateChannel,
    occasion,
    history: history
      .filter((h) => !inCase.has(h.id))
      .slice(0, 5)
      .map((h) => ({ postedAt: h.postedAt, text: h.text, sentiment: h.sentiment })),
  };
}

/** The customer's moment a draft may mention (issue #14): a birthday this week, a tenth visit, … */
async function occasionOf(runtime: Runtime, workspaceId: string, customerId: string | null) {
  if (customerId === null) return null;
  return occasionFor(runtime.store, workspaceId, customerId, runtime.clock.now().toISOString());
}

/** The private contact of the team that owns the case, if it has one. */
async function teamContact(runtime: Runtime, workspaceId: string, teamId: string | null) {
  if (teamId === null) return null;
  return (await runtime.store.teams.get(workspaceId, teamId))?.contact ?? null;
}

/** The LLM's draft (or the template, with the reason) for the case's opening item. */
async function writtenDraft(runtime: Runtime, workspaceId: string, id: string, agentName?: string) {
  const { store } = runtime;
  const c = await caseOrNotFound(store, workspaceId, id);
  const [links, item, history, privateChannel, occasion] = await Promise.all([
    store.cases.items(workspaceId, id),
    store.feedback.get(workspaceId, c.itemId),
    c.customerId ? store.cases.customerHistory(workspaceId, c.customerId, 50) : Promise.resolve([]),
    teamContact(runtime, workspaceId, c.teamId),
    occasionOf(runtime, workspaceId, c.customerId),
  ]);
  const written = item
    ? await writtenCaseDraft(
        item,
        draftContext(links, history, agentName, privateChannel, occasion),
        runtime.replyWriter,
      )
    : null;
  if (!written) {
    throw new AppError('conflict', 'The case item is not analysed yet; there is nothing specific to answer.');
  }
  return written;
}

/**
 * Who signs the drafts a response carries: the signed-in person (an API key signs as the brand), the
 * same on every route that answers with a case, so the signature does not change between drafts.
 */
function signer(c: Context<AppEnv>): string | undefined {
  const caller = c.get('caller');
  return caller?.kind === 'session' ? caller.user.name : undefined;
}

/** A case with everything its page shows, presented; `agentName` signs the draft. */
export async function caseDetail(runtime: Runtime, workspaceId: string, id: string, agentName?: string) {
  const { store, clock } = runtime;
  const c = await caseOrNotFound(store, workspaceId, id);
  const links = await store.cases.items(workspaceId, id);
  const items = (await Promise.all(links.map((l) => store.feedback.get(workspaceId, l.itemId)))).filter(
    (i) => i !== undefined,
  );
  const withC = await withCorrections(store, workspaceId, items);
  const joined = new Map(links.map((l) => [l.itemId, l.joinedAt]));
  const [previews, history, events, replies] = await Promise.all([
    store.cases.previews(workspaceId, [c.itemId]),
    c.customerId ? store.cases.customerHistory(workspaceId, c.customerId, 50) : Promise.resolve([]),
    store.cases.events(workspaceId, id),
    store.replies.forCase(workspaceId, id),
  ]);
  const opening = items.find((i) => i.id === c.itemId);
  const privateChannel = await teamContact(runtime, workspaceId, c.teamId);
  const occasion = await occasionOf(runtime, workspaceId, c.customerId);
  const drafted = opening
    ? caseDraft(opening, draftContext(links, history, agentName, privateChannel, occasion))
    : null;
  return {
    ...presentCase(c, previews[0], clock.now()),
    items: withC.map((i) => ({ ...presentFeedbackDetail(i), joinedAt: joined.get(i.id) ?? c.openedAt })),
    history,
    events: events.map(presentCaseEvent),
    replies: replies.map(presentReply),
    draft: drafted?.draft ?? null,
    tone: drafted?.tone ?? null,
    privateChannel,
    channels: CHANNEL_KINDS.filter((kind) => runtime.channels[kind] !== undefined),
  };
}

export const caseRoutes = router()
  .openapi(listRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:read');
    const q = c.req.valid('query');
    const runtime = c.get('runtime');
    const filter: CaseFilter = {
      status: STATUS_FILTER[q.status],
      teamId: q.teamId,
      segment: await segmentFilter(runtime.store.segments, principal.workspaceId, q.segment),
    };
    if (q.mine === 'true') {
      if (principal.actor.type !== 'user') {
        throw new AppError('validation_failed', '`mine` needs a signed-in person.', [
          { path: 'mine', message: 'only for people, not API keys' },
        ]);
      }
      filter.assigneeId = principal.actor.id;
    } else if (q.assigneeId !== undefined) {
      filter.assigneeId = q.assigneeId === 'none' ? null : q.assigneeId;
    }
    const rows = await runtime.store.cases.list(principal.workspaceId, filter, {
      limit: q.limit + 1,
      after: decodeCursor(q.cursor),
    });
    const page = rows.slice(0, q.limit);
    const previews = new Map(
      (
        await runtime.store.cases.previews(
          principal.workspaceId,
          page.map((x) => x.itemId),
        )
      ).map((p) => [p.id, p]),
    );
    const now = runtime.clock.now();
    const last = page[page.length - 1];
    return c.json(
      {
        cases: page.map((x) => presentCase(x, previews.get(x.itemId), now)),
        nextCursor:
          rows.length > q.limit && last ? encodeCursor([last.priority.score, last.openedAt, last.id]) : null,
      },
      200,
    );
  })
  .openapi(getRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:read');
    return c.json(
      await caseDetail(c.get('runtime'), principal.workspaceId, c.req.valid('param').id, signer(c)),
      200,
    );
  })
  .openapi(draftRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:write');
    return c.json(
      await writtenDraft(c.get('runtime'), principal.workspaceId, c.req.valid('param').id, signer(c)),
      200,
    );
  })
  .openapi(openRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:write');
    const { itemId, minPriority } = c.req.valid('json');
    const runtime = c.get('runtime');
    const item = await runtime.store.feedback.get(principal.workspaceId, itemId);
    if (!item) throw new AppError('feedback_not_found', 'No such feedback item in this workspace.');
    const { caseId, created } = await runtime.store.transaction((tx) =>
      openCaseForItem(tx, runtime.clock, principal.workspaceId, item, principal.actor, minPriority),
    );
    const detail = await caseDetail(runtime, principal.workspaceId, caseId, signer(c));
    return created ? c.json(detail, 201) : c.json(detail, 200);
  })
  .openapi(patchRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:write');
    const { id } = c.req.valid('param');
    const runtime = c.get('runtime');
    await updateCase(runtime.caseDeps, principal, id, c.req.valid('json'));
    return c.json(await caseDetail(runtime, principal.workspaceId, id, signer(c)), 200);
  })
  .openapi(noteRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:write');
    const { mentions } = await addNote(
      c.get('runtime').caseDeps,
      principal,
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json({ mentions: mentions.map((m) => ({ id: m.id, name: m.name, email: m.email })) }, 201);
  })
  .openapi(replyRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:write');
    const { reply, tone } = await createReply(
      c.get('runtime').caseDeps,
      principal,
      c.req.valid('param').id,
      c.req.valid('json'),
    );
    return c.json({ ...presentReply(reply), tone }, 201);
  })
  .openapi(closeRoute, async (c) => {
    const principal = await workspacePrincipal(c);
    authorize(principal, 'cases:write');
    const { id } = c.req.valid('param');
    const runtime = c.get('runtime');
    await closeCase(runtime.caseDeps, principal, id, c.req.valid('json'));
    return c.json(await caseDetail(runtime, principal.workspaceId, id, signer(c)), 200);
  });
