import { AppError } from '../errors.js';
import type { Store } from '../ports.js';
import type { Actor, Role } from '../types.js';

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
