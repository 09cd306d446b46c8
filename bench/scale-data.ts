/**
 * The scale generator (issue #13): realistic, fictional feedback items as JSON lines, the same file
 * for the same seed. No third-party data: every phrase below was written for this file.
 *
 * - five brands of one market (one own, four competitors), each with its own strengths and weak
 *   spots per journey touchpoint (planted: the benchmark and the drivers have signal to find);
 * - authors: one per five items (200k for a million), drawn at random, so people write several times.
 *   Each author writes on one platform of their own (`identities: 'author'`, the default), so a
 *   million items come from about 200k customer profiles, as issue #13's workspace had. With
 *   `identities: 'platform'` (the file of stops 12–26) each item draws its platform afresh, and a
 *   profile is a handle on one platform: up to ten per author, 938k profiles at a million items and
 *   3.72 million at five million;
 * - two years of `postedAt`, in file order (as an export is), ending on 2026-12-01;
 * - review sites with a star rating, social posts without, surveys with an NPS, CSAT or CES score,
 *   e-mails and chats; mostly English, some German, Spanish and French (about 3 % German);
 * - texts built from phrases that name a touchpoint with the taxonomy's own words (positive or
 *   negative), so touchpoint matching, sentiment and intents find what was planted; the rating follows
 *   the phrases' sentiment, weighted per touchpoint, plus noise; one item in ~800 threatens legal action.
 *
 * A line is ~390 bytes on average.
 */
import { createRng, type Rng } from '../src/demo/random.js';

export const SCALE_BRANDS = [
  { name: 'Aurora Air', kind: 'own' },
  { name: 'Bluefin Airways', kind: 'competitor' },
  { name: 'Cedar Jet', kind: 'competitor' },
  { name: 'Dune Airlines', kind: 'competitor' },
  { name: 'Ember Air', kind: 'competitor' },
] as const;
export const OWN_BRAND = SCALE_BRANDS[0].name;

export const SCALE_END = Date.parse('2026-12-01T00:00:00Z');
const SPAN_MS = 730 * 86_400_000;

type Lang = 'en' | 'de' | 'es' | 'fr';
/** Touchpoint → [positive phrases, negative phrases] per language; each names the touchpoint. */
type Phrases = Record<string, Partial<Record<Lang, [string[], string[]]>>>;

const PHRASES: Phrases = {
  website: {
    en: [
      ['The website was quick and easy to use.', 'Checking in on the app took a minute, great app.'],
      ['The website kept crashing at the last step.', 'The app logged me out three times, useless app.'],
    ],
    de: [['Die Webseite ist übersichtlich und schnell.'], ['Die App stürzt ständig ab, furchtbar.']],
    es: [['La página web es clara y rápida.'], ['La aplicación se cierra todo el tiempo, un desastre.']],
    fr: [['Le site web est clair et rapide.'], ["L'appli plante sans arrêt, quelle horreur."]],
  },
  price: {
    en: [
      ['Good value for the price, honestly cheap.', 'Fair price and no hidden fees.'],
      ['Way overpriced for what you get.', 'The price doubled a week later, too expensive.'],
    ],
    de: [['Der Preis ist fair, gutes Angebot.'], ['Viel zu teuer für diese Leistung.']],
    es: [['Buen precio, muy barato para lo que ofrece.'], ['Muy caro para lo que es.']],
    fr: [['Prix correct, pas cher du tout.'], ['Beaucoup trop cher pour ce service.']],
  },
  booking: {
    en: [
      ['Booking was smooth, done in two minutes.', 'The reservation went through without a hitch.'],
      ['The booking failed twice and charged me anyway.', 'My reservation vanished from the system.'],
    ],
    de: [['Die Buchung ging schnell und einfach.'], ['Die Buchung hat zweimal nicht geklappt.']],
    es: [['La reserva fue rápida y sencilla.'], ['La reserva falló dos veces.']],
    fr: [['La réservation était simple et rapide.'], ['Le billet a été perdu par le système.']],
  },
  payment: {
    en: [
      ['Payment by card was instant.', 'The invoice was clear and correct.'],
      ['I was charged twice for one ticket.', 'The bill had fees nobody mentioned.'],
    ],
    de: [['Die Zahlung mit Karte ging sofort.'], ['Die Rechnung war falsch, doppelt abgebucht.']],
    es: [['El pago con tarjeta fue inmediato.'], ['Me cobraron dos veces, la factura está mal.']],
    fr: [['Le paiement par carte était immédiat.'], ['La facture est fausse, payé deux fois.']],
  },
  staff: {
    en: [
      ['The crew were friendly and helpful.', 'Staff at the gate went out of their way for us.'],
      ['The staff were rude and ignored us.', 'A rude attendant shouted at my kids.'],
    ],
    de: [['Das Personal war sehr freundlich.'], ['Das Personal war unfreundlich und genervt.']],
    es: [['El personal fue muy amable.'], ['El empleado fue muy grosero con nosotros.']],
    fr: [['Le personnel était très aimable.'], ['Le personnel était désagréable.']],
  },
  delivery: {
    en: [
      ['We left on time and landed early.', 'Everything ran on time, no delay at all.'],
      ['Delayed four hours with no explanation.', 'Another delay, we arrived late for the meeting.'],
    ],
    de: [['Pünktlich abgeflogen, keine Verspätung.'], ['Vier Stunden Verspätung ohne Erklärung.']],
    es: [['Salimos a tiempo, sin ningún retraso.'], ['Cuatro horas de retraso sin explicación.']],
    fr: [["Parti à l'heure, aucun retard."], ['Quatre heures de retard, arrivés en retard.']],
  },
  venue: {
    en: [
      ['The seat was roomy and the cabin clean.', 'Clean cabin and a comfortable seat.'],
      ['My seat was broken and the cabin dirty.', 'Dirty seats and so much noise.'],
    ],
    de: [['Der Sitz war bequem und alles sauber.'], ['Der Sitz war kaputt und nicht sauber.']],
    es: [['El asiento era cómodo y todo limpio.'], ['El asiento estaba roto y sucio.']],
    fr: [['Siège confortable et cabine propre.'], ['Siège cassé, cabine pas propre.']],
  },
  product: {
    en: [
      ['The food was tasty and fresh.', 'Great quality meal on board.'],
      ['The food was cold and tasted awful.', 'Poor quality, the meal was inedible.'],
    ],
    de: [['Das Essen war lecker und frisch.'], ['Das Essen war kalt und schlecht.']],
    es: [['La comida estaba rica y fresca.'], ['La comida estaba fría y horrible.']],
    fr: [['La nourriture était bonne et fraîche.'], ['La nourriture était froide et mauvaise.']],
  },
  support: {
    en: [
      ['Customer service sorted it out in one call.', 'Support answered within minutes, very helpful.'],
      ['On hold with customer service for two hours.', 'Support never answered my emails.'],
    ],
    de: [['Der Kundenservice hat sofort geholfen.'], ['Der Kundenservice ist nie erreichbar.']],
    es: [['El servicio al cliente lo resolvió enseguida.'], ['El servicio al cliente nunca responde.']],
    fr: [['Le service client a tout réglé vite.'], ['Le service client ne répond jamais.']],
  },
  returns: {
    en: [
      ['The refund arrived within a week.', 'Got my money back without any fuss.'],
      ['Still waiting for my refund after two months.', 'They refuse to give my money back.'],
    ],
    de: [['Die Erstattung kam schnell.'], ['Warte seit Wochen auf die Erstattung.']],
    es: [['El reembolso llegó en una semana.'], ['Sigo esperando el reembolso.']],
    fr: [['Le remboursement est arrivé vite.'], ['Toujours pas de remboursement.']],
  },
  cancellation: {
    en: [
      ['Cancelling was easy and free.', 'They rebooked me fast after the flight was cancelled.'],
      ['My flight was cancelled at the gate with no help.', 'Cancelled again, the second time this month.'],
    ],
    de: [['Die Stornierung war einfach.'], ['Der Flug wurde storniert, keine Hilfe.']],
    es: [['Cancelar fue fácil y gratis.'], ['Vuelo cancelado sin ninguna ayuda.']],
    fr: [["L'annulation était simple."], ['Vol annulé sans aucune aide.']],
  },
  information: {
    en: [
      ['Clear information about the gate change.', 'The info on the screen was spot on.'],
      ['Nobody gave us any information.', 'The information on the site was wrong.'],
    ],
  },
  ads: {
    en: [['Saw the ad and the deal was real.'], ['The ad promised a price that did not exist.']],
  },
};

/** How much each touchpoint weighs on the stars (planted driver weights; the rest is noise). */
const WEIGHTS: Record<string, number> = {
  delivery: 1.6,
  support: 1.4,
  cancellation: 1.3,
  staff: 1.1,
  returns: 1.0,
  booking: 0.8,
  venue: 0.7,
  price: 0.6,
  payment: 0.5,
  product: 0.5,
  website: 0.4,
  information: 0.3,
  ads: 0.2,
};
/** How often a touchpoint is talked about (relative). */
const MENTION: Record<string, number> = {
  delivery: 9,
  staff: 8,
  support: 7,
  booking: 6,
  venue: 5,
  price: 5,
  cancellation: 4,
  product: 4,
  returns: 3,
  payment: 3,
  website: 3,
  information: 2,
  ads: 1,
};

/** P(positive) per brand × touchpoint: the own brand is strong on staff, weak on support, … */
function quality(brand: number, touchpoint: string): number {
  const base = [0.62, 0.55, 0.5, 0.45, 0.58][brand] ?? 0.5;
  const spots: Record<number, Record<string, number>> = {
    0: { staff: 0.25, support: -0.3, delivery: 0.1, returns: -0.15 },
    1: { price: 0.25, delivery: -0.25, venue: -0.1 },
    2: { support: 0.25, booking: -0.2, website: -0.25 },
    3: { cancellation: -0.3, staff: -0.2, price: 0.2 },
    4: { product: 0.2, returns: 0.2, payment: -0.2 },
  };
  return Math.min(0.95, Math.max(0.05, base + (spots[brand]?.[touchpoint] ?? 0)));
}

const OPENERS: Record<Lang, string[]> = {
  en: [
    'Flew with {b} last week.',
    'Second trip with {b} this year.',
    'Booked {b} for a family trip.',
    'Took {b} for work.',
    'My experience with {b}:',
    'Just back from a {b} flight.',
  ],
  de: ['Letzte Woche mit {b} geflogen.', 'Meine Erfahrung mit {b}:', 'Geschäftsreise mit {b}.'],
  es: ['Volé con {b} la semana pasada.', 'Mi experiencia con {b}:', 'Viaje de trabajo con {b}.'],
  fr: ['Voyagé avec {b} la semaine dernière.', 'Mon expérience avec {b} :', 'Voyage pro avec {b}.'],
};
const CLOSERS: Record<Lang, [string[], string[]]> = {
  en: [
    ['Would fly with them again.', 'Recommended to friends already.', 'Overall a pleasant trip.'],
    ['Never again.', 'I am switching to another airline.', 'Not worth the stress.'],
  ],
  de: [['Gerne wieder.'], ['Nie wieder.']],
  es: [['Volvería a volar con ellos.'], ['Nunca más.']],
  fr: [['Je recommande.'], ['Plus jamais.']],
};
const CITIES = [
  'Berlin',
  'Lisbon',
  'Madrid',
  'Paris',
  'Rome',
  'Oslo',
  'Vienna',
  'Dublin',
  'Prague',
  'Athens',
];
const CABINS = ['economy', 'premium economy', 'business'];
const LEGAL = 'I have asked my lawyer to take legal action against them.';
const FIRST = [
  'Anna',
  'Ben',
  'Chen',
  'Dana',
  'Emil',
  'Fatima',
  'Goran',
  'Hana',
  'Ivo',
  'Jun',
  'Kofi',
  'Lena',
  'Marta',
  'Nils',
  'Omar',
  'Pia',
];
const LAST = ['K.', 'M.', 'S.', 'T.', 'W.', 'L.', 'R.', 'B.'];

/** Platforms with their share, and what they carry: a star rating, a survey score, or neither. */
const PLATFORMS: [string, number, 'rating' | 'score' | 'none'][] = [
  ['google', 22, 'rating'],
  ['trustpilot', 14, 'rating'],
  ['tripadvisor', 10, 'rating'],
  ['appstore', 5, 'rating'],
  ['playstore', 5, 'rating'],
  ['twitter', 16, 'none'],
  ['facebook', 8, 'none'],
  ['survey', 10, 'score'],
  ['email', 6, 'none'],
  ['chat', 4, 'none'],
];
const PLATFORM_TOTAL = PLATFORMS.reduce((s, p) => s + p[1], 0);

/** The platform at `r` (0 ≤ r < PLATFORM_TOTAL) of the weighted list. */
function platformAt(r: number): (typeof PLATFORMS)[number] {
  let acc = 0;
  for (const p of PLATFORMS) {
    acc += p[1];
    if (r < acc) return p;
  }
  return PLATFORMS[PLATFORMS.length - 1] as (typeof PLATFORMS)[number];
}

/**
 * An author's own platform: the golden-ratio sequence of the author's number, spread over the
 * weights, so the platforms keep their shares over the authors.
 */
function homePlatform(author: number): (typeof PLATFORMS)[number] {
  return platformAt(((author * 0.6180339887498949) % 1) * PLATFORM_TOTAL);
}

/** How authors map to customer profiles: one platform per author, or a platform per item. */
export type ScaleIdentities = 'author' | 'platform';

export interface ScaleItem {
  externalId: string;
  platform: string;
  brand: string;
  author: { handle: string; name: string; reach: number };
  rating?: number;
  score?: { kind: 'nps' | 'csat' | 'ces'; value: number };
  title?: string;
  text: string;
  postedAt: string;
}

function weightedTouchpoint(rng: Rng): string {
  return rng.weighted(MENTION);
}

/** The `index`-th item of a file of `total` items (index order is time order). */
function item(
  rng: Rng,
  index: number,
  total: number,
  authors: number,
  identities: ScaleIdentities,
): ScaleItem {
  // Drawn in both modes, so the two files take their texts from the same random sequence.
  let platform = platformAt(rng.next() * PLATFORM_TOTAL);
  const brandIndex = rng.weighted({ 0: 30, 1: 22, 2: 18, 3: 16, 4: 14 });
  const b = Number(brandIndex);
  const brand = SCALE_BRANDS[b]?.name ?? OWN_BRAND;
  const lr = rng.next();
  const lang: Lang = lr < 0.88 ? 'en' : lr < 0.91 ? 'de' : lr < 0.96 ? 'es' : 'fr';
  const mentions = rng.weighted({ 1: 2, 2: 4, 3: 3, 4: 1 });
  const chosen = new Set<string>();
  while (chosen.size < Number(mentions)) {
    const t = weightedTouchpoint(rng);
    if (PHRASES[t]?.[lang] || lang === 'en') chosen.add(t);
    if (chosen.size === 0 && lang !== 'en') chosen.add('delivery');
  }
  let score = 0;
  let weight = 0;
  const parts: string[] = [rng.pick(OPENERS[lang]).replace('{b}', brand)];
  if (rng.chance(0.8)) parts.push(`(${rng.pick(CITIES)} to ${rng.pick(CITIES)}, ${rng.pick(CABINS)})`);
  for (const t of chosen) {
    const phrases = PHRASES[t]?.[lang] ?? PHRASES[t]?.en;
    if (!phrases) continue;
    const positive = rng.chance(quality(b, t));
    parts.push(rng.pick(positive ? phrases[0] : phrases[1]));
    const w = WEIGHTS[t] ?? 0.5;
    score += (positive ? 1 : -1) * w;
    weight += w;
  }
  const tone = weight > 0 ? score / weight : 0; // −1 … 1
  parts.push(rng.pick(CLOSERS[lang][tone >= 0 ? 0 : 1]));
  if (rng.chance(1 / 800)) parts.push(LEGAL);
  const stars = Math.min(5, Math.max(1, Math.round(3 + 2 * tone + (rng.next() - 0.5) * 1.6)));
  const author = rng.int(1, authors);
  if (identities === 'author') platform = homePlatform(author);
  const t = SCALE_END - SPAN_MS + Math.floor(((index + rng.next()) / total) * SPAN_MS);
  const out: ScaleItem = {
    externalId: `scale-${String(index + 1).padStart(8, '0')}`,
    platform: platform[0],
    brand,
    author: {
      handle: `traveller${author}`,
      name: `${FIRST[author % FIRST.length]} ${LAST[author % LAST.length]}`,
      reach: (author * 7919) % 5000,
    },
    text: parts.join(' '),
    postedAt: new Date(t).toISOString(),
  };
  if (platform[2] === 'rating') {
    out.rating = stars;
    if (rng.chance(0.7)) out.title = stars >= 4 ? 'Good trip' : stars <= 2 ? 'Disappointed' : 'Okay';
  } else if (platform[2] === 'score') {
    const kind = rng.weighted({ nps: 5, csat: 3, ces: 2 });
    const value =
      kind === 'nps'
        ? Math.min(10, Math.max(0, Math.round(5 + 4.5 * tone + (rng.next() - 0.5) * 3)))
        : kind === 'csat'
          ? stars
          : Math.min(7, Math.max(1, Math.round(4 - 2.5 * tone + (rng.next() - 0.5) * 2)));
    out.score = { kind, value };
  }
  return out;
}

/**
 * Yields `total` items in time order, deterministically for a seed.
 * @example for (const item of scaleItems(1000)) console.log(JSON.stringify(item));
 */
export function* scaleItems(
  total: number,
  seed = 13,
  identities: ScaleIdentities = 'author',
): Generator<ScaleItem> {
  const rng = createRng(seed);
  const authors = Math.max(1, Math.round(total / 5));
  for (let i = 0; i < total; i++) yield item(rng, i, total, authors, identities);
}
