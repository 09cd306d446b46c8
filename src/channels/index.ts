/**
 * Channel adapters (issue #4): how an approved reply leaves Touchpoint. `createChannelAdapters` is the
 * one place that chooses them; the outbox (`replies.send` job) asks the map for the reply's channel.
 */
import type { OutboundGuard } from '../net/index.js';
import type { ChannelsConfig } from './config.js';
import { createEmailAdapter } from './email.js';
import { createGoogleBusinessAdapter } from './google-business.js';
import { refreshTokenSource } from './google-token.js';
import { createManualAdapter } from './manual.js';
import type { ChannelAdapter, ChannelKind } from './types.js';
import { createWebhookAdapter } from './webhook.js';

export * from './types.js';
export {
  CHANNEL_ENV_VARS,
  ChannelsConfigSchema,
  DEFAULT_GOOGLE_API_URL,
  channelsConfigFromEnv,
  parseSmtpUrl,
  type ChannelsConfig,
  type ChannelsConfigInput,
  type EmailConfig,
  type GoogleConfig,
  type WebhookConfig,
} from './config.js';
export { classifySmtpError, createEmailAdapter } from './email.js';
export { escapeHtml } from './email-body.js';
export {
  createGoogleBusinessAdapter,
  googleReplyUrl,
  type GoogleBusinessOptions,
} from './google-business.js';
export { isRetryableStatus } from './http.js';
export { DEFAULT_GOOGLE_TOKEN_URL, GoogleTokenError, refreshTokenSource } from './google-token.js';
export { createManualAdapter } from './manual.js';
export { createWebhookAdapter, signWebhook, verifySignature, webhookBody } from './webhook.js';

export interface ChannelDeps {
  /** The outbound guard every HTTP channel (webhook, Google) sends through (`src/net`). */
  outbound: OutboundGuard;
  /** Source of Google OAuth access tokens (default: the configured refresh token); without one there is no `google_business` channel. */
  getGoogleAccessToken?: () => Promise<string>;
}

/**
 * The adapters for the channels that are configured: `email` with SMTP settings, `webhook` with a URL
 * and secret, `google_business` with a token source, and `manual` always.
 *
 * @example
 * const adapters = createChannelAdapters(channelsConfigFromEnv(env), { outbound, getGoogleAccessToken });
 * const result = await adapters.get('email')?.send(reply);
 */
export function createChannelAdapters(
  config: ChannelsConfig,
  deps: ChannelDeps,
): Map<ChannelKind, ChannelAdapter> {
  const { outbound } = deps;
  const adapters = new Map<ChannelKind, ChannelAdapter>();
  if (config.email !== undefined) adapters.set('email', createEmailAdapter(config.email));
  if (config.webhook !== undefined) {
    adapters.set('webhook', createWebhookAdapter(config.webhook, { outbound }));
  }
  const { oauth, ...google } = config.google;
  const getAccessToken =
    deps.getGoogleAccessToken ??
    (oauth ? refreshTokenSource({ ...oauth, timeoutMs: google.timeoutMs, outbound }) : undefined);
  if (getAccessToken !== undefined) {
    adapters.set('google_business', createGoogleBusinessAdapter({ ...google, getAccessToken, outbound }));
  }
  adapters.set('manual', createManualAdapter());
  return adapters;
}
