import { z } from 'zod';
import { AppError, parseInput } from '../errors.js';
import type { Store } from '../ports.js';
import { ROLES, type Actor, type Role, type User } from '../types.js';
import { EmailSchema, NameSchema, PasswordSchema } from './accounts.js';
import { hashPassword } from './crypto.js';

export const AddMemberSchema = z.object({
  email: EmailSchema,
  role: z.enum(ROLES),
  /** For a person without an account: their name and a first password, to pass on privately. */
  name: NameSchema.optional(),
  password: PasswordSchema.optional(),
});

/**
 * Adds a person to a workspace with a role: an existing account by email, or a new account when a
 * name and first password are given.
 */
export async function addMemberByEmail(
  store: Store,
  workspaceId: string,
  input: unknown,
  actor: Actor,
): Promise<{ user: User; role: Role; created: boolean }> {
  const { email, role, name, password } = parseInput(AddMemberSchema, input);
  let user: User | undefined = await store.users.findByEmail(email);
  let created = false;
  if (!user) {
    if (name === undefined || password === undefined) {
      throw new AppError(
        'validation_failed',
        `No account for ${email}: give a name and a first password to create one.`,
        [{ path: 'password', message: 'required for a new account' }],
      );
    }
    user = await store.users.create({ email, name, passwordHash: await hashPassword(password) });
    created = true;
  }
  await store.users.addMembership(workspaceId, user.id, role);
  await store.audit.record({
    workspaceId,
    actor,
    action: 'membership.set',
    targetType: 'user',
    targetId: user.id,
    data: { role, created },
  });
  const { id, email: e, name: n, createdAt } = user;
  return { user: { id, email: e, name: n, createdAt }, role, created };
}

async function ensureAnotherOwner(store: Store, workspaceId: string, userId: string): Promise<void> {
  const members = await store.users.members(workspaceId);
  const target = members.find((m) => m.user.id === userId);
  if (!target) throw new AppError('not_found', 'No such member in this workspace.');
  if (target.role === 'owner' && members.filter((m) => m.role === 'owner').length === 1) {
    throw new AppError('conflict', 'A workspace keeps at least one owner: make someone else owner first.');
  }
}

export async function changeMemberRole(
  store: Store,
  workspaceId: string,
  userId: string,
  role: Role,
  actor: Actor,
): Promise<void> {
  if (role !== 'owner') await ensureAnotherOwner(store, workspaceId, userId);
  else if (!(await store.users.role(workspaceId, userId)))
    throw new AppError('not_found', 'No such member in this workspace.');
  await store.users.addMembership(workspaceId, userId, role);
  await store.audit.record({
    workspaceId,
    actor,
    action: 'membership.set',
    targetType: 'user',
    targetId: userId,
    data: { role },
  });
}

export async function removeMember(
  store: Store,
  workspaceId: string,
  userId: string,
  actor: Actor,
): Promise<void> {
  await ensureAnotherOwner(store, workspaceId, userId);
  await store.users.removeMembership(workspaceId, userId);
  await store.audit.record({
    workspaceId,
    actor,
    action: 'membership.remove',
    targetType: 'user',
    targetId: userId,
  });
}
