/**
 * Segments by needs (issue #14): saved rules over what customers express — the touchpoints they
 * care about, the intents they show — and their lifecycle stage, promoter flag, tags, language and
 * platforms. Membership is materialised in `segment_members` by the `segments.refresh` job: when a
 * segment is saved, and again at most hourly (`SEGMENT_REFRESH_MS`). Not incrementally at ingest: a
 * lifecycle stage changes with the clock alone (a regular turns `at_risk` without writing anything),
 * so a periodic evaluation is needed anyway, and it keeps ingest free of per-segment work.
 */
import { z } from 'zod';
import { AppError } from '../errors.js';
import type { Actor } from '../types.js';
import { CLUSTER_SAMPLE, suggestClusters, type ClusterAnswer, type TouchpointCount } from './clusters.js';
import { LIFECYCLE_STAGES, type LifecycleStage } from './lifecycle.js';

/** A segment is evaluated again when its members are older than this (the hourly housekeeping). */
export const SEGMENT_REFRESH_MS = 60 * 60 * 1000;
/** Most segments per workspace: each is one statement per refresh. */
export const MAX_SEGMENTS = 200;

const key = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,79}$/, 'must be a key of lowercase letters, digits, ".", "_" or "-"');

export const TOUCHPOINT_MODES = ['mentions', 'praises', 'criticises'] as const;
export type TouchpointMode = (typeof TOUCHPOINT_MODES)[number];

/**
 * The rules of a segment: a customer is a member when every rule given holds. Lists of touchpoints
 * and intents must all hold; lifecycle, tags, languages and platforms hold when any value matches.
 */
export const SegmentRulesSchema = z
  .object({
    /** Touchpoints they care about: mentioned (or praised, or criticised) at least `min` times. */
    touchpoints: z
      .array(
        z
          .object({
            key,
            mode: z.enum(TOUCHPOINT_MODES).default('mentions'),
            min: z.number().int().min(1).max(10_000).default(1),
          })
          .strict(),
      )
      .max(10)
      .default([]),
    /** Intents they show (complaint, refund, churn, …) at least `min` times. */
    intents: z
      .array(z.object({ intent: key, min: z.number().int().min(1).max(10_000).default(1) }).strict())
      .max(10)
      .default([]),
    lifecycle: z.array(z.enum(LIFECYCLE_STAGES)).max(LIFECYCLE_STAGES.length).default([]),
    /** true: promoters only; false: everyone but promoters. */
    promoter: z.boolean().optional(),
    tags: z.array(z.string().trim().min(1).max(100)).max(20).default([]),
    languages: z.array(z.string().trim().toLowerCase().min(2).max(20)).max(20).default([]),
    /**
     * Where they reach us: an identity on the platform (a handle or marketplace id: `twitter`,
     * `amazon`, …), or `email` / `phone` for an e-mail address or phone number.
     */
    platforms: z.array(key).max(20).default([]),
  })
  .strict();

export type SegmentRules = z.output<typeof SegmentRulesSchema>;
export type SegmentRulesInput = z.input<typeof SegmentRulesSchema>;

export const SegmentInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    description: z.string().trim().max(1_000).default(''),
    rules: SegmentRulesSchema,
  })
  .strict();
export const SegmentPatchSchema = z
  .object({
    name: z.string().trim().min(1).max(120).optional(),
    description: z.string().trim().max(1_000).optional(),
    rules: SegmentRulesSchema.optional(),
  })
  .strict();

export interface Segment {
  id: string;
  workspaceId: string;
  name: string;
  description: string;
  rules: SegmentRules;
  /** Members at the last evaluation. */
  size: number;
  /** When the members were last evaluated; null while the first evaluation is pending. */
  computedAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface SegmentRepo {
  create(input: {
    workspaceId: string;
    name: string;
    description: string;
    rules: SegmentRules;
    createdBy: string | null;
    now: string;
  }): Promise<Segment>;
  get(workspaceId: string, id: string): Promise<Segment | undefined>;
  list(workspaceId: string): Promise<Segment[]>;
  count(workspaceId: string): Promise<number>;
  update(
    workspaceId: string,
    id: string,
    patch: { name?: string; description?: string; rules?: SegmentRules },
    now: string,
  ): Promise<Segment | undefined>;
  delete(workspaceId: string, id: string): Promise<boolean>;
  /**
   * Evaluates the rules against the customers as stored at `now` and replaces the members, in one
   * transaction (a delete and one INSERT … SELECT). Returns the new size, undefined when gone.
   */
  refresh(workspaceId: string, id: string, now: string): Promise<number | undefined>;
  /** Refreshes the planner's statistics of the members (after a refresh changed many rows). */
  analyze(): Promise<void>;
  /** Segments (of every workspace) evaluated before `before` or never, oldest first. */
  stale(before: string, limit: number): Promise<{ workspaceId: string; id: string }[]>;
  /**
   * The touchpoint counts (customer_stats.touchpoint_counts) of up to `limit` customers taken in id order
   * from `start` (wrapping around to the first ids): a bounded sample for the suggested clusters.
   */
  touchpointSample(workspaceId: string, start: string, limit: number): Promise<TouchpointCount[]>;
  /** A keyset page of member customer ids (ascending), after `after`. */
  members(workspaceId: string, id: string, after: string | undefined, limit: number): Promise<string[]>;
}

/** What the segment commands need: the repository, the clock's now, and the job that evaluates a segment. */
export interface SegmentDeps {
  segments: SegmentRepo;
  now: () => string;
  /** Queues the evaluation of a segment (the `segments.refresh` job). */
  schedule: (workspaceId: string, segmentId: string) => Promise<void>;
}

async function segmentOrNotFound(repo: SegmentRepo, workspaceId: string, id: string): Promise<Segment> {
  const s = await repo.get(workspaceId, id);
  if (!s) throw new AppError('not_found', 'No such segment in this workspace.');
  return s;
}

export const getSegment = segmentOrNotFound;

/** Saves a segment and queues its first evaluation; its size reads 0 with `computedAt` null until then. */
export async function createSegment(
  deps: SegmentDeps,
  workspaceId: string,
  actor: Actor,
  input: z.output<typeof SegmentInputSchema>,
): Promise<Segment> {
  if ((await deps.segments.count(workspaceId)) >= MAX_SEGMENTS) {
    throw new AppError('conflict', `A workspace keeps at most ${MAX_SEGMENTS} segments.`);
  }
  const s = await deps.segments.create({
    workspaceId,
    ...input,
    createdBy: actor.type === 'user' ? actor.id : null,
    now: deps.now(),
  });
  await deps.schedule(workspaceId, s.id);
  return s;
}

/** Changes a segment; new rules queue a new evaluation. */
export async function updateSegment(
  deps: SegmentDeps,
  workspaceId: string,
  id: string,
  patch: z.output<typeof SegmentPatchSchema>,
): Promise<Segment> {
  await segmentOrNotFound(deps.segments, workspaceId, id);
  const clean = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
  const s = await deps.segments.update(workspaceId, id, clean, deps.now());
  if (!s) throw new AppError('not_found', 'No such segment in this workspace.');
  if (patch.rules) await deps.schedule(workspaceId, id);
  return s;
}

export async function deleteSegment(deps: SegmentDeps, workspaceId: string, id: string): Promise<void> {
  if (!(await deps.segments.delete(workspaceId, id))) {
    throw new AppError('not_found', 'No such segment in this workspace.');
  }
}

/**
 * The segment of a `segment=ID` filter: its id when it is in the workspace, else 404 (another
 * workspace's segment reads like none).
 */
export async function segmentFilter(
  repo: SegmentRepo,
  workspaceId: string,
  id: string | undefined,
): Promise<string | undefined> {
  if (id === undefined) return undefined;
  return (await segmentOrNotFound(repo, workspaceId, id)).id;
}

/** A short description of the rules, for lists and logs: "criticises parking ≥ 2 · at risk · promoters". */
export function describeRules(r: SegmentRules): string {
  const parts: string[] = [];
  for (const t of r.touchpoints) parts.push(`${t.mode} ${t.key}${t.min > 1 ? ` ≥ ${t.min}` : ''}`);
  for (const i of r.intents) parts.push(`${i.intent}${i.min > 1 ? ` ≥ ${i.min}` : ''}`);
  if (r.lifecycle.length)
    parts.push(r.lifecycle.map((s: LifecycleStage) => s.replace('_', ' ')).join(' or '));
  if (r.promoter !== undefined) parts.push(r.promoter ? 'promoters' : 'not promoters');
  if (r.tags.length) parts.push(`tagged ${r.tags.join(' or ')}`);
  if (r.languages.length) parts.push(`language ${r.languages.join(' or ')}`);
  if (r.platforms.length) parts.push(`on ${r.platforms.join(' or ')}`);
  return parts.length ? parts.join(' · ') : 'every customer';
}

/**
 * Evaluates segments: the one named (after it was saved), or every segment not evaluated within
 * `SEGMENT_REFRESH_MS` (the hourly housekeeping), oldest first, stopping when `signal` aborts.
 */
export async function refreshSegments(
  repo: SegmentRepo,
  now: string,
  ref: { workspaceId?: string | undefined; segmentId?: string | undefined },
  signal?: AbortSignal,
): Promise<{ refreshed: number; members: number }> {
  if (ref.workspaceId !== undefined && ref.segmentId !== undefined) {
    const size = await repo.refresh(ref.workspaceId, ref.segmentId, now);
    await repo.analyze();
    return { refreshed: size === undefined ? 0 : 1, members: size ?? 0 };
  }
  const before = new Date(Date.parse(now) - SEGMENT_REFRESH_MS).toISOString();
  let refreshed = 0;
  let members = 0;
  for (const s of await repo.stale(before, MAX_SEGMENTS)) {
    if (signal?.aborted) break;
    const size = await repo.refresh(s.workspaceId, s.id, now);
    if (size !== undefined) {
      refreshed++;
      members += size;
    }
  }
  if (refreshed > 0) await repo.analyze();
  return { refreshed, members };
}

/**
 * Suggested segments: customers clustered by the touchpoints they talk about, from a sample of at
 * most `CLUSTER_SAMPLE × 2` customers read from a random place in the id order (`start`).
 */
export async function segmentSuggestions(
  deps: { segments: SegmentRepo; touchpointNames: (workspaceId: string) => Promise<Map<string, string>> },
  workspaceId: string,
  start: string,
): Promise<ClusterAnswer> {
  const rows = await deps.segments.touchpointSample(workspaceId, start, CLUSTER_SAMPLE * 2);
  // Keep the first CLUSTER_SAMPLE customers that have touchpoints.
  const keep = new Set<string>();
  for (const r of rows) if (keep.size < CLUSTER_SAMPLE || keep.has(r.customerId)) keep.add(r.customerId);
  return suggestClusters(
    rows.filter((r) => keep.has(r.customerId)),
    await deps.touchpointNames(workspaceId),
  );
}
