/**
 * Password change and reset by e-mail (issue #11, finding 5: neither existed). A change ends every
 * other session of the account; a reset ends all of them, since whoever knew the old password may
 * hold one.
 */
import { z } from 'zod';
import { AppError, parseInput } from '../errors.js';
import type { Store } from '../ports.js';
import type { User } from '../types.js';
import { EmailSchema, PasswordSchema } from './accounts.js';
import { hashPassword, randomToken, sha256, verifyPassword } from './crypto.js';
import { passwordResetMail, tokenLink, type AccountMailDeps } from './mail.js';

/** How long a reset link works. */
export const RESET_MINUTES = 60;

export const ChangePasswordSchema = z.object({
  currentPassword: z.string().max(200),
  newPassword: PasswordSchema,
});

export const ResetRequestSchema = z.object({ email: EmailSchema });

export const ResetSchema = z.object({
  token: z.string().min(1, 'must not be empty').max(200),
  password: PasswordSchema,
});

/**
 * Changes the signed-in user's password after checking the current one, and ends every other
 * session of the account (the one making the change stays).
 */
export async function changePassword(
  store: Store,
  user: User,
  sessionHash: string,
  input: unknown,
): Promise<{ endedSessions: number }> {
  const { currentPassword, newPassword } = parseInput(ChangePasswordSchema, input);
  const stored = await store.users.passwordHash(user.id);
  if (stored === undefined || !(await verifyPassword(stored, currentPassword))) {
    // A field error, not a 401: the session is fine, only the typed password is not.
    throw new AppError('validation_failed', 'currentPassword: is wrong', [
      { path: 'currentPassword', message: 'is wrong' },
    ]);
  }
  const passwordHash = await hashPassword(newPassword);
  return store.transaction(async (tx) => {
    await tx.users.setPasswordHash(user.id, passwordHash);
    const endedSessions = await tx.sessions.deleteAllOf(user.id, sessionHash);
    await tx.passwordResets.endAllOf(user.id, new Date().toISOString());
    await tx.audit.record({
      workspaceId: null,
      actor: { type: 'user', id: user.id },
      action: 'user.password_change',
      targetType: 'user',
      targetId: user.id,
      data: { endedSessions },
    });
    return { endedSessions };
  });
}

/**
 * Starts a reset: for an address with an account, a single-use link valid for `RESET_MINUTES`,
 * mailed in the background, so the answer and its timing are the same for any address. Without
 * SMTP and the public URL nothing can be mailed; the operator is told in the log.
 */
export async function requestPasswordReset(
  store: Store,
  input: unknown,
  mail: AccountMailDeps,
): Promise<void> {
  const { email } = parseInput(ResetRequestSchema, input);
  const user = await store.users.findByEmail(email);
  if (!user) return;
  if (mail.mailer === undefined || mail.publicUrl === undefined) {
    mail.onMailError?.(
      'password reset requested, but no e-mail can be sent: set TOUCHPOINT_SMTP_URL and TOUCHPOINT_PUBLIC_URL',
    );
    return;
  }
  const token = randomToken(32);
  const expiresAt = new Date(Date.now() + RESET_MINUTES * 60_000).toISOString();
  await store.passwordResets.create({ tokenHash: sha256(token), userId: user.id, expiresAt });
  await store.audit.record({
    workspaceId: null,
    actor: { type: 'system', id: null },
    action: 'user.password_reset_request',
    targetType: 'user',
    targetId: user.id,
  });
  const message = passwordResetMail({
    to: user.email,
    link: tokenLink(mail.publicUrl, 'reset-password', token),
    expiresAt,
  });
  // Not awaited: a known address must not answer later than an unknown one.
  void mail.mailer.send(message).then(
    (r) => {
      if (!r.ok) mail.onMailError?.(`password reset e-mail not sent: ${r.error}`);
    },
    (e: unknown) => mail.onMailError?.(`password reset e-mail not sent: ${String(e)}`),
  );
}

/** Sets a new password with a reset token (once), and ends every session and reset of the account. */
export async function resetPassword(store: Store, input: unknown): Promise<void> {
  const { token, password } = parseInput(ResetSchema, input);
  const passwordHash = await hashPassword(password);
  await store.transaction(async (tx) => {
    const now = new Date().toISOString();
    const userId = await tx.passwordResets.use(sha256(token), now);
    if (userId === undefined) {
      throw new AppError(
        'reset_token_invalid',
        'This reset link does not work: it was used, it expired, or it never existed. Ask for a new one.',
      );
    }
    await tx.users.setPasswordHash(userId, passwordHash);
    const endedSessions = await tx.sessions.deleteAllOf(userId);
    await tx.passwordResets.endAllOf(userId, now);
    await tx.audit.record({
      workspaceId: null,
      actor: { type: 'user', id: userId },
      action: 'user.password_reset',
      targetType: 'user',
      targetId: userId,
      data: { endedSessions },
    });
  });
}
