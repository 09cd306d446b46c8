/**
 * What policies and exceptions need from storage (issue #4). Re-exported by `src/core/ports.ts`.
 */
import type {
  ExceptionEntry,
  ExceptionFilter,
  ExceptionType,
  ExceptionTypeInput,
  NewException,
  Policy,
  PolicyInput,
  RecoveryCounts,
} from './types.js';

export interface ExceptionRepo {
  policies(workspaceId: string): Promise<Policy[]>;
  /** Makes the workspace's policies exactly these (by key: kept ids, new rows, the rest deleted). */
  replacePolicies(workspaceId: string, policies: readonly PolicyInput[], now: string): Promise<Policy[]>;
  types(workspaceId: string): Promise<ExceptionType[]>;
  getType(workspaceId: string, id: string): Promise<ExceptionType | undefined>;
  /** Undefined when the key is taken in the workspace. */
  createType(workspaceId: string, type: ExceptionTypeInput, now: string): Promise<ExceptionType | undefined>;
  updateType(
    workspaceId: string,
    id: string,
    patch: Partial<ExceptionTypeInput>,
    now: string,
  ): Promise<ExceptionType | undefined>;
  /** Writes the default policies and types unless the workspace has exception types already. */
  seedDefaults(
    workspaceId: string,
    defaults: {
      policies: readonly PolicyInput[];
      types: readonly (ExceptionTypeInput & { policyKey: string | null })[];
    },
    now: string,
  ): Promise<void>;
  insert(workspaceId: string, exception: NewException): Promise<ExceptionEntry>;
  get(workspaceId: string, id: string): Promise<ExceptionEntry | undefined>;
  /** Decides a pending exception; false when it is not pending (any more). One conditional update. */
  decide(
    workspaceId: string,
    id: string,
    decision: { status: 'approved' | 'rejected'; decidedBy: string; decidedAt: string; note: string | null },
  ): Promise<boolean>;
  /** Every ledger line matching the filter, newest first, with its case's outcome. */
  list(workspaceId: string, filter: ExceptionFilter): Promise<ExceptionEntry[]>;
  /** Whether the case is in the workspace, with its item and customer. */
  caseRef(
    workspaceId: string,
    caseId: string,
  ): Promise<{ itemId: string; customerId: string | null } | undefined>;
  /** Whether the item is in the workspace, with its customer. */
  itemRef(workspaceId: string, itemId: string): Promise<{ customerId: string | null } | undefined>;
  recovery(workspaceId: string): Promise<RecoveryCounts>;
}
