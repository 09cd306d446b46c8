/**
 * The one HTTP client of the dashboard. It sends the session cookie, the CSRF token on every
 * non-GET request and the selected workspace in `X-Workspace`, and turns problem+json answers
 * into `ApiError`s that carry the server's stable `code`.
 */
import type {
  AlertDetail,
  AlertKind,
  AlertPage,
  AlertSeries,
  AlertSettings,
  AlertSettingsInput,
  NotificationSettings,
  NotificationSettingsInput,
  ExceptionEntry,
  ExceptionStatus,
  ExceptionType,
  ExceptionTypeCreateInput,
  ExceptionTypePatchInput,
  GrantInput,
  Policy,
  PoliciesInput,
  ApiKey,
  Brand,
  CaseDetail,
  CasePage,
  CasePatchInput,
  CloseInput,
  Leaderboard,
  Measures,
  ExceptionLedger,
  ReplyCreated,
  WrittenDraft,
  ReplyInput,
  Team,
  TeamCreateInput,
  TeamPatchInput,
  FeedbackCounts,
  FeedbackDetail,
  FeedbackPage,
  ImportJob,
  JourneyStage,
  Invitation,
  InvitationAccepted,
  InvitationCreated,
  Member,
  ModelList,
  ReceivedInvitation,
  Problem,
  Role,
  Scope,
  SentimentLabel,
  Session,
  WorkspaceSummary,
} from './types';
// analytics pages (issue #13)
import type { Benchmark, DriverTarget, JourneyHeatmap, KeyDrivers } from './types';
// the overview (issue #13)
import type { MetricBucket, Metrics } from './types';
// customers (issue #14)
import type {
  AmbassadorsAnswer,
  CustomerImportInput,
  CustomerImportJob,
  CustomerListPage,
  CustomerMerge,
  CustomerMerges,
  CustomerNote,
  CustomerNotes,
  CustomerPatch,
  CustomerProfile,
  CustomerSentiment,
  ErasureReport,
  LifecycleCounts,
  LifecycleList,
  ListedStage,
  MatchDecision,
  MatchSuggestions,
  MomentsAnswer,
  NewIdentity,
  Segment,
  SegmentRulesInput,
  SegmentSuggestions,
  TimelinePage,
} from './types';
// asking (issue #15)
import type {
  ContactConsent,
  ContactSendPage,
  ContactConsentInput,
  ContactSettings,
  ContactSettingsInput,
  OutreachSummary,
  ReviewPlatform,
  ReviewRequestPage,
  ReviewRequestResult,
  ReviewRequestSummary,
  Survey,
  SurveyInput,
  SurveyInvitationPage,
  SurveyInviteResult,
  SurveyResults,
} from './types';

const BASE = '/api/v1';
const WORKSPACE_KEY = 'touchpoint.workspace';

let csrfToken: string | null = null;
let workspaceId: string | null = readStoredWorkspace();
let onUnauthorized: (() => void) | null = null;
let onChanged: (() => void) | null = null;

function readStoredWorkspace(): string | null {
  try {
    return localStorage.getItem(WORKSPACE_KEY);
  } catch {
    return null;
  }
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;

  constructor(status: number, problem: Problem) {
    super(problem.detail ?? problem.title ?? `Request failed (${status})`);
    this.name = 'ApiError';
    this.status = status;
    this.code = problem.code ?? `http_${status}`;
    this.problem = problem;
  }
}

/** Remembers the CSRF token of the current session (from /me, login or setup). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

/** The workspace that scoped requests go to; kept in localStorage across reloads. */
export function getWorkspaceId(): string | null {
  return workspaceId;
}

export function setWorkspaceId(id: string | null): void {
  workspaceId = id;
  try {
    if (id === null) localStorage.removeItem(WORKSPACE_KEY);
    else localStorage.setItem(WORKSPACE_KEY, id);
  } catch {
    // Private browsing without storage: the selection lasts until reload.
  }
}

/** Called when a request answers 401, so the app can show the login page. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}

/**
 * Called after every successful change (any request but GET), so cached answers from before it are
 * dropped and a page opened next never shows, even for a moment, a case that was just closed.
 */
export function setChangeHandler(handler: (() => void) | null): void {
  onChanged = handler;
}

type Query = Record<string, string | number | undefined | null>;

function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

function headersFor(method: string, scoped: boolean): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json, application/problem+json' };
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  if (scoped && workspaceId) headers['X-Workspace'] = workspaceId;
  return headers;
}

async function problemOf(res: Response): Promise<Problem> {
  try {
    return (await res.json()) as Problem;
  } catch {
    return { status: res.status, title: res.statusText || `HTTP ${res.status}` };
  }
}

interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Send X-Workspace (default true). */
  scoped?: boolean;
  /** Do not call the unauthorized handler on 401 (login, /me probe). */
  quiet401?: boolean;
}

async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers = headersFor(method, options.scoped ?? true);
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const res = await fetch(withQuery(`${BASE}${path}`, options.query), {
    method,
    headers,
    body,
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401 && !options.quiet401) onUnauthorized?.();
    throw new ApiError(res.status, problem);
  }
  if (method !== 'GET') onChanged?.();
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export interface FeedbackFilters {
  brand?: string;
  platform?: string;
  channel?: string;
  sentiment?: string;
  touchpoint?: string;
  intent?: string;
  language?: string;
  ratingMin?: string;
  ratingMax?: string;
  from?: string;
  to?: string;
  q?: string;
  sort?: string;
  /** A saved segment's id (issue #14): items of its members only. */
  segment?: string;
}

/** Inbox filters as GET /cases takes them. */
export interface CaseFilters {
  status?: 'active' | 'open' | 'waiting' | 'closed' | 'all';
  teamId?: string;
  assigneeId?: string;
  mine?: 'true';
  /** A saved segment's id (issue #14): cases of its members only (never a ranking). */
  segment?: string;
}

/** Alert list filters as GET /alerts takes them; `active` (the default) is open and acknowledged. */
export interface AlertFilters {
  status?: 'open' | 'acknowledged' | 'resolved' | 'active' | 'all';
  kind?: AlertKind;
  brandId?: string;
  minSeverity?: number;
}

/** Progress of an upload, in bytes. */
export interface UploadProgress {
  loaded: number;
  total: number;
}

/** PUTs a file with upload progress (XHR: fetch reports none); answers the job the server returns. */
function uploadFile<T = ImportJob>(
  path: string,
  file: Blob,
  onProgress: (p: UploadProgress) => void,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('PUT', `${BASE}${path}`);
    for (const [k, v] of Object.entries(headersFor('PUT', true))) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    xhr.upload.onprogress = (e) =>
      onProgress({ loaded: e.loaded, total: e.lengthComputable ? e.total : file.size });
    xhr.onerror = () => reject(new ApiError(0, { title: 'Network error while uploading the file' }));
    xhr.onload = () => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(xhr.responseText);
      } catch {
        parsed = null;
      }
      if (xhr.status >= 200 && xhr.status < 300) {
        onChanged?.();
        resolve(parsed as T);
      } else {
        if (xhr.status === 401) onUnauthorized?.();
        reject(new ApiError(xhr.status, (parsed as Problem | null) ?? { title: `HTTP ${xhr.status}` }));
      }
    };
    xhr.send(file);
  });
}

export const api = {
  setupNeeded: () => request<{ needed: boolean }>('GET', '/setup', { scoped: false }),
  setup: (body: { name: string; email: string; password: string; workspaceName: string }) =>
    request<Session>('POST', '/setup', { body, scoped: false, quiet401: true }),
  login: (body: { email: string; password: string }) =>
    request<Session>('POST', '/auth/login', { body, scoped: false, quiet401: true }),
  logout: () => request<void>('POST', '/auth/logout', { scoped: false, quiet401: true }),
  me: () => request<Session>('GET', '/me', { scoped: false, quiet401: true }),
  /** Ends every other session of the account. A wrong current password is a field error, not a 401. */
  changePassword: (body: { currentPassword: string; newPassword: string }) =>
    request<void>('POST', '/auth/password', { body, scoped: false }),
  requestPasswordReset: (email: string) =>
    request<{ message: string }>('POST', '/auth/password-reset', { body: { email }, scoped: false }),
  resetPassword: (body: { token: string; password: string }) =>
    request<void>('POST', '/auth/password-reset/confirm', { body, scoped: false, quiet401: true }),
  /** Invitations waiting for the signed-in user. */
  myInvitations: () =>
    request<{ invitations: ReceivedInvitation[] }>('GET', '/invitations', { scoped: false }),
  acceptInvitation: (id: string) =>
    request<InvitationAccepted>('POST', `/invitations/${encodeURIComponent(id)}/accept`, { scoped: false }),
  declineInvitation: (id: string) =>
    request<void>('POST', `/invitations/${encodeURIComponent(id)}/decline`, { scoped: false }),
  previewInvitation: (token: string) =>
    request<ReceivedInvitation>('POST', '/invitations/preview', {
      body: { token },
      scoped: false,
      quiet401: true,
    }),
  /** Accepts by the link's token; signs in as the invitee. */
  acceptInvitationByToken: (body: { token: string; name?: string; password?: string }) =>
    request<InvitationAccepted>('POST', '/invitations/accept', { body, scoped: false, quiet401: true }),
  /** The new workspace; `role` and `isDemo` may be left out (the creator is its owner). */
  createWorkspace: (name: string) =>
    request<Omit<WorkspaceSummary, 'role' | 'isDemo'> & Partial<Pick<WorkspaceSummary, 'role' | 'isDemo'>>>(
      'POST',
      '/workspaces',
      { body: { name }, scoped: false },
    ),

  /** Loads the demo workspace for the signed-in user (some seconds); the existing one when there is one. */
  loadDemo: () =>
    request<{ workspace: WorkspaceSummary; created: boolean }>('POST', '/demo', { scoped: false }),
  brands: () => request<{ brands: Brand[] }>('GET', '/brands'),
  updateBrand: (id: string, patch: Partial<Pick<Brand, 'name' | 'kind'>>) =>
    request<Brand>('PATCH', `/brands/${encodeURIComponent(id)}`, { body: patch }),
  taxonomy: () => request<{ stages: JourneyStage[] }>('GET', '/taxonomy'),
  feedback: (filters: FeedbackFilters, cursor?: string | null, limit = 50) =>
    request<FeedbackPage>('GET', '/feedback', { query: { ...filters, cursor, limit } }),
  feedbackCounts: (filters: FeedbackFilters) =>
    request<FeedbackCounts>('GET', '/feedback/counts', { query: { ...filters } }),
  feedbackItem: (id: string) => request<FeedbackDetail>('GET', `/feedback/${encodeURIComponent(id)}`),
  /** Sets the item's sentiment as the signed-in agent reads it; answers the item with its correction. */
  correctSentiment: (id: string, sentiment: SentimentLabel) =>
    request<FeedbackDetail>('PUT', `/feedback/${encodeURIComponent(id)}/correction`, { body: { sentiment } }),
  /** Withdraws the item's sentiment correction; the model's label shows again. */
  withdrawCorrection: (id: string) =>
    request<void>('DELETE', `/feedback/${encodeURIComponent(id)}/correction`),

  keys: () => request<{ keys: ApiKey[] }>('GET', '/keys'),
  createKey: (name: string, scopes: Scope[]) =>
    request<{ key: string; apiKey: ApiKey }>('POST', '/keys', { body: { name, scopes } }),
  revokeKey: (id: string) => request<void>('DELETE', `/keys/${encodeURIComponent(id)}`),

  members: () => request<{ members: Member[] }>('GET', '/members'),
  /** Invites an address; the same answer whether it has an account or not. */
  invite: (body: { email: string; role: Role }) => request<InvitationCreated>('POST', '/members', { body }),
  invitations: () => request<{ invitations: Invitation[] }>('GET', '/members/invitations'),
  revokeInvitation: (id: string) => request<void>('DELETE', `/members/invitations/${encodeURIComponent(id)}`),
  changeMemberRole: (userId: string, role: Role) =>
    request<void>('PATCH', `/members/${encodeURIComponent(userId)}`, { body: { role } }),
  removeMember: (userId: string) => request<void>('DELETE', `/members/${encodeURIComponent(userId)}`),

  /** The workspace's own sentiment models, newest first, and the thresholds for a first one. */
  models: () => request<ModelList>('GET', '/models'),
  /** Queues training (admins and owners); a worker stores the new version a few seconds later. */
  trainModel: () => request<{ queued: true; jobId: string }>('POST', '/models/train'),

  /** The inbox: cases by priority, highest first. `status` is active (open + waiting) by default. */
  cases: (filters: CaseFilters, cursor?: string | null, limit = 50) =>
    request<CasePage>('GET', '/cases', { query: { ...filters, cursor, limit } }),
  caseDetail: (id: string) => request<CaseDetail>('GET', `/cases/${encodeURIComponent(id)}`),
  /** Opens a case from an item by hand, or answers the case the item already belongs to. */
  openCase: (itemId: string) => request<CaseDetail>('POST', '/cases', { body: { itemId } }),
  updateCase: (id: string, patch: CasePatchInput) =>
    request<CaseDetail>('PATCH', `/cases/${encodeURIComponent(id)}`, { body: patch }),
  addCaseNote: (id: string, text: string) =>
    request<{ mentions: { id: string; name: string; email: string }[] }>(
      'POST',
      `/cases/${encodeURIComponent(id)}/notes`,
      { body: { text } },
    ),
  /** Writes a reply to the outbox: queued for a channel Touchpoint sends through, posted by hand otherwise. */
  reply: (id: string, body: ReplyInput) =>
    request<ReplyCreated>('POST', `/cases/${encodeURIComponent(id)}/replies`, { body }),
  /** A draft written by the configured language model (checked like the template), or the template and why. */
  writeDraft: (id: string) => request<WrittenDraft>('POST', `/cases/${encodeURIComponent(id)}/draft`),
  closeCase: (id: string, body: CloseInput) =>
    request<CaseDetail>('POST', `/cases/${encodeURIComponent(id)}/close`, { body }),
  teams: () => request<{ teams: Team[] }>('GET', '/teams'),
  createTeam: (body: TeamCreateInput) => request<Team>('POST', '/teams', { body }),
  updateTeam: (id: string, patch: TeamPatchInput) =>
    request<Team>('PATCH', `/teams/${encodeURIComponent(id)}`, { body: patch }),
  measures: (range: { from?: string; to?: string } = {}) =>
    request<Measures>('GET', '/measures', { query: range }),
  leaderboard: (range: { from?: string; to?: string } = {}) =>
    request<Leaderboard>('GET', '/leaderboard', { query: range }),

  policies: () => request<{ policies: Policy[] }>('GET', '/policies'),
  /** Replaces the workspace's policies (admins): matched by key, the rest deleted. */
  savePolicies: (body: PoliciesInput) => request<{ policies: Policy[] }>('PUT', '/policies', { body }),
  exceptionTypes: () => request<{ exceptionTypes: ExceptionType[] }>('GET', '/exception-types'),
  createExceptionType: (body: ExceptionTypeCreateInput) =>
    request<ExceptionType>('POST', '/exception-types', { body }),
  updateExceptionType: (id: string, patch: ExceptionTypePatchInput) =>
    request<ExceptionType>('PATCH', `/exception-types/${encodeURIComponent(id)}`, { body: patch }),
  /** The whole ledger with totals and recovery rates; filters by status, type or case. */
  exceptionLedger: (filters: { status?: ExceptionStatus; typeId?: string; caseId?: string } = {}) =>
    request<ExceptionLedger>('GET', '/exceptions', { query: filters }),
  /** Granted within the caller's limit, else pending for an admin. */
  grantException: (body: GrantInput) => request<ExceptionEntry>('POST', '/exceptions', { body }),
  decideException: (id: string, decision: 'approve' | 'reject', note?: string) =>
    request<ExceptionEntry>('POST', `/exceptions/${encodeURIComponent(id)}/${decision}`, {
      body: note ? { note } : {},
    }),

  /** Alerts, newest first; polled by the alerts page and the navigation's badge. */
  alerts: (filters: AlertFilters, cursor?: string | null, limit = 50) =>
    request<AlertPage>('GET', '/alerts', { query: { ...filters, cursor, limit } }),
  alert: (id: string) => request<AlertDetail>('GET', `/alerts/${encodeURIComponent(id)}`),
  /** The series of the alert's strongest finding, with its baseline band, for the chart. */
  alertSeries: (id: string, resolution: '5m' | '1h' | 'window' = '5m') =>
    request<AlertSeries>('GET', `/alerts/${encodeURIComponent(id)}/series`, { query: { resolution } }),
  /** Acknowledge, resolve or reopen (agents and up); the caller loads the alert again. */
  alertAction: (id: string, action: 'acknowledge' | 'resolve' | 'reopen') =>
    request<unknown>('POST', `/alerts/${encodeURIComponent(id)}/${action}`, { body: {} }),
  /** Hides the alert from notifications until `until` (ISO-8601); it stays on the list, marked. */
  snoozeAlert: (id: string, until: string) =>
    request<unknown>('POST', `/alerts/${encodeURIComponent(id)}/snooze`, { body: { until } }),
  /** The workspace's risky-item threshold and shared targets (admins). */
  alertSettings: () => request<AlertSettings>('GET', '/alerts/settings'),
  saveAlertSettings: (body: AlertSettingsInput) =>
    request<AlertSettings>('PUT', '/alerts/settings', { body }),
  /** The signed-in member's own notification preferences in this workspace. */
  notificationSettings: () => request<NotificationSettings>('GET', '/me/notification-settings'),
  saveNotificationSettings: (body: NotificationSettingsInput) =>
    request<NotificationSettings>('PUT', '/me/notification-settings', { body }),

  imports: () => request<{ imports: ImportJob[] }>('GET', '/imports'),
  importJob: (id: string) => request<ImportJob>('GET', `/imports/${encodeURIComponent(id)}`),
  createImport: (body: {
    filename: string;
    size?: number;
    brand?: string;
    ownBrand?: string;
    labels?: boolean;
    platform?: string;
    format?: string;
    map?: string;
    encoding?: string;
  }) => request<ImportJob>('POST', '/imports', { body }),

  /**
   * Streams a file to an import job. XHR rather than fetch because only XHR reports upload
   * progress; the request stays open until the server has read and ingested the whole file.
   */
  uploadImportFile: (id: string, file: Blob, onProgress: (p: UploadProgress) => void) =>
    uploadFile(`/imports/${encodeURIComponent(id)}/file`, file, onProgress),
};

/** A readable message for any error thrown by the client, with field errors when the server sent them. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) {
    const fields = error.problem.errors?.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)) ?? [];
    return [error.message, ...fields].join(' — ');
  }
  if (error instanceof Error) return error.message;
  return String(error);
}

// ---------- analytics pages (issue #13): journey heatmap, key drivers, competitor benchmark ----------

/** The period and filters every analytics endpoint takes, as the page's URL holds them. */
export interface AnalyticsQuery {
  preset?: string;
  from?: string;
  to?: string;
  brand?: string;
  platform?: string;
  channel?: string;
  language?: string;
  touchpoint?: string;
  stage?: string;
  /** A saved segment's id (issue #14). */
  segment?: string;
}

export const analyticsApi = {
  heatmap: (query: AnalyticsQuery) =>
    request<JourneyHeatmap>('GET', '/journey/heatmap', { query: { ...query } }),
  drivers: (query: AnalyticsQuery, target: DriverTarget) =>
    request<KeyDrivers>('GET', '/drivers', { query: { ...query, target } }),
  benchmark: (query: AnalyticsQuery) => request<Benchmark>('GET', '/benchmark', { query: { ...query } }),

  /**
   * The same data as CSV (`format=csv`), saved as a file. Fetched rather than linked: a session's
   * workspace travels in the X-Workspace header, which a plain link cannot send.
   */
  async downloadCsv(path: string, query: Query, filename: string): Promise<void> {
    const res = await fetch(withQuery(`${BASE}${path}`, { ...query, format: 'csv' }), {
      headers: { ...headersFor('GET', true), Accept: 'text/csv, application/problem+json' },
      credentials: 'same-origin',
    });
    if (!res.ok) {
      const problem = await problemOf(res);
      if (res.status === 401) onUnauthorized?.();
      throw new ApiError(res.status, problem);
    }
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement('a');
    a.href = url;
    a.download = filename;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 0);
  },
};

// ---------- analytics: the overview (issue #13) ----------

export const metricsApi = {
  /** Headline metrics, trends per bucket and movers for the period and filters (`GET /metrics`). */
  metrics: (query: AnalyticsQuery, bucket: MetricBucket) =>
    request<Metrics>('GET', '/metrics', { query: { ...query, bucket } }),
};

// ---------- customers (issue #14) ----------

/** GET /customers filters: a search (name prefix, e-mail, phone or handle), a lifecycle stage, a segment. */
export interface CustomerFilters {
  q?: string;
  lifecycle?: string;
  segment?: string;
}

const customerPath = (id: string, rest = '') => `/customers/${encodeURIComponent(id)}${rest}`;

/** Saves what `path` answers as a file (the session's workspace travels in a header a link cannot send). */
async function download(path: string, query: Query, filename: string, accept: string): Promise<void> {
  const res = await fetch(withQuery(`${BASE}${path}`, query), {
    headers: { ...headersFor('GET', true), Accept: `${accept}, application/problem+json` },
    credentials: 'same-origin',
  });
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401) onUnauthorized?.();
    throw new ApiError(res.status, problem);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

export const customersApi = {
  list: (filters: CustomerFilters, cursor?: string | null, limit = 50) =>
    request<CustomerListPage>('GET', '/customers', { query: { ...filters, cursor, limit } }),
  profile: (id: string) => request<CustomerProfile>('GET', customerPath(id)),
  update: (id: string, patch: CustomerPatch) =>
    request<CustomerProfile>('PATCH', customerPath(id), { body: patch }),
  addIdentity: (id: string, body: NewIdentity) =>
    request<unknown>('POST', customerPath(id, '/identities'), { body }),
  removeIdentity: (id: string, identityId: string) =>
    request<void>('DELETE', customerPath(id, `/identities/${encodeURIComponent(identityId)}`)),
  notes: (id: string, cursor?: string | null) =>
    request<CustomerNotes>('GET', customerPath(id, '/notes'), { query: { cursor } }),
  addNote: (id: string, text: string) =>
    request<CustomerNote>('POST', customerPath(id, '/notes'), { body: { text } }),
  timeline: (id: string, cursor?: string | null, limit = 30) =>
    request<TimelinePage>('GET', customerPath(id, '/timeline'), { query: { cursor, limit } }),
  sentiment: (id: string, bucket: 'month' | 'week' = 'month') =>
    request<CustomerSentiment>('GET', customerPath(id, '/sentiment'), { query: { bucket } }),
  /** Merges `otherId` INTO `id` (which keeps its id); undone by `undoMerge`. */
  merge: (id: string, otherId: string) =>
    request<CustomerMerge>('POST', customerPath(id, '/merge'), { body: { otherId } }),
  merges: (customerId?: string) =>
    request<CustomerMerges>('GET', '/customer-merges', { query: { customerId } }),
  undoMerge: (mergeId: string) =>
    request<unknown>('POST', `/customer-merges/${encodeURIComponent(mergeId)}/undo`),
  suggestions: (status: 'open' | 'merged' | 'rejected' = 'open', cursor?: string | null) =>
    request<MatchSuggestions>('GET', '/customer-suggestions', { query: { status, cursor } }),
  decideSuggestion: (id: string, decision: 'merge' | 'reject') =>
    request<MatchDecision>('POST', `/customer-suggestions/${encodeURIComponent(id)}/${decision}`),
  /** Everything about one customer as JSON (admins and owners), saved as a file. */
  exportJson: (id: string) =>
    download(customerPath(id, '/export'), {}, `customer-${id}.json`, 'application/json'),
  /** Erases the customer's personal data everywhere (admins and owners); aggregates stay. */
  erase: (id: string) => request<ErasureReport>('POST', customerPath(id, '/erase')),

  /** Dates coming up within `days` and recent notable events; one customer's with `customerId`. */
  moments: (days = 14, customerId?: string) =>
    request<MomentsAnswer>('GET', '/customers/moments', { query: { days, customerId } }),
  dismissMoment: (id: string) =>
    request<unknown>('POST', `/customers/moments/${encodeURIComponent(id)}/dismiss`),
  lifecycle: (stage: ListedStage, cursor?: string | null, limit = 50) =>
    request<LifecycleList>('GET', '/customers/lifecycle', { query: { stage, cursor, limit } }),
  lifecycleCounts: () => request<LifecycleCounts>('GET', '/customers/lifecycle/counts'),
  ambassadors: (cursor?: string | null, limit = 50) =>
    request<AmbassadorsAnswer>('GET', '/customers/ambassadors', { query: { cursor, limit } }),

  segments: () => request<{ segments: Segment[] }>('GET', '/segments'),
  createSegment: (body: { name: string; description?: string; rules: SegmentRulesInput }) =>
    request<Segment>('POST', '/segments', { body }),
  updateSegment: (id: string, body: { name?: string; description?: string; rules?: SegmentRulesInput }) =>
    request<Segment>('PATCH', `/segments/${encodeURIComponent(id)}`, { body }),
  deleteSegment: (id: string) => request<void>('DELETE', `/segments/${encodeURIComponent(id)}`),
  /** Customers clustered by the touchpoints they talk about, each with rules to save it as a segment. */
  segmentSuggestions: () => request<SegmentSuggestions>('GET', '/segments/suggestions'),

  imports: () => request<{ imports: CustomerImportJob[] }>('GET', '/customer-imports'),
  importJob: (id: string) => request<CustomerImportJob>('GET', `/customer-imports/${encodeURIComponent(id)}`),
  createImport: (body: CustomerImportInput) =>
    request<CustomerImportJob>('POST', '/customer-imports', { body }),
  uploadImportFile: (id: string, file: Blob, onProgress: (p: UploadProgress) => void) =>
    uploadFile<CustomerImportJob>(`/customer-imports/${encodeURIComponent(id)}/file`, file, onProgress),
};

// ---------- asking (issue #15): surveys, contact rules and the send log, review requests ----------

const surveyPath = (id: string, rest = '') => `/surveys/${encodeURIComponent(id)}${rest}`;

/** Who to ask: chosen customers, or every member of a saved segment. */
export type AskTarget = { customerIds: string[] } | { segmentId: string };

export const surveysApi = {
  list: () => request<{ surveys: Survey[] }>('GET', '/surveys'),
  get: (id: string) => request<Survey>('GET', surveyPath(id)),
  create: (body: SurveyInput) => request<Survey>('POST', '/surveys', { body }),
  update: (id: string, body: Partial<SurveyInput>) => request<Survey>('PATCH', surveyPath(id), { body }),
  /** Activates (answers are taken) or closes (no more answers) a survey. */
  setStatus: (id: string, status: 'active' | 'closed') =>
    request<Survey>('POST', surveyPath(id, '/status'), { body: { status } }),
  results: (id: string, query: { from?: string; to?: string } = {}) =>
    request<SurveyResults>('GET', surveyPath(id, '/results'), { query }),
  invitations: (id: string, cursor?: string | null, limit = 50) =>
    request<SurveyInvitationPage>('GET', surveyPath(id, '/invitations'), { query: { cursor, limit } }),
  invite: (id: string, target: AskTarget & { language?: string }) =>
    request<SurveyInviteResult>('POST', surveyPath(id, '/invitations'), { body: target }),
  /** The QR code of the public link as an SVG document (fetched: the workspace travels in a header). */
  async qrSvg(id: string, size = 240): Promise<string> {
    const res = await fetch(withQuery(`${BASE}${surveyPath(id, '/qr.svg')}`, { size }), {
      headers: { ...headersFor('GET', true), Accept: 'image/svg+xml, application/problem+json' },
      credentials: 'same-origin',
    });
    if (!res.ok) {
      const problem = await problemOf(res);
      if (res.status === 401) onUnauthorized?.();
      throw new ApiError(res.status, problem);
    }
    return res.text();
  },
};

export interface SendFilters {
  kind?: string;
  status?: string;
  reason?: string;
  customerId?: string;
}

export const outreachApi = {
  settings: () => request<ContactSettings>('GET', '/outreach/settings'),
  saveSettings: (body: ContactSettingsInput) =>
    request<ContactSettings>('PUT', '/outreach/settings', { body }),
  /** Asks of the last 30 days (or a period) counted by status and by reason. */
  summary: (query: { from?: string; to?: string } = {}) =>
    request<OutreachSummary>('GET', '/outreach/summary', { query }),
  sends: (filters: SendFilters, cursor?: string | null, limit = 50) =>
    request<ContactSendPage>('GET', '/outreach/sends', { query: { ...filters, cursor, limit } }),
  consent: (customerId: string) =>
    request<{ consents: ContactConsent[] }>('GET', customerPath(customerId, '/consent')),
  /** Records consent or an unsubscribe per channel (agents and up); the source is `agent` by default. */
  setConsent: (customerId: string, body: ContactConsentInput) =>
    request<{ consents: ContactConsent[] }>('PUT', customerPath(customerId, '/consent'), { body }),
};

export const reviewRequestsApi = {
  /** Every platform with its rule in one line, the policy it comes from, and the saved link. */
  platforms: () => request<{ platforms: ReviewPlatform[] }>('GET', '/review-requests/platforms'),
  savePlatform: (platform: string, body: { url: string; enabled?: boolean }) =>
    request<unknown>('PUT', `/review-requests/platforms/${encodeURIComponent(platform)}`, { body }),
  removePlatform: (platform: string) =>
    request<void>('DELETE', `/review-requests/platforms/${encodeURIComponent(platform)}`),
  list: (filters: { platform?: string; status?: string; customerId?: string }, cursor?: string | null) =>
    request<ReviewRequestPage>('GET', '/review-requests', { query: { ...filters, cursor } }),
  send: (body: AskTarget & { platform: string; kind: 'review' | 'referral'; touchpointKey?: string }) =>
    request<ReviewRequestResult>('POST', '/review-requests', { body }),
  confirm: (id: string) => request<unknown>('POST', `/review-requests/${encodeURIComponent(id)}/confirm`),
  summary: (query: { from?: string; to?: string } = {}) =>
    request<ReviewRequestSummary>('GET', '/review-requests/summary', { query }),
};
