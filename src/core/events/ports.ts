/**
 * Storage port of customer events (issue #15, slice D): what a business's systems report over
 * `POST /api/v1/events`, kept once per (workspace, externalId).
 */
import type { KeysetPage } from '../customers/ports.js';

export interface CustomerEvent {
  id: string;
  workspaceId: string;
  externalId: string;
  type: string;
  customerId: string | null;
  occurredAt: string;
  touchpointKey: string | null;
  data: Record<string, unknown>;
  /** Survey invitations this event created (by the surveys' triggers). */
  invitations: number;
  createdAt: string;
}

export type NewCustomerEvent = Omit<CustomerEvent, 'workspaceId' | 'invitations'>;

export interface EventRepo {
  /** Of these external ids, those already stored, with their ids. */
  known(workspaceId: string, externalIds: readonly string[]): Promise<Map<string, CustomerEvent>>;
  /**
   * Inserts the events whose external id is new (a concurrent duplicate is skipped, not an error);
   * returns the ids of the rows this call inserted.
   */
  insertMany(workspaceId: string, events: readonly NewCustomerEvent[]): Promise<Set<string>>;
  setInvitations(workspaceId: string, counts: readonly { id: string; invitations: number }[]): Promise<void>;
  /** Newest first (by arrival). */
  list(
    workspaceId: string,
    filter: { type?: string | undefined; customerId?: string | undefined },
    cursor: string | undefined,
    limit: number,
  ): Promise<KeysetPage<CustomerEvent>>;
}
