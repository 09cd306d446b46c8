/**
 * Export and erasure of one customer (issue #14) on both dialects. Every read and write is bounded by
 * the person's own rows, found by indexes: their customer rows (the survivor and those merged into
 * it), items by `feedback_items (customer_id)`, cases by `cases_customer` and `case_items_item`, events
 * and replies by case, notes, moments, suggestions and merges by customer. Two scans remain, both of
 * small tables of one workspace and only on an erasure: the audit log and the import reports, searched
 * for the person's names and identities (they have no index by content).
 *
 * Where customer text lands (keep in step with migrations; test/customers.privacy.test.ts searches
 * every text column of the database catalogue after an erasure, so a new table that holds it fails there):
 * customers, customer_identities, customer_search_terms, customer_notes, customer_merges.snapshot,
 * customer_match_suggestions.evidence, customer_moments.detail, feedback_items (title, text, author,
 * url), feedback_versions, analysis_results.result, feedback_search (+ the FTS5 shadow tables on
 * SQLite), cases.author_handle, case_events.body, replies, exceptions (reason, decision_note),
 * audit_log.data, imports (rejections, warnings, error), survey_invitations.email and
 * survey_responses (answers, browser_key) (issue #15, `eraseSurveyRows`), customer_events.data
 * (issue #15, `eraseReviewRows`; review_requests.name_key, the asked name, is cleared).
 */
import type { CustomerPrivacyRepo } from '../../core/customers/privacy.js';
import { erasePerson } from './customer-erase.js';
import { exportPerson } from './customer-export.js';
import { privacyDb } from './customer-person.js';
import type { Conn } from './util.js';

/** Export and erasure of one person, on one connection or inside the caller's transaction. */
export function customerPrivacyRepo({ db: base, dialect }: Conn): CustomerPrivacyRepo {
  const db = privacyDb(base);
  return {
    exportOf: (workspaceId, customerId, now) => exportPerson(db, workspaceId, customerId, now),
    erase: (workspaceId, customerId, now) => erasePerson(db, dialect, workspaceId, customerId, now),
  };
}
