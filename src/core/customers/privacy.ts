/**
 * Privacy of one customer (issue #14): export everything stored about them as one JSON document, and
 * erase them. An erasure removes or anonymises their personal data wherever it landed — items and
 * their versions, analyses (sentence and evidence texts), the full-text index, identities, profile
 * fields, notes, moments, match suggestions, merge snapshots, replies, case notes, exceptions' free
 * text, audit entries and import reports — while labels, scores, amounts and the rollups stay, so
 * dashboard totals are unchanged. The customer row stays with `erased_at` so ids still resolve.
 *
 * A customer merged into another is the same person: both commands act on the survivor and every
 * customer merged into it (see `CustomerPrivacyRepo`).
 */
import { AppError } from '../errors.js';
import type { Principal } from '../auth/permissions.js';
import type { Store } from '../ports.js';
import type { CustomerExport, ErasureReport } from './ports.js';

/** What erased text is replaced with (texts are NOT NULL; a visible marker beats an empty string in the UI). */
export const ERASED = '[erased]';

export type { CustomerExport, CustomerPrivacyRepo, ErasureReport, ExportRow } from './ports.js';

const notFound = () => new AppError('not_found', 'No such customer in this workspace.');

/**
 * The export of one customer (`customers:privacy`, checked by the caller). Another workspace's id is
 * `not_found`, like one that does not exist.
 */
export async function exportCustomer(
  store: Pick<Store, 'customerPrivacy' | 'audit'>,
  p: Principal,
  customerId: string,
  now: string,
): Promise<CustomerExport> {
  const doc = await store.customerPrivacy.exportOf(p.workspaceId, customerId, now);
  if (!doc) throw notFound();
  // Who took a copy of someone's data is worth knowing later; the entry names ids only.
  await store.audit.record({
    workspaceId: p.workspaceId,
    actor: p.actor,
    action: 'customer.export',
    targetType: 'customer',
    targetId: String(doc.customer.id),
    data: { items: doc.items.length, cases: doc.cases.length },
  });
  return doc;
}

/**
 * Erases one customer in one transaction and records it in the audit log (`customer.erase`, counts
 * only). Idempotent: a second erasure of the same customer succeeds and reports `alreadyErased`.
 * Their profile aggregates go with them (an erased person is on no list); item totals stay.
 */
export async function eraseCustomer(
  store: Pick<Store, 'transaction'>,
  p: Principal,
  customerId: string,
  now: string,
): Promise<ErasureReport> {
  return store.transaction(async (tx) => {
    const report = await tx.customerPrivacy.erase(p.workspaceId, customerId, now);
    if (!report) throw notFound();
    // Stats, touchpoints and intents go through the profiles, which keep the lifecycle stage counts.
    await tx.customerProfiles.forget(p.workspaceId, report.customerIds);
    await tx.audit.record({
      workspaceId: p.workspaceId,
      actor: p.actor,
      action: 'customer.erase',
      targetType: 'customer',
      targetId: report.customerIds[0] ?? customerId,
      data: { ...report },
    });
    return report;
  });
}

// --- Pure helpers the repository uses -------------------------------------------------------------

/**
 * The strings that identify a person in free text elsewhere (names, e-mails, handles, phone numbers),
 * deduplicated, longest first (so "anna.weber@x.org" is replaced before "anna"), and at least 3
 * characters long: shorter ones would scrub unrelated words.
 */
export function needlesOf(values: readonly (string | null | undefined)[]): string[] {
  const out = new Set<string>();
  for (const v of values) {
    if (!v) continue;
    const t = v.trim();
    if (t.length >= 3) out.add(t);
    // A handle is also written with its '@'; a name's words are quoted alone ("Dear Anna").
    if (t.startsWith('@') && t.length >= 4) out.add(t.slice(1));
    for (const w of t.split(/\s+/)) if (w.length >= 3 && w !== t) out.add(w);
  }
  return [...out].sort((a, b) => b.length - a.length);
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Replaces each needle (case-insensitive, not inside a longer word) with `ERASED`. */
export function scrubText(text: string, needles: readonly string[]): string {
  if (needles.length === 0 || text.length === 0) return text;
  const pattern = new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${needles.map(escapeRegExp).join('|')})(?![\\p{L}\\p{N}])`,
    'giu',
  );
  return text.replace(pattern, ERASED);
}

/**
 * A copy of a JSON value with every string scrubbed of the needles, and the strings under `keys`
 * (e.g. `text`: the quoted sentences of an analysis) replaced whole.
 */
export function scrubJson(
  value: unknown,
  needles: readonly string[],
  keys: ReadonlySet<string> = new Set(),
): unknown {
  if (typeof value === 'string') return scrubText(value, needles);
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, needles, keys));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [
        k,
        keys.has(k) && typeof v === 'string' ? (v === '' ? '' : ERASED) : scrubJson(v, needles, keys),
      ]),
    );
  }
  return value;
}

/** `scrubJson` over JSON text; text that is not JSON is scrubbed as text. */
export function scrubJsonText(text: string, needles: readonly string[], keys?: ReadonlySet<string>): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return scrubText(text, needles);
  }
  return JSON.stringify(scrubJson(parsed, needles, keys));
}

/**
 * An analysis result without the customer's words: sentence and evidence texts removed (their offsets,
 * labels and scores kept, so every aggregate computed from analyses stays the same).
 */
export function scrubAnalysis(resultJson: string, needles: readonly string[]): string {
  return scrubJsonText(resultJson, needles, new Set(['text']));
}
