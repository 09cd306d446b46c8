import type { ExceptionTypeInput, PolicyInput } from './types.js';

/** The policy the default exceptions belong to. */
export const DEFAULT_POLICIES: readonly PolicyInput[] = [
  {
    key: 'service-recovery',
    name: 'Service recovery',
    description:
      'Frontline staff may make things right on the spot, within the limit of their role; a larger gesture waits for an admin.',
    active: true,
  },
];

/**
 * What a workspace starts with when it has no exception types yet: amounts in cents, so a goodwill
 * credit of 25.00 for agents, 200.00 for admins, and no limit for owners.
 */
export const DEFAULT_EXCEPTION_TYPES: readonly (ExceptionTypeInput & { policyKey: string | null })[] = [
  {
    policyKey: 'service-recovery',
    policyId: null,
    key: 'goodwill-credit',
    name: 'Goodwill credit',
    kind: 'goodwill_credit',
    currency: 'USD',
    limits: { agent: 2500, admin: 20000, owner: null },
    requiresReason: true,
    active: true,
  },
  {
    policyKey: 'service-recovery',
    policyId: null,
    key: 'fee-waiver',
    name: 'Fee waiver',
    kind: 'fee_waiver',
    currency: 'USD',
    limits: { agent: 2500, admin: 20000, owner: null },
    requiresReason: true,
    active: true,
  },
  {
    policyKey: 'service-recovery',
    policyId: null,
    key: 'special-occasion',
    name: 'Special occasion',
    kind: 'special_occasion',
    currency: 'USD',
    limits: { agent: 5000, admin: 50000, owner: null },
    requiresReason: true,
    active: true,
  },
];
