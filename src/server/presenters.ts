/** The wire format of domain entities. Never return a database row or a domain object with internals as is. */
import type {
  FeedbackDetail,
  FeedbackItem,
  ImportJob,
  Membership,
  User,
  Workspace,
  ApiKey,
} from '../core/types.js';

export function presentFeedback(i: FeedbackItem) {
  const { workspaceId: _w, ...rest } = i;
  return rest;
}

export function presentFeedbackDetail(i: FeedbackDetail) {
  const { workspaceId: _w, ...rest } = i;
  return rest;
}

export const presentUser = (u: User) => ({ id: u.id, email: u.email, name: u.name });

export const presentWorkspace = (w: Workspace, role?: Membership['role']) => ({
  id: w.id,
  name: w.name,
  slug: w.slug,
  isDemo: w.isDemo,
  ...(role ? { role } : {}),
});

export const presentApiKey = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  scopes: k.scopes,
  createdAt: k.createdAt,
  lastUsedAt: k.lastUsedAt,
  revokedAt: k.revokedAt,
});

export const presentImport = (j: ImportJob) => {
  const { workspaceId: _w, ...rest } = j;
  return rest;
};
