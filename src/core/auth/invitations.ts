/**
 * Invitations (issue #11, finding 6). Adding someone to a workspace used to add an existing account
 * at once and answer with its id and name, while an unknown address got a different answer: an
 * account oracle, and membership nobody agreed to. Now the owner invites an address, gets the same
 * answer whatever it belongs to, and the person accepts: by the mailed link, or signed in.
 */
import { z } from 'zod';
import { AppError, parseInput } from '../errors.js';
import type { Invitation, InvitationState, InvitationView, Repos, Store } from '../ports.js';
import { ROLES, type Actor, type Role, type User } from '../types.js';
import { EmailSchema, NameSchema, PasswordSchema } from './accounts.js';
import { hashPassword, randomToken, sha256, verifyPassword } from './crypto.js';
import { invitationMail, tokenLink, type AccountMailDeps } from './mail.js';

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;
/** The most invitations a workspace lists (newest first). */
export const INVITATION_LIST_LIMIT = 200;

export const InviteSchema = z.object({ email: EmailSchema, role: z.enum(ROLES) });

export const AcceptByTokenSchema = z.object({
  token: z.string().min(1, 'must not be empty').max(200),
  /** For a new account; ignored when the address has one. */
  name: NameSchema.optional(),
  /** The new account's password, or the existing account's. */
  password: z.string().max(200).optional(),
});

export function invitationState(inv: Invitation, now: Date): InvitationState {
  if (inv.acceptedAt !== null) return 'accepted';
  if (inv.declinedAt !== null) return 'declined';
  if (inv.revokedAt !== null) return 'revoked';
  return inv.expiresAt <= now.toISOString() ? 'expired' : 'pending';
}

export interface InviteResult {
  invitation: Invitation;
  /** True when the link went out by e-mail; then `token` is null. */
  emailed: boolean;
  /** The token of the link, when it was not mailed: shown to the inviter once, to pass on. */
  token: string | null;
  /** Why the mail did not go out, when SMTP is configured but sending failed. */
  emailError: string | null;
}

/**
 * Invites an address to the workspace with a role. Whether the address has an account or not,
 * the result is the same: a pending invitation, mailed when SMTP and the public URL are configured,
 * else its token for the inviter to pass on. An earlier pending invitation to the address is revoked.
 *
 * @example
 * const { invitation, token } = await inviteMember(store, ws, { email, role: 'agent' }, actor, mail);
 */
export async function inviteMember(
  store: Store,
  workspaceId: string,
  input: unknown,
  actor: Actor,
  mail: AccountMailDeps,
): Promise<InviteResult> {
  const { email, role } = parseInput(InviteSchema, input);
  const members = await store.users.members(workspaceId);
  // Members are listed to everyone in the workspace, so saying so reveals nothing new.
  if (members.some((m) => m.user.email === email)) {
    throw new AppError(
      'conflict',
      `${email} is already a member of this workspace: change their role instead.`,
    );
  }
  const token = randomToken(32);
  const now = new Date();
  const invitation = await store.transaction(async (tx) => {
    const replaced = await tx.invitations.revokePendingTo(workspaceId, email, now.toISOString());
    const created = await tx.invitations.create({
      workspaceId,
      email,
      role,
      tokenHash: sha256(token),
      invitedBy: actor.type === 'user' ? actor.id : null,
      expiresAt: new Date(now.getTime() + INVITATION_DAYS * 86_400_000).toISOString(),
    });
    await tx.audit.record({
      workspaceId,
      actor,
      action: 'invitation.create',
      targetType: 'invitation',
      targetId: created.id,
      data: { email, role, ...(replaced.length > 0 ? { replaces: replaced } : {}) },
    });
    return created;
  });
  if (mail.mailer === undefined || mail.publicUrl === undefined) {
    return { invitation, emailed: false, token, emailError: null };
  }
  const [workspace, inviter] = await Promise.all([
    store.workspaces.get(workspaceId),
    actor.type === 'user' && actor.id !== null ? store.users.get(actor.id) : undefined,
  ]);
  const sent = await mail.mailer.send(
    invitationMail({
      to: email,
      workspaceName: workspace?.name ?? 'Touchpoint',
      inviterName: inviter?.name ?? null,
      role,
      link: tokenLink(mail.publicUrl, 'invitation', token),
      expiresAt: invitation.expiresAt,
    }),
  );
  return sent.ok
    ? { invitation, emailed: true, token: null, emailError: null }
    : { invitation, emailed: false, token, emailError: sent.error };
}

/** The workspace's invitations with their state, newest first. */
export async function listInvitations(
  store: Store,
  workspaceId: string,
): Promise<(Invitation & { state: InvitationState })[]> {
  const now = new Date();
  const list = await store.invitations.list(workspaceId, INVITATION_LIST_LIMIT);
  return list.map((i) => ({ ...i, state: invitationState(i, now) }));
}

export async function revokeInvitation(
  store: Store,
  workspaceId: string,
  id: string,
  actor: Actor,
): Promise<void> {
  const inv = await store.invitations.get(id);
  if (!inv || inv.workspaceId !== workspaceId) {
    throw new AppError('invitation_not_found', `No invitation ${id} in this workspace.`);
  }
  await store.transaction(async (tx) => {
    if (!(await tx.invitations.finish(id, { kind: 'revoked' }, new Date().toISOString()))) {
      throw new AppError(
        'conflict',
        `The invitation is ${invitationState(inv, new Date())}, not pending: only a pending invitation can be revoked.`,
      );
    }
    await tx.audit.record({
      workspaceId,
      actor,
      action: 'invitation.revoke',
      targetType: 'invitation',
      targetId: id,
      data: { email: inv.email },
    });
  });
}

const INVALID_LINK =
  'This invitation link does not work: it was used, declined or revoked, it expired, or it never existed. Ask for a new invitation.';

/** A pending invitation by the token of its link, or `invitation_not_found`. */
async function pendingByToken(store: Store, token: string): Promise<InvitationView> {
  const inv = await store.invitations.findByTokenHash(sha256(token));
  if (!inv || invitationState(inv, new Date()) !== 'pending') {
    throw new AppError('invitation_not_found', INVALID_LINK);
  }
  return inv;
}

/** What the invitation page shows the holder of a link: workspace, role, address, inviter. */
export async function previewInvitation(store: Store, input: unknown): Promise<InvitationView> {
  const { token } = parseInput(AcceptByTokenSchema.pick({ token: true }), input);
  return pendingByToken(store, token);
}

/** Ends the invitation as accepted and makes `user` a member (a member already keeps their role). */
async function join(tx: Repos, inv: InvitationView, user: User): Promise<Role> {
  if (
    !(await tx.invitations.finish(inv.id, { kind: 'accepted', userId: user.id }, new Date().toISOString()))
  ) {
    throw new AppError('invitation_not_found', INVALID_LINK);
  }
  const current = await tx.users.role(inv.workspaceId, user.id);
  const actor: Actor = { type: 'user', id: user.id };
  await tx.audit.record({
    workspaceId: inv.workspaceId,
    actor,
    action: 'invitation.accept',
    targetType: 'invitation',
    targetId: inv.id,
  });
  if (current !== undefined) return current;
  await tx.users.addMembership(inv.workspaceId, user.id, inv.role);
  await tx.audit.record({
    workspaceId: inv.workspaceId,
    actor,
    action: 'membership.set',
    targetType: 'user',
    targetId: user.id,
    data: { role: inv.role, invitation: inv.id },
  });
  return inv.role;
}

export interface Accepted {
  user: User;
  workspaceId: string;
  role: Role;
  /** True when the caller was not signed in as the invitee: the route starts a session. */
  signIn: boolean;
}

/**
 * Accepts by the link's token. Signed in as the invited address, the token is enough. Otherwise the
 * invitee proves who they are: with the password of the address's account when it has one, or by
 * choosing a name and password for a new account (the link came to that address, so it is theirs).
 * Either way nothing joins a workspace without the account's own password or session.
 */
export async function acceptInvitationByToken(
  store: Store,
  input: unknown,
  signedIn: User | undefined,
): Promise<Accepted> {
  const { token, name, password } = parseInput(AcceptByTokenSchema, input);
  const inv = await pendingByToken(store, token);
  if (signedIn?.email === inv.email) {
    const role = await store.transaction((tx) => join(tx, inv, signedIn));
    return { user: signedIn, workspaceId: inv.workspaceId, role, signIn: false };
  }
  if (password === undefined || password === '') {
    throw new AppError('validation_failed', 'password: required', [
      { path: 'password', message: 'required' },
    ]);
  }
  const existing = await store.users.findByEmail(inv.email);
  if (existing) {
    if (!(await verifyPassword(existing.passwordHash, password))) {
      throw new AppError('invalid_credentials', `The password is wrong for ${inv.email}.`);
    }
    const { passwordHash: _, ...user } = existing;
    const role = await store.transaction((tx) => join(tx, inv, user));
    return { user, workspaceId: inv.workspaceId, role, signIn: true };
  }
  const fields = parseInput(z.object({ name: NameSchema, password: PasswordSchema }), { name, password });
  const passwordHash = await hashPassword(fields.password);
  return store.transaction(async (tx) => {
    const user = await tx.users.create({ email: inv.email, name: fields.name, passwordHash });
    await tx.audit.record({
      workspaceId: null,
      actor: { type: 'user', id: user.id },
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      data: { invitation: inv.id },
    });
    const role = await join(tx, inv, user);
    return { user, workspaceId: inv.workspaceId, role, signIn: true };
  });
}

/** Invitations waiting for a signed-in user (to their e-mail address), newest first. */
export function pendingInvitationsOf(store: Store, user: User): Promise<InvitationView[]> {
  return store.invitations.pendingFor(user.email, new Date().toISOString());
}

/** A pending invitation of `user` by id; another address's looks like one that does not exist. */
async function pendingOf(store: Store, id: string, user: User): Promise<InvitationView> {
  const inv = await store.invitations.get(id);
  if (!inv || inv.email !== user.email || invitationState(inv, new Date()) !== 'pending') {
    throw new AppError('invitation_not_found', `No pending invitation ${id} for ${user.email}.`);
  }
  return inv;
}

/** Accepts, signed in, an invitation to the user's own address. */
export async function acceptInvitation(store: Store, id: string, user: User): Promise<Accepted> {
  const inv = await pendingOf(store, id, user);
  const role = await store.transaction((tx) => join(tx, inv, user));
  return { user, workspaceId: inv.workspaceId, role, signIn: false };
}

export async function declineInvitation(store: Store, id: string, user: User): Promise<void> {
  const inv = await pendingOf(store, id, user);
  await store.transaction(async (tx) => {
    if (!(await tx.invitations.finish(inv.id, { kind: 'declined' }, new Date().toISOString()))) {
      throw new AppError('invitation_not_found', `No pending invitation ${id} for ${user.email}.`);
    }
    await tx.audit.record({
      workspaceId: inv.workspaceId,
      actor: { type: 'user', id: user.id },
      action: 'invitation.decline',
      targetType: 'invitation',
      targetId: inv.id,
    });
  });
}
