/**
 * Surveys (issue #15, slice A): a survey's definition and lifecycle, the answers — each one a feedback
 * item (channel `survey`, platform `touchpoint`), so the analysis, the playbook, the metrics and the
 * drivers see it like any other — invitations (personal single-use links signed under the
 * workspace key), and the results of a survey. The respondent side (hosted page, widget, public JSON)
 * calls `publicSurvey` and `answerSurvey`; outreach sends the invitations `createInvitations` writes.
 */
import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import { AppError, parseInput, validationError } from '../errors.js';
import { ingestFeedback, type IngestDeps } from '../feedback/ingest.js';
import type { FeedbackInput, IdentityKind } from '../feedback/schema.js';
import type { Clock } from '../cases/clock.js';
import { signToken, verifyToken } from '../signed-token.js';
import type { Repos } from '../ports.js';
import type { Actor } from '../types.js';
import { meanEstimate, npsEstimate, proportionEstimate, type Estimate } from '../metrics/stats.js';
import {
  chooseLanguage,
  defaultLabels,
  defaultThankYou,
  followUpWording,
  isHigh,
  isLow,
  LanguageSchema,
  languagesOf,
  pick,
  QUESTION_RANGES,
  scoreGroup,
  SurveyDefinitionSchema,
  THEME_ANSWERS,
  type QuestionKind,
  type ScoreGroup,
  type SurveyDefinition,
} from './definition.js';
import type { Survey, SurveyInvitation, SurveyStatus } from './ports.js';

export * from './definition.js';
export type * from './ports.js';
export { SURVEY_STATUSES, INVITATION_STATUSES } from './ports.js';

/** Most characters of a follow-up text (the public body cap is 64 KB). */
export const MAX_ANSWER_TEXT = 5_000;
/** Most characters of an extra text question's answer. */
export const MAX_EXTRA_TEXT = 2_000;
/** Most customers invited in one call. */
export const MAX_INVITE = 10_000;

type SurveyRepos = Repos;

// --- Definition and lifecycle ------------------------------------------------------------------

const SurveyFieldsSchema = z
  .object({
    name: z.string().trim().min(1).max(200),
    touchpointKey: z.string().trim().min(1).max(80).nullable().optional(),
    stageKey: z.string().trim().min(1).max(80).nullable().optional(),
    defaultLanguage: LanguageSchema.optional(),
    browserCapDays: z.number().int().min(0).max(365).optional(),
    editHours: z
      .number()
      .int()
      .min(0)
      .max(24 * 30)
      .optional(),
    definition: SurveyDefinitionSchema,
  })
  .strict();

export const SurveyCreateSchema = SurveyFieldsSchema;
export type SurveyCreateInput = z.input<typeof SurveyCreateSchema>;
export const SurveyPatchSchema = SurveyFieldsSchema.partial().strict();
export type SurveyPatchInput = z.input<typeof SurveyPatchSchema>;

/** A random url-safe id of 16 characters for the public link. */
export function newPublicId(): string {
  return randomBytes(12).toString('base64url');
}

async function checkTaxonomy(
  repos: Repos,
  workspaceId: string,
  fields: { touchpointKey?: string | null | undefined; stageKey?: string | null | undefined },
): Promise<void> {
  if (!fields.touchpointKey && !fields.stageKey) return;
  const stages = await repos.taxonomy.stages(workspaceId);
  if (
    fields.touchpointKey &&
    !stages.some((s) => s.touchpoints.some((t) => t.key === fields.touchpointKey))
  ) {
    throw validationError([{ path: ['touchpointKey'], message: `no touchpoint "${fields.touchpointKey}"` }]);
  }
  if (fields.stageKey && !stages.some((s) => s.key === fields.stageKey)) {
    throw validationError([{ path: ['stageKey'], message: `no stage "${fields.stageKey}"` }]);
  }
}

/** Creates a survey (a draft) from the builder's or the API's input; validation errors name the field. */
export async function createSurvey(
  repos: SurveyRepos,
  ctx: { workspaceId: string; actor: Actor; now: string },
  raw: unknown,
): Promise<Survey> {
  const input = parseInput(SurveyCreateSchema, raw);
  await checkTaxonomy(repos, ctx.workspaceId, input);
  const defaultLanguage =
    input.defaultLanguage ??
    input.definition.languages?.[0] ??
    Object.keys(input.definition.question.wording)[0] ??
    'en';
  const survey = await repos.surveys.create(
    {
      workspaceId: ctx.workspaceId,
      publicId: newPublicId(),
      name: input.name,
      touchpointKey: input.touchpointKey ?? null,
      stageKey: input.stageKey ?? null,
      definition: input.definition,
      defaultLanguage,
      browserCapDays: input.browserCapDays ?? 1,
      editHours: input.editHours ?? 24,
      createdBy: ctx.actor.type === 'user' ? ctx.actor.id : null,
    },
    ctx.now,
  );
  await repos.audit.record({
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: 'survey.created',
    targetType: 'survey',
    targetId: survey.id,
  });
  return survey;
}

export async function getSurvey(repos: SurveyRepos, workspaceId: string, id: string): Promise<Survey> {
  const s = await repos.surveys.get(workspaceId, id);
  if (!s) throw new AppError('survey_not_found', 'No such survey.');
  return s;
}

/** Changes a survey's fields. The question kind of a survey with answers cannot change (its results would mix scales). */
export async function updateSurvey(
  repos: SurveyRepos,
  ctx: { workspaceId: string; actor: Actor; now: string },
  id: string,
  raw: unknown,
): Promise<Survey> {
  const input = parseInput(SurveyPatchSchema, raw);
  const current = await getSurvey(repos, ctx.workspaceId, id);
  await checkTaxonomy(repos, ctx.workspaceId, input);
  if (input.definition && input.definition.question.kind !== current.questionKind) {
    const answered = (await repos.surveys.responses({ workspaceId: ctx.workspaceId, surveyId: id, limit: 1 }))
      .items;
    if (answered.length > 0) {
      throw validationError([
        {
          path: ['definition', 'question', 'kind'],
          message: 'a survey with answers keeps its question kind',
        },
      ]);
    }
  }
  const updated = await repos.surveys.update(ctx.workspaceId, id, input, ctx.now);
  if (!updated) throw new AppError('survey_not_found', 'No such survey.');
  await repos.audit.record({
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: 'survey.updated',
    targetType: 'survey',
    targetId: id,
  });
  return updated;
}

/** Activates or closes a survey (a closed one may be activated again). */
export async function setSurveyStatus(
  repos: SurveyRepos,
  ctx: { workspaceId: string; actor: Actor; now: string },
  id: string,
  status: SurveyStatus,
): Promise<Survey> {
  await getSurvey(repos, ctx.workspaceId, id);
  const updated = await repos.surveys.update(ctx.workspaceId, id, { status }, ctx.now);
  if (!updated) throw new AppError('survey_not_found', 'No such survey.');
  await repos.audit.record({
    workspaceId: ctx.workspaceId,
    actor: ctx.actor,
    action: `survey.${status}`,
    targetType: 'survey',
    targetId: id,
  });
  return updated;
}

// --- What a respondent sees ----------------------------------------------------------------------

export interface PublicQuestion {
  id: string;
  type: 'choice' | 'text';
  label: string;
  options?: { id: string; label: string }[];
  required: boolean;
}

/** A survey as a respondent sees it, in one language. */
export interface PublicSurvey {
  publicId: string;
  name: string;
  language: string;
  languages: string[];
  kind: QuestionKind;
  question: string;
  /** The scale: min..max with the labels of its ends. */
  scale: { min: number; max: number; lowLabel: string; highLabel: string };
  /** The follow-up wording per score group (absent when the survey has none); `groupOf` maps a score. */
  followUp: { byScore: Record<string, string> } | null;
  extraQuestions: PublicQuestion[];
  thankYou: string;
  /** How long an answer stays editable, hours. */
  editHours: number;
}

/** The public view of a survey in the respondent's language (`?lang` or an Accept-Language header). */
export function presentSurvey(survey: Survey, wanted?: string): PublicSurvey {
  const d = survey.definition;
  const fallback = survey.defaultLanguage;
  const languages = languagesOf(d, fallback);
  const lang = chooseLanguage(languages, fallback, wanted);
  const [min, max] = QUESTION_RANGES[d.question.kind];
  const labels = defaultLabels(d.question.kind, lang);
  const byScore: Record<string, string> = {};
  for (let s = min; s <= max; s++) {
    const w = followUpWording(d, s, lang, fallback);
    if (w !== undefined) byScore[String(s)] = w;
  }
  return {
    publicId: survey.publicId,
    name: survey.name,
    language: lang,
    languages,
    kind: d.question.kind,
    question: pick(d.question.wording, lang, fallback) ?? '',
    scale: {
      min,
      max,
      lowLabel: pick(d.question.labels?.low, lang, fallback) ?? labels.low,
      highLabel: pick(d.question.labels?.high, lang, fallback) ?? labels.high,
    },
    followUp: d.followUp.enabled && Object.keys(byScore).length > 0 ? { byScore } : null,
    extraQuestions: d.extraQuestions.map((q) => ({
      id: q.id,
      type: q.type,
      label: pick(q.wording, lang, fallback) ?? q.id,
      ...(q.options
        ? { options: q.options.map((o) => ({ id: o.id, label: pick(o.label, lang, fallback) ?? o.id })) }
        : {}),
      required: q.required,
    })),
    thankYou: pick(d.thankYou, lang, fallback) ?? defaultThankYou(lang),
    editHours: survey.editHours,
  };
}

/** What a respondent sees; 404 `survey_not_found` unless the survey is active. */
export async function publicSurvey(
  repos: Pick<SurveyRepos, 'surveys'>,
  publicId: string,
  acceptLanguage?: string,
): Promise<PublicSurvey> {
  const survey = await activeSurvey(repos, publicId);
  return presentSurvey(survey, acceptLanguage);
}

async function activeSurvey(repos: Pick<SurveyRepos, 'surveys'>, publicId: string): Promise<Survey> {
  const survey = /^[A-Za-z0-9_-]{1,64}$/.test(publicId)
    ? await repos.surveys.byPublicId(publicId)
    : undefined;
  if (!survey || survey.status !== 'active')
    throw new AppError('survey_not_found', 'No such survey, or it is closed.');
  return survey;
}

// --- Answers ---------------------------------------------------------------------------------------

export const AnswerInputSchema = z
  .object({
    publicId: z.string().min(1).max(64),
    token: z.string().min(1).max(200).optional(),
    responseId: z.string().min(1).max(64).optional(),
    browserKey: z.string().min(8).max(200).optional(),
    score: z.number().int().optional(),
    text: z.string().max(MAX_ANSWER_TEXT, `must be at most ${MAX_ANSWER_TEXT} characters`).optional(),
    answers: z.record(z.string().max(40), z.string().max(MAX_EXTRA_TEXT)).optional(),
    language: z.string().max(200).optional(),
  })
  .strict();
export type AnswerInput = z.input<typeof AnswerInputSchema>;

export interface AnswerResult {
  responseId: string;
  editUntil: string;
  status: 'partial' | 'complete';
  itemId: string | null;
  score: number;
}

export type AnswerDeps = IngestDeps & { clock: Clock };

const hashKey = (browserKey: string) => createHash('sha256').update(browserKey).digest('hex');

function checkAnswers(d: SurveyDefinition, answers: Record<string, string>, completing: boolean): void {
  const issues: { path: string[]; message: string }[] = [];
  for (const [id, value] of Object.entries(answers)) {
    const q = d.extraQuestions.find((x) => x.id === id);
    if (!q) issues.push({ path: ['answers', id], message: 'no such question in this survey' });
    else if (q.type === 'choice' && value !== '' && !(q.options ?? []).some((o) => o.id === value)) {
      issues.push({ path: ['answers', id], message: 'not one of the options' });
    }
  }
  if (completing) {
    for (const q of d.extraQuestions) {
      if (q.required && !(answers[q.id] ?? '').trim()) {
        issues.push({ path: ['answers', q.id], message: 'required' });
      }
    }
  }
  if (issues.length > 0) throw validationError(issues);
}

async function invitationOfToken(
  repos: SurveyRepos,
  survey: Survey,
  token: string,
): Promise<SurveyInvitation> {
  const notFound = () => new AppError('invitation_not_found', 'This link is not valid.');
  const id = /^[A-Za-z0-9_-]{1,64}\./.test(token) ? token.slice(0, token.indexOf('.')) : undefined;
  if (!id) throw notFound();
  const invitation = await repos.surveys.invitation(survey.workspaceId, id);
  if (!invitation || invitation.surveyId !== survey.id) throw notFound();
  const key = await repos.signingKeys.keyFor(survey.workspaceId);
  if (verifyToken(key, 'survey', token) !== invitation.id) throw notFound();
  return invitation;
}

/**
 * Whether a personal link can still answer, recording nothing (the hosted page's GET, which mail
 * scanners follow): throws what `answerSurvey` would — `invitation_not_found` (forged or unknown),
 * `invitation_expired`, `invitation_used` (answered and past its edit window).
 */
export async function checkInvitationLink(
  deps: Pick<AnswerDeps, 'store' | 'clock'>,
  publicId: string,
  token: string,
): Promise<void> {
  const survey = await activeSurvey(deps.store, publicId);
  const invitation = await invitationOfToken(deps.store, survey, token);
  const nowIso = deps.clock.now().toISOString();
  if (invitation.responseId) {
    const current = await deps.store.surveys.response(survey.workspaceId, invitation.responseId);
    if (current && current.editUntil <= nowIso) {
      throw new AppError('invitation_used', 'This invitation has been answered already.');
    }
    return;
  }
  if (invitation.expiresAt <= nowIso)
    throw new AppError('invitation_expired', 'This invitation has expired.');
}

/**
 * Records an answer. The first call with a score creates the response (partial unless it carries the
 * follow-up text) and ingests its feedback item at once, so the playbook sees a detractor before the
 * text comes; a later call with the same response id (proved by the same browser key or invitation
 * token) or the same invitation token completes or changes it within the edit window — the item gets
 * a new version. Errors: `survey_not_found`, `invitation_not_found` (forged or unknown token),
 * `invitation_expired`, `invitation_used`, `already_answered` (browser cap), `survey_answer_closed`,
 * `survey_response_not_found`, `validation_failed` naming `score`, `text` or `answers.{id}`.
 */
export async function answerSurvey(deps: AnswerDeps, raw: unknown): Promise<AnswerResult> {
  const input = parseInput(AnswerInputSchema, raw);
  const repos = deps.store;
  const survey = await activeSurvey(repos, input.publicId);
  const d = survey.definition;
  const [min, max] = QUESTION_RANGES[d.question.kind];
  if (input.score !== undefined && (input.score < min || input.score > max)) {
    throw validationError([{ path: ['score'], message: `must be an integer ${min}–${max}` }]);
  }
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  const browserKeyHash = input.browserKey ? hashKey(input.browserKey) : null;
  const invitation = input.token ? await invitationOfToken(repos, survey, input.token) : undefined;

  // Which response this call is about: the invitation's, or the one named (proved by key or token).
  let existingId: string | undefined;
  if (invitation?.responseId) existingId = invitation.responseId;
  if (input.responseId) {
    if (existingId && existingId !== input.responseId) {
      throw new AppError('survey_response_not_found', 'No such answer.');
    }
    existingId = input.responseId;
  }
  if (existingId) {
    const current = await repos.surveys.response(survey.workspaceId, existingId);
    const proved =
      current !== undefined &&
      current.surveyId === survey.id &&
      ((invitation !== undefined && current.invitationId === invitation.id) ||
        (browserKeyHash !== null && current.browserKeyHash === browserKeyHash));
    if (!current || !proved) throw new AppError('survey_response_not_found', 'No such answer.');
    if (current.editUntil <= nowIso) {
      throw invitation
        ? new AppError('invitation_used', 'This invitation has been answered already.')
        : new AppError('survey_answer_closed', 'This answer can no longer be changed.');
    }
    const answers = { ...current.answers, ...(input.answers ?? {}) };
    const completing = input.text !== undefined || (!d.followUp.enabled && input.answers !== undefined);
    checkAnswers(d, answers, completing);
    const score = input.score ?? current.score ?? min;
    const status = completing || current.status === 'complete' ? 'complete' : 'partial';
    const textDone = current.textDone || input.text !== undefined;
    let text = input.text?.trim();
    if (text === undefined && current.itemId) {
      text = (await repos.feedback.get(survey.workspaceId, current.itemId))?.text ?? '';
    }
    const language = input.language
      ? chooseLanguage(languagesOf(d, survey.defaultLanguage), survey.defaultLanguage, input.language)
      : current.language;
    const itemId = await ingestAnswer(deps, survey, {
      responseId: current.id,
      createdAt: current.createdAt,
      score,
      text: text ?? '',
      customerId: current.customerId,
      invitation,
    });
    await repos.surveys.updateResponse(
      survey.workspaceId,
      current.id,
      { score, textDone, answers, status, language, itemId: itemId ?? current.itemId },
      nowIso,
    );
    return {
      responseId: current.id,
      editUntil: current.editUntil,
      status,
      itemId: itemId ?? current.itemId,
      score,
    };
  }

  // A new response.
  if (invitation && invitation.expiresAt <= nowIso) {
    throw new AppError('invitation_expired', 'This invitation has expired.');
  }
  if (input.score === undefined) throw validationError([{ path: ['score'], message: 'required' }]);
  if (!invitation && browserKeyHash && survey.browserCapDays > 0) {
    const since = new Date(now.getTime() - survey.browserCapDays * 86_400_000).toISOString();
    if (await repos.surveys.answeredByBrowser(survey.workspaceId, survey.id, browserKeyHash, since)) {
      throw new AppError('already_answered', 'This browser has answered this survey already.');
    }
  }
  const answers = input.answers ?? {};
  const completing =
    input.text !== undefined ||
    (!d.followUp.enabled && (d.extraQuestions.length === 0 || input.answers !== undefined));
  // A new answer that completes (it carries the text, or there is no follow-up) answers the required
  // extra questions too, like a change that completes.
  checkAnswers(d, answers, completing);
  const language = chooseLanguage(
    languagesOf(d, survey.defaultLanguage),
    survey.defaultLanguage,
    input.language ?? invitation?.language,
  );
  const responseId = newResponseId();
  const editUntil = new Date(now.getTime() + survey.editHours * 3_600_000).toISOString();
  const status = completing ? 'complete' : 'partial';
  const claimed = await repos.transaction(async (tx) => {
    const t = tx;
    if (
      invitation &&
      !(await t.surveys.claimInvitation(survey.workspaceId, invitation.id, responseId, nowIso))
    ) {
      return false;
    }
    await t.surveys.insertResponse({
      id: responseId,
      workspaceId: survey.workspaceId,
      surveyId: survey.id,
      invitationId: invitation?.id ?? null,
      customerId: invitation?.customerId ?? null,
      score: input.score ?? min,
      textDone: input.text !== undefined,
      answers,
      language,
      browserKeyHash: invitation ? null : browserKeyHash,
      status,
      editUntil,
      now: nowIso,
    });
    return true;
  });
  if (!claimed) {
    // Another answer took the invitation between our read and our write: edit that one instead.
    return answerSurvey(deps, { ...input });
  }
  const itemId = await ingestAnswer(deps, survey, {
    responseId,
    createdAt: nowIso,
    score: input.score,
    text: input.text?.trim() ?? '',
    customerId: invitation?.customerId ?? null,
    invitation,
  });
  if (itemId) await repos.surveys.updateResponse(survey.workspaceId, responseId, { itemId }, nowIso);
  return { responseId, editUntil, status, itemId, score: input.score };
}

/** Time-ordered, url-safe response ids (they appear in the respondent's URLs). */
function newResponseId(): string {
  const t = Date.now().toString(36).padStart(9, '0');
  return `r${t}${randomBytes(9).toString('base64url')}`;
}

/** The feedback item of an answer (created, or a new version when changed); its id. */
async function ingestAnswer(
  deps: AnswerDeps,
  survey: Survey,
  a: {
    responseId: string;
    createdAt: string;
    score: number;
    text: string;
    customerId: string | null;
    invitation: SurveyInvitation | undefined;
  },
): Promise<string | null> {
  const kind = survey.definition.question.kind;
  let identities: NonNullable<FeedbackInput['customer']>['identities'] = [];
  if (a.customerId) {
    const rows = await deps.store.customers.identities(survey.workspaceId, [a.customerId]);
    const email = rows.find((r) => r.kind === 'email');
    const chosen = email ?? rows[0];
    if (chosen)
      identities = [
        {
          kind: chosen.kind as IdentityKind,
          value: chosen.value,
          ...(chosen.platform ? { platform: chosen.platform } : {}),
        },
      ];
    else if (a.invitation?.email) identities = [{ kind: 'email', value: a.invitation.email }];
  }
  const item: Record<string, unknown> = {
    externalId: `survey-response:${a.responseId}`,
    platform: 'touchpoint',
    channel: 'survey',
    text: a.text,
    postedAt: a.createdAt,
    ...(kind === 'stars' ? { rating: a.score } : { score: { kind, value: a.score } }),
    ...(survey.touchpointKey ? { touchpoint: survey.touchpointKey } : {}),
    ...(identities.length > 0 ? { customer: { identities } } : {}),
  };
  const [result] = await ingestFeedback(
    deps,
    { workspaceId: survey.workspaceId, actor: { type: 'system', id: null } },
    [item],
  );
  if (!result || result.status === 'rejected') {
    // Our fault, not the respondent's: a plain Error, which the edge logs (with the request id) and
    // answers as a generic 500; the reason never reaches an anonymous caller.
    throw new Error(
      `survey response ${a.responseId}: the answer could not be stored as feedback: ${result?.reason ?? 'unknown'}`,
    );
  }
  return result.itemId ?? null;
}

// --- Invitations -------------------------------------------------------------------------------------

export interface CreateInvitationsInput {
  surveyId: string;
  customerIds: readonly string[];
  language?: string | undefined;
  expiresDays?: number | undefined;
  sendAfter: string;
  eventId?: string | null | undefined;
}

/**
 * Writes one `pending` invitation per known customer of the workspace (unknown ids and repeats are
 * left out). Outreach
 * (`scheduleAsks`) decides and sends them. The language is the one given, else the survey's default.
 */
export async function createInvitations(
  repos: SurveyRepos,
  workspaceId: string,
  input: CreateInvitationsInput,
  now: string,
): Promise<SurveyInvitation[]> {
  const survey = await getSurvey(repos, workspaceId, input.surveyId);
  if (input.customerIds.length > MAX_INVITE) {
    throw validationError([{ path: ['customerIds'], message: `at most ${MAX_INVITE} customers per call` }]);
  }
  const ids = [...new Set(input.customerIds)];
  const known = new Set<string>();
  for (let i = 0; i < ids.length; i += 500) {
    for (const c of await repos.customers.getMany(workspaceId, ids.slice(i, i + 500))) known.add(c.id);
  }
  const language = input.language
    ? chooseLanguage(
        languagesOf(survey.definition, survey.defaultLanguage),
        survey.defaultLanguage,
        input.language,
      )
    : survey.defaultLanguage;
  const expiresAt = new Date(
    new Date(input.sendAfter).getTime() + (input.expiresDays ?? 30) * 86_400_000,
  ).toISOString();
  return repos.surveys.createInvitations(
    workspaceId,
    ids
      .filter((id) => known.has(id))
      .map((customerId) => ({
        surveyId: survey.id,
        customerId,
        language,
        sendAfter: input.sendAfter,
        expiresAt,
        eventId: input.eventId ?? null,
      })),
    now,
  );
}

/** What hands invitations to outreach (`scheduleAsks` of src/core/outreach): its summary. */
export type ScheduleInvitations = (
  workspaceId: string,
  asks: { kind: 'survey'; refId: string; customerId: string; notBefore: string }[],
) => Promise<{ scheduled: number; suppressed: number; reasons: Partial<Record<string, number>> }>;

/** Customers invited per page (a segment of 500,000 is invited 1,000 at a time). */
export const INVITE_PAGE = 1_000;

/**
 * Invites customers (a list, or a segment's members page by page) to a survey: pending invitations,
 * handed to outreach, which applies the contact rules and sends them. Without `schedule` the
 * invitations stay pending.
 */
export async function inviteCustomers(
  repos: SurveyRepos,
  schedule: ScheduleInvitations | undefined,
  workspaceId: string,
  input: {
    surveyId: string;
    customerIds?: readonly string[] | undefined;
    segmentId?: string | undefined;
    language?: string | undefined;
    expiresDays?: number | undefined;
    sendAfter: string;
  },
  now: string,
): Promise<InviteResult> {
  const survey = await getSurvey(repos, workspaceId, input.surveyId);
  if (survey.status === 'closed') {
    throw validationError([{ path: ['surveyId'], message: 'the survey is closed' }]);
  }
  const out: InviteResult = {
    invited: 0,
    alreadyInvited: 0,
    scheduled: 0,
    suppressed: 0,
    reasons: {},
  };
  const invite = async (page: readonly string[]) => {
    // A retry (or a second click) invites nobody twice: customers with a pending or sent invitation
    // to this survey are left out (one query per page).
    const unique = [...new Set(page)];
    const open = await repos.surveys.openlyInvited(workspaceId, survey.id, unique);
    out.alreadyInvited += open.size;
    const customerIds = unique.filter((id) => !open.has(id));
    if (customerIds.length === 0) return;
    const rows = await createInvitations(repos, workspaceId, { ...input, customerIds }, now);
    out.invited += rows.length;
    if (!schedule || rows.length === 0) return;
    const r = await schedule(
      workspaceId,
      rows.map((i) => ({
        kind: 'survey',
        refId: i.id,
        customerId: i.customerId ?? '',
        notBefore: i.sendAfter,
      })),
    );
    out.scheduled += r.scheduled;
    out.suppressed += r.suppressed;
    for (const [k, n] of Object.entries(r.reasons)) out.reasons[k] = (out.reasons[k] ?? 0) + (n ?? 0);
  };
  if (input.segmentId !== undefined) {
    const segment = await repos.segments.get(workspaceId, input.segmentId);
    if (!segment) throw new AppError('not_found', 'No such segment.');
    let after: string | undefined;
    for (;;) {
      const page = await repos.segments.members(workspaceId, segment.id, after, INVITE_PAGE);
      if (page.length === 0) break;
      await invite(page);
      after = page[page.length - 1];
      if (page.length < INVITE_PAGE) break;
    }
  } else {
    for (let i = 0; i < (input.customerIds ?? []).length; i += INVITE_PAGE) {
      await invite((input.customerIds ?? []).slice(i, i + INVITE_PAGE));
    }
  }
  return out;
}

export interface InviteResult {
  invited: number;
  /** Customers left out because they have a pending or sent invitation to this survey already. */
  alreadyInvited: number;
  scheduled: number;
  suppressed: number;
  reasons: Record<string, number>;
  /** True when a large segment was handed to the `surveys.invite` job: the counts come later. */
  queued?: boolean;
}

/** Segments larger than this are invited by a job (`surveys.invite`), not in the HTTP request. */
export const INVITE_SYNC_LIMIT = 5_000;

/** The payload of the `surveys.invite` job. */
export const SurveyInviteJobSchema = z.object({
  workspaceId: z.string(),
  surveyId: z.string(),
  segmentId: z.string(),
  language: z.string().optional(),
  expiresDays: z.number().int().optional(),
  sendAfter: z.string(),
  actor: z.union([
    z.object({ type: z.literal('user'), id: z.string() }),
    z.object({ type: z.literal('api_key'), id: z.string() }),
    z.object({ type: z.literal('system'), id: z.null() }),
  ]),
});
export type SurveyInviteJob = z.infer<typeof SurveyInviteJobSchema>;

/**
 * `inviteCustomers`, except that a segment of more than `INVITE_SYNC_LIMIT` members is checked (the
 * survey open, the segment there) and handed to `enqueue` for the worker: 500,000 customers take
 * minutes, longer than an HTTP request may (and a client's retry would start it again).
 */
export async function inviteCustomersOrQueue(
  deps: {
    repos: SurveyRepos;
    schedule: ScheduleInvitations | undefined;
    enqueue: (job: SurveyInviteJob) => Promise<void>;
    /** Default `INVITE_SYNC_LIMIT` (tests lower it). */
    syncLimit?: number;
  },
  workspaceId: string,
  actor: Actor,
  input: Parameters<typeof inviteCustomers>[3],
  now: string,
): Promise<InviteResult> {
  const segment =
    input.segmentId !== undefined && input.customerIds === undefined
      ? await deps.repos.segments.get(workspaceId, input.segmentId)
      : undefined;
  if (!segment || segment.size <= (deps.syncLimit ?? INVITE_SYNC_LIMIT)) {
    return inviteCustomers(deps.repos, deps.schedule, workspaceId, input, now);
  }
  const survey = await getSurvey(deps.repos, workspaceId, input.surveyId);
  if (survey.status === 'closed') {
    throw validationError([{ path: ['surveyId'], message: 'the survey is closed' }]);
  }
  await deps.enqueue({
    workspaceId,
    surveyId: survey.id,
    segmentId: segment.id,
    ...(input.language !== undefined ? { language: input.language } : {}),
    ...(input.expiresDays !== undefined ? { expiresDays: input.expiresDays } : {}),
    sendAfter: input.sendAfter,
    actor,
  });
  return { queued: true, invited: 0, alreadyInvited: 0, scheduled: 0, suppressed: 0, reasons: {} };
}

/** The links of an invitation: the survey page and one one-click link per score. */
export function invitationLinks(
  key: Buffer,
  publicUrl: string,
  survey: Pick<Survey, 'publicId' | 'questionKind'>,
  invitation: Pick<SurveyInvitation, 'id'>,
): { answerUrl: string; scoreUrls: Map<number, string> } {
  const token = signToken(key, 'survey', invitation.id);
  const base = `${publicUrl.replace(/\/+$/, '')}/s/${encodeURIComponent(survey.publicId)}?t=${encodeURIComponent(token)}`;
  const [min, max] = QUESTION_RANGES[survey.questionKind];
  const scoreUrls = new Map<number, string>();
  for (let s = min; s <= max; s++) scoreUrls.set(s, `${base}&score=${s}`);
  return { answerUrl: base, scoreUrls };
}

// --- Results -------------------------------------------------------------------------------------------

export interface SurveyResults {
  surveyId: string;
  kind: QuestionKind;
  period: { from: string | null; to: string | null };
  responses: number;
  complete: number;
  partial: number;
  invited: number;
  sent: number;
  /** Answered invitations among those sent (Wilson interval); n = sent. */
  responseRate: Estimate;
  /** NPS (−100..100), CSAT (share of 4–5, 0..1), CES or stars (mean). */
  score: Estimate;
  distribution: { score: number; n: number }[];
  /** Per ISO week (its Monday), the score with its interval. */
  trend: { week: string; n: number; score: Estimate }[];
  themes: {
    /** How many answers the themes were read from: the latest THEME_ANSWERS of the period at most. */
    answers: number;
    touchpoints: { key: string; low: number; high: number }[];
    intents: { key: string; low: number; high: number }[];
  };
  latest: {
    responseId: string;
    itemId: string | null;
    score: number | null;
    group: ScoreGroup | null;
    text: string;
    sentiment: string | null;
    at: string;
  }[];
}

/** The survey's score from a distribution of answers. */
export function scoreEstimate(kind: QuestionKind, dist: readonly { score: number; n: number }[]): Estimate {
  const n = dist.reduce((s, d) => s + d.n, 0);
  switch (kind) {
    case 'nps': {
      const c = { promoters: 0, passives: 0, detractors: 0 };
      for (const d of dist) {
        const g = scoreGroup('nps', d.score);
        if (g === 'promoter') c.promoters += d.n;
        else if (g === 'passive') c.passives += d.n;
        else c.detractors += d.n;
      }
      return npsEstimate(c);
    }
    case 'csat':
      return proportionEstimate(
        dist.filter((d) => d.score >= 4).reduce((s, d) => s + d.n, 0),
        n,
      );
    default: {
      let sum = 0;
      let sumSq = 0;
      for (const d of dist) {
        sum += d.score * d.n;
        sumSq += d.score * d.score * d.n;
      }
      return meanEstimate({ n, sum, sumSq });
    }
  }
}

/** Monday (UTC) of the week of a `YYYY-MM-DD` day. */
function weekOf(day: string): string {
  const t = new Date(`${day}T00:00:00Z`);
  const dow = (t.getUTCDay() + 6) % 7;
  return new Date(t.getTime() - dow * 86_400_000).toISOString().slice(0, 10);
}

/** The results of a survey, aggregated in SQL by survey (never by loading its answers). */
export async function surveyResults(
  repos: SurveyRepos,
  workspaceId: string,
  surveyId: string,
  period: { from?: string | undefined; to?: string | undefined } = {},
): Promise<SurveyResults> {
  const survey = await getSurvey(repos, workspaceId, surveyId);
  const kind = survey.questionKind;
  const a = await repos.surveys.aggregates(workspaceId, surveyId, period, kind);
  const sent = a.invitations.sent + a.invitations.answered;
  const weeks = new Map<string, { score: number; n: number }[]>();
  for (const d of a.days) {
    const w = weekOf(d.day);
    const list = weeks.get(w) ?? [];
    list.push({ score: d.score, n: d.n });
    weeks.set(w, list);
  }
  const themes = (rows: { key: string; group: 'low' | 'high'; n: number }[]) => {
    const m = new Map<string, { key: string; low: number; high: number }>();
    for (const r of rows) {
      const t = m.get(r.key) ?? { key: r.key, low: 0, high: 0 };
      t[r.group] += r.n;
      m.set(r.key, t);
    }
    return [...m.values()]
      .sort((x, y) => y.low + y.high - (x.low + x.high) || x.key.localeCompare(y.key))
      .slice(0, 10);
  };
  return {
    surveyId,
    kind,
    period: { from: period.from ?? null, to: period.to ?? null },
    responses: a.responses,
    complete: a.complete,
    partial: a.responses - a.complete,
    invited: Object.values(a.invitations).reduce((s, n) => s + n, 0),
    sent,
    responseRate: proportionEstimate(Math.min(a.answeredInvitations, sent), sent),
    score: scoreEstimate(kind, a.distribution),
    distribution: a.distribution,
    trend: [...weeks.entries()]
      .sort(([x], [y]) => x.localeCompare(y))
      .map(([week, dist]) => ({
        week,
        n: dist.reduce((s, d) => s + d.n, 0),
        score: scoreEstimate(kind, dist),
      })),
    themes: {
      answers: Math.min(
        THEME_ANSWERS,
        a.distribution.reduce((sum, d) => sum + d.n, 0),
      ),
      touchpoints: themes(a.touchpoints),
      intents: themes(a.intents),
    },
    latest: a.latest.map((l) => ({
      ...l,
      group: l.score === null ? null : scoreGroup(kind, l.score),
    })),
  };
}

/** Whether an answer's score is in the low (detractor) or high (promoter) group. */
export { isLow, isHigh };
