/**
 * The words of a review request or referral invitation (issue #15, slice D): subject, greeting,
 * paragraphs, the button and a plain-text body, in the customer's language. Outreach (slice C,
 * src/core/outreach) wraps them in the e-mail envelope: HTML layout, escaping, the unsubscribe link
 * and List-Unsubscribe headers.
 *
 * The wording rules live here: the same neutral invitation for everyone (the function takes no score,
 * so it cannot gate), never a rating or stars asked for, no incentive offered.
 */
import { PLATFORM_RULES, REFERRAL, type LinkPlatform, type RequestKind } from './platforms.js';

export const MAIL_LANGUAGES = ['en', 'de', 'fr', 'es', 'it', 'pt', 'nl', 'zh'] as const;
export type MailLanguage = (typeof MAIL_LANGUAGES)[number];

export interface ReviewRequestMailInput {
  kind: RequestKind;
  platform: LinkPlatform;
  /** The customer's language (BCP 47, e.g. `de-AT`); falls back to its base, then English. */
  language: string | null | undefined;
  /** The customer's name, if known; else a greeting without a name. */
  customerName: string | null | undefined;
  /** The business (workspace or brand) name. */
  businessName: string;
  /** The tracked link `{publicUrl}/r/{token}` (records the click, then redirects to the platform). */
  link: string;
}

/**
 * The parts of the mail, as plain text (unescaped: the envelope HTML-escapes every part, since the
 * customer's and business's names are untrusted).
 */
export interface ReviewRequestMail {
  language: MailLanguage;
  subject: string;
  greeting: string;
  paragraphs: string[];
  button: { label: string; url: string };
  signOff: string;
  /** The plain-text body: greeting, paragraphs, the link, sign-off (the envelope appends the unsubscribe line). */
  text: string;
}

interface Words {
  greeting: (name: string | null) => string;
  thanks: string;
  review: { subject: string; body: string; button: string };
  referral: { subject: string; body: string; button: string };
  signOff: string;
}

// {b} = business, {p} = platform label.
const WORDS: Record<MailLanguage, Words> = {
  en: {
    greeting: (n) => (n ? `Hello ${n},` : 'Hello,'),
    thanks: 'Thank you for choosing {b}.',
    review: {
      subject: 'Would you share your experience on {p}?',
      body: 'Other customers find it helpful to read about real experiences. Would you share yours on {p}? Whatever you have to say, we read every review.',
      button: 'Write a review on {p}',
    },
    referral: {
      subject: 'Know someone who would like {b}?',
      body: 'If you know someone who would enjoy it too, you can recommend us through our referral programme.',
      button: 'Recommend {b}',
    },
    signOff: 'Thank you – {b}',
  },
  de: {
    greeting: (n) => (n ? `Hallo ${n},` : 'Hallo,'),
    thanks: 'vielen Dank, dass Sie sich für {b} entschieden haben.',
    review: {
      subject: 'Würden Sie Ihre Erfahrung auf {p} teilen?',
      body: 'Andere Kundinnen und Kunden lesen gern von echten Erfahrungen. Würden Sie Ihre auf {p} teilen? Was auch immer Sie zu sagen haben: Wir lesen jede Rezension.',
      button: 'Rezension auf {p} schreiben',
    },
    referral: {
      subject: 'Kennen Sie jemanden, dem {b} gefallen würde?',
      body: 'Wenn Sie jemanden kennen, dem es auch gefallen würde, können Sie uns über unser Empfehlungsprogramm weiterempfehlen.',
      button: '{b} empfehlen',
    },
    signOff: 'Vielen Dank – {b}',
  },
  fr: {
    greeting: (n) => (n ? `Bonjour ${n},` : 'Bonjour,'),
    thanks: "Merci d'avoir choisi {b}.",
    review: {
      subject: 'Voulez-vous partager votre expérience sur {p} ?',
      body: "D'autres clients apprécient de lire des expériences réelles. Voulez-vous partager la vôtre sur {p} ? Quoi que vous ayez à dire, nous lisons chaque avis.",
      button: 'Écrire un avis sur {p}',
    },
    referral: {
      subject: "Vous connaissez quelqu'un qui aimerait {b} ?",
      body: "Si vous connaissez quelqu'un à qui cela plairait aussi, vous pouvez nous recommander via notre programme de parrainage.",
      button: 'Recommander {b}',
    },
    signOff: 'Merci – {b}',
  },
  es: {
    greeting: (n) => (n ? `Hola, ${n}:` : 'Hola:'),
    thanks: 'Gracias por elegir {b}.',
    review: {
      subject: '¿Compartiría su experiencia en {p}?',
      body: 'A otros clientes les ayuda leer experiencias reales. ¿Compartiría la suya en {p}? Sea lo que sea lo que quiera contar, leemos cada opinión.',
      button: 'Escribir una opinión en {p}',
    },
    referral: {
      subject: '¿Conoce a alguien a quien le gustaría {b}?',
      body: 'Si conoce a alguien a quien también le gustaría, puede recomendarnos a través de nuestro programa de recomendación.',
      button: 'Recomendar {b}',
    },
    signOff: 'Gracias – {b}',
  },
  it: {
    greeting: (n) => (n ? `Buongiorno ${n},` : 'Buongiorno,'),
    thanks: 'grazie per aver scelto {b}.',
    review: {
      subject: 'Vuole condividere la sua esperienza su {p}?',
      body: 'Altri clienti trovano utile leggere esperienze reali. Vuole condividere la sua su {p}? Qualunque cosa voglia dire, leggiamo ogni recensione.',
      button: 'Scrivi una recensione su {p}',
    },
    referral: {
      subject: 'Conosce qualcuno a cui piacerebbe {b}?',
      body: 'Se conosce qualcuno a cui potrebbe piacere, può consigliarci tramite il nostro programma di referral.',
      button: 'Consiglia {b}',
    },
    signOff: 'Grazie – {b}',
  },
  pt: {
    greeting: (n) => (n ? `Olá, ${n},` : 'Olá,'),
    thanks: 'Obrigado por escolher {b}.',
    review: {
      subject: 'Gostaria de partilhar a sua experiência no {p}?',
      body: 'Outros clientes acham útil ler experiências reais. Gostaria de partilhar a sua no {p}? Seja o que for que tenha a dizer, lemos todas as opiniões.',
      button: 'Escrever uma opinião no {p}',
    },
    referral: {
      subject: 'Conhece alguém que gostaria de {b}?',
      body: 'Se conhece alguém que também gostaria, pode recomendar-nos através do nosso programa de indicação.',
      button: 'Recomendar {b}',
    },
    signOff: 'Obrigado – {b}',
  },
  nl: {
    greeting: (n) => (n ? `Hallo ${n},` : 'Hallo,'),
    thanks: 'Bedankt dat u voor {b} hebt gekozen.',
    review: {
      subject: 'Wilt u uw ervaring delen op {p}?',
      body: 'Andere klanten lezen graag over echte ervaringen. Wilt u de uwe delen op {p}? Wat u ook te zeggen hebt, we lezen elke review.',
      button: 'Schrijf een review op {p}',
    },
    referral: {
      subject: 'Kent u iemand die {b} zou waarderen?',
      body: 'Als u iemand kent die het ook zou waarderen, kunt u ons aanbevelen via ons referralprogramma.',
      button: '{b} aanbevelen',
    },
    signOff: 'Bedankt – {b}',
  },
  zh: {
    greeting: (n) => (n ? `${n}，您好：` : '您好：'),
    thanks: '感谢您选择{b}。',
    review: {
      subject: '您愿意在{p}上分享您的体验吗？',
      body: '其他顾客很希望看到真实的体验。您愿意在{p}上分享您的体验吗？无论您想说什么，我们都会认真阅读每一条评价。',
      button: '在{p}上撰写评价',
    },
    referral: {
      subject: '您认识会喜欢{b}的人吗？',
      body: '如果您认识也会喜欢的人，可以通过我们的推荐计划推荐我们。',
      button: '推荐{b}',
    },
    signOff: '谢谢 – {b}',
  },
};

/** The mail language for a customer's language tag: exact, else its base language, else English. */
export function mailLanguage(tag: string | null | undefined): MailLanguage {
  const base = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return (MAIL_LANGUAGES as readonly string[]).includes(base) ? (base as MailLanguage) : 'en';
}

/**
 * The parts of a review-request (or referral) e-mail. Pure; the same words for every customer of a
 * platform and language, whatever they scored.
 *
 * @example
 * const parts = reviewRequestMail({ kind: 'review', platform: 'google', language: 'de',
 *   customerName: 'Anna', businessName: 'Hotel Adler', link: 'https://tp.example/r/…' });
 * // parts.subject === 'Würden Sie Ihre Erfahrung auf Google teilen?'
 */
export function reviewRequestMail(input: ReviewRequestMailInput): ReviewRequestMail {
  const language = mailLanguage(input.language);
  const w = WORDS[language];
  const platform = input.kind === 'referral' ? PLATFORM_RULES[REFERRAL] : PLATFORM_RULES[input.platform];
  const fill = (s: string) => s.replaceAll('{b}', input.businessName).replaceAll('{p}', platform.label);
  const words = input.kind === 'referral' ? w.referral : w.review;
  const name = input.customerName?.trim() || null;
  const greeting = w.greeting(name);
  const paragraphs = [fill(w.thanks), fill(words.body)];
  const button = { label: fill(words.button), url: input.link };
  const signOff = fill(w.signOff);
  const text = [
    greeting,
    '',
    ...paragraphs.flatMap((p) => [p, '']),
    `${button.label}: ${input.link}`,
    '',
    signOff,
  ].join('\n');
  return { language, subject: fill(words.subject), greeting, paragraphs, button, signOff, text };
}
