import type { Kysely } from 'kysely';
import type { Invitation, InvitationRepo, InvitationView, PasswordResetRepo } from '../../core/ports.js';
import type { Role } from '../../core/types.js';
import type { DB } from '../schema.js';
import { newId, type Conn } from './util.js';

/** Row types of the tables of migration 0009 (issue #11). */
export type AccountTables = {
  invitations: {
    id: string;
    workspace_id: string;
    email: string;
    role: string;
    token_hash: string;
    invited_by: string | null;
    created_at: string;
    expires_at: string;
    accepted_at: string | null;
    accepted_by: string | null;
    declined_at: string | null;
    revoked_at: string | null;
  };
  password_resets: {
    token_hash: string;
    user_id: string;
    created_at: string;
    expires_at: string;
    used_at: string | null;
  };
};

type AccountsDb = Kysely<DB & AccountTables>;
type InvitationRow = AccountTables['invitations'];

const toInvitation = (r: InvitationRow): Invitation => ({
  id: r.id,
  workspaceId: r.workspace_id,
  email: r.email,
  role: r.role as Role,
  invitedBy: r.invited_by,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  acceptedAt: r.accepted_at,
  declinedAt: r.declined_at,
  revokedAt: r.revoked_at,
});

export function invitationRepo({ db: base }: Conn): InvitationRepo {
  const db: AccountsDb = base.withTables<AccountTables>();
  /** Invitations with the workspace's name and the inviter's. */
  const views = () =>
    db
      .selectFrom('invitations as i')
      .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
      .leftJoin('users as u', 'u.id', 'i.invited_by')
      .selectAll('i')
      .select(['w.name as workspace_name', 'u.name as invited_by_name']);
  const toView = (
    r: InvitationRow & { workspace_name: string; invited_by_name: string | null },
  ): InvitationView => ({
    ...toInvitation(r),
    workspaceName: r.workspace_name,
    invitedByName: r.invited_by_name,
  });

  return {
    async create(input) {
      const row: InvitationRow = {
        id: newId(),
        workspace_id: input.workspaceId,
        email: input.email.toLowerCase(),
        role: input.role,
        token_hash: input.tokenHash,
        invited_by: input.invitedBy,
        created_at: new Date().toISOString(),
        expires_at: input.expiresAt,
        accepted_at: null,
        accepted_by: null,
        declined_at: null,
        revoked_at: null,
      };
      await db.insertInto('invitations').values(row).execute();
      return toInvitation(row);
    },
    async list(workspaceId, limit) {
      const rows = await db
        .selectFrom('invitations')
        .selectAll()
        .where('workspace_id', '=', workspaceId)
        .orderBy('created_at', 'desc')
        .orderBy('id')
        .limit(limit)
        .execute();
      return rows.map(toInvitation);
    },
    async findByTokenHash(tokenHash) {
      const r = await views().where('i.token_hash', '=', tokenHash).executeTakeFirst();
      return r && toView(r);
    },
    async get(id) {
      const r = await views().where('i.id', '=', id).executeTakeFirst();
      return r && toView(r);
    },
    async pendingFor(email, now) {
      const rows = await views()
        .where('i.email', '=', email.toLowerCase())
        .where('i.accepted_at', 'is', null)
        .where('i.declined_at', 'is', null)
        .where('i.revoked_at', 'is', null)
        .where('i.expires_at', '>', now)
        .orderBy('i.created_at', 'desc')
        .execute();
      return rows.map(toView);
    },
    async finish(id, outcome, now) {
      const set =
        outcome.kind === 'accepted'
          ? { accepted_at: now, accepted_by: outcome.userId }
          : outcome.kind === 'declined'
            ? { declined_at: now }
            : { revoked_at: now };
      const r = await db
        .updateTable('invitations')
        .set(set)
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .where('declined_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async revokePendingTo(workspaceId, email, now) {
      const rows = await db
        .updateTable('invitations')
        .set({ revoked_at: now })
        .where('workspace_id', '=', workspaceId)
        .where('email', '=', email.toLowerCase())
        .where('accepted_at', 'is', null)
        .where('declined_at', 'is', null)
        .where('revoked_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('id')
        .execute();
      return rows.map((r) => r.id);
    },
  };
}

export function passwordResetRepo({ db: base }: Conn): PasswordResetRepo {
  const db: AccountsDb = base.withTables<AccountTables>();
  return {
    async create({ tokenHash, userId, expiresAt }) {
      await db
        .insertInto('password_resets')
        .values({
          token_hash: tokenHash,
          user_id: userId,
          created_at: new Date().toISOString(),
          expires_at: expiresAt,
          used_at: null,
        })
        .execute();
    },
    async use(tokenHash, now) {
      // A conditional UPDATE: of two requests with one token, exactly one sees its row change.
      const r = await db
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('user_id')
        .executeTakeFirst();
      return r?.user_id;
    },
    async endAllOf(userId, now) {
      await db
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .execute();
    },
  };
}
