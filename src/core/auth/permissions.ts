import type { Actor, Role, Scope } from '../types.js';
import { ROLES } from '../types.js';
import { AppError } from '../errors.js';

/**
 * What a caller may do in a workspace: API scopes plus rights only roles carry. `feedback:correct`
 * (correcting an item's analysis) is a person's judgement, so no API key scope grants it.
 */
export type Permission = Scope | 'feedback:correct' | 'keys:manage' | 'members:manage';

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: ['feedback:read', 'workspace:read'],
  agent: ['feedback:read', 'workspace:read', 'feedback:correct'],
  admin: ['feedback:read', 'workspace:read', 'feedback:correct', 'feedback:write', 'keys:manage'],
  owner: [
    'feedback:read',
    'workspace:read',
    'feedback:correct',
    'feedback:write',
    'keys:manage',
    'members:manage',
  ],
};

/** An authenticated caller acting in one workspace. */
export interface Principal {
  actor: Actor;
  workspaceId: string;
  role: Role | null; // null for API keys
  permissions: readonly Permission[];
}

export function permissionsOfRole(role: Role): readonly Permission[] {
  return ROLE_PERMISSIONS[role];
}

export function roleAtLeast(role: Role, min: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(min);
}

/** Throws `forbidden` unless the principal holds `permission`. */
export function authorize(principal: Principal, permission: Permission): void {
  if (!principal.permissions.includes(permission)) {
    throw new AppError(
      'forbidden',
      `This ${principal.actor.type === 'api_key' ? 'API key' : 'account'} lacks the permission "${permission}" in this workspace.`,
    );
  }
}
