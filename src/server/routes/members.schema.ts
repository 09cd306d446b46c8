import { z } from '@hono/zod-openapi';
import { ROLES } from '../../core/types.js';
import { UserSchema } from './common.schema.js';

export const MemberSchema = z
  .object({ user: UserSchema, role: z.enum(ROLES), since: z.string() })
  .openapi('Member');

export const AddMemberBody = z.object({
  email: z.string(),
  role: z.enum(ROLES),
  name: z.string().optional().openapi({ description: 'For a new account.' }),
  password: z
    .string()
    .optional()
    .openapi({ description: 'First password of a new account (at least 10 characters).' }),
});

export const MemberParam = z.object({
  userId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'userId', in: 'path' } }),
});
