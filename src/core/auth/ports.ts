/**
 * Storage ports of accounts (issue #11): invitations and password resets. Re-exported from
 * `src/core/ports.ts`; `src/store/repos/invitations.ts` implements them on both dialects. Tokens
 * reach these ports only as sha256 hashes.
 */
import type { Role } from '../types.js';

/** Where an invitation stands; `expired` is a pending one past its `expiresAt`. */
export type InvitationState = 'pending' | 'accepted' | 'declined' | 'revoked' | 'expired';

export interface Invitation {
  id: string;
  workspaceId: string;
  /** Lower case, as account e-mails are. */
  email: string;
  role: Role;
  invitedBy: string | null;
  createdAt: string;
  expiresAt: string;
  acceptedAt: string | null;
  declinedAt: string | null;
  revokedAt: string | null;
}

/** An invitation with what its invitee is shown: the workspace's name and who invited them. */
export interface InvitationView extends Invitation {
  workspaceName: string;
  invitedByName: string | null;
}

export interface InvitationRepo {
  create(input: {
    workspaceId: string;
    email: string;
    role: Role;
    tokenHash: string;
    invitedBy: string | null;
    expiresAt: string;
  }): Promise<Invitation>;
  /** The workspace's invitations, newest first (at most `limit`). */
  list(workspaceId: string, limit: number): Promise<Invitation[]>;
  findByTokenHash(tokenHash: string): Promise<InvitationView | undefined>;
  get(id: string): Promise<InvitationView | undefined>;
  /** Invitations to `email` still open at `now`, across workspaces, newest first. */
  pendingFor(email: string, now: string): Promise<InvitationView[]>;
  /**
   * Ends a pending invitation (not yet accepted, declined or revoked, and not expired at `now`);
   * false when it was not pending, so a token is used once even by two requests at the same time.
   */
  finish(
    id: string,
    outcome: { kind: 'accepted'; userId: string } | { kind: 'declined' } | { kind: 'revoked' },
    now: string,
  ): Promise<boolean>;
  /** Revokes every pending invitation of the workspace to `email`; returns their ids. */
  revokePendingTo(workspaceId: string, email: string, now: string): Promise<string[]>;
}

export interface PasswordResetRepo {
  create(input: { tokenHash: string; userId: string; expiresAt: string }): Promise<void>;
  /**
   * Marks the token used when it is unused and not expired at `now`, and answers its user; once
   * only, even for two requests at the same time.
   */
  use(tokenHash: string, now: string): Promise<string | undefined>;
  /** Ends every open reset of the user (after a new password is set). */
  endAllOf(userId: string, now: string): Promise<void>;
}
