import type { Kysely } from 'kysely';
import type { DB } from '../schema.js';

/** Row types of the tables of migration 0004 (issue #4). */
export type CaseTables = {
  teams: {
    id: string;
    workspace_id: string;
    name: string;
    key: string;
    lead_user_id: string | null;
    /** Migration 0007: where customers reach the team in private. */
    contact: string | null;
    created_at: string;
  };
  team_members: {
    workspace_id: string;
    team_id: string;
    user_id: string;
    assigned_seq: number;
    created_at: string;
  };
  team_touchpoints: { workspace_id: string; team_id: string; touchpoint_key: string };
  cases: {
    id: string;
    workspace_id: string;
    item_id: string;
    customer_id: string | null;
    author_handle: string | null;
    platform: string;
    channel: string;
    brand_id: string;
    touchpoint_key: string | null;
    team_id: string | null;
    assignee_id: string | null;
    status: string;
    outcome: string | null;
    priority: number;
    priority_label: string;
    priority_reasons: string;
    opened_by: string;
    opened_at: string;
    first_response_at: string | null;
    due_at: string | null;
    breached_at: string | null;
    escalated_at: string | null;
    closed_at: string | null;
    updated_at: string;
    sentiment_at_open: number | null;
    label_at_open: string | null;
    rating_at_open: number | null;
    nps_at_open: number | null;
    reach: number | null;
    /** Migration 0013: until when the priority sweep reads the case. */
    reprioritize_until: string | null;
  };
  case_items: { workspace_id: string; case_id: string; item_id: string; joined_at: string };
  case_events: {
    id: string;
    workspace_id: string;
    case_id: string;
    kind: string;
    actor_type: string;
    actor_id: string | null;
    body: string;
    mentions: string;
    at: string;
    seq: number;
  };
  replies: {
    id: string;
    workspace_id: string;
    case_id: string;
    item_id: string;
    channel_kind: string;
    recipient: string | null;
    subject: string | null;
    text: string;
    language: string;
    status: string;
    attempts: number;
    next_attempt_at: string | null;
    last_error: string | null;
    external_id: string | null;
    sent_by: string | null;
    created_at: string;
    updated_at: string;
    sent_at: string | null;
  };
  playbook_rules: {
    id: string;
    workspace_id: string;
    name: string;
    position: number;
    enabled: number;
    conditions: string;
    actions: string;
    created_at: string;
  };
  sla_policies: {
    id: string;
    workspace_id: string;
    channel: string;
    priority: string;
    first_response_minutes: number;
    business_hours: string | null;
    timezone: string;
  };
};

export type CasesDb = Kysely<DB & CaseTables>;

export const withCaseTables = (db: Kysely<DB>): CasesDb => db.withTables<CaseTables>();
