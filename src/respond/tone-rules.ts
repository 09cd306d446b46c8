/**
 * Phrases that make a reply defensive, blaming, arguing, boilerplate or a public compensation offer,
 * in English, German, Chinese, Spanish, French, Italian, Portuguese and Dutch. All rules run on
 * every reply whatever its language, since agents mix languages and a phrase of one language never
 * occurs by chance in another.
 *
 * Why these: replies that justify the business, blame or contradict the customer, or offer money in
 * public make a complaint spread (Herhausen et al., Journal of Marketing 2019); a reply that names
 * nothing the customer said reads as a form letter.
 */
import type { ToneFlagCode } from './types.js';

export interface ToneRule {
  code: Exclude<ToneFlagCode, 'too_long' | 'generic'>;
  pattern: RegExp;
}

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
/** Latin phrases as whole words, case-insensitive; CJK phrases as substrings. */
function words(latin: readonly string[], cjk: readonly string[] = []): RegExp {
  const parts = latin.length ? [`${B}(?:${latin.join('|')})${E}`] : [];
  parts.push(...cjk);
  return new RegExp(parts.join('|'), 'giu');
}

/** Apostrophes as agents type them. */
const A = "[’']";
/** Words that may stand between "we will" and what we give. */
const ADVERBS =
  '(?: (?:gladly|happily|immediately|promptly|fully|now|also|then|of course|be happy to|be glad to|be able to))*';

export const TONE_RULES: readonly ToneRule[] = [
  {
    code: 'defensive',
    pattern: words(
      [
        `we${A}?ve never had (?:a|any|one|a single) complaints?`,
        'we have never (?:had|received) (?:a|any|one|a single) complaints?',
        'never (?:had|received) (?:a|any|one|a single) complaints?',
        '(?:our|all our|all of our) (?:staff|employees|team|team members|crew|agents) (?:is|are) (?:well[- ]|highly |fully |properly |all )?trained',
        `(?:that|this|it)${A}?s not our policy`,
        '(?:that|this|it) is not our policy',
        '(?:per|according to|in line with|as per) (?:our|the) (?:company )?(?:policy|policies|terms(?: and conditions)?)',
        'company policy',
        // "As stated, …" or "as mentioned in our terms"; not "works as stated".
        '(?<=^|[.!?,:;]\\s{1,3}|\\n\\s*)as (?:clearly |already |previously )?(?:stated|mentioned|explained)',
        'as (?:clearly |already |previously )?(?:stated|mentioned|explained|indicated|noted) (?:in|on|at|before|earlier|previously|above|below)',
        'unfortunately,? you',
        'actually',
        'we did nothing wrong',
        '(?:this|that|it) (?:is|was) (?:not|beyond) our (?:fault|control)',
        `(?:this|that|it) (?:isn${A}?t|wasn${A}?t) our fault`,
        'beyond our control',
        "we (?:cannot|can ?not|can't|are not) (?:be )?(?:held )?responsible",
        'other (?:guests|customers|passengers) (?:have )?(?:enjoyed|loved|had no)',
        '(?:thousands|hundreds|millions) of (?:happy|satisfied) (?:customers|guests)',
        'with all due respect',
        `(?:we${A}re|we are|i${A}m|i am) sorry (?:that )?you feel`,
        "(?:we are|we're|i am|i'm) sorry if you (?:feel|felt|were|have been)",
        'sorry you see it that way',
      ],
      [
        '从来没有(?:人|客人|顾客)?投诉',
        '从未收到(?:过)?(?:任何)?投诉',
        '(?:我们的)?员工(?:都)?(?:经过|受过)(?:专业|严格)?培训',
        '这不是我们的(?:政策|规定)',
        '(?:按照|根据)(?:我们的|公司的?)?(?:规定|政策)',
        '如前所述',
        '正如(?:我们)?(?:之前|此前)?(?:所说|所述|说过)',
        '其实',
        '不是我们的(?:错|责任|问题)',
        '其他(?:客人|顾客|乘客)都(?:很)?满意',
        '(?:很遗憾|很抱歉)[您你](?:这样|这么)认为',
      ],
    ),
  },
  {
    code: 'defensive',
    pattern: words([
      'noch nie (?:eine )?beschwerde',
      'keine beschwerden? (?:erhalten|bekommen|gehabt)',
      '(?:unser|unsere) (?:personal|mitarbeiter(?:innen)?|mitarbeitenden|team) (?:ist|sind) (?:gut |bestens |bestens |professionell |hervorragend )?geschult',
      '(?:das|dies) (?:ist|entspricht) nicht unserer? (?:richtlinie|politik|regel)',
      '(?:gemäß|laut|nach) (?:unseren )?(?:agb|richtlinien|geschäftsbedingungen)',
      'wie bereits (?:erwähnt|gesagt|erklärt|angegeben|mitgeteilt)',
      'leider haben sie',
      'eigentlich',
      'nicht unsere schuld',
      '(?:wir sind|sind wir) nicht verantwortlich',
      'andere gäste waren (?:sehr )?zufrieden',
      'leid, (?:dass|wenn) sie das so (?:empfinden|sehen)',
    ]),
  },
  {
    code: 'blaming',
    pattern: words(
      [
        // "You should have read the terms" blames; "you should have received an e-mail" does not.
        'you should have (?:\\p{L}+ly )?(?:read|checked|double[- ]checked|booked|called|arrived|asked|known|come|contacted us|looked|followed|noticed|reported|brought|listened|made sure|planned|printed|kept|taken|informed us|told us)',
        `you shouldn${A}?t have`,
        `(?:it${A}?s|it is|it was|that is|that${A}?s) (?:entirely |all )?your (?:own )?fault`,
        'your (?:own )?fault',
        'you failed to',
        'if you (?:had|would have) (?:read|checked|arrived|followed|booked|listened|paid attention|looked)',
        'had you (?:read|checked|arrived|followed|booked|listened)',
        `you (?:did not|didn${A}?t) (?:read|check|follow|bother)`,
        'you were supposed to (?:read|check|arrive|call|book)',
        "(?:it is|it's|was) (?:your|the customer's|the guest's) responsibility",
        'you were (?:clearly )?(?:told|informed|warned)',
        'you forgot to',
        'you chose to',
        'you ignored',
      ],
      [
        '[您你](?:当时)?(?:本)?应该(?:提前|早点|早|先|自己|仔细|看|阅读|注意|知道|检查|确认|遵守|按照|看清)',
        '[您你]们应该',
        '(?:是|这是)[您你]的(?:错|责任|问题)',
        '[您你]自己的(?:错|责任|问题)',
        '如果[您你](?:当时)?(?:仔细)?(?:看|阅读|查看)',
        '[您你]没有(?:仔细)?(?:阅读|看清|看|查看)',
        '怪[您你]',
        '[您你]未能',
      ],
    ),
  },
  {
    code: 'blaming',
    pattern: words([
      'sie hätten',
      'hätten sie (?:\\p{L}+ ){0,4}(?:gelesen|geprüft|beachtet|gebucht|angerufen)',
      '(?:ihre|ihr) (?:eigene[rs]? )?schuld',
      'sie haben (?:es )?versäumt',
      'wenn sie (?:\\p{L}+ ){0,4}gelesen hätten',
      'sie sind selbst schuld',
      'selbst schuld',
      'liegt in ihrer verantwortung',
      'du hättest',
    ]),
  },
  {
    code: 'arguing',
    pattern: words(
      [
        `(?:that|this|it)${A}?s (?:simply |just )?not true`,
        '(?:that|this|it) is (?:simply |just )?not (?:true|correct|accurate|what happened)',
        'simply not true',
        `you${A}?re (?:wrong|mistaken|lying)`,
        'you are (?:wrong|mistaken|lying)',
        'that never happened',
        'we (?:strongly )?disagree',
        '(?:this|that) is (?:false|untrue|a lie)',
        '(?:false|untrue|unfounded|baseless) (?:claims?|accusations?|allegations?)',
        'your (?:claims?|accusations?|allegations?) (?:is|are) (?:false|incorrect|unfounded|baseless)',
      ],
      [
        '不是事实',
        '不属实',
        '[您你]说的不对',
        '[您你]说得不对',
        '[您你]错了',
        '并非如此',
        '事实并非',
        '胡说',
        '造谣',
        '纯属捏造',
      ],
    ),
  },
  {
    code: 'arguing',
    pattern: words([
      '(?:das|dies|es|was sie schreiben|ihre darstellung) stimmt (?:so |einfach |schlicht |leider )?nicht',
      '(?:das|dies) ist (?:schlicht |einfach )?(?:nicht richtig|falsch|unwahr|gelogen)',
      'sie irren sich',
      'sie liegen falsch',
      'entspricht nicht der wahrheit',
      'ihre behauptung',
    ]),
  },
  // Always an offer: vouchers, discounts, free things. "Feel free to" is not one.
  {
    code: 'public_compensation',
    pattern: words(
      [
        'vouchers?',
        'coupons?',
        'gift ?cards?',
        'discount(?:s|ed)?',
        '\\d+ ?% off',
        'complimentary',
        'compensat(?:e|ed|ion)(?! (?:policy|policies|claims? process))',
        'free (?:of charge|night|nights|stay|meal|meals|drink|drinks|dessert|upgrade|flight|ticket|month|months|delivery|shipping|room|breakfast|dinner|lunch|item|replacement|service)',
        'for free',
        'on the house',
        '(?:drinks?|dinner|lunch|breakfast|meal|dessert|coffee|stay|night|visit|round|next one)(?: is| are| will be)? on us',
        '(?:goodwill|courtesy) (?:gesture|credit|payment)',
        'gesture of goodwill',
        '(?:bonus|extra) (?:miles|points)',
        'money back(?! (?:guarantee|policy))',
        'gutscheine?',
        'gutschrift(?:en)?',
        'rabatt(?:e|code)?',
        'preisnachlass',
        'kostenlos(?:e|en|er)?',
        'gratis',
        'entschädigung',
        'geld zurück',
        'kulanz(?:zahlung|leistung)?',
      ],
      ['优惠券', '代金券', '赔偿', '补偿', '免费', '折扣', '打折', '返现', '红包', '积分'],
    ),
  },
  // Refunds and credit are offers only when we say we give them ("we will refund you").
  {
    code: 'public_compensation',
    pattern: words(
      [
        `(?:we|i)(?:${A}ll| will| would| can| could| shall| are happy to| are glad to| would like to| want to| have|${A}ve)${ADVERBS} (?:refund(?:ed)?|reimburse(?:d)?|credit(?:ed)?)`,
        `(?:we|i)(?:${A}ll| will| would| can| could| shall| are happy to| are glad to| would like to| want to| have|${A}ve)${ADVERBS} (?:issue|give|send|process|arrange|offer|provide|add|apply)(?: you)?(?: a| an| the| your)?(?: full| partial| \\d+ ?%)? (?:refund|credit|reimbursement)`,
        '(?:full|partial) refund',
        'refund you',
        '(?:wir|ich) (?:\\p{L}+ ){0,4}(?:erstatten|zurückerstatten|überweisen|schreiben (?:\\p{L}+ ){0,3}gut)',
        '(?:erstatten|überweisen) wir',
        'erstatten ihnen',
        'zurückerstatt\\p{L}*',
      ],
      [
        '为[您你]退款',
        '给[您你]退款',
        '退款给[您你]',
        '全额退款',
        '(?:我们|我)(?:会|将|可以)(?:为[您你]|给[您你])?(?:退款|退钱|返还)',
        '退还',
      ],
    ),
  },
  // Spanish and French.
  {
    code: 'defensive',
    pattern: words([
      'nunca (?:hemos|habíamos) (?:tenido|recibido) (?:una|ninguna) queja',
      'nuestro (?:personal|equipo) est[áa] (?:bien |perfectamente |debidamente )?(?:formado|capacitado)',
      'según (?:nuestra|la) (?:política|normativa)',
      'política de (?:la )?empresa',
      'como ya (?:le )?(?:dijimos|indicamos|explicamos|mencionamos)',
      'en realidad',
      'no (?:es|fue) (?:culpa nuestra|nuestra culpa)',
      'no somos responsables',
      'otros (?:clientes|huéspedes) (?:quedaron|están|estaban) (?:muy )?(?:satisfechos|contentos)',
      'sentimos que (?:usted )?(?:lo vea|se sienta) así',
      'jamais (?:eu|reçu) (?:de|aucune) plaintes?',
      'notre (?:personnel|équipe) est (?:bien |parfaitement )?formée?',
      'selon (?:notre|la) politique',
      'conformément à nos (?:conditions|cgv)',
      'politique de l[’\\u0027]entreprise',
      'comme (?:déjà |nous l[’\\u0027]avons (?:déjà )?)(?:indiqué|mentionné|expliqué)',
      'en réalité',
      'ce n[’\\u0027]est pas (?:de )?notre faute',
      'nous ne sommes pas responsables',
      'les autres (?:clients|voyageurs) (?:ont été|étaient) (?:très )?satisfaits',
      'désolée?s? que vous (?:le )?(?:ressentiez|voyiez) (?:ainsi|comme ça)',
    ]),
  },
  {
    code: 'blaming',
    pattern: words([
      'debería haber (?:leído|comprobado|reservado|llamado|llegado|avisado|preguntado)',
      'es (?:su|tu) culpa',
      '(?:su|tu) (?:propia )?culpa',
      'si (?:hubiera|hubiese) (?:leído|comprobado|llegado|reservado)',
      'usted no (?:leyó|comprobó|siguió)',
      'era (?:su|tu) responsabilidad',
      'vous auriez dû (?:lire|vérifier|réserver|appeler|arriver|prévenir|demander)',
      'c[’\\u0027]est (?:de )?votre faute',
      'votre (?:propre )?faute',
      'si vous aviez (?:lu|vérifié|réservé)',
      'vous n[’\\u0027]avez pas (?:lu|vérifié|suivi)',
      'il vous appartenait',
    ]),
  },
  {
    code: 'arguing',
    pattern: words([
      'eso no es (?:cierto|verdad)',
      'no es (?:cierto|verdad) que',
      'está (?:usted )?equivocad[oa]',
      'se equivoca',
      'ce n[’\\u0027]est pas vrai',
      'c[’\\u0027]est faux',
      'vous vous trompez',
    ]),
  },
  {
    code: 'public_compensation',
    pattern: words([
      'vales? (?:de descuento|regalo)',
      'cup[oó]n(?:es)?',
      'descuentos?',
      '\\d+ ?% de descuento',
      '(?:comida|cena|noche|bebida|postre|envío|estancia|habitación) gratuit[oa]s?',
      'cortesía de la casa',
      'invita la casa',
      'compensación',
      '(?:le )?(?:reembolsaremos|devolveremos el dinero)',
      'bons? d[’\\u0027]achat',
      'bons? de réduction',
      'réductions?',
      'remises? de \\d+',
      '(?:repas|nuit|boisson|dessert|livraison|séjour|chambre|surclassement) (?:gratuite?s?|offerte?s?)',
      'gratuitement',
      'offerte?s? par la maison',
      'geste commercial',
      'dédommagement',
      'nous (?:vous )?rembourserons',
      'nous allons vous rembourser',
      'remboursement (?:intégral|complet)',
    ]),
  },
  // Italian, Portuguese and Dutch.
  {
    code: 'defensive',
    pattern: words([
      'non abbiamo mai (?:avuto|ricevuto) (?:un|nessun) reclam[oi]',
      'secondo (?:la nostra|le nostre) (?:politica|politiche|regole|condizioni)',
      'in realtà',
      'non è (?:colpa nostra|nostra la colpa)',
      'non siamo responsabili',
      'nunca (?:tivemos|recebemos) (?:uma|nenhuma) reclamação',
      'segundo (?:a nossa|nossa) política',
      'na verdade',
      'não (?:é|foi) culpa nossa',
      'não somos responsáveis',
      'volgens (?:ons|het) beleid',
      'het is niet onze schuld',
      'wij zijn niet verantwoordelijk',
    ]),
  },
  {
    code: 'blaming',
    pattern: words([
      'avrebbe dovuto (?:leggere|controllare|prenotare|chiamare|arrivare)',
      'è colpa sua',
      'você deveria ter (?:lido|verificado|reservado|ligado|chegado)',
      'a culpa é (?:sua|do cliente)',
      'u had (?:\\p{L}+ ){0,3}moeten (?:lezen|controleren|boeken|bellen|opletten)',
      'het is uw eigen schuld',
    ]),
  },
  {
    code: 'arguing',
    pattern: words([
      'non è vero',
      'si sbaglia',
      'não é verdade',
      'você está enganad[oa]',
      'dat is niet waar',
      'u vergist zich',
    ]),
  },
  {
    code: 'public_compensation',
    pattern: words([
      'buon[oi] sconto',
      'sconto del \\d+',
      '\\d+ ?% di sconto',
      'in omaggio',
      'offert[oa] dalla casa',
      'rimborso (?:completo|totale|integrale)',
      'vi rimborseremo',
      'le rimborseremo',
      'cupom',
      'desconto',
      'vale-presente',
      'cortesia da casa',
      'reembolso integral',
      'vamos reembolsar',
      'tegoedbon',
      'cadeaubon',
      'korting',
      'we betalen (?:u|het bedrag) terug',
    ]),
  },
];

/** Boilerplate that, on its own, makes a reply a form letter. */
export const BOILERPLATE: RegExp = words(
  [
    'we value (?:your|all) feedback',
    'thank you for (?:your|the) feedback',
    'thanks for (?:your|the) feedback',
    'we appreciate (?:your|the) feedback',
    'we (?:always )?strive to',
    'sorry for (?:any|the) inconvenience(?: caused)?',
    'apologi[sz]e for (?:any|the) inconvenience(?: caused)?',
    'your satisfaction is our (?:top |highest )?priority',
    'we take (?:all |your )?feedback (?:very )?seriously',
    'we hope to see you again',
    'your feedback (?:is|has been) (?:noted|forwarded|passed on)',
    'your (?:feedback|comments?) (?:is|are) (?:very )?important to us',
    'we are constantly (?:working|improving)',
    'wir schätzen (?:ihr|ihre) (?:feedback|rückmeldung|meinung)',
    'vielen dank für (?:ihr|ihre) (?:feedback|rückmeldung|bewertung)',
    'unannehmlichkeiten',
    'ihre zufriedenheit (?:liegt uns am herzen|ist uns wichtig)',
    'wir arbeiten ständig',
    'valoramos (?:mucho )?(?:sus|tus) comentarios',
    'gracias por (?:sus|tus) comentarios',
    'disculpe las molestias',
    '(?:lamentamos|sentimos) las molestias(?: ocasionadas)?',
    'su satisfacción es nuestra prioridad',
    'trabajamos (?:constantemente|continuamente) para mejorar',
    'nous apprécions vos commentaires',
    'merci pour (?:vos|votre) (?:commentaires?|retour)',
    'désolée?s? pour (?:la gêne|le désagrément) occasionnée?',
    'nous nous excusons pour la gêne',
    'votre satisfaction est notre priorité',
    'nous travaillons constamment',
    'ci scusiamo per il disagio',
    'grazie per il (?:suo )?feedback',
    'pedimos desculpas pelo transtorno',
    'agradecemos (?:o seu|seu) feedback',
    'excuses voor het ongemak',
    'bedankt voor uw feedback',
  ],
  [
    '感谢您的反馈',
    '感谢您的宝贵意见',
    '带来(?:的)?不便',
    '我们会继续努力',
    '您的满意是我们',
    '我们非常重视您的意见',
  ],
);

/** Offers are fine in private; this names the private place in the message. */
export const TONE_MESSAGES: Record<ToneFlagCode, string> = {
  defensive:
    'Sounds defensive: do not justify the business, cite policy or correct the customer. Acknowledge what they experienced and apologize for it.',
  blaming:
    'Blames the customer: take ownership instead ("we should have made this clearer") and say what you will do next.',
  generic:
    'Reads like a form letter: name the specific thing the customer mentioned and what you will do about it, instead of boilerplate.',
  arguing:
    'Contradicts the customer in public: acknowledge their experience, and check the facts with them in a private channel.',
  public_compensation:
    'Offers compensation in a public reply, which invites copycat demands and keeps the story alive: apologize in public and make the offer in a private message.',
  too_long:
    'Too long for the platform: drop optional sentences (history, quotes, pleasantries) and keep the apology and the next step.',
};
