/**
 * The respondent side of surveys (issue #15), open without a session or API key:
 *
 * - the public JSON API under /api/v1/public/surveys (CORS `*` without credentials, for the widget
 *   on any site and for apps), listed in PUBLIC_ROUTES so its bodies are capped at 64 KB;
 * - the hosted page `/s/{publicId}` (`?t=` a personal link's token, `&score=N` one click from the
 *   e-mail), server-rendered and answerable without JavaScript;
 * - `/widget.js`, the embeddable widget (src/widget), served so that other sites may load it.
 *
 * Ownership of an answer, without CSRF tokens: changing one needs its id AND the invitation token or
 * the browser key it was given with. The hosted page keeps its browser key in a first-party HttpOnly
 * SameSite=Lax cookie, which a cross-site form post does not carry.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRoute } from '@hono/zod-openapi';
import { Hono, type Context, type MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { cors } from 'hono/cors';
import type { Clock } from '../../core/cases/index.js';
import { AppError, validationError } from '../../core/errors.js';
import {
  answerSurvey,
  checkInvitationLink,
  publicSurvey,
  type AnswerDeps,
  type AnswerInput,
  type PublicSurvey,
} from '../../core/surveys/index.js';
import type { Runtime } from '../../runtime/index.js';
import { router, type AppEnv } from '../env.js';
import { limitPerIp } from '../middleware/rate-limit.js';
import { hasFollowUp, renderMessagePage, renderSurveyPage, renderThanksPage } from '../survey-page/render.js';
import { surveyUi, type SurveyUi } from '../survey-page/strings.js';
import { body, json, problems } from './common.schema.js';
import {
  AnswerBody,
  AnsweredSchema,
  AnswerPatchBody,
  LangQuery,
  PublicIdParam,
  PublicSurveySchema,
  ResponseParams,
  type PublicSurveyWire,
} from './survey-public.schema.js';

/** The wire format of what a respondent sees: the core's view plus the score buttons and our words. */
export function presentPublicSurvey(s: PublicSurvey): PublicSurveyWire {
  const ui = surveyUi(s.language);
  const scores: PublicSurveyWire['scores'] = [];
  for (let v = s.scale.min; v <= s.scale.max; v++) {
    scores.push(
      s.kind === 'stars'
        ? { value: v, label: '★'.repeat(v), name: `${v} ${v === 1 ? ui.star : ui.stars}` }
        : { value: v, label: String(v), name: String(v) },
    );
  }
  return {
    publicId: s.publicId,
    language: s.language,
    languages: s.languages,
    kind: s.kind,
    question: s.question,
    scores,
    lowLabel: s.scale.lowLabel || null,
    highLabel: s.scale.highLabel || null,
    followUp: s.followUp ? s.followUp.byScore : null,
    questions: s.extraQuestions.map((q) => ({
      id: q.id,
      type: q.type,
      wording: q.label,
      options: (q.options ?? []).map((o) => ({ value: o.id, label: o.label })),
      required: q.required,
    })),
    thankYou: s.thankYou,
    ui: { ...ui },
  };
}

function answerDeps(rt: Runtime): AnswerDeps {
  return { ...rt.ingestDeps, clock: rt.clock, store: rt.store };
}

// --- The public JSON API -----------------------------------------------------------------------------

/** CORS for the public JSON API: any origin, no credentials (no cookie of ours goes cross-site). */
export const publicCors: MiddlewareHandler = cors({
  origin: '*',
  allowMethods: ['GET', 'POST', 'PATCH', 'OPTIONS'],
  allowHeaders: ['Content-Type'],
  maxAge: 600,
});

const getRoute = createRoute({
  method: 'get',
  path: '/public/surveys/{publicId}',
  tags: ['surveys (public)'],
  summary: 'What a respondent sees, in their language (public, CORS: the widget calls it from any site)',
  security: [],
  request: { params: PublicIdParam, query: LangQuery },
  responses: { 200: json(PublicSurveySchema, 'The survey'), ...problems(400, 404) },
});

const answerRoute = createRoute({
  method: 'post',
  path: '/public/surveys/{publicId}/responses',
  tags: ['surveys (public)'],
  summary:
    'Answer a survey (public): the score at once (stored and analysed as feedback), the rest now or later; one answer per invitation token or browser key',
  security: [],
  request: { params: PublicIdParam, body: body(AnswerBody) },
  responses: { 201: json(AnsweredSchema, 'Recorded'), ...problems(400, 404, 409, 410) },
});

const changeRoute = createRoute({
  method: 'patch',
  path: '/public/surveys/{publicId}/responses/{responseId}',
  tags: ['surveys (public)'],
  summary:
    'Complete or change an answer within its edit window (public): proved by the same invitation token or browser key',
  security: [],
  request: { params: ResponseParams, body: body(AnswerPatchBody) },
  responses: { 200: json(AnsweredSchema, 'Recorded'), ...problems(400, 404, 409, 410) },
});

/**
 * The public JSON API needs a browser key or an invitation token on every answer: without either, the
 * per-browser cap (one answer per browser per `browser_cap_days`) would not apply at all. The key is
 * made by the client, so a script can send a new one each time: the per-IP rate limit on these routes
 * stays the real limit on abuse; the cap only keeps an honest browser from answering twice.
 */
function requireProof(input: { browserKey?: string | undefined; token?: string | undefined }): void {
  if (!input.browserKey && !input.token) {
    throw validationError([
      { path: ['browserKey'], message: 'required: a browser key (or an invitation token `token`)' },
    ]);
  }
}

/** The public JSON routes, mounted under /api/v1 (they are in PUBLIC_ROUTES). */
export const surveyPublicRoutes = router();

surveyPublicRoutes.openapi(getRoute, async (c) => {
  const { publicId } = c.req.valid('param');
  const { lang } = c.req.valid('query');
  const rt = c.get('runtime');
  const survey = await publicSurvey(rt.store, publicId, lang || c.req.header('accept-language'));
  c.header('cache-control', 'no-cache');
  return c.json(presentPublicSurvey(survey), 200);
});

surveyPublicRoutes.openapi(answerRoute, async (c) => {
  const { publicId } = c.req.valid('param');
  const input = c.req.valid('json');
  requireProof(input);
  const r = await answerSurvey(answerDeps(c.get('runtime')), { ...input, publicId } satisfies AnswerInput);
  return c.json({ responseId: r.responseId, editUntil: r.editUntil, status: r.status }, 201);
});

surveyPublicRoutes.openapi(changeRoute, async (c) => {
  const { publicId, responseId } = c.req.valid('param');
  const input = c.req.valid('json');
  requireProof(input);
  const r = await answerSurvey(answerDeps(c.get('runtime')), {
    ...input,
    publicId,
    responseId,
  } satisfies AnswerInput);
  return c.json({ responseId: r.responseId, editUntil: r.editUntil, status: r.status }, 200);
});

// --- The hosted page ----------------------------------------------------------------------------------

const PUBLIC_ID = /^[A-Za-z0-9_-]{1,64}$/;
const COOKIE_DAYS = 400;

const cookieName = (publicId: string) => `tp_sv_${publicId}`;

/** This browser's key for the survey: its cookie, or a new one set now. */
function browserKeyOf(c: Context<AppEnv>, publicId: string): string {
  const existing = getCookie(c, cookieName(publicId));
  if (existing && /^[A-Za-z0-9_-]{16,64}$/.test(existing)) return existing;
  const key = randomBytes(24).toString('base64url');
  setCookie(c, cookieName(publicId), key, {
    path: `/s/${publicId}`,
    httpOnly: true,
    sameSite: 'Lax',
    secure: c.get('runtime').config.secureCookies,
    maxAge: COOKIE_DAYS * 86_400,
  });
  return key;
}

/** Answers an AppError of an answer with the page that explains it, in the respondent's language. */
function problemPage(c: Context<AppEnv>, err: AppError, language: string, ui: SurveyUi) {
  const messages: Partial<Record<string, string>> = {
    survey_not_found: ui.notFound,
    invitation_not_found: ui.notFound,
    survey_response_not_found: ui.notFound,
    invitation_expired: ui.expired,
    invitation_used: ui.used,
    already_answered: ui.alreadyAnswered,
    survey_answer_closed: ui.closed,
  };
  const message = messages[err.code];
  if (message === undefined) {
    if (err.status >= 500) return failedPage(c, err, language);
    throw err;
  }
  return c.html(renderMessagePage(language, ui.title, message), err.status as 404 | 409 | 410);
}

/**
 * Anything else that fails on the hosted page (our fault, not the respondent's): logged with the
 * request id, answered with a page in the respondent's language that tells nothing of the cause.
 */
/** The language of our own words for a wanted language (`?lang` or Accept-Language): its base, or en. */
function pageLanguage(wanted: string): string {
  const base = (wanted.split(',')[0] ?? '').split(/[-;_]/)[0]?.trim().toLowerCase() || 'en';
  return surveyUi(base) === surveyUi('en') ? 'en' : base;
}

function failedPage(c: Context<AppEnv>, err: unknown, language: string) {
  c.get('logger').error({ err, requestId: c.get('requestId') }, 'survey page failed');
  const ui = surveyUi(language);
  return c.html(renderMessagePage(language, ui.title, ui.error), 500);
}

/** The message of a refused answer on the form: which question, in the respondent's words. */
function formError(err: AppError, survey: PublicSurveyWire): string {
  const issue = err.issues?.[0];
  if (issue?.path === 'score') return survey.ui.chooseScore ?? err.message;
  const q = issue?.path.startsWith('answers.')
    ? survey.questions.find((x) => `answers.${x.id}` === issue.path)
    : undefined;
  if (q) return `${survey.ui.required ?? ''}: ${q.wording}`;
  return err.message;
}

function noStore(c: Context<AppEnv>): void {
  // Personal links carry a token; the pages are never cached or shared.
  c.header('cache-control', 'no-store');
}

/**
 * Posts a one-click link's form (score pre-selected) as soon as the page loads, unless the page came
 * back from history (the back button would otherwise post it again). Served from our origin: the CSP
 * allows no inline script.
 */
const AUTOSUBMIT_JS = `(function () {
  var form = document.querySelector('form[data-autosubmit]');
  if (!form || !form.querySelector('input[name="score"]:checked')) return;
  var nav = window.performance && performance.getEntriesByType ? performance.getEntriesByType('navigation')[0] : null;
  if (nav && nav.type === 'back_forward') return;
  form.submit();
})();
`;

/** The score from a form or query value, when it is a whole number. */
function scoreOf(value: unknown): number | undefined {
  return typeof value === 'string' && /^-?\d{1,3}$/.test(value) ? Number(value) : undefined;
}

function field(form: Record<string, unknown>, name: string): string | undefined {
  const v = form[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/**
 * The hosted page and the widget's script. `webRoot` is the built dashboard's folder (dist/web),
 * where the widget is built to.
 */
export function surveyPageRoutes(options: {
  webRoot: string;
  clock: Clock;
  perIpPerMinute: number;
  trustProxy: boolean;
}) {
  const pages = new Hono<AppEnv>();
  pages.use(
    '/s/*',
    limitPerIp({ perMinute: options.perIpPerMinute, trustProxy: options.trustProxy, clock: options.clock }),
  );

  pages.get('/widget.js', async (c) => {
    const file = path.join(options.webRoot, 'widget.js');
    if (!fs.existsSync(file)) return c.text('The widget is not built. Run `npm run build`.', 503);
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'public, max-age=3600');
    return c.body(await fs.promises.readFile(file, 'utf8'));
  });

  // Registered before /s/:publicId (which would not match it anyway: ids have no dot).
  pages.get('/s/autosubmit.js', (c) => {
    c.header('content-type', 'text/javascript; charset=utf-8');
    c.header('cache-control', 'public, max-age=3600');
    return c.body(AUTOSUBMIT_JS);
  });

  pages.get('/s/:publicId', async (c) => {
    noStore(c);
    const publicId = c.req.param('publicId');
    const rt = c.get('runtime');
    const wanted = c.req.query('lang') || c.req.header('accept-language') || '';
    const fallbackUi = surveyUi(wanted.split(',')[0] ?? 'en');
    if (!PUBLIC_ID.test(publicId))
      return c.html(renderMessagePage('en', fallbackUi.title, fallbackUi.notFound), 404);
    let survey: PublicSurveyWire;
    try {
      survey = presentPublicSurvey(await publicSurvey(rt.store, publicId, wanted));
    } catch (e) {
      if (e instanceof AppError) return problemPage(c, e, 'en', fallbackUi);
      return failedPage(c, e, pageLanguage(wanted));
    }
    const token = c.req.query('t') || undefined;
    // A GET never records anything: mail scanners (Safe Links, Mimecast, Proofpoint) fetch every link
    // of an e-mail with GET, and would answer for the customer. A score in the link (one click from
    // the e-mail, or a QR code with a score) pre-selects it; /s/autosubmit.js posts the form at once
    // when JavaScript runs, so a person still answers in one click (without it: the focused Send).
    const score = scoreOf(c.req.query('score'));
    try {
      if (token) await checkInvitationLink(answerDeps(rt), publicId, token);
    } catch (e) {
      if (e instanceof AppError) return problemPage(c, e, survey.language, surveyUi(survey.language));
      return failedPage(c, e, survey.language);
    }
    if (!token) browserKeyOf(c, publicId);
    const preselected =
      score !== undefined && survey.scores.some((s) => s.value === score) ? score : undefined;
    return c.html(
      renderSurveyPage({
        survey,
        step: 'score',
        score: preselected,
        autoSubmit: preselected !== undefined,
        state: { token },
      }),
    );
  });

  pages.post('/s/:publicId', async (c) => {
    noStore(c);
    const publicId = c.req.param('publicId');
    const rt = c.get('runtime');
    const form = (await c.req.parseBody()) as Record<string, unknown>;
    const wanted = field(form, 'lang') ?? c.req.header('accept-language') ?? '';
    const fallbackUi = surveyUi(wanted);
    if (!PUBLIC_ID.test(publicId))
      return c.html(renderMessagePage('en', fallbackUi.title, fallbackUi.notFound), 404);
    let survey: PublicSurveyWire;
    try {
      survey = presentPublicSurvey(await publicSurvey(rt.store, publicId, wanted));
    } catch (e) {
      if (e instanceof AppError) return problemPage(c, e, 'en', fallbackUi);
      return failedPage(c, e, pageLanguage(wanted));
    }
    const token = field(form, 't');
    const responseId = field(form, 'r');
    const score = scoreOf(form.score);
    const answers: Record<string, string> = {};
    for (const q of survey.questions) {
      const v = field(form, `q.${q.id}`);
      if (v !== undefined) answers[q.id] = v;
    }
    const text = typeof form.text === 'string' ? form.text : undefined;
    const proof = token ? { token } : { browserKey: browserKeyOf(c, publicId) };
    const step = responseId ? 'follow-up' : 'score';
    try {
      const r = await answerSurvey(answerDeps(rt), {
        publicId,
        language: survey.language,
        ...proof,
        ...(score !== undefined ? { score } : {}),
        ...(responseId
          ? // Step two: the text ('' when none was asked marks the answer complete) and the extra answers.
            { responseId, text: text ?? '', answers }
          : {}),
      });
      if (responseId || !hasFollowUp(survey, r.score)) return c.html(renderThanksPage(survey));
      return c.html(
        renderSurveyPage({
          survey,
          step: 'follow-up',
          score: r.score,
          state: { token, responseId: r.responseId },
        }),
      );
    } catch (e) {
      if (!(e instanceof AppError)) return failedPage(c, e, survey.language);
      if (e.code === 'validation_failed') {
        return c.html(
          renderSurveyPage({
            survey,
            step,
            score,
            text,
            answers,
            state: { token, responseId },
            error: formError(e, survey),
          }),
          400,
        );
      }
      return problemPage(c, e, survey.language, surveyUi(survey.language));
    }
  });

  return pages;
}
