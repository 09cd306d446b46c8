/**
 * Moments (issue #14): upcoming birthdays, anniversaries and first-purchase anniversaries (read by
 * the 'MM-DD' indexes of `customers`, wrapping the year end), and recent notable events
 * (`customer_moments`: a recovered complaint, a tenth visit, a new promoter, a first public review),
 * each as an opportunity to act with a suggested message in the customer's language; and the
 * occasion a reply draft mentions (`{o}` of src/respond/phrases.ts).
 */
import { DRAFT_LANGUAGES, type DraftLanguage } from '../../respond/topics.js';
import type { CustomerCard, CustomerMoment, MomentKind, NewMoment, Repos } from '../ports.js';

export type DateKind = 'birthday' | 'anniversary' | 'first_purchase';
export type OccasionKind = DateKind | MomentKind;

/** What a reply or a message is about: the kind, and the number it names (visits, years). */
export interface Occasion {
  kind: OccasionKind;
  /** Visits of a `visit_milestone`, years of an anniversary or first purchase. */
  count?: number | undefined;
}

/** Recent events: the last 30 days of moments. */
export const RECENT_DAYS = 30;
/** A birthday or anniversary within 7 days either side of today is "this week" for a reply. */
export const OCCASION_WINDOW_DAYS = 7;
/** A complaint recovered within the last 60 days ("last month") is mentioned in a reply. */
export const RECOVERED_WINDOW_DAYS = 60;

type Bank = Record<DraftLanguage, string>;

/** The occasion as a noun phrase for a reply draft's `{o}` ("We are so glad we could be part of {o}."). */
const OCCASION_PHRASES: Record<OccasionKind, Bank> = {
  birthday: {
    en: 'your birthday',
    de: 'Ihr Geburtstag',
    zh: '您的生日',
    es: 'su cumpleaños',
    fr: 'votre anniversaire',
    it: 'il suo compleanno',
    pt: 'o seu aniversário',
    nl: 'uw verjaardag',
  },
  anniversary: {
    en: 'your anniversary',
    de: 'Ihr Jahrestag',
    zh: '您的纪念日',
    es: 'su aniversario',
    fr: 'votre anniversaire de couple',
    it: 'il vostro anniversario',
    pt: 'o vosso aniversário de casamento',
    nl: 'uw jubileum',
  },
  first_purchase: {
    en: '{n} years with us',
    de: '{n} Jahre bei uns',
    zh: '与我们相伴{n}年',
    es: '{n} años con nosotros',
    fr: '{n} ans avec nous',
    it: '{n} anni con noi',
    pt: '{n} anos connosco',
    nl: '{n} jaar bij ons',
  },
  visit_milestone: {
    en: 'your {nth} visit',
    de: 'Ihr {n}. Besuch',
    zh: '您第{n}次光临',
    es: 'su visita número {n}',
    fr: 'votre {n}e visite',
    it: 'la sua {n}ª visita',
    pt: 'a sua {n}.ª visita',
    nl: 'uw {n}e bezoek',
  },
  recovered_complaint: {
    en: "your visit after last month's problem",
    de: 'Ihr Besuch nach dem Ärger im letzten Monat',
    zh: '上个月问题解决后的再次光临',
    es: 'su visita tras el problema del mes pasado',
    fr: 'votre visite après le souci du mois dernier',
    it: 'la sua visita dopo il problema del mese scorso',
    pt: 'a sua visita após o problema do mês passado',
    nl: 'uw bezoek na het probleem van vorige maand',
  },
  promoter: {
    en: 'your kind words',
    de: 'Ihre freundlichen Worte',
    zh: '您的好评',
    es: 'sus amables palabras',
    fr: 'vos mots aimables',
    it: 'le sue gentili parole',
    pt: 'as suas palavras simpáticas',
    nl: 'uw vriendelijke woorden',
  },
  first_review: {
    en: 'your first review',
    de: 'Ihre erste Bewertung',
    zh: '您的第一条评价',
    es: 'su primera reseña',
    fr: 'votre premier avis',
    it: 'la sua prima recensione',
    pt: 'a sua primeira avaliação',
    nl: 'uw eerste review',
  },
};

/** A suggested message per occasion: `{name}` (left out with its comma when unknown), `{n}`, `{nth}`. */
const MESSAGES: Record<OccasionKind, Bank> = {
  birthday: {
    en: 'Happy birthday, {name}! Everyone here wishes you a wonderful day.',
    de: 'Alles Gute zum Geburtstag, {name}! Wir wünschen Ihnen einen wunderbaren Tag.',
    zh: '{name}，生日快乐！祝您度过美好的一天。',
    es: '¡Feliz cumpleaños, {name}! Todo el equipo le desea un día maravilloso.',
    fr: 'Joyeux anniversaire, {name} ! Toute l’équipe vous souhaite une merveilleuse journée.',
    it: 'Buon compleanno, {name}! Tutto il team le augura una splendida giornata.',
    pt: 'Feliz aniversário, {name}! Toda a equipa deseja-lhe um dia maravilhoso.',
    nl: 'Gefeliciteerd met uw verjaardag, {name}! We wensen u een prachtige dag.',
  },
  anniversary: {
    en: 'Happy anniversary, {name}! We would love to help you celebrate.',
    de: 'Herzlichen Glückwunsch zum Jahrestag, {name}! Wir feiern gern mit Ihnen.',
    zh: '{name}，纪念日快乐！我们很乐意陪您一起庆祝。',
    es: '¡Feliz aniversario, {name}! Nos encantaría ayudarle a celebrarlo.',
    fr: 'Joyeux anniversaire de couple, {name} ! Nous serions ravis de le fêter avec vous.',
    it: 'Buon anniversario, {name}! Saremo felici di festeggiarlo con voi.',
    pt: 'Feliz aniversário de casamento, {name}! Teremos todo o gosto em celebrar convosco.',
    nl: 'Gefeliciteerd met uw jubileum, {name}! We vieren het graag met u mee.',
  },
  first_purchase: {
    en: '{n} years ago you first chose us, {name} — thank you for staying with us.',
    de: 'Vor {n} Jahren haben Sie sich zum ersten Mal für uns entschieden, {name} – danke für Ihre Treue.',
    zh: '{name}，{n}年前您第一次选择了我们，感谢您一直以来的支持。',
    es: 'Hace {n} años nos eligió por primera vez, {name}: gracias por seguir con nosotros.',
    fr: 'Il y a {n} ans, vous nous choisissiez pour la première fois, {name} : merci de votre fidélité.',
    it: '{n} anni fa ci ha scelti per la prima volta, {name}: grazie per la sua fedeltà.',
    pt: 'Há {n} anos escolheu-nos pela primeira vez, {name} — obrigado por continuar connosco.',
    nl: '{n} jaar geleden koos u voor het eerst voor ons, {name} — dank u voor uw trouw.',
  },
  visit_milestone: {
    en: 'That was your {nth} visit, {name} — thank you for coming back!',
    de: 'Das war Ihr {n}. Besuch, {name} – danke, dass Sie immer wiederkommen!',
    zh: '{name}，这是您第{n}次光临，感谢您的一再光顾！',
    es: 'Esta ha sido su visita número {n}, {name}: ¡gracias por volver!',
    fr: 'C’était votre {n}e visite, {name} : merci de revenir !',
    it: 'Questa è stata la sua {n}ª visita, {name}: grazie di tornare!',
    pt: 'Esta foi a sua {n}.ª visita, {name} — obrigado por voltar!',
    nl: 'Dat was uw {n}e bezoek, {name} — bedankt dat u terugkomt!',
  },
  recovered_complaint: {
    en: 'Thank you for giving us another chance, {name} — we are glad to have you back.',
    de: 'Danke, dass Sie uns noch eine Chance gegeben haben, {name} – schön, dass Sie wieder da sind.',
    zh: '{name}，感谢您再给我们一次机会，很高兴再次为您服务。',
    es: 'Gracias por darnos otra oportunidad, {name}: nos alegra tenerle de vuelta.',
    fr: 'Merci de nous avoir donné une seconde chance, {name} : nous sommes heureux de vous revoir.',
    it: 'Grazie per averci dato un’altra possibilità, {name}: siamo felici di riaverla con noi.',
    pt: 'Obrigado por nos dar outra oportunidade, {name} — é bom tê-lo de volta.',
    nl: 'Dank u voor de nieuwe kans, {name} — fijn dat u er weer bent.',
  },
  promoter: {
    en: 'Thank you for your kind words, {name} — they mean a lot to the whole team.',
    de: 'Danke für Ihre freundlichen Worte, {name} – sie bedeuten dem ganzen Team viel.',
    zh: '{name}，感谢您的好评，这对整个团队意义重大。',
    es: 'Gracias por sus amables palabras, {name}: significan mucho para todo el equipo.',
    fr: 'Merci pour vos mots aimables, {name} : ils comptent beaucoup pour toute l’équipe.',
    it: 'Grazie per le sue gentili parole, {name}: significano molto per tutto il team.',
    pt: 'Obrigado pelas suas palavras simpáticas, {name} — significam muito para toda a equipa.',
    nl: 'Dank u voor uw vriendelijke woorden, {name} — ze betekenen veel voor het hele team.',
  },
  first_review: {
    en: 'Thank you for taking the time to write about us, {name}.',
    de: 'Danke, dass Sie sich die Zeit für Ihre Bewertung genommen haben, {name}.',
    zh: '{name}，感谢您抽空为我们写评价。',
    es: 'Gracias por dedicar tiempo a escribir sobre nosotros, {name}.',
    fr: 'Merci d’avoir pris le temps d’écrire sur nous, {name}.',
    it: 'Grazie per aver dedicato del tempo a scrivere di noi, {name}.',
    pt: 'Obrigado por ter dedicado tempo a escrever sobre nós, {name}.',
    nl: 'Dank u dat u de tijd nam om over ons te schrijven, {name}.',
  },
};

/** The customer's language when we have words for it, else English. */
export function messageLanguage(language: string | null | undefined): DraftLanguage {
  const l = (language ?? '').toLowerCase().slice(0, 2);
  return (DRAFT_LANGUAGES as readonly string[]).includes(l) ? (l as DraftLanguage) : 'en';
}

const ordinal = (n: number) => {
  const s =
    n % 100 >= 11 && n % 100 <= 13
      ? 'th'
      : (({ 1: 'st', 2: 'nd', 3: 'rd' } as Record<number, string>)[n % 10] ?? 'th');
  return `${n}${s}`;
};

function fill(template: string, o: Occasion, name: string | null): string {
  const n = String(o.count ?? '');
  let t = template.replaceAll('{nth}', o.count === undefined ? '' : ordinal(o.count)).replaceAll('{n}', n);
  const who = name?.replace(/\s+/gu, ' ').trim().slice(0, 80);
  if (who) return t.replaceAll('{name}', who);
  // Without a name: drop it with the punctuation that joined it ("Happy birthday, {name}!" → "Happy birthday!").
  t = t
    .replace(/[,，]\s*\{name\}/gu, '')
    .replace(/\{name\}[,，]\s*/gu, '')
    .replaceAll('{name}', '');
  return t.replace(/\s+([!.?])/gu, '$1').replace(/^\s+/u, '');
}

/** The occasion as a reply draft's `{o}`, in the draft's language. */
export function occasionText(o: Occasion, language: DraftLanguage): string {
  return fill(OCCASION_PHRASES[o.kind][language], o, null);
}

/** The suggested message for an occasion, in the customer's language. */
export function suggestedMessage(o: Occasion, name: string | null, language: string | null): string {
  return fill(MESSAGES[o.kind][messageLanguage(language)], o, name);
}

const DAY_MS = 86_400_000;
const md = (ms: number) => new Date(ms).toISOString().slice(5, 10);

/** The 'MM-DD' window from today (UTC) over `days` days, inclusive; `toMd < fromMd` wraps the year end. */
export function dateWindow(now: string, days: number): { fromMd: string; toMd: string } {
  const today = Date.parse(now.slice(0, 10));
  return { fromMd: md(today), toMd: md(today + (Math.max(1, Math.min(days, 366)) - 1) * DAY_MS) };
}

/** The day a date's month and day fall on in `year`: 29 February on the 28th in other years. */
function occurrenceIn(date: string, year: number): string {
  const [, m, d] = date.split('-');
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return `${String(year).padStart(4, '0')}-${m}-${m === '02' && d === '29' && !leap ? '28' : d}`;
}

/** The next day (today included) a date's month and day come round. */
export function nextOccurrence(date: string, now: string): string {
  const today = now.slice(0, 10);
  const year = Number(today.slice(0, 4));
  const mine = occurrenceIn(date, year);
  return mine >= today ? mine : occurrenceIn(date, year + 1);
}

/** Whether a date's month and day fall within `days` of today, before or after (across the year end). */
export function isNear(date: string | null | undefined, now: string, days: number): boolean {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return false;
  const today = Date.parse(now.slice(0, 10));
  const year = new Date(today).getUTCFullYear();
  return [year - 1, year, year + 1].some(
    (y) => Math.abs(Date.parse(occurrenceIn(date, y)) - today) <= days * DAY_MS,
  );
}

export interface MomentRow {
  /** The moment's id for recent events (dismissable); null for dates. */
  id: string | null;
  customerId: string;
  name: string | null;
  kind: OccasionKind;
  /** Upcoming dates: the day it falls on; events: when it happened. */
  date: string;
  daysUntil: number | null;
  /** Years of an anniversary / first purchase, visits of a milestone. */
  count: number | null;
  /** The occasion in words, in the customer's language. */
  occasion: string;
  message: string;
  language: DraftLanguage;
}

const UPCOMING_LIMIT = 200;

/** Upcoming dates within `days` and the notable events of the last 30 days, each with a suggested message. */
export async function momentsOf(
  repos: Pick<Repos, 'customerProfiles'>,
  workspaceId: string,
  now: string,
  days: number,
): Promise<{ upcoming: MomentRow[]; recent: MomentRow[] }> {
  const p = repos.customerProfiles;
  const { fromMd, toMd } = dateWindow(now, days);
  const [dates, events] = await Promise.all([
    p.upcomingDates(workspaceId, fromMd, toMd, UPCOMING_LIMIT),
    p.moments({
      workspaceId,
      since: new Date(Date.parse(now) - RECENT_DAYS * DAY_MS).toISOString(),
      limit: UPCOMING_LIMIT,
    }),
  ]);
  const cards = new Map(
    (
      await p.cards(
        workspaceId,
        events.items.map((e) => e.customerId),
      )
    ).map((c) => [c.customerId, c]),
  );
  const today = Date.parse(now.slice(0, 10));
  const upcoming = dates
    .map((d): MomentRow => {
      const on = nextOccurrence(d.date, now);
      const years = Number(on.slice(0, 4)) - Number(d.date.slice(0, 4));
      const o: Occasion = {
        kind: d.kind,
        count: d.kind !== 'birthday' && years > 0 && years < 150 ? years : undefined,
      };
      return row(
        null,
        d.customerId,
        { name: d.displayName, language: d.language },
        o,
        on,
        Math.round((Date.parse(on) - today) / DAY_MS),
      );
    })
    .sort((a, b) => (a.daysUntil ?? 0) - (b.daysUntil ?? 0) || a.customerId.localeCompare(b.customerId));
  const recent = events.items
    .filter((e) => {
      const c = cards.get(e.customerId);
      return c !== undefined && c.mergedInto === null && c.erasedAt === null;
    })
    .map((e) => row(e.id, e.customerId, cards.get(e.customerId), eventOccasion(e), e.occurredAt, null));
  return { upcoming, recent };
}

function eventOccasion(e: CustomerMoment): Occasion {
  const visits = e.detail.visits;
  return {
    kind: e.kind,
    count: e.kind === 'visit_milestone' && typeof visits === 'number' ? visits : undefined,
  };
}

function row(
  id: string | null,
  customerId: string,
  who: Pick<CustomerCard, 'name' | 'language'> | undefined,
  o: Occasion,
  date: string,
  daysUntil: number | null,
): MomentRow {
  const language = messageLanguage(who?.language);
  const name = who?.name ?? null;
  return {
    id,
    customerId,
    name,
    kind: o.kind,
    date,
    daysUntil,
    count: o.count ?? null,
    occasion: occasionText(o, language),
    message: suggestedMessage(o, name, language),
    language,
  };
}

/**
 * The occasion a reply to this customer may mention, if any: a birthday or anniversary within a
 * week of today, a visit milestone reached in the last 30 days, a complaint recovered in the last 60
 * days, a first-purchase anniversary within a week (in that order). Reads only this customer's rows.
 */
export async function occasionFor(
  repos: Pick<Repos, 'customerProfiles'>,
  workspaceId: string,
  customerId: string,
  now: string,
): Promise<Occasion | null> {
  const [card] = await repos.customerProfiles.cards(workspaceId, [customerId]);
  if (!card || card.erasedAt !== null) return null;
  const today = Date.parse(now.slice(0, 10));
  const near = (date: string | null | undefined) => isNear(date, now, OCCASION_WINDOW_DAYS);
  if (near(card.birthday)) return { kind: 'birthday' };
  if (near(card.anniversary)) return { kind: 'anniversary' };
  const { items } = await repos.customerProfiles.moments({
    workspaceId,
    customerId,
    since: new Date(today - RECOVERED_WINDOW_DAYS * DAY_MS).toISOString(),
    limit: 20,
  });
  const recentCutoff = new Date(today - RECENT_DAYS * DAY_MS).toISOString();
  const milestone = items.find((m) => m.kind === 'visit_milestone' && m.occurredAt >= recentCutoff);
  if (milestone) return eventOccasion(milestone);
  if (items.some((m) => m.kind === 'recovered_complaint')) return { kind: 'recovered_complaint' };
  if (card.firstPurchase && near(card.firstPurchase)) {
    const years =
      Number(nextOccurrence(card.firstPurchase, now).slice(0, 4)) - Number(card.firstPurchase.slice(0, 4));
    if (years > 0) return { kind: 'first_purchase', count: years };
  }
  return null;
}

/** One customer's recent events reach back this far on the case page. */
export const CUSTOMER_RECENT_DAYS = 90;

/**
 * One customer's moments (the case page): their dates within `days` and their events of the last
 * 90 days. Undefined when the customer is not in the workspace.
 */
export async function customerMomentsOf(
  repos: Pick<Repos, 'customerProfiles'>,
  workspaceId: string,
  customerId: string,
  now: string,
  days: number,
): Promise<{ upcoming: MomentRow[]; recent: MomentRow[] } | undefined> {
  const p = repos.customerProfiles;
  const [card] = await p.cards(workspaceId, [customerId]);
  if (!card) return undefined;
  const today = Date.parse(now.slice(0, 10));
  const upcoming: MomentRow[] = [];
  for (const [kind, date] of [
    ['birthday', card.birthday],
    ['anniversary', card.anniversary],
    ['first_purchase', card.firstPurchase],
  ] as const) {
    if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    const on = nextOccurrence(date, now);
    const until = Math.round((Date.parse(on) - today) / DAY_MS);
    if (until >= days) continue;
    const years = Number(on.slice(0, 4)) - Number(date.slice(0, 4));
    const count = kind !== 'birthday' && years > 0 && years < 150 ? years : undefined;
    upcoming.push(row(null, customerId, card, { kind, count }, on, until));
  }
  const events = await p.moments({
    workspaceId,
    customerId,
    since: new Date(today - CUSTOMER_RECENT_DAYS * DAY_MS).toISOString(),
    limit: 50,
  });
  return {
    upcoming: upcoming.sort((a, b) => (a.daysUntil ?? 0) - (b.daysUntil ?? 0)),
    recent: events.items.map((e) => row(e.id, customerId, card, eventOccasion(e), e.occurredAt, null)),
  };
}

/** The moment a case closed as recovered leaves on its customer (the case's own id, never its text). */
export function recoveredMoment(c: { id: string; customerId: string | null }, at: string): NewMoment[] {
  return c.customerId === null
    ? []
    : [{ customerId: c.customerId, kind: 'recovered_complaint', occurredAt: at, detail: { caseId: c.id } }];
}
