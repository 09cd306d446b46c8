import { z } from '@hono/zod-openapi';
import { SENTIMENT_LABELS } from '../../analysis/types.js';
import { filterRange, inRange } from '../../core/dates.js';
import { CHANNEL_KINDS } from '../../channels/types.js';
import { TONE_FLAGS } from '../../respond/index.js';
import { CasePatchSchema, CloseSchema, NoteSchema } from '../../core/cases/commands.js';
import { ReplyInputSchema } from '../../core/cases/replies.js';
import {
  PlaybookBodySchema,
  SlaBodySchema,
  TeamCreateSchema,
  TeamPatchSchema,
} from '../../core/cases/settings.js';
import { CHANNELS } from '../../core/feedback/schema.js';
import {
  CASE_EVENT_KINDS,
  CASE_OUTCOMES,
  CASE_STATUSES,
  PRIORITY_LABELS,
  REPLY_STATUSES,
} from '../../core/types.js';
import { FeedbackDetailSchema } from './feedback.schema.js';
import { SegmentParam } from './segments.schema.js';

// Bodies: the core schemas rebuilt with this module's `z`, so they carry OpenAPI metadata.
export const CaseOpenBody = z
  .object({
    itemId: z.string().min(1).max(100),
    minPriority: z.enum(PRIORITY_LABELS).optional(),
  })
  .strict()
  .openapi('CaseOpen');
export const CasePatchBody = z.object(CasePatchSchema.shape).strict().openapi('CasePatch', {
  description:
    'assigneeId: a member id, null to unassign, or "next" for round robin within the case\'s team. priority sets the label by hand, with the reason shown on the case.',
});
export const NoteBody = z.object(NoteSchema.shape).strict().openapi('CaseNote', {
  description: 'An internal note. @name or @email mentions of members are resolved and recorded.',
});
export const ReplyBody = z.object(ReplyInputSchema.shape).strict().openapi('ReplyInput');
export const CloseBody = z.object(CloseSchema.shape).strict().openapi('CaseClose');
export const TeamCreateBody = z.object(TeamCreateSchema.shape).strict().openapi('TeamCreate');
export const TeamPatchBody = z.object(TeamPatchSchema.shape).strict().openapi('TeamPatch');
export const PlaybookBody = z.object(PlaybookBodySchema.shape).strict().openapi('PlaybookBody');
export const SlaBody = z.object(SlaBodySchema.shape).strict().openapi('SlaPoliciesBody');

export const CaseListQuery = z.object({
  status: z
    .enum(['active', 'open', 'waiting', 'closed', 'all'])
    .default('active')
    .openapi({ description: '`active` (default): open and waiting.' }),
  teamId: z.string().max(100).optional(),
  assigneeId: z
    .string()
    .max(100)
    .optional()
    .openapi({ description: 'A member id, or `none` for unassigned.' }),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Only cases assigned to the signed-in person.' }),
  segment: SegmentParam,
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

/** A filter bound: 1900-01-01 … 9999-12-31 (`filterRange`). */
const filterDate = () => z.iso.datetime({ offset: true }).or(z.iso.date()).superRefine(inRange(filterRange));

export const MeasuresQuery = z.object({
  from: filterDate().optional().openapi({ description: 'Cases opened at or after.' }),
  to: filterDate().optional().openapi({ description: 'Cases opened before.' }),
});

const Priority = z
  .object({
    score: z.number().int().min(0).max(100),
    label: z.enum(PRIORITY_LABELS),
    reasons: z.array(z.string()),
    explanation: z.string().openapi({ example: 'high: public, 12k followers, safety issue, waiting 3 h' }),
  })
  .openapi('CasePriority', {
    description:
      'From severity, visibility (public channel, reach), recency and time waiting; never from what the customer is worth.',
  });

const Sla = z
  .object({
    dueAt: z.string().nullable(),
    breachedAt: z.string().nullable(),
    state: z.enum(['none', 'ok', 'warning', 'breached', 'met']),
    minutesLeft: z.number().nullable(),
  })
  .openapi('CaseSla', { description: 'First-response SLA; `warning` in the last quarter of the time.' });

export const CaseSummarySchema = z
  .object({
    id: z.string(),
    status: z.enum(CASE_STATUSES),
    outcome: z.enum(CASE_OUTCOMES).nullable(),
    priority: Priority,
    sla: Sla,
    waitingMinutes: z
      .number()
      .nullable()
      .openapi({ description: 'Since the item was posted, until the first response.' }),
    openedBy: z.union([
      z.object({ type: z.literal('playbook'), rule: z.string() }),
      z.object({ type: z.literal('user'), id: z.string().nullable() }),
    ]),
    openedAt: z.string(),
    firstResponseAt: z.string().nullable(),
    escalatedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    updatedAt: z.string(),
    platform: z.string(),
    channel: z.enum(CHANNELS),
    brandId: z.string(),
    touchpointKey: z.string().nullable(),
    teamId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    customerId: z.string().nullable(),
    authorHandle: z.string().nullable(),
    item: z
      .object({
        id: z.string(),
        title: z.string().nullable(),
        text: z.string(),
        rating: z.number().nullable(),
        sentiment: z.enum(SENTIMENT_LABELS).nullable(),
        language: z.string().nullable(),
        authorName: z.string().nullable(),
        postedAt: z.string(),
      })
      .nullable(),
  })
  .openapi('CaseSummary');

export const CasePageSchema = z
  .object({ cases: z.array(CaseSummarySchema), nextCursor: z.string().nullable() })
  .openapi('CasePage');

const Actor = z.object({ type: z.enum(['user', 'api_key', 'system']), id: z.string().nullable() });

export const CaseEventSchema = z
  .object({
    id: z.string(),
    kind: z.enum(CASE_EVENT_KINDS),
    actor: Actor,
    body: z.record(z.string(), z.unknown()),
    mentions: z.array(z.string()),
    at: z.string(),
  })
  .openapi('CaseEvent');

export const ReplySchema = z
  .object({
    id: z.string().openapi({ description: 'Also the idempotency key handed to the channel.' }),
    caseId: z.string(),
    itemId: z.string(),
    channel: z.enum(CHANNEL_KINDS),
    recipient: z.string().nullable(),
    subject: z.string().nullable(),
    text: z.string(),
    language: z.string(),
    status: z.enum(REPLY_STATUSES),
    attempts: z.number().int(),
    nextAttemptAt: z.string().nullable(),
    lastError: z.string().nullable(),
    externalId: z.string().nullable(),
    sentBy: z.string().nullable(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('Reply');

export const ToneSchema = z
  .object({
    ok: z.boolean(),
    flags: z.array(
      z.object({
        code: z.enum(TONE_FLAGS),
        message: z.string(),
        span: z.object({ start: z.number().int(), end: z.number().int(), text: z.string() }).optional(),
      }),
    ),
  })
  .openapi('ToneCheck', {
    description:
      'Flags defensive, blaming, generic or arguing replies, public compensation offers and replies too long for the platform.',
  });

export const DraftSchema = z
  .object({
    text: z.string(),
    language: z.string(),
    limit: z.number().int().nullable(),
    mentions: z.array(z.string()),
    source: z.string(),
  })
  .openapi('ReplyDraft');

export const WrittenDraftSchema = z
  .object({
    draft: DraftSchema,
    tone: ToneSchema,
    fallback: z
      .object({
        reason: z.enum(['no_writer', 'error', 'timeout', 'empty', 'tone', 'too_long', 'language']),
        detail: z.string().optional(),
      })
      .optional()
      .openapi({
        description:
          "Set when the draft is the template: no LLM is configured (`no_writer`), or the LLM's text failed, was late, or did not pass the tone check, the platform limit or the language.",
      }),
  })
  .openapi('WrittenDraft');

export const ReplyCreatedSchema = ReplySchema.extend({ tone: ToneSchema }).openapi('ReplyCreated');

export const CaseDetailSchema = CaseSummarySchema.extend({
  items: z.array(FeedbackDetailSchema.extend({ joinedAt: z.string() })),
  history: z.array(
    z.object({
      id: z.string(),
      platform: z.string(),
      channel: z.string(),
      text: z.string(),
      rating: z.number().nullable(),
      sentiment: z.string().nullable(),
      postedAt: z.string(),
    }),
  ),
  events: z.array(CaseEventSchema),
  replies: z.array(ReplySchema),
  draft: DraftSchema.nullable().openapi({
    description:
      "A template reply to the case's item in its language (en, de, zh, es, fr, it, pt, nl; others get English), null while it is unanalysed.",
  }),
  tone: ToneSchema.nullable().openapi({ description: 'The tone check of the draft.' }),
  privateChannel: z.string().nullable().openapi({
    description: "The owning team's private contact, which public drafts invite the customer to.",
  }),
  channels: z.array(z.enum(CHANNEL_KINDS)).openapi({
    description:
      'The reply channels this server has configured (`manual` always); a reply to another one fails visibly.',
  }),
}).openapi('CaseDetail');

export const NoteResponseSchema = z
  .object({ mentions: z.array(z.object({ id: z.string(), name: z.string(), email: z.string() })) })
  .openapi('CaseNoteResult');

export const TeamSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    key: z.string(),
    leadUserId: z.string().nullable(),
    contact: z.string().nullable().openapi({
      description:
        'Where customers reach the team in private (an address, a phone number, "DM"); public reply drafts of its cases invite them there.',
    }),
    members: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string() })),
    touchpoints: z.array(z.string()),
    createdAt: z.string(),
  })
  .openapi('Team');
export const TeamListSchema = z.object({ teams: z.array(TeamSchema) }).openapi('TeamList');

export const PlaybookSchema = z
  .object({
    isDefault: z.boolean(),
    rules: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        position: z.number().int(),
        enabled: z.boolean(),
        conditions: z.record(z.string(), z.unknown()),
        actions: z.record(z.string(), z.unknown()),
      }),
    ),
  })
  .openapi('Playbook');

export const SlaPoliciesSchema = z
  .object({
    policies: z.array(
      z.object({
        channel: z.enum([...CHANNELS, '*']),
        priority: z.enum(PRIORITY_LABELS),
        firstResponseMinutes: z.number().int(),
        businessHours: z
          .object({ days: z.array(z.number().int()), start: z.string(), end: z.string() })
          .nullable(),
        timezone: z.string(),
        isDefault: z.boolean(),
      }),
    ),
  })
  .openapi('SlaPolicies');

const Minutes = z.object({ median: z.number(), mean: z.number() }).nullable();
const MeasureFields = {
  cases: z.number().int(),
  open: z.number().int(),
  closed: z.number().int(),
  resolved: z.number().int(),
  recovered: z.number().int(),
  lost: z.number().int(),
  answered: z
    .number()
    .int()
    .openapi({ description: 'Cases with a first response: the sample of firstResponseMinutes.' }),
  slaDecided: z.number().int().openapi({
    description: 'Cases whose SLA is decided (answered, or overdue): the sample of slaAttainment.',
  }),
  firstResponseMinutes: Minutes,
  resolutionMinutes: Minutes,
  slaAttainment: z.number().nullable(),
  recoveryRate: z
    .number()
    .nullable()
    .openapi({ description: 'Recovered over cases closed with an outcome.' }),
};
export const MeasuresSchema = z
  .object({
    total: z.object(MeasureFields),
    teams: z.array(
      z.object({ teamId: z.string().nullable(), teamName: z.string().nullable(), ...MeasureFields }),
    ),
    agents: z.array(z.object({ userId: z.string(), name: z.string().nullable(), ...MeasureFields })),
  })
  .openapi('CaseMeasures');

export const LeaderboardSchema = z
  .object({
    entries: z.array(
      z.object({
        rank: z.number().int(),
        userId: z.string(),
        name: z.string().nullable(),
        points: z.number().int(),
        resolved: z.number().int(),
        recovered: z.number().int(),
        slaAttainment: z.number().nullable(),
        firstResponseMinutes: Minutes,
        cases: z.number().int(),
      }),
    ),
  })
  .openapi('Leaderboard', {
    description:
      'Agents ranked by outcomes (resolved + 2 × recovered), then SLA attainment; never by speed alone.',
  });
