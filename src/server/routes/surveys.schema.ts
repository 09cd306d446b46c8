import { z } from '@hono/zod-openapi';
import { SurveyDefinitionSchema, QUESTION_KINDS, LanguageSchema } from '../../core/surveys/definition.js';
import { INVITATION_STATUSES, SURVEY_STATUSES } from '../../core/surveys/ports.js';

const limit = z.coerce.number().int().min(1).max(200).default(50);
const cursor = z.string().max(500).optional();

export const SurveyDefinition = SurveyDefinitionSchema.describe(
  'What the survey asks. Wordings are objects by language (`{ "en": "…", "de": "…" }`). `followUp.wording` has one per score group: detractor/passive/promoter (NPS 0–6/7–8/9–10) or low/mid/high (CSAT and stars 1–2/3/4–5, CES 1–3/4/5–7), and `any` for the rest. `extraQuestions`: choice (options with ids) or text. `triggers`: send the survey N hours after an event of that type (POST /events).',
);

const Fields = {
  name: z.string().min(1).max(200),
  touchpointKey: z.string().min(1).max(80).nullable().optional().openapi({
    description: 'The touchpoint (taxonomy key) the survey asks about; its answers count for it.',
  }),
  stageKey: z.string().min(1).max(80).nullable().optional(),
  defaultLanguage: LanguageSchema.optional().openapi({
    description: "Fallback when the respondent's language is not offered (default: the definition's first).",
  }),
  browserCapDays: z.number().int().min(0).max(365).optional().openapi({
    description: 'The public link takes one answer per browser per this many days (0: no cap; default 1).',
  }),
  editHours: z
    .number()
    .int()
    .min(0)
    .max(720)
    .optional()
    .openapi({ description: 'An answer may be completed or changed for this many hours (default 24).' }),
};

export const SurveyBody = z
  .object({ ...Fields, definition: SurveyDefinition })
  .strict()
  .openapi('SurveyInput');

export const SurveyPatchBody = z
  .object({
    name: Fields.name.optional(),
    touchpointKey: Fields.touchpointKey,
    stageKey: Fields.stageKey,
    defaultLanguage: Fields.defaultLanguage,
    browserCapDays: Fields.browserCapDays,
    editHours: Fields.editHours,
    definition: SurveyDefinition.optional(),
  })
  .strict()
  .openapi('SurveyPatch');

export const SurveyStatusBody = z
  .object({
    status: z
      .enum(SURVEY_STATUSES)
      .openapi({ description: 'active: answers are taken; closed: the links say so.' }),
  })
  .strict()
  .openapi('SurveyStatusInput');

export const SurveySchema = z
  .object({
    id: z.string(),
    publicId: z
      .string()
      .openapi({ description: 'The id of the public link /s/{publicId} and of the widget.' }),
    publicPath: z.string().openapi({ description: '/s/{publicId}: prefix it with the public URL.' }),
    publicUrl: z
      .string()
      .nullable()
      .openapi({ description: 'The public link when TOUCHPOINT_PUBLIC_URL is set, else null.' }),
    name: z.string(),
    status: z.enum(SURVEY_STATUSES),
    touchpointKey: z.string().nullable(),
    stageKey: z.string().nullable(),
    questionKind: z.enum(QUESTION_KINDS),
    definition: z.record(z.string(), z.unknown()).openapi({ description: 'The SurveyDefinition as stored.' }),
    defaultLanguage: z.string(),
    browserCapDays: z.number().int(),
    editHours: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    responses: z.number().int().optional(),
    invited: z.number().int().optional(),
  })
  .openapi('Survey');

export const SurveyListSchema = z.object({ surveys: z.array(SurveySchema) }).openapi('SurveyList');

const EstimateSchema = z
  .object({
    value: z.number().nullable(),
    low: z.number().nullable(),
    high: z.number().nullable(),
    n: z.number().int(),
    enough: z.boolean().openapi({ description: 'n ≥ 30; below it the UI says "not enough data".' }),
  })
  .openapi('SurveyEstimate');

export const ResultsQuery = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

const Theme = z.object({ key: z.string(), low: z.number().int(), high: z.number().int() });

export const SurveyResultsSchema = z
  .object({
    surveyId: z.string(),
    kind: z.enum(QUESTION_KINDS),
    period: z.object({ from: z.string().nullable(), to: z.string().nullable() }),
    responses: z.number().int(),
    complete: z.number().int(),
    partial: z.number().int(),
    invited: z.number().int(),
    sent: z.number().int(),
    responseRate: EstimateSchema.openapi({
      description: 'Answered invitations among those sent (Wilson interval).',
    }),
    score: EstimateSchema.openapi({
      description:
        'NPS −100…100 (npsEstimate), CSAT share of 4–5 as 0…1 (Wilson), CES and stars the mean (t interval).',
    }),
    distribution: z.array(z.object({ score: z.number().int(), n: z.number().int() })),
    trend: z.array(z.object({ week: z.string(), n: z.number().int(), score: EstimateSchema })),
    themes: z.object({
      answers: z.number().int().openapi({
        description: 'How many answers the themes were read from: the latest 5,000 of the period at most.',
      }),
      touchpoints: z.array(Theme).openapi({
        description: 'Answers naming the touchpoint among the low (detractor) and high (promoter) scores.',
      }),
      intents: z.array(Theme),
    }),
    latest: z.array(
      z.object({
        responseId: z.string(),
        itemId: z.string().nullable(),
        score: z.number().int().nullable(),
        group: z.string().nullable(),
        text: z.string(),
        sentiment: z.string().nullable(),
        at: z.string(),
      }),
    ),
  })
  .openapi('SurveyResults');

export const PageQuery = z.object({ cursor, limit });

export const SurveyResponseSchema = z
  .object({
    id: z.string(),
    surveyId: z.string(),
    invitationId: z.string().nullable(),
    itemId: z
      .string()
      .nullable()
      .openapi({ description: 'The feedback item of the answer (GET /feedback/{id}).' }),
    customerId: z.string().nullable(),
    score: z.number().int().nullable(),
    text: z.string().nullable(),
    sentiment: z.string().nullable(),
    answers: z.record(z.string(), z.string()),
    language: z.string(),
    status: z.enum(['partial', 'complete']),
    editUntil: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .openapi('SurveyResponse');

export const SurveyResponsePage = z
  .object({ responses: z.array(SurveyResponseSchema), nextCursor: z.string().nullable() })
  .openapi('SurveyResponsePage');

export const QrQuery = z.object({
  size: z.coerce
    .number()
    .int()
    .min(64)
    .max(2048)
    .default(256)
    .openapi({ description: 'Width and height in pixels.' }),
});

export const InviteBody = z
  .object({
    customerIds: z.array(z.string().min(1).max(100)).min(1).max(10_000).optional(),
    segmentId: z.string().min(1).max(100).optional(),
    language: LanguageSchema.optional().openapi({ description: "Default: the survey's default language." }),
    expiresDays: z.number().int().min(1).max(365).default(30),
    sendAfter: z.iso.datetime({ offset: true }).optional().openapi({ description: 'Default: now.' }),
  })
  .strict()
  .refine((b) => (b.customerIds === undefined) !== (b.segmentId === undefined), {
    message: 'give customerIds or segmentId',
    path: ['customerIds'],
  })
  .openapi('SurveyInviteInput');

export const InviteResultSchema = z
  .object({
    invited: z
      .number()
      .int()
      .openapi({ description: 'Invitations written (unknown customers are left out).' }),
    alreadyInvited: z.number().int().openapi({
      description: 'Customers left out because they have a pending or sent invitation to this survey.',
    }),
    queued: z
      .boolean()
      .optional()
      .openapi({ description: 'True when a large segment was handed to a job: the counts come later.' }),
    scheduled: z.number().int(),
    suppressed: z.number().int(),
    reasons: z.record(z.string(), z.number().int()).openapi({ description: 'Suppressions by reason.' }),
  })
  .openapi('SurveyInviteResult');

export const InvitationSchema = z
  .object({
    id: z.string(),
    surveyId: z.string(),
    customerId: z.string().nullable(),
    customerName: z.string().nullable(),
    language: z.string(),
    status: z.enum(INVITATION_STATUSES),
    reason: z.string().nullable(),
    sendAfter: z.string(),
    sentAt: z.string().nullable(),
    answeredAt: z.string().nullable(),
    responseId: z.string().nullable(),
    expiresAt: z.string(),
    eventId: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('SurveyInvitation');

export const InvitationsQuery = z.object({ status: z.enum(INVITATION_STATUSES).optional(), cursor, limit });

export const InvitationPage = z
  .object({ invitations: z.array(InvitationSchema), nextCursor: z.string().nullable() })
  .openapi('SurveyInvitationPage');
