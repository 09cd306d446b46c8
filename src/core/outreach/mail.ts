/**
 * The e-mails of asks (issue #15): one envelope for every kind (HTML with a plain-text twin, the
 * unsubscribe link in the footer and the RFC 8058 one-click headers), the survey invitation's body
 * with the first question as one-click score links, and the SMTP mailer. Everything that reaches the
 * HTML passes `escapeHtml`: names, wordings and URLs are untrusted or may hold `&`.
 */
import type { EmailConfig } from '../../channels/config.js';
import { classifySmtpError, createSmtpTransport } from '../../channels/email.js';
import { escapeHtml } from '../../channels/email-body.js';

/** What a kind's composer hands the envelope: the words, in one language, not yet escaped. */
export interface AskContent {
  language: string;
  subject: string;
  /** The HTML body (already escaped by whoever built it: use `escapeHtml` on every piece of text). */
  html: string;
  /** The plain-text body with the same links. */
  text: string;
}

export interface OutgoingMail {
  to: string;
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  /** The send id: the Message-ID's left side (the same on a retry). */
  messageId: string;
}

export type MailResult = { ok: true } | { ok: false; retryable: boolean; error: string };

export interface AskMailer {
  send(mail: OutgoingMail): Promise<MailResult>;
}

export const ENVELOPE_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'zh'] as const;
type EnvelopeLanguage = (typeof ENVELOPE_LANGUAGES)[number];

interface EnvelopeWords {
  why: string;
  unsubscribe: string;
  oneClick: string;
  open: string;
}

const WORDS: Record<EnvelopeLanguage, EnvelopeWords> = {
  en: {
    why: 'You receive this e-mail because you are a customer of {b}.',
    unsubscribe: 'Unsubscribe from these e-mails',
    oneClick: 'Answer with one click:',
    open: 'Open the survey',
  },
  de: {
    why: 'Sie erhalten diese E-Mail, weil Sie Kundin oder Kunde von {b} sind.',
    unsubscribe: 'Diese E-Mails abbestellen',
    oneClick: 'Mit einem Klick antworten:',
    open: 'Umfrage öffnen',
  },
  fr: {
    why: 'Vous recevez cet e-mail parce que vous êtes client de {b}.',
    unsubscribe: 'Se désabonner de ces e-mails',
    oneClick: 'Répondez en un clic :',
    open: 'Ouvrir le questionnaire',
  },
  es: {
    why: 'Recibe este correo porque es cliente de {b}.',
    unsubscribe: 'Darse de baja de estos correos',
    oneClick: 'Responda con un clic:',
    open: 'Abrir la encuesta',
  },
  it: {
    why: 'Ricevi questa e-mail perché sei cliente di {b}.',
    unsubscribe: 'Annulla l’iscrizione a queste e-mail',
    oneClick: 'Rispondi con un clic:',
    open: 'Apri il sondaggio',
  },
  pt: {
    why: 'Recebe este e-mail porque é cliente de {b}.',
    unsubscribe: 'Cancelar a subscrição destes e-mails',
    oneClick: 'Responda com um clique:',
    open: 'Abrir o inquérito',
  },
  nl: {
    why: 'U ontvangt deze e-mail omdat u klant bent van {b}.',
    unsubscribe: 'Afmelden voor deze e-mails',
    oneClick: 'Antwoord met één klik:',
    open: 'Open de enquête',
  },
  zh: {
    why: '您收到这封邮件，是因为您是 {b} 的客户。',
    unsubscribe: '退订这些邮件',
    oneClick: '一键回答：',
    open: '打开问卷',
  },
};

/** The envelope's words in a language (its base language, else English). */
export function envelopeWords(language: string): EnvelopeWords {
  const base = language.toLowerCase().split('-')[0] ?? 'en';
  return (ENVELOPE_LANGUAGES as readonly string[]).includes(base)
    ? WORDS[base as EnvelopeLanguage]
    : WORDS.en;
}

const LANGUAGE_TAG = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$/;
/** One line, for a header: names never break a header or start another. */
export const oneLine = (s: string): string =>
  s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The whole mail of an ask: the kind's body, then a footer saying why it came and the unsubscribe
 * link; `List-Unsubscribe` (the HTTPS link) with `List-Unsubscribe-Post: List-Unsubscribe=One-Click`
 * (RFC 8058) so a mail client's unsubscribe button posts to it without a page.
 */
export function envelope(
  content: AskContent,
  m: { to: string; sendId: string; unsubscribeUrl: string; businessName: string },
): OutgoingMail {
  const w = envelopeWords(content.language);
  const lang = LANGUAGE_TAG.test(content.language) ? content.language : 'en';
  const why = w.why.replace('{b}', oneLine(m.businessName));
  const subject = oneLine(content.subject).slice(0, 200);
  const html = [
    '<!doctype html>',
    `<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(subject)}</title></head>`,
    '<body style="margin:0;padding:0;background:#f4f4f5">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f4f4f5">',
    '<tr><td align="center" style="padding:24px 12px">',
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:600px;background:#ffffff;border-radius:8px">',
    `<tr><td style="padding:24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#18181b">${content.html}</td></tr>`,
    '<tr><td style="padding:16px 24px;border-top:1px solid #e4e4e7;font-family:Arial,Helvetica,sans-serif;font-size:12px;line-height:1.5;color:#52525b">',
    `${escapeHtml(why)}<br><a href="${escapeHtml(m.unsubscribeUrl)}" style="color:#52525b">${escapeHtml(w.unsubscribe)}</a>`,
    '</td></tr></table></td></tr></table></body></html>',
  ].join('\n');
  const text = `${content.text.replace(/\r\n?/g, '\n').trim()}\n\n--\n${why}\n${w.unsubscribe}: ${m.unsubscribeUrl}\n`;
  return {
    to: m.to,
    subject,
    html,
    text,
    messageId: m.sendId,
    headers: {
      'List-Unsubscribe': `<${m.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      'Content-Language': lang,
      // Automated, not a reply to anything: no vacation auto-replies back to us.
      'Auto-Submitted': 'auto-generated',
    },
  };
}

/** What a survey invitation shows, already in the invitation's language. */
export interface SurveyMailInput {
  language: string;
  /** The customer's name, when known (untrusted). */
  customerName: string | null;
  businessName: string;
  /** The subject line (see `invitationSubject`). */
  subject: string;
  question: string;
  lowLabel: string;
  highLabel: string;
  /** Score → one-click URL, in order from the lowest score. */
  scoreUrls: Map<number, string>;
  answerUrl: string;
}

/** A neutral subject in the invitation's language, naming the business when it has a name. */
const NEUTRAL_SUBJECT: Record<EnvelopeLanguage, [withName: string, without: string]> = {
  en: ['A quick question from {b}', 'A quick question'],
  de: ['Eine kurze Frage von {b}', 'Eine kurze Frage'],
  fr: ['Une petite question de la part de {b}', 'Une petite question'],
  es: ['Una pregunta rápida de {b}', 'Una pregunta rápida'],
  it: ['Una breve domanda da {b}', 'Una breve domanda'],
  pt: ['Uma pergunta rápida de {b}', 'Uma pergunta rápida'],
  nl: ['Een korte vraag van {b}', 'Een korte vraag'],
  zh: ['{b} 想听听您的意见', '想听听您的意见'],
};

/**
 * The invitation's subject: the question itself when it fits a subject line (1–150 characters),
 * else a neutral line in the invitation's language with the business's name. Never the survey's
 * name: that is the business's internal label ("Q3 detractor follow-up"), not meant for customers.
 */
export function invitationSubject(question: string, language: string, businessName: string): string {
  const q = oneLine(question).trim();
  if (q.length > 0 && q.length <= 150) return q;
  const base = (language.toLowerCase().split('-')[0] ?? 'en') as EnvelopeLanguage;
  const [withName, without] = NEUTRAL_SUBJECT[base] ?? NEUTRAL_SUBJECT.en;
  const name = oneLine(businessName).trim();
  return name.length > 0 ? withName.replace('{b}', name) : without;
}

const GREETING: Record<EnvelopeLanguage, (name: string | null) => string> = {
  en: (n) => (n ? `Hello ${n},` : 'Hello,'),
  de: (n) => (n ? `Hallo ${n},` : 'Hallo,'),
  fr: (n) => (n ? `Bonjour ${n},` : 'Bonjour,'),
  es: (n) => (n ? `Hola, ${n}:` : 'Hola:'),
  it: (n) => (n ? `Ciao ${n},` : 'Ciao,'),
  pt: (n) => (n ? `Olá ${n},` : 'Olá,'),
  nl: (n) => (n ? `Hallo ${n},` : 'Hallo,'),
  zh: (n) => (n ? `${n}，您好：` : '您好：'),
};

/**
 * The survey invitation's body: a greeting, the question, and one button per score in a table row
 * (mail clients drop flexbox and scripts but keep tables and links), the end labels under it, and a
 * link to the whole survey. The plain text lists the same links, one per score.
 */
export function surveyInvitationContent(m: SurveyMailInput): AskContent {
  const w = envelopeWords(m.language);
  const base = (m.language.toLowerCase().split('-')[0] ?? 'en') as EnvelopeLanguage;
  const greet = (GREETING[base] ?? GREETING.en)(m.customerName ? oneLine(m.customerName) : null);
  const scores = [...m.scoreUrls.entries()].sort((a, b) => a[0] - b[0]);
  const cellWidth = Math.floor(100 / Math.max(1, scores.length));
  const buttons = scores
    .map(
      ([score, url]) =>
        `<td align="center" width="${cellWidth}%" style="padding:2px"><a href="${escapeHtml(url)}" aria-label="${score}" style="display:block;padding:10px 0;border:1px solid #a1a1aa;border-radius:4px;background:#fafafa;color:#18181b;font-weight:bold;text-decoration:none;font-family:Arial,Helvetica,sans-serif;font-size:16px">${score}</a></td>`,
    )
    .join('');
  const html = [
    `<p style="margin:0 0 12px">${escapeHtml(greet)}</p>`,
    `<p style="margin:0 0 16px;font-size:18px;font-weight:bold">${escapeHtml(m.question)}</p>`,
    `<p style="margin:0 0 8px;color:#52525b">${escapeHtml(w.oneClick)}</p>`,
    `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"><tr>${buttons}</tr></table>`,
    '<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="margin-top:4px"><tr>',
    `<td align="left" style="font-size:12px;color:#52525b">${escapeHtml(m.lowLabel)}</td>`,
    `<td align="right" style="font-size:12px;color:#52525b">${escapeHtml(m.highLabel)}</td>`,
    '</tr></table>',
    `<p style="margin:20px 0 0"><a href="${escapeHtml(m.answerUrl)}" style="color:#1d4ed8">${escapeHtml(w.open)}</a></p>`,
    `<p style="margin:16px 0 0;color:#52525b">${escapeHtml(oneLine(m.businessName))}</p>`,
  ].join('\n');
  const text = [
    greet,
    '',
    m.question,
    '',
    `${w.oneClick} (${scores[0]?.[0] ?? ''} = ${m.lowLabel}, ${scores[scores.length - 1]?.[0] ?? ''} = ${m.highLabel})`,
    ...scores.map(([score, url]) => `${score}: ${url}`),
    '',
    `${w.open}: ${m.answerUrl}`,
    '',
    oneLine(m.businessName),
  ].join('\n');
  return { language: m.language, subject: m.subject, html, text };
}

/** Addresses in an SMTP error (a server may quote the recipient) are masked before it is logged. */
export function maskAddresses(s: string): string {
  return s.replace(/[^\s<>()"',;:]+@[^\s<>()"',;:]+/g, '[address]').slice(0, 300);
}

const mailers = new WeakMap<EmailConfig, AskMailer>();

/** The SMTP mailer of asks for a configuration (one transport per configuration). */
export function smtpAskMailer(config: EmailConfig): AskMailer {
  let mailer = mailers.get(config);
  if (mailer === undefined) {
    const transport = createSmtpTransport(config);
    mailer = {
      async send(mail) {
        try {
          await transport.sendMail({
            from: config.from,
            ...(config.replyTo === null ? {} : { replyTo: config.replyTo }),
            to: mail.to,
            subject: mail.subject,
            text: mail.text,
            html: mail.html,
            headers: mail.headers,
            messageId: `<${mail.messageId}@${config.messageIdDomain}>`,
          });
          return { ok: true };
        } catch (e) {
          const failure = classifySmtpError(e);
          return { ok: false, retryable: failure.retryable, error: failure.error };
        }
      },
    };
    mailers.set(config, mailer);
  }
  return mailer;
}
