import { z } from '@hono/zod-openapi';
import { ROLES } from '../../core/types.js';
import { IdParam, SessionInfoSchema, UserSchema } from './common.schema.js';

export const MemberSchema = z
  .object({ user: UserSchema, role: z.enum(ROLES), since: z.string() })
  .openapi('Member');

export const InviteBody = z.object({
  email: z.string().openapi({ description: 'The address to invite; it need not have an account.' }),
  role: z.enum(ROLES),
});

const INVITATION_STATES = ['pending', 'accepted', 'declined', 'revoked', 'expired'] as const;

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    state: z.enum(INVITATION_STATES),
    createdAt: z.string(),
    expiresAt: z.string(),
    acceptedAt: z.string().nullable(),
    declinedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
  })
  .openapi('Invitation');

export const InvitationCreatedSchema = z
  .object({
    invitation: InvitationSchema,
    emailed: z.boolean().openapi({ description: 'Whether the link went out by e-mail.' }),
    token: z.string().nullable().openapi({
      description:
        'When the link was not e-mailed: the token of `/#/invitation?token=…`, shown once, to pass on to the invitee.',
    }),
    emailError: z
      .string()
      .nullable()
      .openapi({ description: 'Why the e-mail failed, when SMTP is configured.' }),
  })
  .openapi('InvitationCreated');

/** An invitation as its invitee sees it (by link or signed in). */
export const ReceivedInvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: z.enum(ROLES),
    workspaceName: z.string(),
    invitedBy: z.string().nullable().openapi({ description: 'The inviter’s name.' }),
    expiresAt: z.string(),
  })
  .openapi('ReceivedInvitation');

export const TokenBody = z.object({ token: z.string() });

export const AcceptByTokenBody = z.object({
  token: z.string(),
  name: z.string().optional().openapi({ description: 'For a new account.' }),
  password: z.string().optional().openapi({
    description: 'The new account’s password (at least 10 characters), or the existing account’s.',
  }),
});

export const AcceptedSchema = z
  .object({ workspaceId: z.string(), role: z.enum(ROLES), session: SessionInfoSchema })
  .openapi('InvitationAccepted');

export { IdParam };

export const MemberParam = z.object({
  userId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'userId', in: 'path' } }),
});
