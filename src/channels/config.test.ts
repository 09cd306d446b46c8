import { describe, expect, it } from 'vitest';
import { ConfigError } from '../config/index.js';
import {
  ChannelsConfigSchema,
  channelsConfigFromEnv,
  DEFAULT_GOOGLE_API_URL,
  parseSmtpUrl,
} from './config.js';

function problemsOf(env: Record<string, string | undefined>): string[] {
  try {
    channelsConfigFromEnv(env);
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
  throw new Error('expected a ConfigError');
}

describe('channelsConfigFromEnv', () => {
  it('configures nothing but Google (public URL) with an empty environment; empty strings are unset', () => {
    expect(channelsConfigFromEnv({ TOUCHPOINT_SMTP_URL: '', TOUCHPOINT_REPLY_WEBHOOK_URL: '' })).toEqual({
      google: { apiUrl: DEFAULT_GOOGLE_API_URL, timeoutMs: 10_000 },
    });
  });

  it('reads every variable', () => {
    const config = channelsConfigFromEnv({
      TOUCHPOINT_SMTP_URL: 'smtp://bot%40acme.example:s3cr%3At@mail.acme.example:2525',
      TOUCHPOINT_SMTP_FROM: 'Acme Care <care@acme.example>',
      TOUCHPOINT_SMTP_REPLY_TO: 'help@acme.example',
      TOUCHPOINT_REPLY_WEBHOOK_URL: 'https://hooks.acme.example/replies',
      TOUCHPOINT_REPLY_WEBHOOK_SECRET: 'a-long-random-secret',
      TOUCHPOINT_GOOGLE_API_URL: 'http://127.0.0.1:9999/',
    });
    expect(config.email).toMatchObject({
      host: 'mail.acme.example',
      port: 2525,
      secure: false,
      auth: { user: 'bot@acme.example', pass: 's3cr:t' },
      from: 'Acme Care <care@acme.example>',
      replyTo: 'help@acme.example',
      messageIdDomain: 'touchpoint',
    });
    expect(config.webhook).toEqual({
      url: 'https://hooks.acme.example/replies',
      secret: 'a-long-random-secret',
      timeoutMs: 10_000,
    });
    expect(config.google.apiUrl).toBe('http://127.0.0.1:9999');
  });

  it('names the variable in every problem and never shows a secret', () => {
    const problems = problemsOf({
      TOUCHPOINT_SMTP_URL: 'http://bot:hunter2-password@mail.example.com',
      TOUCHPOINT_SMTP_FROM: 'care@acme.example',
      TOUCHPOINT_REPLY_WEBHOOK_URL: 'ftp://hooks.example.com',
      TOUCHPOINT_REPLY_WEBHOOK_SECRET: 'short-secret',
      TOUCHPOINT_GOOGLE_API_URL: 'not a url',
    });
    expect(problems).toEqual([
      'TOUCHPOINT_SMTP_URL: the SMTP URL must start with smtp:// or smtps://, not http://',
      'TOUCHPOINT_REPLY_WEBHOOK_URL: the webhook URL must be an http:// or https:// URL',
      'TOUCHPOINT_REPLY_WEBHOOK_SECRET: the webhook secret must be at least 16 characters',
      'TOUCHPOINT_GOOGLE_API_URL: the Google API URL must be an http:// or https:// URL',
    ]);
    expect(problems.join('\n')).not.toMatch(/hunter2|short-secret/);
  });

  it('requires the sender with the SMTP URL, and the secret with the webhook URL (and back)', () => {
    expect(problemsOf({ TOUCHPOINT_SMTP_URL: 'smtp://mail.example.com' })).toEqual([
      'TOUCHPOINT_SMTP_FROM: required when TOUCHPOINT_SMTP_URL is set, e.g. "Acme Care <care@acme.example>"',
    ]);
    expect(problemsOf({ TOUCHPOINT_SMTP_FROM: 'care@acme.example' })).toEqual([
      'TOUCHPOINT_SMTP_URL: required when TOUCHPOINT_SMTP_FROM or TOUCHPOINT_SMTP_REPLY_TO is set',
    ]);
    expect(problemsOf({ TOUCHPOINT_REPLY_WEBHOOK_URL: 'https://hooks.example.com' })).toEqual([
      'TOUCHPOINT_REPLY_WEBHOOK_SECRET: required when TOUCHPOINT_REPLY_WEBHOOK_URL is set',
    ]);
    expect(problemsOf({ TOUCHPOINT_REPLY_WEBHOOK_SECRET: 'a-long-random-secret' })).toEqual([
      'TOUCHPOINT_REPLY_WEBHOOK_URL: required when TOUCHPOINT_REPLY_WEBHOOK_SECRET is set',
    ]);
  });

  it('rejects a sender with a line break or without an address', () => {
    expect(
      problemsOf({
        TOUCHPOINT_SMTP_URL: 'smtp://mail.example.com',
        TOUCHPOINT_SMTP_FROM: 'a@b.example\r\nBcc: x@y.example',
      }),
    ).toEqual(expect.arrayContaining([expect.stringMatching(/^TOUCHPOINT_SMTP_FROM: .*line break/)]));
    expect(
      problemsOf({ TOUCHPOINT_SMTP_URL: 'smtp://mail.example.com', TOUCHPOINT_SMTP_FROM: 'Acme Care' }),
    ).toEqual([expect.stringMatching(/^TOUCHPOINT_SMTP_FROM: the sender \(from\) must be an address/)]);
  });
});

describe('parseSmtpUrl', () => {
  it('defaults the port by scheme and reads TLS from smtps', () => {
    expect(parseSmtpUrl('smtp://mail.example.com')).toEqual({
      host: 'mail.example.com',
      port: 587,
      secure: false,
      auth: null,
    });
    expect(parseSmtpUrl('smtps://u:p@mail.example.com')).toEqual({
      host: 'mail.example.com',
      port: 465,
      secure: true,
      auth: { user: 'u', pass: 'p' },
    });
  });

  it('never repeats the URL in its message', () => {
    const message = parseSmtpUrl('smtp://user:pa ss@@@');
    if (typeof message !== 'string') throw new Error('expected a message');
    expect(message).not.toContain('pa ss');
  });
});

describe('ChannelsConfigSchema', () => {
  it('takes SMTP as fields or as a URL', () => {
    const fields = ChannelsConfigSchema.parse({
      email: { host: 'mail.example.com', port: 25, secure: false, from: 'care@acme.example' },
    });
    expect(fields.email).toMatchObject({ host: 'mail.example.com', port: 25, auth: null, replyTo: null });
    const url = ChannelsConfigSchema.parse({
      email: { url: 'smtps://mail.example.com', from: 'care@acme.example' },
    });
    expect(url.email).toMatchObject({ host: 'mail.example.com', port: 465, secure: true });
  });
});
