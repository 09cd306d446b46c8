/**
 * Account e-mail (issue #11): invitations and password resets. They leave through the same SMTP
 * transport as replies and alerts (`createSmtpTransport`, configured by TOUCHPOINT_SMTP_URL); the
 * links in them start with TOUCHPOINT_PUBLIC_URL, never with the Host header of a request, so
 * nobody can have a reset link mailed that points at their own server.
 */
import type { EmailConfig } from '../../channels/config.js';
import { classifySmtpError, createSmtpTransport } from '../../channels/email.js';
import { escapeHtml } from '../../channels/email-body.js';

export interface AccountMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

export interface AccountMailer {
  send(mail: AccountMail): Promise<{ ok: true } | { ok: false; error: string }>;
}

/** What account commands need to mail a link: both are set, or nothing is mailed. */
export interface AccountMailDeps {
  mailer: AccountMailer | undefined;
  /** The public base URL links start with (TOUCHPOINT_PUBLIC_URL). */
  publicUrl: string | undefined;
  /** Told when a mail sent in the background failed (password resets), for the log. */
  onMailError?: (error: string) => void;
}

const mailers = new WeakMap<EmailConfig, AccountMailer>();

/** The account mailer of an SMTP configuration (one per configuration, made on first use). */
export function accountMailer(config: EmailConfig): AccountMailer {
  let mailer = mailers.get(config);
  if (mailer === undefined) {
    const transport = createSmtpTransport(config);
    mailer = {
      async send(mail) {
        try {
          await transport.sendMail({ from: config.from, ...mail });
          return { ok: true };
        } catch (e) {
          return { ok: false, error: classifySmtpError(e).error };
        }
      },
    };
    mailers.set(config, mailer);
  }
  return mailer;
}

/** The mail deps of a configuration: a mailer only when SMTP and the public URL are both set. */
export function accountMailDeps(
  email: EmailConfig | undefined,
  publicUrl: string | undefined,
  onMailError?: (error: string) => void,
): AccountMailDeps {
  return {
    mailer: email !== undefined && publicUrl !== undefined ? accountMailer(email) : undefined,
    publicUrl,
    ...(onMailError ? { onMailError } : {}),
  };
}

/** A dashboard link: `{publicUrl}/#/{page}?token=…` (the token stays in the fragment, out of access logs). */
export function tokenLink(publicUrl: string, page: 'invitation' | 'reset-password', token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/#/${page}?token=${encodeURIComponent(token)}`;
}

/** One line, for a header: user-chosen names never break a header or start another. */
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();

function html(paragraphs: string[], link: string, label: string): string {
  return [
    '<!doctype html><html><body>',
    ...paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    `<p><a href="${escapeHtml(link)}">${escapeHtml(label)}</a></p>`,
    `<p><small>${escapeHtml(link)}</small></p>`,
    '</body></html>',
  ].join('');
}

export function invitationMail(m: {
  to: string;
  workspaceName: string;
  inviterName: string | null;
  role: string;
  link: string;
  expiresAt: string;
}): AccountMail {
  const who = m.inviterName ? oneLine(m.inviterName) : 'Someone';
  const paragraphs = [
    `${who} invited you to the Touchpoint workspace "${oneLine(m.workspaceName)}" as ${m.role}.`,
    `Open the link to accept or decline. It works once and until ${m.expiresAt}. If you did not expect this, ignore this e-mail: nothing changes until you accept.`,
  ];
  return {
    to: m.to,
    subject: oneLine(`[Touchpoint] ${who} invited you to ${m.workspaceName}`).slice(0, 200),
    text: `${paragraphs.join('\n\n')}\n\n${m.link}\n`,
    html: html(paragraphs, m.link, 'Open the invitation'),
  };
}

export function passwordResetMail(m: { to: string; link: string; expiresAt: string }): AccountMail {
  const paragraphs = [
    'Someone asked to reset the password of your Touchpoint account.',
    `Open the link to choose a new password. It works once and until ${m.expiresAt}; setting a new password logs you out everywhere. If it was not you, ignore this e-mail: your password stays as it is.`,
  ];
  return {
    to: m.to,
    subject: '[Touchpoint] Reset your password',
    text: `${paragraphs.join('\n\n')}\n\n${m.link}\n`,
    html: html(paragraphs, m.link, 'Choose a new password'),
  };
}
