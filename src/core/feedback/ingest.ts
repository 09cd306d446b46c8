import { createHash } from 'node:crypto';
import { searchText } from '../../analysis/index.js';
import type { AnalysisResult, Analyzer, SentimentModel, TaxonomyTouchpoint } from '../../analysis/types.js';
import { loadWorkspaceModel } from '../models/workspace-model.js';
import { describeIssues, fieldIssues } from '../errors.js';
import type { NewItemVersion, Repos, Store, StoredIdentity } from '../ports.js';
import { identitiesOfItem, mentionedHandles } from '../customers/identity.js';
import type { Actor, Brand } from '../types.js';
import { channelOf, parseFeedbackInput, type Channel, type FeedbackInput } from './schema.js';

export type IngestStatus = 'created' | 'updated' | 'unchanged' | 'rejected';

export interface IngestResult {
  index: number;
  externalId: string | null;
  status: IngestStatus;
  itemId?: string;
  version?: number;
  /** Why the item was rejected, naming the field: `rating: must be ≤ 5`. */
  reason?: string;
}

export interface IngestSummary {
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
}

/** An item a batch created or changed, as the hooks after the write see it. */
export interface IngestedItem {
  itemId: string;
  version: number;
  status: 'created' | 'updated';
  input: FeedbackInput;
  brand: Brand;
  channel: Channel;
  customerId: string | null;
  analysis: AnalysisResult | null;
}

export interface IngestDeps {
  store: Store;
  analyzer: Analyzer;
  /** Called with the ids of items stored without analysis, so a durable job retries them. */
  onPendingAnalysis?: (items: { workspaceId: string; id: string }[]) => Promise<void>;
  /**
   * Runs in each batch's transaction after its items are written, with the items created or
   * changed (in input order): the case playbook hooks in here (issue #4), so no stored item misses it.
   */
  afterWrite?: (tx: Repos, batch: IngestedBatch) => Promise<void>;
  /** ISO 3166 region national phone numbers are read in (e.g. 'DE'); without it only +… numbers link. */
  phoneRegion?: string | undefined;
}

/** What `afterWrite` is given: the batch's items, and a way to act once its transaction has committed. */
export interface IngestedBatch {
  workspaceId: string;
  items: IngestedItem[];
  /**
   * Runs `fn` after the batch's transaction has committed (never when it rolls back): work that
   * reads the batch's rows from another connection (the live alert detector) must not start before.
   */
  afterCommit: (fn: () => void) => void;
}

/** Per-workspace facts an ingest needs; reused across the batches of one import. */
export interface IngestCache {
  taxonomy?: TaxonomyTouchpoint[];
  /** The workspace's own sentiment model; null when it has none. */
  model?: SentimentModel | null;
  brands: Map<string, Brand>;
  defaultBrand?: Brand;
  /** The brand the user said is theirs (`--own-brand`): other brands new to the workspace are competitors. */
  ownBrand?: string;
  /** Log the customer profiles' facts for a later `settle` (a bulk import: `importRows`' `settleEvery`). */
  deferProfiles?: boolean;
}

export const newIngestCache = (): IngestCache => ({ brands: new Map() });

/** What decides "unchanged": an edit of the title, text, rating or score makes a new version. */
export function contentHash(input: FeedbackInput): string {
  return createHash('sha256')
    .update(JSON.stringify([input.title ?? null, input.text, input.rating ?? null, input.score ?? null]))
    .digest('hex');
}

export function summarize(results: readonly IngestResult[]): IngestSummary {
  const s = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const r of results) s[r.status]++;
  return s;
}

async function brandFor(
  tx: Repos,
  workspaceId: string,
  name: string | undefined,
  cache: IngestCache,
): Promise<Brand> {
  if (name === undefined) {
    if (!cache.defaultBrand) {
      const workspace = await tx.workspaces.get(workspaceId);
      cache.defaultBrand =
        (await tx.brands.defaultBrand(workspaceId)) ??
        (await tx.brands.ensure(workspaceId, workspace?.name ?? 'Default', 'own'));
    }
    return cache.defaultBrand;
  }
  const key = name.toLowerCase();
  let brand = cache.brands.get(key);
  if (!brand) {
    const kind = cache.ownBrand === undefined || key === cache.ownBrand.toLowerCase() ? 'own' : 'competitor';
    brand = await tx.brands.ensure(workspaceId, name, kind);
    cache.brands.set(key, brand);
  }
  return brand;
}

/**
 * Stores a batch of feedback items in one workspace: validates each, analyses new and changed ones,
 * and writes items, versions, analyses and the search index in one transaction. Idempotent on
 * (workspace, platform, externalId); returns one result per input, in order.
 */
export async function ingestFeedback(
  deps: IngestDeps,
  ctx: { workspaceId: string; actor: Actor; cache?: IngestCache },
  inputs: readonly unknown[],
): Promise<IngestResult[]> {
  const { store, analyzer } = deps;
  const { workspaceId } = ctx;
  const cache = ctx.cache ?? newIngestCache();
  const results: IngestResult[] = new Array<IngestResult>(inputs.length);
  const valid: { index: number; input: FeedbackInput }[] = [];

  inputs.forEach((raw, index) => {
    const parsed = parseFeedbackInput(raw);
    if (parsed.success) {
      valid.push({ index, input: parsed.data });
    } else {
      const externalId =
        typeof raw === 'object' && raw !== null && 'externalId' in raw ? String(raw.externalId) : null;
      results[index] = {
        index,
        externalId,
        status: 'rejected',
        reason: describeIssues(fieldIssues(parsed.error.issues)),
      };
    }
  });

  if (cache.taxonomy === undefined) {
    const stages = await store.taxonomy.stages(workspaceId);
    cache.taxonomy = stages.flatMap((s) =>
      s.touchpoints.map((t) => ({ key: t.key, name: t.name, examples: t.examples })),
    );
  }
  const taxonomy = cache.taxonomy;
  if (cache.model === undefined) cache.model = (await loadWorkspaceModel(store, workspaceId)) ?? null;
  const context = cache.model ? { taxonomy, sentimentModel: cache.model } : { taxonomy };
  const pending: { workspaceId: string; id: string }[] = [];
  const written: { index: number; item: IngestedItem }[] = [];
  const wrote = (index: number, id: string, version: number, item: NewItemVersion, brand: Brand) => {
    written.push({
      index,
      item: {
        itemId: id,
        version,
        status: version === 1 ? 'created' : 'updated',
        input: item.input,
        brand,
        channel: item.channel,
        customerId: item.customerId,
        analysis: item.analysis,
      },
    });
  };

  const committed: (() => void)[] = [];
  await store.transaction(async (tx) => {
    const known = new Map<string, StoredIdentity>();
    for (const s of await tx.feedback.findIdentities(
      workspaceId,
      valid.map(({ input }) => ({ platform: input.platform, externalId: input.externalId })),
    )) {
      known.set(`${s.platform}\u0000${s.externalId}`, s);
    }
    const now = new Date().toISOString();
    const hashes = valid.map(({ input }) => contentHash(input));
    // Customers of every item that may be written, resolved in one go (unchanged items need none).
    const writes = valid.filter(
      ({ input }, i) => known.get(`${input.platform}\u0000${input.externalId}`)?.contentHash !== hashes[i],
    );
    const customerIds = await tx.customers.resolveMany(
      workspaceId,
      writes.map(({ input }) => ({
        identities: identitiesOfItem(input, { region: deps.phoneRegion }),
        name: input.customer?.name ?? input.author?.name,
        // A handle named in an e-mail is evidence for a suggestion, never a link (issue #14).
        mentions: channelOf(input) === 'email' ? mentionedHandles(input.text) : undefined,
      })),
      now,
    );
    const customerOf = new Map(writes.map((w, i) => [w.index, customerIds[i] ?? null]));
    // Rollups (issue #13): what the items about to be rewritten counted; the difference is committed below.
    const rewritten = writes.flatMap(
      ({ input }) => known.get(`${input.platform}\u0000${input.externalId}`)?.id ?? [],
    );
    const rollupBase = await tx.rollups.snapshot(workspaceId, rewritten);
    // Customer profiles (issue #14): what the rewritten items counted, so a new version never counts twice.
    const profileBase = await tx.customerProfiles.snapshot(workspaceId, rewritten);
    // Items created in this batch and not rewritten since: the rollups take them as written.
    const created = new Map<string, NewItemVersion>();
    // New items are written together (multi-row inserts); a key seen again in the batch flushes them first.
    let fresh: { index: number; key: string; item: NewItemVersion; brand: Brand }[] = [];
    const freshKeys = new Set<string>();
    const flush = async () => {
      if (fresh.length === 0) return;
      const ids = await tx.feedback.insertMany(
        workspaceId,
        fresh.map((f) => f.item),
        now,
      );
      fresh.forEach((f, i) => {
        const id = ids[i] ?? '';
        created.set(id, f.item);
        known.set(f.key, {
          id,
          platform: f.item.input.platform,
          externalId: f.item.input.externalId,
          version: 1,
          contentHash: f.item.contentHash,
        });
        results[f.index] = {
          index: f.index,
          externalId: f.item.input.externalId,
          status: 'created',
          itemId: id,
          version: 1,
        };
        if (!f.item.analysis) pending.push({ workspaceId, id });
        wrote(f.index, id, 1, f.item, f.brand);
      });
      fresh = [];
      freshKeys.clear();
    };
    for (const [position, { index, input }] of valid.entries()) {
      const key = `${input.platform}\u0000${input.externalId}`;
      if (freshKeys.has(key)) await flush();
      const existing = known.get(key);
      const hash = hashes[position] ?? contentHash(input);
      if (existing && existing.contentHash === hash) {
        results[index] = {
          index,
          externalId: input.externalId,
          status: 'unchanged',
          itemId: existing.id,
          version: existing.version,
        };
        continue;
      }
      let analysis: AnalysisResult | null;
      try {
        analysis = analyzer.analyze(
          {
            text: input.text,
            title: input.title,
            rating: input.rating,
            score: input.score,
            touchpoint: input.touchpoint,
          },
          context,
        );
      } catch {
        analysis = null; // stored as pending; the analysis.retry job tries again
      }
      const brand = await brandFor(tx, workspaceId, input.brand, cache);
      const customerId = customerOf.get(index)?.customerId ?? null;
      const item: NewItemVersion = {
        input,
        brandId: brand.id,
        channel: channelOf(input),
        customerId,
        customerIdentityId: customerOf.get(index)?.identityId ?? null,
        contentHash: hash,
        analysis,
        searchBody: searchText([input.title, input.text].filter(Boolean).join('\n')),
      };
      if (existing) {
        created.delete(existing.id); // rewritten: the rollups read it back
        await tx.feedback.addVersion(workspaceId, existing, item, now);
        const version = existing.version + 1;
        known.set(key, { ...existing, version, contentHash: hash });
        results[index] = {
          index,
          externalId: input.externalId,
          status: 'updated',
          itemId: existing.id,
          version,
        };
        if (!analysis) pending.push({ workspaceId, id: existing.id });
        wrote(index, existing.id, version, item, brand);
      } else {
        fresh.push({ index, key, item, brand });
        freshKeys.add(key);
      }
    }
    await flush();
    written.sort((a, b) => a.index - b.index);
    if (deps.afterWrite && written.length > 0) {
      await deps.afterWrite(tx, {
        workspaceId,
        items: written.map((w) => w.item),
        afterCommit: (fn) => committed.push(fn),
      });
    }
    // A bulk import logs the profiles' facts and folds them every so many rows (`settleEvery`).
    await tx.customerProfiles[cache.deferProfiles ? 'defer' : 'track'](
      workspaceId,
      written.map((w) => w.item),
      profileBase,
      now,
    );
    // Last in the transaction: the rollup rows of a day are shared by every batch of that day, so
    // their row locks (PostgreSQL) are held for the shortest time and taken after the playbook's.
    await tx.rollups.commit(
      workspaceId,
      rollupBase,
      results.flatMap((r) =>
        (r.status === 'created' || r.status === 'updated') && r.itemId ? [r.itemId] : [],
      ),
      created,
    );
  });
  for (const fn of committed) fn();
  if (pending.length > 0 && deps.onPendingAnalysis) await deps.onPendingAnalysis(pending);
  return results;
}
