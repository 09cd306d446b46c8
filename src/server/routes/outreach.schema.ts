import { z } from '@hono/zod-openapi';
import {
  ASK_KINDS,
  CONSENT_SOURCES,
  CONSENT_STATUSES,
  CONTACT_CHANNELS,
  SEND_REASONS,
  SEND_STATUSES,
} from '../../core/outreach/rules.js';

const TimeOfDay = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'a time of day HH:MM (00:00–23:59)')
  .openapi({ example: '21:00' });

const settingsFields = {
  capDays: z.number().int().min(0).max(365).openapi({
    description:
      'At most one ask (survey, review request, referral) per customer in this many days; 0: no cap.',
  }),
  suppressOpenCase: z
    .boolean()
    .openapi({ description: 'No ask while the customer has an open or waiting case.' }),
  requireConsent: z.boolean().openapi({
    description: 'Ask only customers who granted consent (else everyone but those who unsubscribed).',
  }),
  quietStart: TimeOfDay.openapi({
    description: 'Quiet hours start (local time of `timeZone`): asks wait for their end.',
  }),
  quietEnd: TimeOfDay.openapi({ description: 'Quiet hours end. Equal to the start: no quiet hours.' }),
  timeZone: z
    .string()
    .min(1)
    .max(64)
    .openapi({ description: 'IANA time zone, e.g. Europe/Berlin.', example: 'UTC' }),
};

export const ContactSettingsBody = z.object(settingsFields).strict().openapi('ContactSettingsInput');

/** Its own object (not an extension of the strict input): the document lists each property once. */
export const ContactSettingsSchema = z
  .object({
    ...settingsFields,
    updatedAt: z.string().nullable().openapi({ description: 'When saved; null: the defaults.' }),
  })
  .openapi('ContactSettings');

export const ContactSendSchema = z
  .object({
    id: z.string(),
    customerId: z.string().nullable().openapi({ description: 'Null once the customer was erased.' }),
    customerName: z.string().nullable(),
    kind: z.enum(ASK_KINDS),
    refId: z.string().openapi({ description: 'The survey invitation or review request id.' }),
    channel: z.enum(CONTACT_CHANNELS),
    status: z.enum(SEND_STATUSES),
    reason: z.enum(SEND_REASONS).nullable().openapi({ description: 'Why it was suppressed or failed.' }),
    detail: z.string().nullable().openapi({ description: 'A failure in words (never customer text).' }),
    sendAfter: z.string(),
    createdAt: z.string(),
    sentAt: z.string().nullable(),
  })
  .openapi('ContactSend');

export const SendsQuery = z.object({
  kind: z.enum(ASK_KINDS).optional(),
  status: z.enum(SEND_STATUSES).optional(),
  reason: z.enum(SEND_REASONS).optional(),
  customerId: z.string().max(64).optional(),
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const SendPageSchema = z
  .object({ sends: z.array(ContactSendSchema), nextCursor: z.string().nullable() })
  .openapi('ContactSendPage');

export const SummaryQuery = z.object({
  from: z.string().datetime({ offset: true }).optional().openapi({ description: 'Default: 30 days ago.' }),
  to: z.string().datetime({ offset: true }).optional().openapi({ description: 'Default: now.' }),
});

export const SummarySchema = z
  .object({
    from: z.string(),
    to: z.string(),
    total: z.number().int(),
    byStatus: z.record(z.string(), z.number().int()),
    byReason: z.record(z.string(), z.number().int()),
    byKind: z.array(
      z.object({
        kind: z.enum(ASK_KINDS),
        status: z.enum(SEND_STATUSES),
        reason: z.enum(SEND_REASONS).nullable(),
        count: z.number().int(),
      }),
    ),
  })
  .openapi('OutreachSummary');

export const ConsentSchema = z
  .object({
    channel: z.enum(CONTACT_CHANNELS),
    status: z.enum(CONSENT_STATUSES).nullable().openapi({ description: 'Null: nothing recorded.' }),
    source: z.enum(CONSENT_SOURCES).nullable(),
    updatedAt: z.string().nullable(),
  })
  .openapi('Consent');

export const ConsentListSchema = z.object({ consents: z.array(ConsentSchema) }).openapi('ConsentList');

export const ConsentBody = z
  .object({
    channel: z.enum(CONTACT_CHANNELS).default('email'),
    status: z.enum(CONSENT_STATUSES),
    source: z
      .enum(['import', 'agent', 'api'])
      .optional()
      .openapi({ description: 'Default: agent for a person, api for an API key.' }),
  })
  .strict()
  .openapi('ConsentInput');
