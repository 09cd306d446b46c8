/**
 * Scheduling asks (issue #15): every survey invitation, review request and referral goes through
 * `scheduleAsks`, which applies the contact rules across kinds, writes the send log and queues the
 * `outreach.send` job. A's `createInvitations` and D's `requestReviews` / event triggers call it.
 */
import type { Clock } from '../cases/clock.js';
import type { Actor } from '../types.js';
import type { Repos } from '../ports.js';
import type { NewContactSend } from './ports.js';
import { decideAsk, type AskFacts, type AskKind, type SendReason } from './rules.js';

/** What scheduling and sending asks need. The runtime builds it (`runtime.outreachDeps`). */
export interface OutreachDeps {
  store: Repos & { transaction<T>(fn: (tx: Repos) => Promise<T>): Promise<T> };
  clock: Clock;
  /** Queues the `outreach.send` job for these sends (one workspace) after `delaySeconds`. */
  enqueueSends(workspaceId: string, sendIds: string[], delaySeconds: number): Promise<void>;
}

/** One ask of one customer: an invitation (`survey`) or a request (`review_request`, `referral`). */
export interface Ask {
  kind: AskKind;
  /** The invitation or request id: its row takes the outcome (`suppressed` + reason) too. */
  refId: string;
  customerId: string;
  /** Not sent before this (an event's time + the trigger's delay); null/undefined: now. */
  notBefore?: string | null | undefined;
}

export interface ScheduledAsk {
  refId: string;
  sendId: string;
  status: 'scheduled' | 'suppressed';
  reason: SendReason | null;
  sendAfter: string;
}

export interface ScheduleResult {
  scheduled: number;
  suppressed: number;
  /** Suppressions by reason. */
  reasons: Partial<Record<SendReason, number>>;
  asks: ScheduledAsk[];
}

/** Asks written per transaction: 500 customers' facts are five queries. */
const PAGE = 500;
/** Sends per `outreach.send` job. */
export const SENDS_PER_JOB = 100;

/**
 * Decides each ask with the contact rules (facts read per page of 500 customers, never per
 * customer), writes the send log (`scheduled`, or `suppressed` with the reason; a suppressed ask's
 * own row gets the same status and reason) and queues `outreach.send` jobs at each send time (quiet
 * hours move it, see `decideAsk`). Asks of one call are capped against each other too: the first ask
 * of a customer wins, the others are `frequency_cap`. `reason` says why they were asked (a manual
 * invitation, an event type), for the audit log.
 *
 * @example
 * await scheduleAsks(runtime.outreachDeps, ws, invitations.map((i) => ({
 *   kind: 'survey', refId: i.id, customerId: i.customerId, notBefore: i.sendAfter,
 * })), 'manual');
 */
export async function scheduleAsks(
  deps: OutreachDeps,
  workspaceId: string,
  asks: readonly Ask[],
  reason: string,
  actor: Actor = { type: 'system', id: null },
): Promise<ScheduleResult> {
  const result: ScheduleResult = { scheduled: 0, suppressed: 0, reasons: {}, asks: [] };
  if (asks.length === 0) return result;
  const settings = await deps.store.outreach.settings(workspaceId);
  const now = deps.clock.now();
  const nowIso = now.toISOString();
  // Facts carried between pages, so a customer asked twice in one call is capped on the second.
  const known = new Map<string, AskFacts>();
  const jobs = new Map<string, string[]>();
  for (let i = 0; i < asks.length; i += PAGE) {
    const page = asks.slice(i, i + PAGE);
    // A customer merged into another is asked as the survivor (its identities moved there; the
    // survivor's facts include the merged records' consent and asks).
    const survivors = await deps.store.outreach.survivors(
      workspaceId,
      page.map((a) => a.customerId),
    );
    const survivor = (id: string) => survivors.get(id) ?? id;
    const fresh = [...new Set(page.map((a) => survivor(a.customerId)))].filter((id) => !known.has(id));
    if (fresh.length > 0) {
      const facts = await deps.store.outreach.facts(workspaceId, fresh, 'email', { includeScheduled: true });
      for (const [id, f] of facts) known.set(id, f);
    }
    const rows: NewContactSend[] = page.map((asked) => {
      const a = { ...asked, customerId: survivor(asked.customerId) };
      const f = known.get(a.customerId) ?? {
        lastAskAt: null,
        openCases: 0,
        consent: null,
        hasAddress: false,
        erased: true,
      };
      const d = decideAsk(settings, f, now, a.notBefore, a.kind);
      if (d.ok) {
        f.lastAskAt = d.sendAt;
        return {
          kind: a.kind,
          refId: a.refId,
          customerId: a.customerId,
          status: 'scheduled',
          reason: null,
          sendAfter: d.sendAt,
        };
      }
      return {
        kind: a.kind,
        refId: a.refId,
        customerId: a.customerId,
        status: 'suppressed',
        reason: d.reason,
        sendAfter: a.notBefore && a.notBefore > nowIso ? a.notBefore : nowIso,
      };
    });
    const written = await deps.store.transaction(async (tx) => {
      const sends = await tx.outreach.insertSends(workspaceId, rows, nowIso);
      const byKind = new Map<AskKind, { refId: string; status: 'suppressed'; reason: string }[]>();
      for (const s of sends) {
        if (s.status !== 'suppressed') continue;
        const list = byKind.get(s.kind) ?? [];
        list.push({ refId: s.refId, status: 'suppressed', reason: s.reason ?? 'suppressed' });
        byKind.set(s.kind, list);
      }
      for (const [kind, updates] of byKind) await tx.outreach.markRefs(workspaceId, kind, updates, nowIso);
      return sends;
    });
    for (const s of written) {
      result.asks.push({
        refId: s.refId,
        sendId: s.id,
        status: s.status === 'suppressed' ? 'suppressed' : 'scheduled',
        reason: s.reason,
        sendAfter: s.sendAfter,
      });
      if (s.status === 'suppressed') {
        result.suppressed++;
        if (s.reason) result.reasons[s.reason] = (result.reasons[s.reason] ?? 0) + 1;
      } else {
        result.scheduled++;
        const ids = jobs.get(s.sendAfter) ?? [];
        ids.push(s.id);
        jobs.set(s.sendAfter, ids);
      }
    }
  }
  // One job per send time and 100 sends: quiet hours gather most of a batch on one morning.
  for (const [sendAfter, ids] of jobs) {
    const delay = Math.max(0, Math.ceil((Date.parse(sendAfter) - now.getTime()) / 1000));
    for (let i = 0; i < ids.length; i += SENDS_PER_JOB) {
      await deps.enqueueSends(workspaceId, ids.slice(i, i + SENDS_PER_JOB), delay);
    }
  }
  await deps.store.audit.record({
    workspaceId,
    actor,
    action: 'outreach.scheduled',
    data: {
      reason,
      kinds: [...new Set(asks.map((a) => a.kind))],
      scheduled: result.scheduled,
      suppressed: result.suppressed,
      reasons: result.reasons,
    },
  });
  return result;
}
