/**
 * Opening cases and joining items to them: the playbook after each ingest batch, and a person
 * opening one by hand. One open case per customer thread: a new item of the same customer (or the
 * same author handle on the same platform) about the same brand joins the open case.
 */
import { randomUUID } from 'node:crypto';
import type { AnalysisResult } from '../../analysis/types.js';
import type { IngestedItem } from '../feedback/ingest.js';
import type { Channel } from '../feedback/schema.js';
import { recoveredMoment } from '../customers/moments.js';
import type { NewCase, NewCaseEvent, NewMoment, Repos } from '../ports.js';
import type {
  Actor,
  Case,
  CaseOpener,
  FeedbackDetail,
  FeedbackWithAnalysis,
  PriorityLabel,
} from '../types.js';
import type { Clock } from './clock.js';
import { recoveryOf, type Said } from './outcome.js';
import { decide, DEFAULT_PLAYBOOK, type ItemFacts, type PlaybookDecision } from './playbook.js';
import { atLeast, explain, priorityOf, type PriorityInput } from './priority.js';
import { dueAt, effectivePolicies, policyFor, type SlaPolicy } from './sla.js';

const SYSTEM: Actor = { type: 'system', id: null };

/** What opening, joining and recovering look at in an item, from an ingest or from storage. */
export interface CaseSource {
  itemId: string;
  version: number;
  customerId: string | null;
  authorHandle: string | null;
  platform: string;
  channel: Channel;
  brandId: string;
  brandKind: 'own' | 'competitor';
  rating: number | null;
  nps: number | null;
  sentiment: { label: string; score: number } | null;
  urgency: number | null;
  intents: string[];
  touchpoints: { key: string; score: number }[];
  reach: number | null;
  postedAt: string;
}

const handleOf = (h: string | null | undefined) => (h ? h.replace(/^@/, '') : null);

function fromAnalysis(a: AnalysisResult | null) {
  return {
    sentiment: a ? { label: a.sentiment.label, score: a.sentiment.score } : null,
    urgency: a ? a.urgency.score : null,
    intents: a ? a.intents.map((i) => i.intent) : [],
    touchpoints: a ? a.touchpoints.map((t) => ({ key: t.key, score: t.sentiment.score })) : [],
  };
}

export function sourceOfIngested(i: IngestedItem): CaseSource {
  return {
    itemId: i.itemId,
    version: i.version,
    customerId: i.customerId,
    authorHandle: handleOf(i.input.author?.handle),
    platform: i.input.platform,
    channel: i.channel,
    brandId: i.brand.id,
    brandKind: i.brand.kind,
    rating: i.input.rating ?? null,
    nps: i.input.score?.kind === 'nps' ? i.input.score.value : null,
    reach: i.input.author?.reach ?? null,
    postedAt: new Date(i.input.postedAt).toISOString(),
    ...fromAnalysis(i.analysis),
  };
}

/** What the priority of an item reads. */
export function priorityInputOf(s: CaseSource): PriorityInput {
  return {
    sentiment: s.sentiment,
    rating: s.rating,
    nps: s.nps,
    intents: s.intents,
    channel: s.channel,
    reach: s.reach,
    postedAt: s.postedAt,
  };
}

export function sourceOfItem(i: FeedbackWithAnalysis): CaseSource {
  const a = fromAnalysis(i.analysis);
  return {
    itemId: i.id,
    version: i.version,
    customerId: i.customerId,
    authorHandle: handleOf(i.author.handle),
    platform: i.platform,
    channel: i.channel,
    brandId: i.brand.id,
    brandKind: i.brand.kind,
    rating: i.rating,
    nps: i.score?.kind === 'nps' ? i.score.value : null,
    reach: i.author.reach,
    postedAt: i.postedAt,
    ...a,
    // The item's label may be a person's correction: it wins over the model's.
    sentiment: i.sentiment ? { label: i.sentiment.label, score: i.sentiment.score } : a.sentiment,
  };
}

const factsOf = (s: CaseSource): ItemFacts => ({
  sentiment: s.sentiment?.label ?? null,
  urgency: s.urgency,
  channel: s.channel,
  intents: s.intents,
  rating: s.rating,
  nps: s.nps,
  touchpoints: s.touchpoints.map((t) => t.key),
  brandKind: s.brandKind,
});

const saidOf = (s: CaseSource): Said => ({
  rating: s.rating,
  nps: s.nps,
  sentimentLabel: s.sentiment?.label ?? null,
  sentimentScore: s.sentiment?.score ?? null,
});

/** Thread keys of an item or case: its customer, and its author handle on its platform, per brand. */
function threadKeys(x: {
  brandId: string;
  customerId: string | null;
  authorHandle: string | null;
  platform: string;
}): string[] {
  const keys: string[] = [];
  if (x.customerId) keys.push(`${x.brandId}\u0000c\u0000${x.customerId}`);
  if (x.authorHandle)
    keys.push(`${x.brandId}\u0000h\u0000${x.platform}\u0000${x.authorHandle.toLowerCase()}`);
  return keys;
}

/** The touchpoint a case is about: the most negative one the item mentions. */
function mainTouchpoint(s: CaseSource): string | null {
  const sorted = [...s.touchpoints].sort((a, b) => a.score - b.score);
  return sorted[0]?.key ?? null;
}

/** Everything a batch of openings needs from storage, read once per batch. */
interface Settings {
  policies: SlaPolicy[];
  owners: Map<string, string>;
}

async function settings(tx: Repos, workspaceId: string): Promise<Settings> {
  const [stored, owners] = await Promise.all([tx.sla.list(workspaceId), tx.teams.owners(workspaceId)]);
  return { policies: effectivePolicies(stored), owners };
}

/** A new case for an item (not yet stored; assignment happens per team afterwards). */
function newCase(
  s: CaseSource,
  opener: CaseOpener,
  d: Pick<PlaybookDecision, 'minPriority' | 'route'>,
  cfg: Settings,
  now: Date,
): NewCase {
  let priority = priorityOf(priorityInputOf(s), now);
  if (d.minPriority) {
    priority = atLeast(
      priority,
      d.minPriority,
      opener.type === 'playbook' ? `playbook: ${opener.rule}` : 'set by hand',
    );
  }
  const touchpointKey = mainTouchpoint(s);
  const teamId = d.route && touchpointKey ? (cfg.owners.get(touchpointKey) ?? null) : null;
  const policy = policyFor(cfg.policies, s.channel, priority.label);
  const at = now.toISOString();
  return {
    id: randomUUID(),
    itemId: s.itemId,
    customerId: s.customerId,
    authorHandle: s.authorHandle,
    platform: s.platform,
    channel: s.channel,
    brandId: s.brandId,
    touchpointKey,
    teamId,
    assigneeId: null,
    priority,
    openedBy: opener,
    openedAt: at,
    dueAt: policy ? dueAt(now, policy) : null,
    atOpen: {
      sentimentScore: s.sentiment?.score ?? null,
      sentimentLabel: s.sentiment?.label ?? null,
      rating: s.rating,
      nps: s.nps,
    },
    reach: s.reach,
  };
}

/** Assigns new cases round-robin within their teams (one call per team) and records the events. */
async function assignNew(
  tx: Repos,
  workspaceId: string,
  cases: NewCase[],
  at: string,
  events: NewCaseEvent[],
) {
  const byTeam = new Map<string, NewCase[]>();
  for (const c of cases) if (c.teamId) byTeam.set(c.teamId, [...(byTeam.get(c.teamId) ?? []), c]);
  for (const [teamId, list] of byTeam) {
    const users = await tx.teams.roundRobin(workspaceId, teamId, list.length);
    list.forEach((c, i) => {
      const u = users[i];
      if (!u) return;
      c.assigneeId = u;
      events.push({
        caseId: c.id,
        kind: 'assigned',
        actor: SYSTEM,
        body: { to: u, by: 'round_robin', teamId },
        at,
      });
    });
  }
}

function openedEvent(c: NewCase, actor: Actor): NewCaseEvent {
  return {
    caseId: c.id,
    kind: 'opened',
    actor,
    body: { itemId: c.itemId, openedBy: c.openedBy, priority: explain(c.priority), teamId: c.teamId },
    at: c.openedAt,
  };
}

/** What a batch did to cases. */
export interface PlaybookResult {
  opened: number;
  joined: number;
  recovered: number;
  /** Items left alone because they are history (posted long before they arrived). */
  history: number;
}

/**
 * Runs the workspace's playbook over the items an ingest batch created or changed, inside the
 * batch's transaction: items already in a case record a `version` event and may recover it; new
 * items of an open thread join its case; the rest open a case where a rule says so. A constant
 * number of queries per batch, whatever its size (plus one per team that gets cases).
 */
export async function applyPlaybook(
  tx: Repos,
  clock: Clock,
  batch: { workspaceId: string; items: readonly IngestedItem[] },
  options: PlaybookOptions = {},
): Promise<PlaybookResult> {
  return applyPlaybookTo(tx, clock, batch.workspaceId, batch.items.map(sourceOfIngested), options);
}

export interface PlaybookOptions {
  /**
   * Items posted more than this many days before the clock's now are history, not live: the
   * playbook neither opens a case for them nor joins them to an open one (default 14, the
   * `TOUCHPOINT_CASES_LIVE_DAYS` setting). Issue #13: a two-year import opened 344k cases that the
   * SLA sweep then marked breached and escalated, though nobody could still answer them in time.
   */
  liveDays?: number;
}

/** How many days back an arriving item still counts as live (see `PlaybookOptions.liveDays`). */
export const DEFAULT_LIVE_DAYS = 14;

/** Whether an item posted at `postedAt` is history at `now`: older than `liveDays` when it arrived. */
export function isHistory(postedAt: string, now: Date, liveDays = DEFAULT_LIVE_DAYS): boolean {
  return new Date(postedAt).getTime() < now.getTime() - liveDays * 86_400_000;
}

/** `applyPlaybook` for items read from storage, e.g. one whose analysis arrived late (`analysis.retry`). */
export async function applyPlaybookTo(
  tx: Repos,
  clock: Clock,
  workspaceId: string,
  sources: readonly CaseSource[],
  options: PlaybookOptions = {},
): Promise<PlaybookResult> {
  const result: PlaybookResult = { opened: 0, joined: 0, recovered: 0, history: 0 };
  if (sources.length === 0) return result;
  await tx.cases.lockThreads(workspaceId);
  const now = clock.now();
  const at = now.toISOString();
  const events: NewCaseEvent[] = [];
  const recovered = new Set<string>();
  const moments: NewMoment[] = [];

  const recover = async (c: Case, s: CaseSource, why: string) => {
    if (recovered.has(c.id) || c.outcome === 'recovered') return;
    recovered.add(c.id);
    moments.push(...recoveredMoment(c, at)); // issue #14: a recovered complaint is a moment of the customer
    result.recovered++;
    await tx.cases.update(workspaceId, c.id, {
      outcome: 'recovered',
      status: 'closed',
      closedAt: c.closedAt ?? at,
      updatedAt: at,
    });
    events.push({
      caseId: c.id,
      kind: 'outcome',
      actor: SYSTEM,
      body: { outcome: 'recovered', reason: why, itemId: s.itemId },
      at,
    });
  };

  // 1. New versions of items already in a case (an edited review): show them, and see whether the customer came back.
  const updated = sources.filter((s) => s.version > 1);
  const linked =
    updated.length > 0
      ? await tx.cases.forItems(
          workspaceId,
          updated.map((s) => s.itemId),
        )
      : [];
  const inCase = new Set(linked.map((l) => l.itemId));
  for (const { itemId, case: c } of linked) {
    const s = updated.find((u) => u.itemId === itemId);
    if (!s) continue;
    events.push({
      caseId: c.id,
      kind: 'version',
      actor: SYSTEM,
      body: { itemId, version: s.version, rating: s.rating, sentiment: s.sentiment?.label ?? null },
      at,
    });
    const why = recoveryOf(c.atOpen, saidOf(s));
    if (why) await recover(c, s, why);
  }

  // 2. The rest: join an open thread, or open a case where the playbook says so — unless it is history.
  const rest = sources.filter((s) => {
    if (inCase.has(s.itemId)) return false;
    if (!isHistory(s.postedAt, now, options.liveDays)) return true;
    result.history++;
    return false;
  });
  if (rest.length > 0) {
    const rules = (await tx.playbook.get(workspaceId)) ?? DEFAULT_PLAYBOOK;
    const decisions = rest.map((s) => decide(rules, factsOf(s)));
    const open = await tx.cases.openForThreads(workspaceId, {
      customerIds: rest.flatMap((s) => (s.customerId ? [s.customerId] : [])),
      handles: rest.flatMap((s) =>
        s.authorHandle ? [{ platform: s.platform, handle: s.authorHandle }] : [],
      ),
    });
    const threads = new Map<string, Case | NewCase>();
    for (const c of [...open].sort((a, b) => (a.openedAt < b.openedAt ? 1 : -1))) {
      for (const k of threadKeys(c)) threads.set(k, c); // the oldest open case of a thread wins
    }
    const fresh: NewCase[] = [];
    const joins: { caseId: string; itemId: string; at: string }[] = [];
    let cfg: Settings | undefined;
    for (const [i, s] of rest.entries()) {
      const keys = threadKeys(s);
      const c = keys.map((k) => threads.get(k)).find((x) => x !== undefined);
      if (c) {
        if (c.itemId === s.itemId) continue;
        joins.push({ caseId: c.id, itemId: s.itemId, at });
        events.push({ caseId: c.id, kind: 'joined', actor: SYSTEM, body: { itemId: s.itemId }, at });
        result.joined++;
        // An answer of the author counts like an edit: a clearly better one is a recovery.
        if ('workspaceId' in c) {
          const why = recoveryOf(c.atOpen, saidOf(s));
          if (why) await recover(c, s, why);
        }
        continue;
      }
      const d = decisions[i];
      if (!d?.rule) continue;
      cfg ??= await settings(tx, workspaceId);
      const nc = newCase(s, { type: 'playbook', rule: d.rule.name }, d, cfg, now);
      fresh.push(nc);
      for (const k of keys) threads.set(k, nc);
      if (d.notify) {
        events.push({
          caseId: nc.id,
          kind: 'notify',
          actor: SYSTEM,
          body: { to: d.notify, teamId: nc.teamId, rule: d.rule.name },
          at,
        });
      }
    }
    if (fresh.length > 0) {
      await assignNew(tx, workspaceId, fresh, at, events);
      await tx.cases.insertMany(workspaceId, fresh);
      events.unshift(...fresh.map((c) => openedEvent(c, SYSTEM)));
      result.opened += fresh.length;
    }
    if (joins.length > 0) await tx.cases.addItems(workspaceId, joins);
  }
  if (events.length > 0) await tx.cases.addEvents(workspaceId, events);
  if (moments.length > 0) await tx.customerProfiles.addMoments(workspaceId, moments, at);
  return result;
}

/**
 * Opens a case from an item by hand. When the item is already in an active case, or its thread
 * has one open, that case is returned (the item joins it) instead of a second one.
 */
export async function openCaseForItem(
  tx: Repos,
  clock: Clock,
  workspaceId: string,
  item: FeedbackDetail,
  actor: Actor,
  minPriority?: PriorityLabel,
): Promise<{ caseId: string; created: boolean }> {
  await tx.cases.lockThreads(workspaceId);
  const now = clock.now();
  const at = now.toISOString();
  const existing = (await tx.cases.forItems(workspaceId, [item.id])).find((l) => l.case.status !== 'closed');
  if (existing) return { caseId: existing.case.id, created: false };
  const s = sourceOfItem(item);
  const thread = (
    await tx.cases.openForThreads(workspaceId, {
      customerIds: s.customerId ? [s.customerId] : [],
      handles: s.authorHandle ? [{ platform: s.platform, handle: s.authorHandle }] : [],
    })
  ).find((c) => c.brandId === s.brandId);
  if (thread) {
    await tx.cases.addItems(workspaceId, [{ caseId: thread.id, itemId: s.itemId, at }]);
    await tx.cases.addEvents(workspaceId, [
      { caseId: thread.id, kind: 'joined', actor, body: { itemId: s.itemId }, at },
    ]);
    return { caseId: thread.id, created: false };
  }
  const cfg = await settings(tx, workspaceId);
  const opener: CaseOpener = { type: 'user', id: actor.type === 'user' ? actor.id : null };
  const nc = newCase(s, opener, { route: true, ...(minPriority ? { minPriority } : {}) }, cfg, now);
  const events: NewCaseEvent[] = [];
  await assignNew(tx, workspaceId, [nc], at, events);
  await tx.cases.insertMany(workspaceId, [nc]);
  await tx.cases.addEvents(workspaceId, [openedEvent(nc, actor), ...events]);
  return { caseId: nc.id, created: true };
}
