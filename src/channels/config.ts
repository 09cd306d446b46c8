/**
 * Settings of the channel adapters: one zod schema, and the parse from environment variables that
 * `src/config` calls at boot. Secrets (the SMTP password, the webhook secret) are never echoed in an
 * error message, so a failed boot log does not leak them.
 */
import { z } from 'zod';
import { ConfigError } from '../config/errors.js';
import { DEFAULT_GOOGLE_TOKEN_URL } from './google-token.js';

export const DEFAULT_GOOGLE_API_URL = 'https://mybusiness.googleapis.com';

const LINE_BREAK = /[\r\n]/;

const headerSafe = (what: string) =>
  z
    .string()
    .min(1, `${what} is empty`)
    .refine((s) => !LINE_BREAK.test(s), `${what} must not contain a line break`);

const mailbox = (what: string) =>
  headerSafe(what).refine(
    (s) => /^[^\s@<>]+@[^\s@<>]+$/.test(s) || /^[^<>]*<[^\s@<>]+@[^\s@<>]+>$/.test(s),
    `${what} must be an address such as support@example.com or "Support <support@example.com>"`,
  );

const timeoutMs = (fallback: number) => z.number().int().min(1).max(600_000).default(fallback);

const SmtpFieldsSchema = z.object({
  host: z.string().min(1, 'SMTP host is empty'),
  port: z.number().int().min(1).max(65_535),
  /** true: TLS from the first byte (port 465, `smtps://`); false: plain, upgraded by STARTTLS when offered. */
  secure: z.boolean(),
  auth: z
    .object({ user: z.string().min(1), pass: z.string() })
    .nullable()
    .default(null),
  from: mailbox('the sender (from)'),
  replyTo: mailbox('reply-to').nullable().default(null),
  /** Subject when the customer's message had none. */
  defaultSubject: headerSafe('the default subject').default('Re: your feedback'),
  /** Right-hand side of `Message-ID: <{outgoing id}@{domain}>`. */
  messageIdDomain: z
    .string()
    .regex(/^[A-Za-z0-9.-]+$/, 'the Message-ID domain may hold letters, digits, dots and hyphens only')
    .default('touchpoint'),
  connectionTimeoutMs: timeoutMs(10_000),
  greetingTimeoutMs: timeoutMs(10_000),
  socketTimeoutMs: timeoutMs(30_000),
});

export type SmtpServer = Pick<z.output<typeof SmtpFieldsSchema>, 'host' | 'port' | 'secure' | 'auth'>;

/**
 * Reads `smtp://user:pass@host:587` (plain, STARTTLS when offered) or `smtps://user:pass@host:465`
 * (implicit TLS). User and password are percent-decoded. Returns a message on error, one that never
 * repeats the URL, since it holds a password.
 */
export function parseSmtpUrl(url: string): SmtpServer | string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return 'not a valid URL; expected smtp://user:pass@host:587 or smtps://user:pass@host:465 (value not shown: it may hold a password)';
  }
  if (u.protocol !== 'smtp:' && u.protocol !== 'smtps:') {
    return `must start with smtp:// or smtps://, not ${u.protocol}//`;
  }
  if (u.hostname === '') return 'has no host; expected smtp://user:pass@host:587';
  const secure = u.protocol === 'smtps:';
  let user: string;
  let pass: string;
  try {
    user = decodeURIComponent(u.username);
    pass = decodeURIComponent(u.password);
  } catch {
    return 'user or password is not valid percent-encoding (encode @ as %40, : as %3A)';
  }
  return {
    host: u.hostname.replace(/^\[|\]$/g, ''),
    port: u.port === '' ? (secure ? 465 : 587) : Number(u.port),
    secure,
    auth: user === '' ? null : { user, pass },
  };
}

const EmailSchema = z.preprocess((input, ctx) => {
  // `{ url, from, … }` is the short form of `{ host, port, secure, auth, from, … }`.
  if (typeof input !== 'object' || input === null || !('url' in input)) return input;
  const { url, ...rest } = input;
  if (typeof url !== 'string') {
    ctx.addIssue({ code: 'custom', message: 'the SMTP URL must be a string', path: ['url'], input: '' });
    return z.NEVER;
  }
  const server = parseSmtpUrl(url);
  if (typeof server === 'string') {
    ctx.addIssue({ code: 'custom', message: `the SMTP URL ${server}`, path: ['url'], input: '' });
    return z.NEVER;
  }
  return { ...server, ...rest };
}, SmtpFieldsSchema);

const WebhookSchema = z.object({
  url: z.url({ protocol: /^https?$/, error: 'the webhook URL must be an http:// or https:// URL' }),
  /** HMAC-SHA256 key shared with the receiver; 16 characters at least so it cannot be guessed. */
  secret: z.string().min(16, 'the webhook secret must be at least 16 characters'),
  timeoutMs: timeoutMs(10_000),
});

const GoogleSchema = z.object({
  /** Base URL of the Business Profile API; tests point it at a local server. */
  apiUrl: z
    .url({ protocol: /^https?$/, error: 'the Google API URL must be an http:// or https:// URL' })
    .default(DEFAULT_GOOGLE_API_URL),
  timeoutMs: timeoutMs(10_000),
  /** A refresh token of the business's Google account; without it there is no Google channel. */
  oauth: z
    .object({
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      refreshToken: z.string().min(1),
      tokenUrl: z
        .url({ protocol: /^https?$/, error: 'the Google token URL must be an http:// or https:// URL' })
        .default(DEFAULT_GOOGLE_TOKEN_URL),
    })
    .optional(),
});

/**
 * Settings of every channel: a channel is configured when its key is present (`google` always is,
 * with the public API URL; it is used once an access-token source is given to `createChannelAdapters`).
 *
 * @example
 * ChannelsConfigSchema.parse({
 *   email: { url: 'smtp://bot:secret@mail.example.com:587', from: 'Acme <care@acme.example>' },
 *   webhook: { url: 'https://hooks.acme.example/replies', secret: 'a-long-random-secret' },
 * });
 */
export const ChannelsConfigSchema = z.object({
  email: EmailSchema.optional(),
  webhook: WebhookSchema.optional(),
  google: GoogleSchema.default({ apiUrl: DEFAULT_GOOGLE_API_URL, timeoutMs: 10_000 }),
});

export type ChannelsConfig = z.output<typeof ChannelsConfigSchema>;
export type ChannelsConfigInput = z.input<typeof ChannelsConfigSchema>;
export type EmailConfig = NonNullable<ChannelsConfig['email']>;
export type WebhookConfig = NonNullable<ChannelsConfig['webhook']>;
export type GoogleConfig = ChannelsConfig['google'];

/** The environment variables of the channels, with what each one is for (for `src/config` and docs). */
export const CHANNEL_ENV_VARS = {
  TOUCHPOINT_SMTP_URL:
    'smtp://user:pass@host:587 (STARTTLS when offered) or smtps://user:pass@host:465; unset: no e-mail channel.',
  TOUCHPOINT_SMTP_FROM:
    'Sender of reply e-mails, e.g. "Acme Care <care@acme.example>"; required with TOUCHPOINT_SMTP_URL.',
  TOUCHPOINT_SMTP_REPLY_TO: 'Optional Reply-To of reply e-mails.',
  TOUCHPOINT_REPLY_WEBHOOK_URL:
    'http(s) URL that receives each reply as a signed JSON POST; unset: no webhook channel.',
  TOUCHPOINT_REPLY_WEBHOOK_SECRET:
    'HMAC-SHA256 key of the webhook signature (16+ characters); required with the URL.',
  TOUCHPOINT_GOOGLE_API_URL: `Base URL of the Google Business Profile API (default ${DEFAULT_GOOGLE_API_URL}).`,
  TOUCHPOINT_GOOGLE_CLIENT_ID: 'OAuth client id of the Google Cloud project with the Business Profile API.',
  TOUCHPOINT_GOOGLE_CLIENT_SECRET: 'OAuth client secret of that project (never logged).',
  TOUCHPOINT_GOOGLE_REFRESH_TOKEN:
    'Refresh token of the Google account that manages the locations (scope business.manage); with the client id and secret it turns on Google review replies.',
  TOUCHPOINT_GOOGLE_TOKEN_URL: `OAuth token endpoint (default ${DEFAULT_GOOGLE_TOKEN_URL}).`,
} as const;

type ChannelEnvVar = keyof typeof CHANNEL_ENV_VARS;

/** Which variable a schema path came from, so an error names what to fix. */
const ENV_OF_PATH: Record<string, ChannelEnvVar> = {
  'email.url': 'TOUCHPOINT_SMTP_URL',
  'email.host': 'TOUCHPOINT_SMTP_URL',
  'email.port': 'TOUCHPOINT_SMTP_URL',
  'email.auth': 'TOUCHPOINT_SMTP_URL',
  'email.from': 'TOUCHPOINT_SMTP_FROM',
  'email.replyTo': 'TOUCHPOINT_SMTP_REPLY_TO',
  'webhook.url': 'TOUCHPOINT_REPLY_WEBHOOK_URL',
  'webhook.secret': 'TOUCHPOINT_REPLY_WEBHOOK_SECRET',
  'google.apiUrl': 'TOUCHPOINT_GOOGLE_API_URL',
  'google.oauth': 'TOUCHPOINT_GOOGLE_REFRESH_TOKEN',
  'google.oauth.tokenUrl': 'TOUCHPOINT_GOOGLE_TOKEN_URL',
};

/**
 * Parses the channel variables of an environment into a ChannelsConfig, or throws ConfigError listing
 * every problem with the variable to fix. Empty strings count as unset. Secrets are never in a message.
 *
 * @example
 * const channels = channelsConfigFromEnv(env); // throws ConfigError(['TOUCHPOINT_SMTP_FROM: …'])
 */
export function channelsConfigFromEnv(env: Record<string, string | undefined>): ChannelsConfig {
  const get = (name: ChannelEnvVar): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v;
  };
  const problems: string[] = [];
  const input: Record<string, unknown> = {};

  const smtpUrl = get('TOUCHPOINT_SMTP_URL');
  const from = get('TOUCHPOINT_SMTP_FROM');
  const replyTo = get('TOUCHPOINT_SMTP_REPLY_TO');
  if (smtpUrl !== undefined) {
    if (from === undefined) {
      problems.push(
        'TOUCHPOINT_SMTP_FROM: required when TOUCHPOINT_SMTP_URL is set, e.g. "Acme Care <care@acme.example>"',
      );
    } else {
      input.email = { url: smtpUrl, from, replyTo: replyTo ?? null };
    }
  } else if (from !== undefined || replyTo !== undefined) {
    problems.push(
      'TOUCHPOINT_SMTP_URL: required when TOUCHPOINT_SMTP_FROM or TOUCHPOINT_SMTP_REPLY_TO is set',
    );
  }

  const hookUrl = get('TOUCHPOINT_REPLY_WEBHOOK_URL');
  const hookSecret = get('TOUCHPOINT_REPLY_WEBHOOK_SECRET');
  if (hookUrl !== undefined && hookSecret === undefined) {
    problems.push('TOUCHPOINT_REPLY_WEBHOOK_SECRET: required when TOUCHPOINT_REPLY_WEBHOOK_URL is set');
  } else if (hookUrl === undefined && hookSecret !== undefined) {
    problems.push('TOUCHPOINT_REPLY_WEBHOOK_URL: required when TOUCHPOINT_REPLY_WEBHOOK_SECRET is set');
  } else if (hookUrl !== undefined) {
    input.webhook = { url: hookUrl, secret: hookSecret };
  }

  const googleUrl = get('TOUCHPOINT_GOOGLE_API_URL');
  const google: Record<string, unknown> = {};
  if (googleUrl !== undefined) google.apiUrl = googleUrl.replace(/\/+$/, '');
  const oauth = {
    clientId: get('TOUCHPOINT_GOOGLE_CLIENT_ID'),
    clientSecret: get('TOUCHPOINT_GOOGLE_CLIENT_SECRET'),
    refreshToken: get('TOUCHPOINT_GOOGLE_REFRESH_TOKEN'),
  };
  const oauthNames = {
    clientId: 'TOUCHPOINT_GOOGLE_CLIENT_ID',
    clientSecret: 'TOUCHPOINT_GOOGLE_CLIENT_SECRET',
    refreshToken: 'TOUCHPOINT_GOOGLE_REFRESH_TOKEN',
  } as const;
  const given = Object.values(oauth).filter((v) => v !== undefined).length;
  if (given === 3) {
    const tokenUrl = get('TOUCHPOINT_GOOGLE_TOKEN_URL');
    google.oauth = { ...oauth, ...(tokenUrl === undefined ? {} : { tokenUrl }) };
  } else if (given > 0) {
    for (const [field, value] of Object.entries(oauth)) {
      if (value === undefined) {
        problems.push(
          `${oauthNames[field as keyof typeof oauthNames]}: required with the other TOUCHPOINT_GOOGLE_CLIENT_ID / _CLIENT_SECRET / _REFRESH_TOKEN`,
        );
      }
    }
  }
  if (Object.keys(google).length > 0) input.google = google;

  const parsed = ChannelsConfigSchema.safeParse(input);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const path = issue.path.join('.');
      const variable = ENV_OF_PATH[path] ?? ENV_OF_PATH[issue.path.slice(0, 2).join('.')];
      problems.push(`${variable ?? path}: ${issue.message}`);
    }
  }
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);
  return parsed.data;
}
