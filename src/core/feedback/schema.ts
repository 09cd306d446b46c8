import { z } from 'zod';
import { cleanStrings } from '../clean-text.js';
import { inRange, postedRange } from '../dates.js';

/** Where an item came from, as a coarse kind. Platforms (google, yelp, twitter, …) refine it. */
export const CHANNELS = ['review', 'social', 'survey', 'email', 'chat', 'ticket', 'call', 'other'] as const;
export type Channel = (typeof CHANNELS)[number];

/** Platforms we know, with their channel. Any other lowercase slug is accepted with channel `other`. */
export const KNOWN_PLATFORMS: Record<string, Channel> = {
  google: 'review',
  yelp: 'review',
  tripadvisor: 'review',
  trustpilot: 'review',
  amazon: 'review',
  taobao: 'review',
  appstore: 'review',
  playstore: 'review',
  twitter: 'social',
  facebook: 'social',
  instagram: 'social',
  survey: 'survey',
  email: 'email',
  chat: 'chat',
  ticket: 'ticket',
  call: 'call',
  web: 'other',
  other: 'other',
};

export const SCORE_KINDS = ['nps', 'csat', 'ces'] as const;
export type ScoreKind = (typeof SCORE_KINDS)[number];
/** Inclusive ranges of each survey score. */
export const SCORE_RANGES: Record<ScoreKind, readonly [number, number]> = {
  nps: [0, 10],
  csat: [1, 5],
  ces: [1, 7],
};

export const IDENTITY_KINDS = ['email', 'phone', 'handle', 'marketplace_id', 'external_id'] as const;
export type IdentityKind = (typeof IDENTITY_KINDS)[number];

const slug = z
  .string()
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9_.-]{0,39}$/, 'must be a lowercase slug of letters, digits, ".", "_" or "-"');

export const AuthorSchema = z.object({
  handle: z.string().trim().max(200).optional(),
  name: z.string().trim().max(200).optional(),
  /** Followers, friends or subscribers: how many people may see what this author writes. */
  reach: z.number().int().min(0).max(10_000_000_000).optional(),
});

export const IdentitySchema = z.object({
  kind: z.enum(IDENTITY_KINDS),
  value: z.string().trim().min(1).max(320),
  /** For handles and marketplace ids: the platform the id belongs to. */
  platform: slug.optional(),
});

export const ScoreSchema = z
  .object({ kind: z.enum(SCORE_KINDS), value: z.number() })
  .superRefine((s, ctx) => {
    const [min, max] = SCORE_RANGES[s.kind];
    if (s.value < min || s.value > max || !Number.isInteger(s.value)) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: `${s.kind} must be an integer ${min}–${max}`,
      });
    }
  });

/**
 * One thing a customer said, as a client sends it (HTTP ingest, file import, demo data).
 * Idempotent on (workspace, platform, externalId).
 */
export const FeedbackInputSchema = z
  .object({
    externalId: z.string().trim().min(1).max(200),
    platform: slug,
    channel: z.enum(CHANNELS).optional(),
    /** Brand name; created in the workspace when new. Defaults to the workspace's own brand. */
    brand: z.string().trim().min(1).max(120).optional(),
    author: AuthorSchema.optional(),
    /** Star rating, 1–5 (halves allowed). */
    rating: z.number().min(1).max(5).multipleOf(0.5).optional(),
    score: ScoreSchema.optional(),
    title: z.string().trim().max(1_000).optional(),
    /** Empty only for a survey answer with a score whose follow-up text has not come yet (issue #15). */
    text: z.string().trim().max(50_000),
    /**
     * The touchpoint (taxonomy key) the item is about, declared by its source: a survey asked after
     * the delivery. The analysis counts it even when the text does not name it (issue #15).
     */
    touchpoint: z
      .string()
      .trim()
      .toLowerCase()
      .regex(
        /^[a-z0-9][a-z0-9_.-]{0,79}$/,
        'must be a touchpoint key of lowercase letters, digits, ".", "_" or "-"',
      )
      .optional(),
    /** Only http(s): a `javascript:` or `data:` link would run in whoever opens it (issue #11). */
    url: z
      .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
      .max(2_000)
      .optional(),
    /** 1990-01-01 … now + 1 day (`postedRange`): a far-future date stalled the live detector (issue #11). */
    postedAt: z.iso.datetime({ offset: true }).superRefine(inRange(postedRange)),
    customer: z
      .object({
        name: z.string().trim().max(200).optional(),
        identities: z.array(IdentitySchema).max(20),
      })
      .optional(),
  })
  .strict()
  .superRefine((item, ctx) => {
    // A partial survey answer (a score, its follow-up text not yet written) is the only empty text.
    const scored = item.score !== undefined || item.rating !== undefined;
    if (item.text === '' && !(channelOf(item) === 'survey' && scored)) {
      ctx.addIssue({ code: 'custom', path: ['text'], message: 'must not be empty' });
    }
  });

export type FeedbackInput = z.infer<typeof FeedbackInputSchema>;

/**
 * Validates one input as every edge (HTTP ingest, file import, demo) must: its strings first lose
 * NUL and lone surrogates (`cleanText`), which PostgreSQL refuses and SQLite kept, so an item is
 * stored alike on both databases instead of failing its batch (issue #11).
 */
export function parseFeedbackInput(raw: unknown) {
  return FeedbackInputSchema.safeParse(cleanStrings(raw));
}

/** Most items accepted in one HTTP request. */
export const MAX_BATCH = 1_000;

/** The channel of an item: the one given, else the one its platform implies. */
export function channelOf(input: Pick<FeedbackInput, 'platform' | 'channel'>): Channel {
  return input.channel ?? KNOWN_PLATFORMS[input.platform] ?? 'other';
}
