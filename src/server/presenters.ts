/** The wire format of domain entities. Never return a database row or a domain object with internals as is. */
import { SENTIMENT_LABELS, type SentimentLabel } from '../analysis/types.js';
import type { ChannelKind } from '../channels/types.js';
import { explain, waitingPhrase } from '../core/cases/priority.js';
import type { ItemCorrections } from '../core/feedback/correct.js';
import type { Store } from '../core/ports.js';
import type {
  Case,
  CaseEvent,
  Reply,
  FeedbackDetail,
  FeedbackItem,
  ImportJob,
  Membership,
  User,
  Workspace,
  ApiKey,
} from '../core/types.js';

function presentCorrections(c: ItemCorrections) {
  const s = c.sentiment;
  return {
    sentiment: s && { label: s.value, version: s.version, createdBy: s.createdBy, createdAt: s.createdAt },
  };
}

export function presentFeedback(i: FeedbackItem & { corrections: ItemCorrections }) {
  const { workspaceId: _w, corrections, ...rest } = i;
  return { ...rest, corrections: presentCorrections(corrections) };
}

export function presentFeedbackDetail(i: FeedbackDetail & { corrections: ItemCorrections }) {
  const { workspaceId: _w, corrections, ...rest } = i;
  return { ...rest, corrections: presentCorrections(corrections) };
}

export const presentUser = (u: User) => ({ id: u.id, email: u.email, name: u.name });

export const presentWorkspace = (w: Workspace, role?: Membership['role']) => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  isDemo: w.isDemo,
  ...(role ? { role } : {}),
});

export const presentApiKey = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

export const presentImport = (j: ImportJob) => {
  const { workspaceId: _w, ...rest } = j;
  return rest;
};

/** The first-response SLA of a case as of `now`: `warning` in the last quarter of its time. */
export function caseSla(c: Case, now: Date) {
  if (c.dueAt === null)
    return { dueAt: null, breachedAt: c.breachedAt, state: 'none' as const, minutesLeft: null };
  const due = new Date(c.dueAt).getTime();
  const left = Math.round((due - now.getTime()) / 60_000);
  const base = { dueAt: c.dueAt, breachedAt: c.breachedAt };
  if (c.firstResponseAt !== null) {
    const met = c.firstResponseAt <= c.dueAt && c.breachedAt === null;
    return { ...base, state: met ? ('met' as const) : ('breached' as const), minutesLeft: null };
  }
  if (c.breachedAt !== null || left <= 0)
    return { ...base, state: 'breached' as const, minutesLeft: Math.min(0, left) };
  const total = (due - new Date(c.openedAt).getTime()) / 60_000;
  return { ...base, state: left <= total / 4 ? ('warning' as const) : ('ok' as const), minutesLeft: left };
}

export type CasePreview = Awaited<ReturnType<Store['cases']['previews']>>[number];

/** A case in the inbox: its priority explained (waiting time as of now), its SLA, and its item. */
export function presentCase(c: Case, preview: CasePreview | undefined, now: Date) {
  const waitingMinutes =
    preview && c.firstResponseAt === null && c.status !== 'closed'
      ? Math.max(0, Math.round((now.getTime() - new Date(preview.postedAt).getTime()) / 60_000))
      : null;
  const reasons = c.priority.reasons.filter((r) => !r.startsWith('waiting ') && r !== 'just posted');
  const live = waitingMinutes === null ? undefined : waitingPhrase(waitingMinutes);
  if (live) reasons.push(live);
  else if (waitingMinutes !== null && waitingMinutes < 60) reasons.push('just posted');
  const priority = { ...c.priority, reasons, explanation: explain({ label: c.priority.label, reasons }) };
  return {
    id: c.id,
    status: c.status,
    outcome: c.outcome,
    priority,
    sla: caseSla(c, now),
    waitingMinutes,
    openedBy: c.openedBy,
    openedAt: c.openedAt,
    firstResponseAt: c.firstResponseAt,
    escalatedAt: c.escalatedAt,
    closedAt: c.closedAt,
    updatedAt: c.updatedAt,
    platform: c.platform,
    channel: c.channel,
    brandId: c.brandId,
    touchpointKey: c.touchpointKey,
    teamId: c.teamId,
    assigneeId: c.assigneeId,
    customerId: c.customerId,
    authorHandle: c.authorHandle,
    item: preview
      ? {
          ...preview,
          sentiment: (SENTIMENT_LABELS as readonly string[]).includes(preview.sentiment ?? '')
            ? (preview.sentiment as SentimentLabel)
            : null,
        }
      : null,
  };
}

export const presentCaseEvent = (e: CaseEvent) => {
  const { caseId: _c, ...rest } = e;
  return rest;
};

export const presentReply = (r: Reply) => {
  const { updatedAt: _u, ...rest } = r;
  return { ...rest, channel: rest.channel as ChannelKind };
};

/**
 * The display names of the customers a page of rows points at (one query), so lists of asks show
 * who was asked: `names.get(row.customerId)`.
 */
export async function customerNames(
  store: Store,
  workspaceId: string,
  rows: readonly { customerId: string | null }[],
): Promise<Map<string, string | null>> {
  const ids = [...new Set(rows.flatMap((r) => (r.customerId === null ? [] : [r.customerId])))];
  if (ids.length === 0) return new Map();
  return new Map(
    (await store.customers.getMany(workspaceId, ids)).map((x) => [x.id, x.displayName ?? x.name]),
  );
}
