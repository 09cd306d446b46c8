/**
 * Playbook rules: when an item matches a rule's conditions, its actions run (open a case, set a
 * minimum priority, route it to the team that owns its touchpoint, notify). Pure: rules and item
 * facts in, the combined decision out.
 */
import { z } from 'zod';
import { INTENTS, SENTIMENT_LABELS } from '../../analysis/types.js';
import { PRIORITY_LABELS, type PriorityLabel } from '../types.js';
import { isPublicChannel } from './priority.js';
import type { Channel } from '../feedback/schema.js';

export const RuleConditionsSchema = z
  .object({
    /** The item's sentiment label is one of these. */
    sentiment: z.array(z.enum(SENTIMENT_LABELS)).min(1).optional(),
    /** Urgency (0–1) at least this. */
    urgencyMin: z.number().min(0).max(1).optional(),
    /** Public (reviews, social posts) or private (surveys, e-mail, chat, tickets, calls). */
    visibility: z.enum(['public', 'private']).optional(),
    /** At least one of these intents. */
    intents: z.array(z.enum(INTENTS)).min(1).optional(),
    /** A star rating of at most this. */
    ratingMax: z.number().min(1).max(5).optional(),
    /** An NPS answer of at most this (6 or less: a detractor). */
    npsMax: z.number().int().min(0).max(10).optional(),
    /** Mentions at least one of these touchpoints. */
    touchpoints: z.array(z.string().min(1).max(60)).min(1).optional(),
    /** Only items about the workspace's own brands (not the competitors it watches). */
    ownBrand: z.boolean().optional(),
    /**
     * With `anyOf`, the item matches when the conditions above hold and at least one of these
     * groups does; e.g. "public, and negative or urgent".
     */
    anyOf: z
      .array(
        z
          .object({
            sentiment: z.array(z.enum(SENTIMENT_LABELS)).min(1).optional(),
            urgencyMin: z.number().min(0).max(1).optional(),
            intents: z.array(z.enum(INTENTS)).min(1).optional(),
            ratingMax: z.number().min(1).max(5).optional(),
            npsMax: z.number().int().min(0).max(10).optional(),
          })
          .strict(),
      )
      .min(1)
      .optional(),
  })
  .strict();
export type RuleConditions = z.infer<typeof RuleConditionsSchema>;

export const RuleActionsSchema = z
  .object({
    openCase: z.boolean().default(true),
    /** The case's priority is at least this. */
    minPriority: z.enum(PRIORITY_LABELS).optional(),
    /** Route to the team that owns the item's touchpoint, assigning round-robin within it. */
    route: z.boolean().default(true),
    /** Record a notification on the case for its team, or for these user ids. */
    notify: z.array(z.string().min(1).max(100)).max(50).optional(),
  })
  .strict();
export type RuleActions = z.infer<typeof RuleActionsSchema>;

export const PlaybookRuleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    enabled: z.boolean().default(true),
    conditions: RuleConditionsSchema,
    actions: RuleActionsSchema,
  })
  .strict();
export type PlaybookRuleInput = z.input<typeof PlaybookRuleInputSchema>;

export interface PlaybookRule {
  id: string;
  name: string;
  position: number;
  enabled: boolean;
  conditions: RuleConditions;
  actions: RuleActions;
}

/**
 * The playbook of a workspace that has not written its own: every negative or urgent item on a
 * public channel, every detractor survey answer, every safety or legal issue wherever it is said.
 */
export const DEFAULT_PLAYBOOK: readonly PlaybookRule[] = [
  {
    id: 'default-safety-legal',
    name: 'Safety or legal issue',
    position: 0,
    enabled: true,
    conditions: { intents: ['safety_issue', 'legal_threat'], ownBrand: true },
    actions: { openCase: true, minPriority: 'urgent', route: true, notify: [] },
  },
  {
    id: 'default-public-negative',
    name: 'Negative or urgent public item',
    position: 1,
    enabled: true,
    conditions: {
      visibility: 'public',
      ownBrand: true,
      anyOf: [{ sentiment: ['negative'] }, { urgencyMin: 0.5 }, { ratingMax: 2 }],
    },
    actions: { openCase: true, route: true },
  },
  {
    id: 'default-detractor',
    name: 'Detractor survey answer (NPS 0–6)',
    position: 2,
    enabled: true,
    conditions: { npsMax: 6, ownBrand: true },
    actions: { openCase: true, route: true },
  },
];

/** What the rules look at in an item. */
export interface ItemFacts {
  sentiment: string | null;
  urgency: number | null;
  channel: Channel;
  intents: readonly string[];
  rating: number | null;
  nps: number | null;
  touchpoints: readonly string[];
  brandKind: 'own' | 'competitor';
}

type Group = NonNullable<RuleConditions['anyOf']>[number];

function groupHolds(g: Group, f: ItemFacts): boolean {
  if (g.sentiment && (f.sentiment === null || !g.sentiment.includes(f.sentiment as never))) return false;
  if (g.urgencyMin !== undefined && (f.urgency ?? 0) < g.urgencyMin) return false;
  if (g.intents && !g.intents.some((i) => f.intents.includes(i))) return false;
  if (g.ratingMax !== undefined && (f.rating === null || f.rating > g.ratingMax)) return false;
  if (g.npsMax !== undefined && (f.nps === null || f.nps > g.npsMax)) return false;
  return true;
}

/** True when every condition holds for the item. */
export function matches(c: RuleConditions, f: ItemFacts): boolean {
  if (!groupHolds(c, f)) return false;
  if (c.visibility !== undefined && (c.visibility === 'public') !== isPublicChannel(f.channel)) return false;
  if (c.touchpoints && !c.touchpoints.some((t) => f.touchpoints.includes(t))) return false;
  if (c.ownBrand === true && f.brandKind !== 'own') return false;
  if (c.ownBrand === false && f.brandKind !== 'competitor') return false;
  if (c.anyOf && !c.anyOf.some((g) => groupHolds(g, f))) return false;
  return true;
}

export interface PlaybookDecision {
  /** The first matching rule that opens a case; undefined when none does. */
  rule?: PlaybookRule;
  minPriority?: PriorityLabel;
  route: boolean;
  /** Present when a matching rule notifies: the user ids named (empty: the team). */
  notify?: string[];
}

const RANK: Record<PriorityLabel, number> = { urgent: 3, high: 2, normal: 1, low: 0 };

/** Combines the actions of every enabled rule the item matches, in rule order. */
export function decide(rules: readonly PlaybookRule[], f: ItemFacts): PlaybookDecision {
  const d: PlaybookDecision = { route: false };
  for (const rule of [...rules].sort((a, b) => a.position - b.position)) {
    if (!rule.enabled || !matches(rule.conditions, f)) continue;
    const a = rule.actions;
    if (a.openCase && !d.rule) d.rule = rule;
    if (a.minPriority && (!d.minPriority || RANK[a.minPriority] > RANK[d.minPriority])) {
      d.minPriority = a.minPriority;
    }
    d.route ||= a.route;
    if (a.notify) d.notify = [...new Set([...(d.notify ?? []), ...a.notify])];
  }
  return d;
}
