import { z } from '@hono/zod-openapi';
import { EXCEPTION_KINDS, EXCEPTION_STATUSES } from '../../core/exceptions/index.js';
import { CASE_OUTCOMES, CASE_STATUSES } from '../../core/types.js';

/** Amounts are integers in minor units (cents), so totals add up exactly; 0 is a gesture that costs nothing. */
const MAX_AMOUNT = 1_000_000_000;
const Amount = z
  .number()
  .int('must be a whole number of minor units (cents)')
  .min(0, 'must be 0 or more')
  .max(MAX_AMOUNT, `must be at most ${MAX_AMOUNT}`);
const Limit = Amount.nullable();
const Key = z
  .string()
  .min(1)
  .max(60)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'lowercase letters, digits, - and _');
const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as USD')
  .openapi({ example: 'USD' });
const Id = z.string().min(1).max(100);

export const PolicySchema = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('Policy');

export const PoliciesBody = z
  .object({
    policies: z
      .array(
        z
          .object({
            key: Key,
            name: z.string().trim().min(1).max(120),
            description: z.string().max(4000).default(''),
            active: z.boolean().default(true),
          })
          .strict(),
      )
      .max(200),
  })
  .strict()
  .openapi('PoliciesBody', { description: 'The whole list: policies are matched by key, the rest deleted.' });

export const RoleLimitsSchema = z.object({ agent: Limit, admin: Limit, owner: Limit }).openapi('RoleLimits', {
  description:
    'The most each role grants without approval, in minor units (cents) of the currency; null is unlimited, 0 means always ask.',
  example: { agent: 2500, admin: 20000, owner: null },
});

export const ExceptionTypeSchema = z
  .object({
    id: z.string(),
    policyId: z.string().nullable(),
    key: z.string(),
    name: z.string(),
    kind: z.enum(EXCEPTION_KINDS),
    currency: z.string(),
    limits: RoleLimitsSchema,
    requiresReason: z.boolean(),
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('ExceptionType');

export const ExceptionTypeCreateBody = z
  .object({
    policyId: Id.nullable().default(null),
    key: Key,
    name: z.string().trim().min(1).max(120),
    kind: z.enum(EXCEPTION_KINDS),
    currency: Currency.default('USD'),
    limits: z
      .object({ agent: Limit.default(0), admin: Limit.default(0), owner: Limit.default(null) })
      .strict()
      .default({ agent: 0, admin: 0, owner: null }),
    requiresReason: z.boolean().default(true),
    active: z.boolean().default(true),
  })
  .strict()
  .openapi('ExceptionTypeCreate');

export const ExceptionTypePatchBody = z
  .object({
    policyId: Id.nullable().optional(),
    name: z.string().trim().min(1).max(120).optional(),
    kind: z.enum(EXCEPTION_KINDS).optional(),
    currency: Currency.optional(),
    limits: z.object({ agent: Limit, admin: Limit, owner: Limit }).strict().optional(),
    requiresReason: z.boolean().optional(),
    active: z.boolean().optional(),
  })
  .strict()
  .openapi('ExceptionTypePatch', { description: 'limits, when given, sets all three roles.' });

const Person = z.object({ id: z.string(), name: z.string() }).nullable();

export const ExceptionSchema = z
  .object({
    id: z.string(),
    type: z.object({ id: z.string(), key: z.string(), name: z.string(), kind: z.enum(EXCEPTION_KINDS) }),
    caseId: z.string().nullable(),
    itemId: z.string().nullable(),
    customerId: z.string().nullable(),
    amount: z.number().int().openapi({ description: 'Minor units (cents) of `currency`.' }),
    currency: z.string(),
    reason: z.string(),
    status: z.enum(EXCEPTION_STATUSES),
    requestedBy: Person,
    decidedBy: Person,
    decidedAt: z.string().nullable(),
    decisionNote: z.string().nullable(),
    createdAt: z.string(),
    case: z
      .object({ status: z.enum(CASE_STATUSES), outcome: z.enum(CASE_OUTCOMES).nullable() })
      .nullable()
      .openapi({ description: "The case's status and outcome now; null without a case." }),
  })
  .openapi('Exception');

export const GrantBody = z
  .object({
    typeId: Id,
    amount: Amount.openapi({ description: 'Minor units (cents) of the type’s currency.', example: 2000 }),
    currency: Currency.optional().openapi({ description: 'When given, must be the type’s currency.' }),
    reason: z.string().max(2000).optional(),
    caseId: Id.nullable().optional(),
    itemId: Id.nullable().optional(),
  })
  .strict()
  .openapi('ExceptionGrant');

export const DecisionBody = z
  .object({ note: z.string().max(2000).optional() })
  .strict()
  .openapi('ExceptionDecision');

const Sum = z.object({ currency: z.string(), count: z.number().int(), amount: z.number().int() });

export const LedgerSchema = z
  .object({
    exceptions: z.array(ExceptionSchema),
    total: z.number().int().openapi({ description: 'Lines matching the filter; totals cover all of them.' }),
    totals: z.object({
      given: z.array(Sum).openapi({ description: 'Granted and approved, per currency: what was given.' }),
      pending: z.array(Sum),
      rejected: z.array(Sum),
      byType: z.array(Sum.extend({ typeId: z.string(), key: z.string(), name: z.string() })),
      byOutcome: z.array(
        Sum.extend({ outcome: z.enum(['recovered', 'resolved', 'lost', 'open', 'no_case']) }),
      ),
    }),
    recovery: z
      .object({
        withException: z.object({
          closed: z.number().int(),
          recovered: z.number().int(),
          rate: z.number().nullable(),
        }),
        withoutException: z.object({
          closed: z.number().int(),
          recovered: z.number().int(),
          rate: z.number().nullable(),
        }),
      })
      .openapi({
        description:
          'What flexibility buys: the recovery rate of closed cases with a granted or approved exception, and of those without.',
      }),
  })
  .openapi('ExceptionLedger');

export const LedgerQuery = z.object({
  status: z.enum(EXCEPTION_STATUSES).optional(),
  typeId: Id.optional(),
  caseId: Id.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(200),
});
