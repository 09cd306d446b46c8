import { z } from 'zod';
import { DEFAULT_TAXONOMY } from '../journey/default-taxonomy.js';
import { AppError, parseInput } from '../errors.js';
import type { Repos, Store } from '../ports.js';
import type { Actor, ApiKey, Membership, Role, User, Workspace } from '../types.js';
import { SCOPES } from '../types.js';
import { hashPassword, randomToken, sha256, verifyPassword } from './crypto.js';
import { permissionsOfRole, type Principal } from './permissions.js';

export const PasswordSchema = z.string().min(10, 'must be at least 10 characters').max(200);
export const EmailSchema = z
  .email()
  .max(320)
  .transform((e) => e.toLowerCase());
export const NameSchema = z.string().trim().min(1, 'must not be empty').max(120);

export const SetupSchema = z.object({
  name: NameSchema,
  email: EmailSchema,
  password: PasswordSchema,
  workspaceName: NameSchema,
});

/** A URL-safe workspace slug, unique among workspaces. */
async function freeSlug(repos: Repos, name: string): Promise<string> {
  const base =
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'workspace';
  for (let i = 1; ; i++) {
    const slug = i === 1 ? base : `${base}-${i}`;
    if (!(await repos.workspaces.findBySlug(slug))) return slug;
  }
}

/** Creates a workspace with its own brand (named `brandName`, default the workspace's name) and the default journey taxonomy; `owner` becomes its owner. */
export async function createWorkspace(
  store: Store,
  input: { name: string; ownerId?: string; isDemo?: boolean; brandName?: string },
  actor: Actor,
): Promise<Workspace> {
  const name = parseInput(NameSchema, input.name);
  return store.transaction(async (tx) => {
    const workspace = await tx.workspaces.create({
      name,
      slug: await freeSlug(tx, name),
      isDemo: input.isDemo ?? false,
    });
    await tx.brands.ensure(workspace.id, input.brandName ?? name, 'own');
    await tx.taxonomy.replace(workspace.id, DEFAULT_TAXONOMY);
    if (input.ownerId !== undefined) await tx.users.addMembership(workspace.id, input.ownerId, 'owner');
    await tx.audit.record({
      workspaceId: workspace.id,
      actor,
      action: 'workspace.create',
      targetType: 'workspace',
      targetId: workspace.id,
    });
    return workspace;
  });
}

export async function createUser(
  store: Store,
  input: { email: string; name: string; password: string },
  actor: Actor,
): Promise<User> {
  const { email, name, password } = parseInput(
    z.object({ email: EmailSchema, name: NameSchema, password: PasswordSchema }),
    input,
  );
  const user = await store.users.create({ email, name, passwordHash: await hashPassword(password) });
  await store.audit.record({
    workspaceId: null,
    actor,
    action: 'user.create',
    targetType: 'user',
    targetId: user.id,
  });
  return user;
}

export async function addMember(
  store: Store,
  workspaceId: string,
  userId: string,
  role: Role,
  actor: Actor,
): Promise<void> {
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

/** True while nobody has an account: the web app then shows the setup page. */
export async function setupNeeded(store: Store): Promise<boolean> {
  return (await store.users.count()) === 0;
}

/**
 * First start: creates the owner account and the first workspace. Workspaces made before any user
 * existed (by `touchpoint import` on a fresh install) are given to the owner too.
 */
export async function setupOwner(
  store: Store,
  input: unknown,
): Promise<{ user: User; workspace: Workspace }> {
  const data = parseInput(SetupSchema, input);
  if (!(await setupNeeded(store)))
    throw new AppError('setup_already_done', 'Touchpoint is already set up; log in instead.');
  const user = await createUser(store, data, { type: 'system', id: null });
  const existing = await store.workspaces.list();
  for (const w of existing) await store.users.addMembership(w.id, user.id, 'owner');
  const workspace = await createWorkspace(
    store,
    { name: data.workspaceName, ownerId: user.id },
    { type: 'user', id: user.id },
  );
  return { user, workspace };
}

export interface SessionGrant {
  /** The cookie value; only its hash is stored. */
  token: string;
  csrfToken: string;
  expiresAt: string;
}

export async function startSession(store: Store, userId: string, days: number): Promise<SessionGrant> {
  const token = randomToken(32);
  const csrfToken = randomToken(24);
  const expiresAt = new Date(Date.now() + days * 86_400_000).toISOString();
  await store.sessions.create({ idHash: sha256(token), userId, csrfToken, expiresAt });
  return { token, csrfToken, expiresAt };
}

// A hash to compare against when the email is unknown, so timing does not reveal which emails exist.
const DUMMY_HASH = hashPassword(randomToken(16));

export async function login(
  store: Store,
  input: unknown,
  sessionDays: number,
): Promise<{ user: User; session: SessionGrant }> {
  const { email, password } = parseInput(
    z.object({ email: z.string().max(320), password: z.string().max(200) }),
    input,
  );
  const found = await store.users.findByEmail(email);
  const ok = await verifyPassword(found?.passwordHash ?? (await DUMMY_HASH), password);
  if (!found || !ok) throw new AppError('invalid_credentials', 'Email or password is wrong.');
  await store.users.touchLogin(found.id, new Date().toISOString());
  const { passwordHash: _, ...user } = found;
  return { user, session: await startSession(store, user.id, sessionDays) };
}

export async function sessionUser(
  store: Store,
  token: string,
): Promise<{ user: User; csrfToken: string; idHash: string } | undefined> {
  const idHash = sha256(token);
  const s = await store.sessions.find(idHash, new Date().toISOString());
  if (!s) return undefined;
  const user = await store.users.get(s.userId);
  return user && { user, csrfToken: s.csrfToken, idHash };
}

/** Resolves which workspace a signed-in user acts in, and with which role. */
export async function userPrincipal(
  store: Store,
  user: User,
  workspace: string | undefined,
): Promise<Principal> {
  const memberships: Membership[] = await store.users.memberships(user.id);
  let m: Membership | undefined;
  if (workspace === undefined || workspace === '') {
    if (memberships.length !== 1) {
      throw new AppError(
        'workspace_required',
        'Say which workspace: send the X-Workspace header with its id or slug.',
      );
    }
    m = memberships[0];
  } else {
    m = memberships.find((x) => x.workspace.id === workspace || x.workspace.slug === workspace);
  }
  // Not a member and no such workspace look the same, so ids of other tenants cannot be probed.
  if (!m) throw new AppError('workspace_not_found', `No workspace "${workspace ?? ''}" for this account.`);
  return {
    actor: { type: 'user', id: user.id },
    workspaceId: m.workspace.id,
    role: m.role,
    permissions: permissionsOfRole(m.role),
  };
}

export const API_KEY_PREFIX = 'tp_';

export const ApiKeyInputSchema = z.object({
  name: NameSchema,
  scopes: z.array(z.enum(SCOPES)).min(1, 'give at least one scope').max(SCOPES.length),
});

/** Creates an API key; the returned `key` is shown once and only its hash is kept. */
export async function createApiKey(
  store: Store,
  workspaceId: string,
  input: unknown,
  actor: Actor,
): Promise<{ key: string; apiKey: ApiKey }> {
  const { name, scopes } = parseInput(ApiKeyInputSchema, input);
  const key = `${API_KEY_PREFIX}${randomToken(30)}`;
  const apiKey = await store.apiKeys.create({
    workspaceId,
    name,
    prefix: key.slice(0, 10),
    keyHash: sha256(key),
    scopes: [...new Set(scopes)],
    createdBy: actor.type === 'user' ? actor.id : null,
  });
  await store.audit.record({
    workspaceId,
    actor,
    action: 'api_key.create',
    targetType: 'api_key',
    targetId: apiKey.id,
    data: { scopes },
  });
  return { key, apiKey };
}

export async function revokeApiKey(
  store: Store,
  workspaceId: string,
  id: string,
  actor: Actor,
): Promise<void> {
  if (!(await store.apiKeys.revoke(workspaceId, id, new Date().toISOString()))) {
    throw new AppError('api_key_not_found', 'No such active API key in this workspace.');
  }
  await store.audit.record({
    workspaceId,
    actor,
    action: 'api_key.revoke',
    targetType: 'api_key',
    targetId: id,
  });
}

/**
 * How often a key's use is written down (`lastUsedAt`, shown to the minute on the API keys page). A
 * write on every request was a second commit for each single-item POST: on PostgreSQL its own WAL
 * flush, up to 43 ms of a POST's time while an import ran beside it (bench/post-trace.ts, issue #13).
 */
export const KEY_USE_RECORDED_EVERY_MS = 60_000;

export async function apiKeyPrincipal(store: Store, key: string): Promise<Principal | undefined> {
  if (!key.startsWith(API_KEY_PREFIX)) return undefined;
  const apiKey = await store.apiKeys.findByHash(sha256(key));
  if (!apiKey || apiKey.revokedAt !== null) return undefined;
  const now = Date.now();
  if (apiKey.lastUsedAt === null || now - Date.parse(apiKey.lastUsedAt) >= KEY_USE_RECORDED_EVERY_MS)
    await store.apiKeys.touch(apiKey.id, new Date(now).toISOString());
  return {
    actor: { type: 'api_key', id: apiKey.id },
    workspaceId: apiKey.workspaceId,
    role: null,
    permissions: apiKey.scopes,
  };
}
