import { AppError } from '../../core/errors.js';
import type { SessionRepo, UserRepo } from '../../core/ports.js';
import type { Role } from '../../core/types.js';
import { isUniqueViolation, newId, type Conn } from './util.js';

export function userRepo({ db }: Conn): UserRepo {
  return {
    async create({ email, name, passwordHash }) {
      const row = {
        id: newId(),
        email: email.toLowerCase(),
        name,
        password_hash: passwordHash,
        created_at: new Date().toISOString(),
        last_login_at: null,
      };
      try {
        await db.insertInto('users').values(row).execute();
      } catch (e) {
        if (isUniqueViolation(e))
          throw new AppError('email_taken', `A user with the email ${row.email} exists.`);
        throw e;
      }
      return { id: row.id, email: row.email, name, createdAt: row.created_at };
    },
    async get(id) {
      const r = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
      return r && { id: r.id, email: r.email, name: r.name, createdAt: r.created_at };
    },
    async findByEmail(email) {
      const r = await db
        .selectFrom('users')
        .selectAll()
        .where('email', '=', email.toLowerCase())
        .executeTakeFirst();
      return (
        r && {
          id: r.id,
          email: r.email,
          name: r.name,
          createdAt: r.created_at,
          passwordHash: r.password_hash,
        }
      );
    },
    async count() {
      const r = await db
        .selectFrom('users')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
    async touchLogin(id, at) {
      await db.updateTable('users').set({ last_login_at: at }).where('id', '=', id).execute();
    },
    async passwordHash(id) {
      const r = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
      return r?.password_hash;
    },
    async setPasswordHash(id, passwordHash) {
      await db.updateTable('users').set({ password_hash: passwordHash }).where('id', '=', id).execute();
    },
    async addMembership(workspaceId, userId, role) {
      await db
        .insertInto('memberships')
        .values({ workspace_id: workspaceId, user_id: userId, role, created_at: new Date().toISOString() })
        .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doUpdateSet({ role }))
        .execute();
    },
    async memberships(userId) {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('workspaces as w', 'w.id', 'm.workspace_id')
        .select(['w.id', 'w.name', 'w.slug', 'w.is_demo', 'w.created_at', 'm.role'])
        .where('m.user_id', '=', userId)
        .orderBy('w.created_at')
        .execute();
      return rows.map((r) => ({
        workspace: { id: r.id, name: r.name, slug: r.slug, isDemo: r.is_demo === 1, createdAt: r.created_at },
        role: r.role as Role,
      }));
    },
    async role(workspaceId, userId) {
      const r = await db
        .selectFrom('memberships')
        .select('role')
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return r?.role as Role | undefined;
    },
    async members(workspaceId) {
      const rows = await db
        .selectFrom('memberships as m')
        .innerJoin('users as u', 'u.id', 'm.user_id')
        .select(['u.id', 'u.email', 'u.name', 'u.created_at', 'm.role', 'm.created_at as since'])
        .where('m.workspace_id', '=', workspaceId)
        .orderBy('u.name')
        .execute();
      return rows.map((r) => ({
        user: { id: r.id, email: r.email, name: r.name, createdAt: r.created_at },
        role: r.role as Role,
        since: r.since,
      }));
    },
    async removeMembership(workspaceId, userId) {
      const r = await db
        .deleteFrom('memberships')
        .where('workspace_id', '=', workspaceId)
        .where('user_id', '=', userId)
        .executeTakeFirst();
      return Number(r.numDeletedRows) > 0;
    },
    async ownerIds() {
      const rows = await db
        .selectFrom('memberships')
        .select('user_id')
        .distinct()
        .where('role', '=', 'owner')
        .execute();
      return rows.map((r) => r.user_id);
    },
  };
}

export function sessionRepo({ db }: Conn): SessionRepo {
  return {
    async create({ idHash, userId, csrfToken, expiresAt }) {
      await db
        .insertInto('sessions')
        .values({
          id: idHash,
          user_id: userId,
          csrf_token: csrfToken,
          created_at: new Date().toISOString(),
          expires_at: expiresAt,
        })
        .execute();
    },
    async find(idHash, now) {
      const r = await db
        .selectFrom('sessions')
        .select(['user_id', 'csrf_token', 'expires_at'])
        .where('id', '=', idHash)
        .where('expires_at', '>', now)
        .executeTakeFirst();
      return r && { userId: r.user_id, csrfToken: r.csrf_token, expiresAt: r.expires_at };
    },
    async delete(idHash) {
      await db.deleteFrom('sessions').where('id', '=', idHash).execute();
    },
    async deleteAllOf(userId, keepIdHash) {
      let q = db.deleteFrom('sessions').where('user_id', '=', userId);
      if (keepIdHash !== undefined) q = q.where('id', '!=', keepIdHash);
      const r = await q.executeTakeFirst();
      return Number(r.numDeletedRows);
    },
    async deleteExpired(now) {
      const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(r.numDeletedRows);
    },
  };
}
