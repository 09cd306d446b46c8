/** The wire format of domain entities. Never return a database row or a domain object with internals as is. */
import type { ItemCorrections } from '../core/feedback/correct.js';
import type {
  FeedbackDetail,
  FeedbackItem,
  ImportJob,
  Membership,
  User,
  Workspace,
  ApiKey,
} from '../core/types.js';

function presentCorrections(c: ItemCorrections) {
  const s = c.sentiment;
  return {
    sentiment: s && { label: s.value, version: s.version, createdBy: s.createdBy, createdAt: s.createdAt },
  };
}

export function presentFeedback(i: FeedbackItem & { corrections: ItemCorrections }) {
  const { workspaceId: _w, corrections, ...rest } = i;
  return { ...rest, corrections: presentCorrections(corrections) };
}

export function presentFeedbackDetail(i: FeedbackDetail & { corrections: ItemCorrections }) {
  const { workspaceId: _w, corrections, ...rest } = i;
  return { ...rest, corrections: presentCorrections(corrections) };
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
