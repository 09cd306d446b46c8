/**
 * One customer's history (issue #14): every item (with its versions), survey answer, case opened and
 * closed, reply, note and exception about them, newest first, keyset-paged by (at, key); and their
 * sentiment over time. `src/store/repos/customer-timeline.ts` implements the port on both dialects.
 */
import { AppError } from '../errors.js';

export const TIMELINE_KINDS = ['item', 'survey', 'case', 'reply', 'note', 'exception'] as const;
export type TimelineKind = (typeof TIMELINE_KINDS)[number];

/**
 * The sources of a timeline and the prefix of their entries' keys. A key is `prefix:rowId`; no prefix
 * is a prefix of another, so keys of different sources compare by their prefixes alone.
 */
export const TIMELINE_SOURCES = ['item', 'opened', 'closed', 'reply', 'note', 'exception'] as const;
export type TimelineSource = (typeof TIMELINE_SOURCES)[number];

export interface TimelineVersion {
  version: number;
  title: string | null;
  text: string;
  rating: number | null;
  score: { kind: string; value: number } | null;
  receivedAt: string;
}

interface EntryBase {
  /** Unique in the timeline: `item:ID`, `opened:ID`, `closed:ID`, `reply:ID`, `note:ID`, `exception:ID`. */
  key: string;
  at: string;
}

/** An item; `survey` when it came from a survey (channel `survey` or a score). */
export interface TimelineItemEntry extends EntryBase {
  kind: 'item' | 'survey';
  itemId: string;
  platform: string;
  channel: string;
  brandId: string;
  title: string | null;
  text: string;
  url: string | null;
  rating: number | null;
  score: { kind: string; value: number } | null;
  sentiment: string | null;
  language: string | null;
  authorName: string | null;
  authorHandle: string | null;
  /** The current version number; `versions` holds every one, oldest first. */
  version: number;
  versions: TimelineVersion[];
}

export interface TimelineCaseEntry extends EntryBase {
  kind: 'case';
  event: 'opened' | 'closed';
  caseId: string;
  itemId: string;
  status: string;
  /** Set on `closed`: resolved | recovered | lost (or null when closed without one). */
  outcome: string | null;
  priorityLabel: string;
  touchpoint: string | null;
}

export interface TimelineReplyEntry extends EntryBase {
  kind: 'reply';
  replyId: string;
  caseId: string;
  itemId: string;
  channelKind: string;
  status: string;
  text: string;
  sentAt: string | null;
}

export interface TimelineNoteEntry extends EntryBase {
  kind: 'note';
  noteId: string;
  authorId: string | null;
  text: string;
}

export interface TimelineExceptionEntry extends EntryBase {
  kind: 'exception';
  exceptionId: string;
  caseId: string | null;
  itemId: string | null;
  type: string;
  /** Minor units of `currency`. */
  amount: number;
  currency: string;
  status: string;
  reason: string;
}

export type TimelineEntry =
  TimelineItemEntry | TimelineCaseEntry | TimelineReplyEntry | TimelineNoteEntry | TimelineExceptionEntry;

/** Where a page starts: strictly older than (at, key). */
export interface TimelinePosition {
  at: string;
  key: string;
}

export interface SentimentBucket {
  /** 'YYYY-MM' (month), 'YYYY-MM-DD' (week: its Monday, UTC) or 'YYYY' (year). */
  bucket: string;
  positive: number;
  negative: number;
  neutral: number;
  /** Items not analysed (yet). */
  unknown: number;
}

export const SENTIMENT_BUCKETS = ['week', 'month', 'year'] as const;
export type SentimentBucketSize = (typeof SENTIMENT_BUCKETS)[number];

/** Most items the sentiment over time reads per customer: the newest, so a request stays bounded. */
export const SENTIMENT_ITEM_LIMIT = 10_000;

export interface TimelineRepo {
  /** The customer's workspace row: undefined when it is not in the workspace. */
  customer(
    workspaceId: string,
    customerId: string,
  ): Promise<{ id: string; mergedInto: string | null } | undefined>;
  /**
   * Up to `limit` entries strictly older than `before`, newest first (each source read by its
   * index, at most `limit` rows each, merged).
   */
  page(
    workspaceId: string,
    customerId: string,
    before: TimelinePosition | undefined,
    limit: number,
  ): Promise<TimelineEntry[]>;
  /** (posted_at, sentiment) of the customer's newest `limit` items. */
  sentiments(
    workspaceId: string,
    customerId: string,
    limit: number,
  ): Promise<{ postedAt: string; sentiment: string | null }[]>;
}

/** The key prefix and row id of an entry key. */
export function splitKey(key: string): { source: string; id: string } {
  const i = key.indexOf(':');
  return i < 0 ? { source: key, id: '' } : { source: key.slice(0, i), id: key.slice(i + 1) };
}

/**
 * The condition a source's rows must meet on the same `at` as the cursor: rows of the cursor's own
 * source with a smaller id; all rows of a source whose prefix sorts before the cursor's; none of one
 * after. `'all' | 'none' | { idBelow }`.
 */
export function sameInstantRule(
  source: TimelineSource,
  cursorKey: string,
): 'all' | 'none' | { idBelow: string } {
  const c = splitKey(cursorKey);
  if (c.source === source) return { idBelow: c.id };
  return `${source}:` < `${c.source}:` ? 'all' : 'none';
}

/** Newest first by (at, key). */
export function compareEntries(a: EntryBase, b: EntryBase): number {
  if (a.at !== b.at) return a.at < b.at ? 1 : -1;
  return a.key < b.key ? 1 : a.key > b.key ? -1 : 0;
}

export function encodeTimelineCursor(p: TimelinePosition): string {
  return Buffer.from(JSON.stringify([p.at, p.key])).toString('base64url');
}

export function decodeTimelineCursor(cursor: string | undefined): TimelinePosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(v) &&
      v.length === 2 &&
      typeof v[0] === 'string' &&
      typeof v[1] === 'string' &&
      !Number.isNaN(Date.parse(v[0])) &&
      (TIMELINE_SOURCES as readonly string[]).includes(splitKey(v[1]).source)
    ) {
      return { at: v[0], key: v[1] };
    }
  } catch {
    // falls through to the error below
  }
  throw new AppError('invalid_cursor', 'The cursor is not one this API returned.');
}

async function customerOrNotFound(repo: TimelineRepo, workspaceId: string, customerId: string) {
  const c = await repo.customer(workspaceId, customerId);
  if (!c) throw new AppError('not_found', 'No such customer in this workspace.');
  return c;
}

/**
 * A page of a customer's timeline: `limit` entries newest first and the cursor of the next page.
 * A merged customer's history moved to the survivor: `mergedInto` names it.
 */
export async function customerTimeline(
  repo: TimelineRepo,
  workspaceId: string,
  customerId: string,
  opts: { cursor?: string | undefined; limit: number },
): Promise<{ entries: TimelineEntry[]; nextCursor: string | null; mergedInto: string | null }> {
  const before = decodeTimelineCursor(opts.cursor);
  const customer = await customerOrNotFound(repo, workspaceId, customerId);
  const rows = await repo.page(workspaceId, customerId, before, opts.limit + 1);
  const entries = rows.slice(0, opts.limit);
  const last = entries[entries.length - 1];
  return {
    entries,
    nextCursor: rows.length > opts.limit && last ? encodeTimelineCursor(last) : null,
    mergedInto: customer.mergedInto,
  };
}

/** The bucket an ISO instant falls in (UTC). */
export function bucketOf(at: string, size: SentimentBucketSize): string {
  if (size === 'year') return at.slice(0, 4);
  if (size === 'month') return at.slice(0, 7);
  const d = new Date(`${at.slice(0, 10)}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); // back to Monday
  return d.toISOString().slice(0, 10);
}

/**
 * Positive, negative and neutral items per bucket, oldest first, from the customer's newest
 * `SENTIMENT_ITEM_LIMIT` items (bounded per customer; `truncated` says when older ones were left out).
 */
export async function customerSentiment(
  repo: TimelineRepo,
  workspaceId: string,
  customerId: string,
  size: SentimentBucketSize,
): Promise<{ bucket: SentimentBucketSize; buckets: SentimentBucket[]; truncated: boolean }> {
  await customerOrNotFound(repo, workspaceId, customerId);
  const rows = await repo.sentiments(workspaceId, customerId, SENTIMENT_ITEM_LIMIT + 1);
  const truncated = rows.length > SENTIMENT_ITEM_LIMIT;
  const byBucket = new Map<string, SentimentBucket>();
  for (const r of rows.slice(0, SENTIMENT_ITEM_LIMIT)) {
    const key = bucketOf(r.postedAt, size);
    let b = byBucket.get(key);
    if (!b) {
      b = { bucket: key, positive: 0, negative: 0, neutral: 0, unknown: 0 };
      byBucket.set(key, b);
    }
    if (r.sentiment === 'positive' || r.sentiment === 'negative' || r.sentiment === 'neutral')
      b[r.sentiment]++;
    else b.unknown++;
  }
  const buckets = [...byBucket.values()].sort((a, b) => (a.bucket < b.bucket ? -1 : 1));
  return { bucket: size, buckets, truncated };
}
