/**
 * Wire format of alerts (issue #5): the list, the detail with items, findings, linked cases, events and
 * notifications, the series behind an alert (its chart), lifecycle bodies, and notification settings.
 */
import { z } from '@hono/zod-openapi';
import { ALERT_KINDS, BRAND_KINDS } from '../../warn/index.js';
import { inRange, snoozeRange } from '../../core/dates.js';
import {
  ALERT_CHANNELS,
  ALERT_EVENT_KINDS,
  ALERT_STATUSES,
  NOTIFICATION_STATUSES,
  SERIES_RESOLUTIONS,
} from '../../core/alerts/types.js';

const Time = z.string().openapi({ example: '2026-02-22T14:35:00.000Z' });
const Who = z.object({ id: z.string(), name: z.string().nullable() }).nullable();

export const AlertListQuery = z.object({
  status: z
    .enum([...ALERT_STATUSES, 'active', 'all'])
    .default('active')
    .openapi({ description: '`active` (default): open and acknowledged. Snoozed alerts are included.' }),
  kind: z.enum(ALERT_KINDS).optional(),
  brandId: z.string().max(100).optional(),
  minSeverity: z.coerce.number().int().min(1).max(10).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export const AlertFindingSchema = z
  .object({
    key: z.string(),
    touchpoint: z.string().nullable(),
    platform: z.string().nullable(),
    windowMinutes: z.number().int(),
    observed: z.number(),
    expected: z.number(),
    pValue: z.number(),
  })
  .openapi('AlertFinding', {
    description: 'A series that broke out: negative items observed in the window against the baseline.',
  });

export const AlertSummarySchema = z
  .object({
    id: z.string(),
    kind: z.enum(ALERT_KINDS),
    status: z.enum(ALERT_STATUSES),
    severity: z.number().int().min(1).max(10),
    title: z.string().openapi({ example: 'Negative spike: Acme Air · delivery, support (severity 7)' }),
    brand: z.object({ id: z.string().nullable(), name: z.string(), kind: z.enum(BRAND_KINDS) }),
    touchpoints: z.array(z.string()),
    platforms: z.array(z.string()),
    openedAt: Time.openapi({
      description: 'Data time (posted time of the items) of the step that raised it.',
    }),
    startedAt: Time,
    lastFiringAt: Time,
    createdAt: Time.openapi({ description: 'When Touchpoint stored it (wall time).' }),
    updatedAt: Time,
    snoozedUntil: Time.nullable(),
    snoozed: z.boolean().openapi({ description: 'True while snoozedUntil is in the future.' }),
    acknowledgedBy: Who,
    acknowledgedAt: Time.nullable(),
    resolvedBy: Who,
    resolvedAt: Time.nullable(),
    itemCount: z.number().int().openapi({
      description: 'Items linked to the alert as its sample (at most a few dozen), not its size.',
    }),
    windowItems: z.number().int().nullable().openapi({
      description:
        "Spikes and storms: the negative items in the detector's window of the strongest finding, the alert's real size; null for a single risky item.",
    }),
    windowMinutes: z.number().int().nullable().openapi({ description: 'The length of that window.' }),
    risk: z.number().nullable().openapi({ description: 'Risky single items: virality risk in [0, 1].' }),
    reasons: z.array(z.string()),
    notificationsFailed: z.number().int(),
  })
  .openapi('AlertSummary');

export const AlertPageSchema = z
  .object({ alerts: z.array(AlertSummarySchema), nextCursor: z.string().nullable() })
  .openapi('AlertPage');

export const AlertItemSchema = z
  .object({
    id: z.string(),
    text: z.string(),
    postedAt: Time,
    platform: z.string(),
    url: z.string().nullable(),
    authorHandle: z.string().nullable(),
    reach: z.number().nullable(),
    sentiment: z.string().nullable(),
    touchpoints: z.array(z.string()),
    intents: z.array(z.string()),
  })
  .openapi('AlertItem');

export const AlertEventSchema = z
  .object({
    id: z.string(),
    kind: z.enum(ALERT_EVENT_KINDS),
    actor: Who,
    at: Time,
    data: z.record(z.string(), z.unknown()),
  })
  .openapi('AlertEvent');

export const NotificationSchema = z
  .object({
    id: z.string(),
    channel: z.enum(ALERT_CHANNELS),
    recipient: z
      .string()
      .openapi({ description: 'A member name or e-mail, or a target URL with its path hidden.' }),
    status: z.enum(NOTIFICATION_STATUSES),
    attempts: z.number().int(),
    lastError: z.string().nullable(),
    createdAt: Time,
    nextAttemptAt: Time.nullable().openapi({ description: 'Held (quiet hours) or waiting for a retry.' }),
    sentAt: Time.nullable(),
  })
  .openapi('AlertNotification');

export const AlertDetailSchema = AlertSummarySchema.extend({
  findings: z.array(AlertFindingSchema),
  strongest: z.union([AlertFindingSchema, z.null()]),
  items: z.array(AlertItemSchema).openapi({ description: 'Top items first (reach, engagement, urgency).' }),
  cases: z.array(
    z.object({
      id: z.string(),
      status: z.string(),
      priority: z.string(),
      openedAt: Time,
      itemId: z.string(),
    }),
  ),
  events: z.array(AlertEventSchema),
  notifications: z.array(NotificationSchema),
}).openapi('AlertDetail');

export const AlertSeriesQuery = z.object({
  resolution: z.enum(SERIES_RESOLUTIONS).default('5m').openapi({
    description:
      "5-minute buckets (−6 h … +2 h around the alert), hourly (−3 days … +1 day), or `window`: every 5 minutes, the negatives in the strongest finding's window ending there and the count at which the detector's test breaks out (exactly what it tested).",
  }),
});

export const AlertSeriesSchema = z
  .object({
    alertId: z.string(),
    key: z.string().nullable().openapi({ description: 'The series of the strongest finding.' }),
    touchpoint: z.string().nullable(),
    platform: z.string().nullable(),
    resolution: z.enum(SERIES_RESOLUTIONS),
    windowMinutes: z.number().nullable().openapi({
      description:
        'For `window`: the length of the tested window, in minutes; each bucket is that window ending at `at`.',
    }),
    alertWindow: z.object({ from: Time, to: Time }),
    buckets: z.array(
      z.object({
        at: Time.openapi({ description: 'Bucket start (for `window`: the end of the window).' }),
        observed: z.number().openapi({ description: 'Negative items in the bucket.' }),
        total: z.number().openapi({ description: 'All items in the bucket.' }),
        expected: z.number().nullable().openapi({ description: 'Baseline negatives for the bucket.' }),
        upper: z.number().nullable().openapi({
          description:
            'Upper edge of the band: the smallest count the test would call a spike (p ≤ alpha; for `window` also at least the minimum count and ratio).',
        }),
      }),
    ),
  })
  .openapi('AlertSeries');

export const SnoozeBody = z
  .object({
    until: z.iso
      .datetime({ offset: true })
      .superRefine(inRange(snoozeRange))
      .openapi({ description: 'Snoozed until this time (at most 366 days ahead).' }),
  })
  .strict()
  .openapi('AlertSnooze');

export const AlertTargetSchema = z
  .object({
    channel: z.enum(ALERT_CHANNELS),
    target: z.string().min(3).max(500).openapi({
      description: 'An e-mail address, or an https/http URL (Slack incoming webhook, generic webhook).',
    }),
    secret: z
      .string()
      .min(16)
      .max(200)
      .optional()
      .openapi({ description: 'Webhook HMAC secret; write-only (responses say `hasSecret`).' }),
    minSeverity: z.number().int().min(1).max(10).default(1),
    kinds: z.array(z.enum(ALERT_KINDS)).default([...ALERT_KINDS]),
  })
  .strict();

export const AlertSettingsBody = z
  .object({
    riskThreshold: z.number().min(0).max(1),
    targets: z.array(AlertTargetSchema).max(20),
  })
  .strict()
  .openapi('AlertSettingsInput');

export const AlertSettingsSchema = z
  .object({
    riskThreshold: z.number(),
    targets: z.array(
      z.object({
        channel: z.enum(ALERT_CHANNELS),
        target: z.string(),
        hasSecret: z.boolean(),
        minSeverity: z.number().int(),
        kinds: z.array(z.enum(ALERT_KINDS)),
      }),
    ),
  })
  .openapi('AlertSettings');

const QuietHours = z
  .object({
    start: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .openapi({ example: '22:00' }),
    end: z
      .string()
      .regex(/^([01]\d|2[0-3]):[0-5]\d$/)
      .openapi({ example: '07:00' }),
    timezone: z
      .string()
      .min(1)
      .max(64)
      .refine((tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      }, 'an IANA time zone such as Europe/Berlin')
      .openapi({ example: 'Europe/Berlin' }),
  })
  .strict();

export const NotificationSettingsBody = z
  .object({
    enabled: z.boolean().default(true),
    channels: z
      .array(
        z
          .object({
            channel: z.enum(ALERT_CHANNELS),
            target: z
              .string()
              .max(500)
              .nullable()
              .default(null)
              .openapi({ description: 'E-mail: null for the account address. Slack / webhook: the URL.' }),
            secret: z.string().min(16).max(200).optional(),
          })
          .strict(),
      )
      .max(10),
    minSeverity: z.number().int().min(1).max(10).default(5),
    brandIds: z
      .array(z.string().max(100))
      .nullable()
      .default(null)
      .openapi({ description: 'null: every brand.' }),
    kinds: z.array(z.enum(ALERT_KINDS)).default([...ALERT_KINDS]),
    quietHours: QuietHours.nullable().default(null).openapi({
      description: 'Notifications are held until the end of quiet hours, unless severity is 9 or more.',
    }),
  })
  .strict()
  .openapi('NotificationSettingsInput');

export const NotificationSettingsSchema = z
  .object({
    enabled: z.boolean(),
    channels: z.array(
      z.object({ channel: z.enum(ALERT_CHANNELS), target: z.string().nullable(), hasSecret: z.boolean() }),
    ),
    minSeverity: z.number().int(),
    brandIds: z.array(z.string()).nullable(),
    kinds: z.array(z.enum(ALERT_KINDS)),
    quietHours: z.object({ start: z.string(), end: z.string(), timezone: z.string() }).nullable(),
  })
  .openapi('NotificationSettings');
