/** What the surveys need from storage (issue #15); src/store/repos/surveys.ts implements it. */
import type { KeysetPage } from '../customers/ports.js';
import type { QuestionKind, SurveyDefinition } from './definition.js';

export const SURVEY_STATUSES = ['draft', 'active', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

export const INVITATION_STATUSES = ['pending', 'sent', 'answered', 'suppressed', 'failed'] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];

export type ResponseStatus = 'partial' | 'complete';

export interface Survey {
  id: string;
  workspaceId: string;
  /** The random id of the public link `/s/{publicId}`. */
  publicId: string;
  name: string;
  status: SurveyStatus;
  touchpointKey: string | null;
  stageKey: string | null;
  questionKind: QuestionKind;
  definition: SurveyDefinition;
  defaultLanguage: string;
  /** A public link takes one answer per browser per this many days. */
  browserCapDays: number;
  /** An answer may be completed or changed for this many hours. */
  editHours: number;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A survey in a list, with its counts. */
export interface SurveySummary extends Survey {
  responses: number;
  invited: number;
}

export interface NewSurvey {
  workspaceId: string;
  publicId: string;
  name: string;
  touchpointKey: string | null;
  stageKey: string | null;
  definition: SurveyDefinition;
  defaultLanguage: string;
  browserCapDays: number;
  editHours: number;
  createdBy: string | null;
}

export type SurveyPatch = Partial<
  Pick<
    Survey,
    | 'name'
    | 'status'
    | 'touchpointKey'
    | 'stageKey'
    | 'definition'
    | 'defaultLanguage'
    | 'browserCapDays'
    | 'editHours'
  >
>;

export interface SurveyInvitation {
  id: string;
  workspaceId: string;
  surveyId: string;
  customerId: string | null;
  email: string | null;
  language: string;
  status: InvitationStatus;
  reason: string | null;
  sendAfter: string;
  sentAt: string | null;
  answeredAt: string | null;
  responseId: string | null;
  expiresAt: string;
  eventId: string | null;
  createdAt: string;
}

export interface NewInvitation {
  surveyId: string;
  customerId: string;
  language: string;
  sendAfter: string;
  expiresAt: string;
  eventId: string | null;
}

export interface SurveyResponse {
  id: string;
  workspaceId: string;
  surveyId: string;
  invitationId: string | null;
  itemId: string | null;
  customerId: string | null;
  score: number | null;
  textDone: boolean;
  answers: Record<string, string>;
  language: string;
  status: ResponseStatus;
  editUntil: string;
  createdAt: string;
  updatedAt: string;
}

/** What a respondent's browser is known by: a hash of its key, never the key. */
export interface NewResponse {
  id: string;
  workspaceId: string;
  surveyId: string;
  invitationId: string | null;
  customerId: string | null;
  score: number;
  textDone: boolean;
  answers: Record<string, string>;
  language: string;
  browserKeyHash: string | null;
  status: ResponseStatus;
  editUntil: string;
  now: string;
}

/** A response in the list, with its follow-up text and sentiment from its feedback item. */
export interface SurveyResponseRow extends SurveyResponse {
  text: string | null;
  sentiment: string | null;
}

/** The raw aggregates `surveyResults` turns into estimates, each counted in SQL by survey. */
export interface SurveyAggregates {
  responses: number;
  complete: number;
  invitations: Record<InvitationStatus, number>;
  /** Invitations answered (status answered) among those sent or answered. */
  answeredInvitations: number;
  distribution: { score: number; n: number }[];
  /** Per day (YYYY-MM-DD, UTC): the score counts, folded into weeks by the caller. */
  days: { day: string; score: number; n: number }[];
  /** Touchpoints and intents among the low / high answers: counts of responses. */
  touchpoints: { key: string; group: 'low' | 'high'; n: number }[];
  intents: { key: string; group: 'low' | 'high'; n: number }[];
  latest: {
    responseId: string;
    itemId: string | null;
    score: number | null;
    text: string;
    sentiment: string | null;
    at: string;
  }[];
}

export interface SurveyRepo {
  create(input: NewSurvey, now: string): Promise<Survey>;
  get(workspaceId: string, id: string): Promise<Survey | undefined>;
  /** The survey of a public link, in whichever workspace (the public id is unique). */
  byPublicId(publicId: string): Promise<Survey | undefined>;
  list(workspaceId: string): Promise<SurveySummary[]>;
  /** Active surveys of a workspace (the events slice picks those with a trigger). */
  active(workspaceId: string): Promise<Survey[]>;
  update(workspaceId: string, id: string, patch: SurveyPatch, now: string): Promise<Survey | undefined>;

  createInvitations(
    workspaceId: string,
    rows: readonly NewInvitation[],
    now: string,
  ): Promise<SurveyInvitation[]>;
  invitation(workspaceId: string, id: string): Promise<SurveyInvitation | undefined>;
  /** An invitation by id alone (a token names it; its workspace's key then verifies the token). */
  invitationById(id: string): Promise<SurveyInvitation | undefined>;
  invitationsByIds(workspaceId: string, ids: readonly string[]): Promise<SurveyInvitation[]>;
  /**
   * Of these customers, those with an open (pending or sent) invitation to the survey: one query (the
   * (workspace_id, customer_id) index), so a retried invitation asks nobody twice.
   */
  openlyInvited(workspaceId: string, surveyId: string, customerIds: readonly string[]): Promise<Set<string>>;
  /** Sets status (and reason, sentAt, email) of these invitations; answered ones are left alone. */
  setInvitationStatus(
    workspaceId: string,
    ids: readonly string[],
    patch: {
      status: InvitationStatus;
      reason?: string | null;
      sentAt?: string | null;
      email?: string | null;
    },
  ): Promise<number>;
  invitations(query: {
    workspaceId: string;
    surveyId: string;
    status?: InvitationStatus | undefined;
    cursor?: string | undefined;
    limit: number;
  }): Promise<KeysetPage<SurveyInvitation>>;
  /** Marks the invitation answered by this response unless it already has one; false when it had. */
  claimInvitation(
    workspaceId: string,
    invitationId: string,
    responseId: string,
    now: string,
  ): Promise<boolean>;

  insertResponse(input: NewResponse): Promise<SurveyResponse>;
  response(
    workspaceId: string,
    id: string,
  ): Promise<(SurveyResponse & { browserKeyHash: string | null }) | undefined>;
  updateResponse(
    workspaceId: string,
    id: string,
    patch: Partial<Pick<SurveyResponse, 'score' | 'textDone' | 'answers' | 'status' | 'language' | 'itemId'>>,
    now: string,
  ): Promise<void>;
  /** Whether this browser (its key's hash) answered the survey at or after `since`. */
  answeredByBrowser(
    workspaceId: string,
    surveyId: string,
    browserKeyHash: string,
    since: string,
  ): Promise<boolean>;
  responses(query: {
    workspaceId: string;
    surveyId: string;
    cursor?: string | undefined;
    limit: number;
  }): Promise<KeysetPage<SurveyResponseRow>>;
  /** Survey refs of feedback items (the item page shows which survey an answer came from). */
  surveysOfItems(
    workspaceId: string,
    itemIds: readonly string[],
  ): Promise<Map<string, { id: string; name: string }>>;
  aggregates(
    workspaceId: string,
    surveyId: string,
    period: { from?: string | undefined; to?: string | undefined },
    questionKind: QuestionKind,
  ): Promise<SurveyAggregates>;
}
