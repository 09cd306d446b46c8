/**
 * E-mail over SMTP with nodemailer. One connection per send (no pool): replies are few, and a fresh
 * connection after a failure is what a retry wants. The outgoing id becomes the Message-ID, the same
 * on every try, so a mailbox or a gateway that sees the message twice can tell it is one message.
 */
import nodemailer from 'nodemailer';
import type { EmailConfig } from './config.js';
import { htmlBody, textBody } from './email-body.js';
import type { SendFailure } from './http.js';
import type { ChannelAdapter, OutgoingReply, SendResult } from './types.js';

const LINE_BREAK = /[\r\n]/;
/** One plain address, nothing a header could be split on or a second recipient hidden in. */
const ADDRESS = /^[^\s@<>,;:"()[\]\\]+@[^\s@<>,;:"()[\]\\]+\.[^\s@<>,;:"()[\]\\]+$/;
const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
/** What may stand left of the `@` in `Message-ID: <{id}@domain>` (our ids are UUIDs). */
const MESSAGE_ID_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

/** Error codes of nodemailer without an SMTP reply that another try may get past. */
const TRANSIENT_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EPROTOCOL', 'EDNS']);
/** Node/DNS codes under EDNS or ESOCKET that are a setting to fix, not a passing fault. */
const CONFIG_ORIGINAL_CODES = new Set(['ENOTFOUND', 'ERR_TLS_CERT_ALTNAME_INVALID', 'CERT_HAS_EXPIRED']);

interface NodemailerErrorLike {
  code?: string;
  originalCode?: string;
  responseCode?: number;
  permanent?: boolean;
  response?: string;
  message?: string;
}

/**
 * Retryable or not, from what nodemailer reports. An SMTP reply decides by its class (RFC 5321): 4yz
 * (and 503, a session in the wrong state) is transient, other 5yz is permanent, so bad credentials
 * (535) and an unknown mailbox (550) fail at once. Without a reply: a refused, dropped or timed-out
 * connection is retried; missing credentials, a TLS mismatch or an unknown host are settings.
 */
export function classifySmtpError(e: unknown): SendFailure {
  const err: NodemailerErrorLike = typeof e === 'object' && e !== null ? e : {};
  const message = e instanceof Error ? e.message : String(e);
  if (typeof err.responseCode === 'number') {
    const permanent = err.permanent ?? (err.responseCode >= 500 && err.responseCode !== 503);
    const reply = (err.response ?? message).replace(/\s+/g, ' ').slice(0, 200);
    return { ok: false, retryable: !permanent, error: `SMTP server rejected the message: ${reply}` };
  }
  const code = err.code ?? 'unknown';
  if (err.originalCode !== undefined && CONFIG_ORIGINAL_CODES.has(err.originalCode)) {
    return {
      ok: false,
      retryable: false,
      error: `SMTP server unreachable (${err.originalCode}): check TOUCHPOINT_SMTP_URL`,
    };
  }
  if (TRANSIENT_CODES.has(code)) {
    const detail = err.originalCode ?? code;
    return { ok: false, retryable: true, error: `SMTP connection failed (${detail}): ${message}` };
  }
  return { ok: false, retryable: false, error: `e-mail not sent (${code}): ${message}` };
}

/** `Re: {subject}` unless the subject already starts with Re:. */
function replySubject(subject: string | null | undefined, fallback: string): string {
  const s = (subject ?? '').trim();
  if (s === '') return fallback;
  return /^re:/i.test(s) ? s : `Re: ${s}`;
}

/** Why this reply cannot go out as an e-mail, or null when it can. Never retryable. */
function invalidReply(reply: OutgoingReply): string | null {
  if (!MESSAGE_ID_PART.test(reply.id)) return 'the outgoing id cannot be used in a Message-ID';
  const to = reply.to?.trim() ?? '';
  if (to === '') return 'the reply has no recipient address';
  for (const [field, value] of [
    ['recipient address', reply.to],
    ['recipient name', reply.toName],
    ['subject', reply.subject],
  ] as const) {
    // Header injection: a CR or LF would end the header and start one of the sender's choosing.
    if (value !== null && value !== undefined && LINE_BREAK.test(value)) {
      return `the ${field} contains a line break`;
    }
  }
  if (!ADDRESS.test(to)) return 'the recipient is not a single e-mail address';
  return null;
}

/** The SMTP transport of the configured server, for replies and alert e-mails alike. */
export function createSmtpTransport(config: EmailConfig) {
  return nodemailer.createTransport({
    host: config.host,
    port: config.port,
    secure: config.secure,
    ...(config.auth === null ? {} : { auth: { user: config.auth.user, pass: config.auth.pass } }),
    connectionTimeout: config.connectionTimeoutMs,
    greetingTimeout: config.greetingTimeoutMs,
    socketTimeout: config.socketTimeoutMs,
    // Nothing in a message is a file or a URL to fetch; refuse both so no text can make us read one.
    disableFileAccess: true,
    disableUrlAccess: true,
    logger: false,
  });
}

/**
 * The e-mail channel: sends `reply.text` to `reply.to` with the quoted original below it, as plain
 * text and as escaped HTML.
 *
 * @example
 * const email = createEmailAdapter(config.email);
 * const result = await email.send({ id, workspaceId, caseId, itemId, text, language: 'en', to, subject, quoted });
 */
export function createEmailAdapter(config: EmailConfig): ChannelAdapter {
  const transport = createSmtpTransport(config);

  return {
    kind: 'email',
    async send(reply: OutgoingReply): Promise<SendResult> {
      const invalid = invalidReply(reply);
      if (invalid !== null) return { ok: false, retryable: false, error: `e-mail not sent: ${invalid}` };
      const to = (reply.to ?? '').trim();
      const lang = LANGUAGE_TAG.test(reply.language) ? reply.language : null;
      const subject = replySubject(reply.subject, config.defaultSubject);
      const messageId = `<${reply.id}@${config.messageIdDomain}>`;
      try {
        const info = await transport.sendMail({
          from: config.from,
          ...(config.replyTo === null ? {} : { replyTo: config.replyTo }),
          to: reply.toName ? { name: reply.toName, address: to } : to,
          subject,
          messageId,
          text: textBody(reply.text, reply.quoted),
          html: htmlBody({ text: reply.text, quoted: reply.quoted, subject, language: reply.language }),
          ...(lang === null ? {} : { headers: { 'Content-Language': lang } }),
        });
        return { ok: true, externalId: messageId, detail: String(info.response).slice(0, 200) };
      } catch (e) {
        return classifySmtpError(e);
      }
    },
  };
}
