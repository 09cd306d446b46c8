import path from 'node:path';
import { z } from 'zod';
import { CHANNEL_ENV_VARS, channelsConfigFromEnv, type ChannelsConfig } from '../channels/config.js';
import { allowListProblems } from '../net/index.js';
import { ConfigError } from './errors.js';

export { ConfigError } from './errors.js';

/**
 * Every environment variable Touchpoint reads, documented in one place. Parsed once at boot by
 * `loadConfig`; nothing else in the code reads `process.env`.
 */
/** The largest SQLite page cache a setting may ask for, in MB (`TOUCHPOINT_SQLITE_CACHE_MB`, `--cache-mb`). */
export const MAX_SQLITE_CACHE_MB = 65_536;

const EnvSchema = z.object({
  PORT: z.coerce
    .number()
    .int()
    .min(0)
    .max(65_535)
    .default(8080)
    .describe('HTTP port to listen on (0: any free port).'),
  HOST: z.string().min(1).default('127.0.0.1').describe('Interface to bind; 0.0.0.0 to listen on all.'),
  TOUCHPOINT_DATA_DIR: z
    .string()
    .min(1)
    .default('.touchpoint')
    .describe('Folder for the embedded SQLite database and other local state.'),
  TOUCHPOINT_DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?:\/\/|sqlite:)/, 'must start with postgres://, postgresql:// or sqlite:')
    .optional()
    .describe(
      'postgres://user@host:5432/db for PostgreSQL; sqlite:PATH for a SQLite file. Default: SQLite in the data dir.',
    ),
  TOUCHPOINT_PUBLIC_URL: z
    .url()
    .optional()
    .describe('Public base URL; when it is https, session cookies are marked Secure and HSTS is sent.'),
  TOUCHPOINT_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info')
    .describe('Log level of the structured (pino) logs.'),
  TOUCHPOINT_SESSION_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(365)
    .default(14)
    .describe('Session lifetime in days.'),
  TOUCHPOINT_PHONE_REGION: z
    .string()
    .regex(/^[A-Za-z]{2}$/, 'a two-letter country code, e.g. DE')
    .optional()
    .describe(
      'Country that national phone numbers (0151 …) of incoming items are read in, so they link to customers as E.164; without it only +… numbers link.',
    ),
  TOUCHPOINT_CASES_LIVE_DAYS: z.coerce
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(14)
    .describe(
      'Items posted more than this many days before they arrive are history: the playbook opens no case for them.',
    ),
  TOUCHPOINT_SQLITE_CACHE_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_SQLITE_CACHE_MB)
    .optional()
    .describe(
      "SQLite's page cache per connection, in MB; default 16, better-sqlite3's; `touchpoint import` takes more, see docs/performance.md.",
    ),
  TOUCHPOINT_MAX_UPLOAD_MB: z.coerce
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(200)
    .describe('Largest web import.'),
  TOUCHPOINT_RATE_LIMIT_PER_IP: z.coerce
    .number()
    .int()
    .min(0)
    .default(1200)
    .describe(
      'API requests per minute from one client IP (a burst of as many is allowed; each web process counts its own); 0: no limit.',
    ),
  TOUCHPOINT_RATE_LIMIT_PER_API_KEY: z.coerce
    .number()
    .int()
    .min(0)
    .default(1200)
    .describe('API requests per minute with one API key (a burst of as many is allowed); 0: no limit.'),
  TOUCHPOINT_LOGIN_MAX_FAILURES: z.coerce
    .number()
    .int()
    .min(1)
    .default(5)
    .describe(
      'Wrong passwords in a row for one account before its logins are locked (30 s, doubling to 15 min).',
    ),
  TOUCHPOINT_LOGIN_MAX_FAILURES_PER_IP: z.coerce
    .number()
    .int()
    .min(1)
    .default(20)
    .describe('Failed logins from one client IP, any account, before its logins are locked (same backoff).'),
  TOUCHPOINT_TRUST_PROXY: z
    .enum(['true', 'false'])
    .default('false')
    .describe(
      'true behind a reverse proxy: the client IP is the last address of X-Forwarded-For (rate limits, login throttling).',
    ),
  TOUCHPOINT_HANDLER_TIMEOUT_S: z.coerce
    .number()
    .int()
    .min(0)
    .default(30)
    .describe('Seconds an API request may take before it is answered 503 (file uploads excepted); 0: none.'),
  TOUCHPOINT_REQUEST_TIMEOUT_S: z.coerce
    .number()
    .int()
    .min(1)
    .default(300)
    .describe(
      'Seconds a client may take to send a whole request, upload included, before the connection is closed.',
    ),
  TOUCHPOINT_LLM_URL: z
    .url()
    .optional()
    .describe(
      'Base URL of an OpenAI-compatible chat API (…/v1) that writes reply drafts; unset: template drafts only.',
    ),
  TOUCHPOINT_LLM_MODEL: z.string().min(1).optional().describe('Model name sent to TOUCHPOINT_LLM_URL.'),
  TOUCHPOINT_LLM_API_KEY: z
    .string()
    .min(1)
    .optional()
    .describe('Bearer key of TOUCHPOINT_LLM_URL (never logged).'),
  TOUCHPOINT_OUTBOUND_ALLOW: z
    .string()
    .optional()
    .describe(
      'Addresses, CIDR ranges and host names (comma-separated, *.domain for a suffix) the server may call although they are loopback, private, link-local or metadata, e.g. "127.0.0.1,10.0.0.0/8,hooks.internal". Default: none; webhooks, Slack, Google and the LLM reach public addresses only.',
    ),
});

/** The optional LLM that writes reply drafts; its drafts pass the same tone check as the templates. */
export interface LlmConfig {
  url: string;
  model: string;
  apiKey: string | undefined;
}

/** Limits at the HTTP edge; counted in memory by each web process on its own. */
export interface LimitsConfig {
  /** API requests per minute per client IP; 0: none. */
  perIpPerMinute: number;
  /** API requests per minute per API key; 0: none. */
  perApiKeyPerMinute: number;
  /** Wrong passwords in a row for one account before a lockout. */
  loginMaxFailures: number;
  /** Failed logins from one IP before a lockout. */
  loginMaxFailuresPerIp: number;
  /** Whether X-Forwarded-For names the client (behind a reverse proxy). */
  trustProxy: boolean;
  /** How long an API handler may run before a 503; 0: no limit. */
  handlerTimeoutMs: number;
  /** How long a client may take to send a request (Node's requestTimeout). */
  requestTimeoutMs: number;
}

export type DatabaseConfig =
  /**
   * `cacheMb`: SQLite's page cache per connection (unset: better-sqlite3's default, 16 MB);
   * `tempInMemory`: SQLite's temporary files (statement journals, sorts) in memory (`touchpoint import`).
   */
  | { dialect: 'sqlite'; file: string; cacheMb?: number; tempInMemory?: boolean }
  | { dialect: 'postgres'; url: string };

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: DatabaseConfig;
  publicUrl: string | undefined;
  secureCookies: boolean;
  logLevel: z.infer<typeof EnvSchema>['TOUCHPOINT_LOG_LEVEL'];
  sessionDays: number;
  /** Items older than this many days when they arrive (an imported history) open no case (issue #13). */
  casesLiveDays: number;
  /** Country national phone numbers of items are read in (issue #14); undefined: only international ones link. */
  phoneRegion: string | undefined;
  maxUploadBytes: number;
  /** The HTTP edge's limits (src/server/middleware): rate limits, login throttling, timeouts. */
  limits: LimitsConfig;
  /** How replies leave: SMTP, signed webhook, Google Business Profile (see src/channels). */
  channels: ChannelsConfig;
  llm: LlmConfig | undefined;
  /** What outbound requests (webhooks, Slack, Google, the LLM) may reach besides public addresses (src/net). */
  outbound: { allow: string[] };
}

/** Parses the environment (default: `process.env`) into a Config, or throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // Empty strings count as unset, as in a `.env` line `PORT=`.
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = EnvSchema.safeParse(cleaned);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((i) => {
        const key = String(i.path[0] ?? '');
        const help = EnvSchema.shape[key as keyof typeof EnvSchema.shape]?.description;
        // Keys and passwords are never repeated back.
        const value = SECRET.test(key) ? '(hidden)' : JSON.stringify(env[key]);
        return `${key}=${value}: ${i.message}${help ? ` (${help})` : ''}`;
      });
  let channels: ChannelsConfig | undefined;
  try {
    channels = channelsConfigFromEnv(env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    problems.push(...error.problems);
  }
  if (cleaned.TOUCHPOINT_LLM_URL && !cleaned.TOUCHPOINT_LLM_MODEL) {
    problems.push('TOUCHPOINT_LLM_MODEL: required when TOUCHPOINT_LLM_URL is set');
  }
  const allow = (cleaned.TOUCHPOINT_OUTBOUND_ALLOW ?? '').split(/[\s,]+/).filter(Boolean);
  problems.push(...allowListProblems(allow).map((p) => `TOUCHPOINT_OUTBOUND_ALLOW: ${p}`));
  if (!parsed.success || !channels || problems.length > 0) throw new ConfigError(problems);
  const e = parsed.data;
  const dataDir = path.resolve(e.TOUCHPOINT_DATA_DIR);
  const url = e.TOUCHPOINT_DATABASE_URL;
  const database: DatabaseConfig =
    url === undefined
      ? {
          dialect: 'sqlite',
          file: path.join(dataDir, 'touchpoint.db'),
          cacheMb: e.TOUCHPOINT_SQLITE_CACHE_MB,
        }
      : url.startsWith('sqlite:')
        ? {
            dialect: 'sqlite',
            file: url === 'sqlite::memory:' ? ':memory:' : path.resolve(url.slice('sqlite:'.length)),
            cacheMb: e.TOUCHPOINT_SQLITE_CACHE_MB,
          }
        : { dialect: 'postgres', url };
  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    publicUrl: e.TOUCHPOINT_PUBLIC_URL,
    secureCookies: e.TOUCHPOINT_PUBLIC_URL?.startsWith('https:') ?? false,
    logLevel: e.TOUCHPOINT_LOG_LEVEL,
    sessionDays: e.TOUCHPOINT_SESSION_DAYS,
    casesLiveDays: e.TOUCHPOINT_CASES_LIVE_DAYS,
    phoneRegion: e.TOUCHPOINT_PHONE_REGION?.toUpperCase(),
    maxUploadBytes: e.TOUCHPOINT_MAX_UPLOAD_MB * 1024 * 1024,
    limits: {
      perIpPerMinute: e.TOUCHPOINT_RATE_LIMIT_PER_IP,
      perApiKeyPerMinute: e.TOUCHPOINT_RATE_LIMIT_PER_API_KEY,
      loginMaxFailures: e.TOUCHPOINT_LOGIN_MAX_FAILURES,
      loginMaxFailuresPerIp: e.TOUCHPOINT_LOGIN_MAX_FAILURES_PER_IP,
      trustProxy: e.TOUCHPOINT_TRUST_PROXY === 'true',
      handlerTimeoutMs: e.TOUCHPOINT_HANDLER_TIMEOUT_S * 1000,
      requestTimeoutMs: e.TOUCHPOINT_REQUEST_TIMEOUT_S * 1000,
    },
    channels,
    llm:
      e.TOUCHPOINT_LLM_URL && e.TOUCHPOINT_LLM_MODEL
        ? { url: e.TOUCHPOINT_LLM_URL, model: e.TOUCHPOINT_LLM_MODEL, apiKey: e.TOUCHPOINT_LLM_API_KEY }
        : undefined,
    outbound: { allow },
  };
}

const SECRET = /KEY|SECRET|PASSWORD|TOKEN/;

/** The documented variables, for `touchpoint config --help`-style listings and docs. */
export function describeEnv(): { name: string; description: string }[] {
  return [
    ...Object.entries(EnvSchema.shape).map(([name, s]) => ({ name, description: s.description ?? '' })),
    ...Object.entries(CHANNEL_ENV_VARS).map(([name, description]) => ({ name, description })),
  ];
}
