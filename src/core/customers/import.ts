/**
 * CRM import (issue #14): rows of a CRM export become customers, upserted by their CRM id and linked
 * by their identities. Streamed in batches of 500, one transaction each, with progress after every
 * batch and bad rows reported by line and field, like the feedback import (src/core/feedback/import.ts).
 *
 * Columns (header names, any case; unknown columns are ignored with a warning):
 * crm_id (or id, customer_id), name, email, phone, x / twitter, instagram, facebook, tiktok, google
 * (handles), amazon (marketplace id), city, birthday, anniversary, first_purchase (YYYY-MM-DD),
 * lifetime_value, currency (ISO 4217), tags, language, referrals. Several e-mails, phones or tags in one
 * cell are separated by `;`. An empty cell leaves the stored value as it is.
 */
import { systemClock, type Clock } from '../cases/clock.js';
import { STATISTICS_REFRESH_AT, type Store } from '../ports.js';
import type { Actor } from '../types.js';
import { CRM_PLATFORM, HANDLE_PLATFORMS, normaliseIdentity, uniqueIdentities } from './identity.js';
import { recountAfterMerge } from './merge.js';
import { recordImportRun } from '../feedback/run-import.js';
import type { CrmRecord, CustomerFields, CustomerIdentity } from './ports.js';

/** One row read from a CRM file by column name (lowercased), or a record the reader could not use. */
export type CrmSourceRow =
  | { ok: true; line: number; cells: Readonly<Record<string, string>> }
  | { ok: false; line: number; field: string; reason: string };

export interface CrmRejection {
  line: number;
  field: string;
  reason: string;
}

export interface CustomerImportProgress {
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  rejected: number;
  /** Customers this import proved to be one person and merged (reason crm_import, undoable). */
  merged: number;
  rejections: CrmRejection[];
}

export const CRM_BATCH = 500;
export const MAX_REJECTIONS_KEPT = 1_000;

const ALIASES: Readonly<Record<string, string>> = {
  crm_id: 'crm_id',
  id: 'crm_id',
  customer_id: 'crm_id',
  name: 'name',
  full_name: 'name',
  email: 'email',
  emails: 'email',
  'e-mail': 'email',
  phone: 'phone',
  phones: 'phone',
  mobile: 'phone',
  amazon: 'amazon',
  city: 'city',
  birthday: 'birthday',
  anniversary: 'anniversary',
  first_purchase: 'first_purchase',
  lifetime_value: 'lifetime_value',
  ltv: 'lifetime_value',
  currency: 'currency',
  tags: 'tags',
  segments: 'tags',
  language: 'language',
  lang: 'language',
  referrals: 'referrals',
  google: 'google',
  ...Object.fromEntries(Object.keys(HANDLE_PLATFORMS).map((k) => [k, k])),
};

/** The warning for columns of a header that no field reads (ignored); none when all are known. */
export function unknownColumnsNote(header: readonly string[]): string[] {
  const unknown = header.filter((h) => h !== '' && !ALIASES[h.trim().toLowerCase()]);
  return unknown.length === 0
    ? []
    : [
        `columns not read (not a known CRM column): ${unknown.slice(0, 20).join(', ')}${unknown.length > 20 ? ', …' : ''}`,
      ];
}

const split = (v: string) =>
  v
    .split(';')
    .map((x) => x.trim())
    .filter((x) => x !== '');

function isoDate(v: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v.trim());
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && y >= 1900
    ? v.trim()
    : undefined;
}

/**
 * One CRM row as a record to upsert, or what is wrong with it (every bad field, by name). A row needs a
 * CRM id or at least one identity.
 */
export function parseCrmRow(
  line: number,
  cells: Readonly<Record<string, string>>,
  options: { region?: string | undefined } = {},
): { record: CrmRecord } | { rejections: CrmRejection[] } {
  const bad: CrmRejection[] = [];
  const fields: Partial<CustomerFields> = {};
  const identities: CustomerIdentity[] = [];
  let crmId: string | null = null;
  const reject = (field: string, reason: string) => bad.push({ line, field, reason });
  for (const [column, raw] of Object.entries(cells)) {
    const key = ALIASES[column];
    if (!key || raw === '') continue;
    switch (key) {
      case 'crm_id':
        if (raw.length > 200) reject(column, 'longer than 200 characters');
        else crmId = raw;
        break;
      case 'name':
        if (raw.length > 300) reject(column, 'longer than 300 characters');
        else fields.name = raw;
        break;
      case 'city':
        if (raw.length > 200) reject(column, 'longer than 200 characters');
        else fields.city = raw;
        break;
      case 'email':
        for (const v of split(raw)) {
          const i = normaliseIdentity({ kind: 'email', value: v });
          if (i) identities.push(i);
          else reject(column, `not an e-mail address: ${v.slice(0, 80)}`);
        }
        break;
      case 'phone':
        for (const v of split(raw)) {
          const i = normaliseIdentity({ kind: 'phone', value: v }, options);
          if (i) identities.push(i);
          else
            reject(
              column,
              `not a phone number${options.region ? ` (read in ${options.region.toUpperCase()})` : ' (national numbers need a region, e.g. --region DE)'}: ${v.slice(0, 40)}`,
            );
        }
        break;
      case 'amazon':
        for (const v of split(raw)) {
          const i = normaliseIdentity({ kind: 'marketplace_id', platform: 'amazon', value: v });
          if (i) identities.push(i);
        }
        break;
      case 'birthday':
      case 'anniversary':
      case 'first_purchase': {
        const d = isoDate(raw);
        if (!d) reject(column, `not a date (YYYY-MM-DD): ${raw.slice(0, 40)}`);
        else if (key === 'birthday') fields.birthday = d;
        else if (key === 'anniversary') fields.anniversary = d;
        else fields.firstPurchase = d;
        break;
      }
      case 'lifetime_value': {
        const n = Number(raw.replace(/^(\d+),(\d{1,2})$/, '$1.$2'));
        if (!Number.isFinite(n) || raw.trim() === '') reject(column, `not a number: ${raw.slice(0, 40)}`);
        else fields.lifetimeValue = n;
        break;
      }
      case 'currency':
        if (!/^[A-Za-z]{3}$/.test(raw)) reject(column, `not a currency code (e.g. EUR): ${raw.slice(0, 20)}`);
        else fields.currency = raw.toUpperCase();
        break;
      case 'tags':
        fields.tags = [...new Set(split(raw).map((t) => t.slice(0, 60)))].slice(0, 50);
        break;
      case 'language':
        if (!/^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(raw))
          reject(column, `not a language code (e.g. de): ${raw.slice(0, 20)}`);
        else fields.language = raw.toLowerCase();
        break;
      case 'referrals': {
        const n = Number(raw);
        if (!Number.isInteger(n) || n < 0) reject(column, `not a whole number ≥ 0: ${raw.slice(0, 20)}`);
        else fields.referrals = n;
        break;
      }
      default: {
        // a handle column: x / twitter / instagram / facebook / tiktok / google
        const platform = HANDLE_PLATFORMS[key] ?? key;
        for (const v of split(raw)) {
          const i = normaliseIdentity({ kind: 'handle', platform, value: v });
          if (i) identities.push(i);
          else reject(column, `not a handle: ${v.slice(0, 40)}`);
        }
      }
    }
  }
  if (crmId !== null) identities.unshift({ kind: 'external_id', platform: CRM_PLATFORM, value: crmId });
  if (bad.length > 0) return { rejections: bad };
  if (identities.length === 0) {
    return {
      rejections: [
        {
          line,
          field: 'crm_id',
          reason: 'no crm_id, e-mail, phone, handle or marketplace id: nothing to know the customer by',
        },
      ],
    };
  }
  if (fields.name !== undefined) fields.displayName = fields.name;
  if (crmId !== null) fields.crmId = crmId;
  return { record: { line, crmId, fields, identities: uniqueIdentities(identities) } };
}

/**
 * Streams CRM rows into the workspace: batches of `CRM_BATCH`, each one transaction (upsert, merges
 * the rows prove, profile recompute of merged customers and of those with referrals, audit), progress
 * after each batch. Memory stays flat: only the current batch and the first rejections are kept.
 */
export async function importCustomerRows(
  store: Store,
  ctx: { workspaceId: string; actor: Actor; region?: string | undefined; clock?: Clock },
  rows: AsyncIterable<CrmSourceRow>,
  onProgress?: (p: CustomerImportProgress) => void | Promise<void>,
): Promise<CustomerImportProgress> {
  const clock = ctx.clock ?? systemClock;
  const progress: CustomerImportProgress = {
    rows: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    merged: 0,
    rejections: [],
  };
  const rejectRow = (rs: CrmRejection[]) => {
    progress.rejected += 1;
    for (const r of rs) if (progress.rejections.length < MAX_REJECTIONS_KEPT) progress.rejections.push(r);
  };
  let batch: CrmRecord[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const records = batch;
    batch = [];
    const now = clock.now().toISOString();
    const results = await store.transaction(async (tx) => {
      await tx.customerProfiles.settle(ctx.workspaceId, now); // before a merge moves moments
      const out = await tx.customers.upsertCrm(ctx.workspaceId, records, ctx.actor, now);
      const merges = out.filter((r) => r.merged.length > 0);
      // Merged customers are recounted from their items; referrals only touch the stats they change.
      const survivors = new Set<string>();
      const gone = new Set<string>();
      const referrals: { customerId: string; referrals: number | null }[] = [];
      out.forEach((r, i) => {
        if (r.merged.length > 0) survivors.add(r.customerId);
        for (const id of r.merged) gone.add(id);
        const given = records[i]?.fields.referrals;
        if (given !== undefined && r.status !== 'unchanged')
          referrals.push({ customerId: r.customerId, referrals: given });
      });
      for (const id of gone) survivors.delete(id);
      await recountAfterMerge(tx, ctx.workspaceId, [...survivors], [...gone], now);
      if (referrals.length > 0) await tx.customerProfiles.setReferrals(ctx.workspaceId, referrals, now);
      for (const r of merges) {
        await tx.audit.record({
          workspaceId: ctx.workspaceId,
          actor: ctx.actor,
          action: 'customer.merge',
          targetType: 'customer',
          targetId: r.customerId,
          data: { reason: 'crm_import', merged: r.merged, line: r.line },
        });
      }
      return out;
    });
    for (const r of results) {
      progress[r.status] += 1;
      progress.merged += r.merged.length;
    }
    await onProgress?.({ ...progress, rejections: progress.rejections });
  };
  const refreshAt = [...STATISTICS_REFRESH_AT];
  for await (const row of rows) {
    progress.rows += 1;
    if (!row.ok) {
      rejectRow([{ line: row.line, field: row.field, reason: row.reason }]);
      continue;
    }
    const parsed = parseCrmRow(row.line, row.cells, { region: ctx.region });
    if ('rejections' in parsed) rejectRow(parsed.rejections);
    else batch.push(parsed.record);
    if (batch.length >= CRM_BATCH) {
      await flush();
      if (refreshAt.length > 0 && progress.rows >= (refreshAt[0] ?? Infinity)) {
        while (progress.rows >= (refreshAt[0] ?? Infinity)) refreshAt.shift();
        await store.refreshStatistics();
      }
    }
  }
  await flush();
  await onProgress?.({ ...progress });
  return progress;
}

/**
 * Runs a recorded customer import (an `imports` row of kind 'customers'): progress and a heartbeat
 * while it runs, then done with its warnings, or failed with the reason; audited (`recordImportRun`).
 */
export async function runCustomerImport(
  store: Store,
  ctx: { workspaceId: string; actor: Actor; importId: string; region?: string | undefined },
  source: { rows: AsyncIterable<CrmSourceRow>; bytesRead: () => number; warnings?: () => string[] },
  options: { clock?: Clock; heartbeatMs?: number } = {},
): Promise<CustomerImportProgress> {
  const clock = options.clock ?? systemClock;
  return recordImportRun(
    store,
    ctx,
    source,
    { ...options, clock, start: { format: 'crm-csv' } },
    (report) =>
      importCustomerRows(store, { ...ctx, clock }, source.rows, (p) =>
        report({
          rows: p.rows,
          created: p.created,
          updated: p.updated,
          unchanged: p.unchanged,
          rejected: p.rejected,
          rejections: p.rejections,
        }),
      ),
    (result) => ({
      notes: [
        result.merged > 0
          ? `${result.merged} customers were found to be one person with another by their CRM row and merged (undoable under Customers → merges)`
          : undefined,
      ],
      action: 'customers.import.finish',
      data: {
        rows: result.rows,
        created: result.created,
        updated: result.updated,
        unchanged: result.unchanged,
        rejected: result.rejected,
        merged: result.merged,
      },
    }),
  );
}
