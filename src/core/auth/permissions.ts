import type { Actor, Role, Scope } from '../types.js';
import { ROLES } from '../types.js';
import { AppError } from '../errors.js';

/**
 * What a caller may do in a workspace: API scopes plus rights only roles carry. `feedback:correct`
 * (correcting an item's analysis) is a person's judgement, so no API key scope grants it. Cases
 * (issue #4) are people's work too: `cases:read` to see them, `cases:write` to work them (agents),
 * `cases:manage` for teams, the playbook and SLAs (admins).
 */
export type Permission =
  | Scope
  | 'feedback:correct'
  | 'keys:manage'
  | 'members:manage'
  | 'cases:read'
  | 'cases:write'
  | 'cases:manage'
  | ExceptionPermission
  | AlertPermission;

const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  viewer: [
    'feedback:read',
    'workspace:read',
    'cases:read',
    'analytics:read',
    'customers:read',
    'surveys:read',
  ],
  agent: [
    'feedback:read',
    'workspace:read',
    'feedback:correct',
    'cases:read',
    'cases:write',
    'analytics:read',
    'customers:read',
    'customers:write',
    'surveys:read',
  ],
  admin: [
    'feedback:read',
    'workspace:read',
    'feedback:correct',
    'feedback:write',
    'keys:manage',
    'cases:read',
    'cases:write',
    'cases:manage',
    'analytics:read',
    'customers:read',
    'customers:write',
    'customers:privacy',
    'surveys:read',
    'surveys:write',
    'events:write',
  ],
  owner: [
    'feedback:read',
    'workspace:read',
    'feedback:correct',
    'feedback:write',
    'keys:manage',
    'members:manage',
    'cases:read',
    'cases:write',
    'cases:manage',
    'analytics:read',
    'customers:read',
    'customers:write',
    'customers:privacy',
    'surveys:read',
    'surveys:write',
    'events:write',
  ],
};

/**
 * Policies and exceptions (issue #4): agents grant exceptions within their limit, admins approve
 * those above it and manage the policies and exception types. Roles only: no API key scope grants them.
 */
export type ExceptionPermission = 'exceptions:grant' | 'exceptions:approve' | 'policies:manage';

const EXCEPTION_PERMISSIONS: Record<Role, readonly ExceptionPermission[]> = {
  viewer: [],
  agent: ['exceptions:grant'],
  admin: ['exceptions:grant', 'exceptions:approve', 'policies:manage'],
  owner: ['exceptions:grant', 'exceptions:approve', 'policies:manage'],
};

/**
 * Alerts (issue #5): everyone sees them and sets their own e-mail notifications, agents acknowledge,
 * resolve, snooze and reopen them, admins set the risky-item threshold and workspace targets.
 * Slack and webhook targets, a member's own included, reach systems outside Touchpoint, so they take
 * `alerts:manage` too (issue #11: a viewer's webhook reached the server's own network).
 */
export type AlertPermission = 'alerts:read' | 'alerts:write' | 'alerts:manage';

const ALERT_PERMISSIONS: Record<Role, readonly AlertPermission[]> = {
  viewer: ['alerts:read'],
  agent: ['alerts:read', 'alerts:write'],
  admin: ['alerts:read', 'alerts:write', 'alerts:manage'],
  owner: ['alerts:read', 'alerts:write', 'alerts:manage'],
};

/** An authenticated caller acting in one workspace. */
export interface Principal {
  actor: Actor;
  workspaceId: string;
  role: Role | null; // null for API keys
  permissions: readonly Permission[];
}

export function permissionsOfRole(role: Role): readonly Permission[] {
  return [...ROLE_PERMISSIONS[role], ...EXCEPTION_PERMISSIONS[role], ...ALERT_PERMISSIONS[role]];
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
