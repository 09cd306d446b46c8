import type { Intent } from '../types.js';

/** One group of phrases that signal an intent with the given confidence. */
export interface IntentRule {
  intent: Intent;
  confidence: number;
  /**
   * Case-insensitive. Latin phrases must also start a word, which the caller checks (see
   * `startsWord`): a leading look-behind made these patterns ~1.5× slower on tweets.
   */
  pattern: RegExp;
  /** Latin matches count only at the start of a sentence. */
  sentenceStart?: boolean;
  /** Languages whose texts the rule is not run on. */
  notFor?: ReadonlySet<string>;
}

const AFTER = '(?![\\p{L}\\p{N}])';

/** Latin-script phrases (regular-expression sources), matched as whole words. */
function words(phrases: readonly string[]): string {
  return `(?:${phrases.join('|')})${AFTER}`;
}

function rule(intent: Intent, confidence: number, ...sources: string[]): IntentRule {
  return { intent, confidence, pattern: new RegExp(sources.filter(Boolean).join('|'), 'giu') };
}

/** CJK phrases: substrings, since words are not separated by spaces. */
function cjk(phrases: readonly string[]): string {
  return phrases.join('|');
}

/**
 * Explicit phrase rules in English, German and Chinese. They run on every text, whatever its
 * detected language, so that a short or mixed text still gets its threats flagged.
 */
export const INTENT_RULES: readonly IntentRule[] = [
  rule(
    'complaint',
    0.8,
    words([
      'complain(?:t|ts|ing|ed)?',
      'unacceptable',
      'beschwerde',
      'beschweren',
      'reklamation',
      'reklamieren',
    ]),
    cjk(['投诉', '差评']),
  ),
  rule(
    'praise',
    0.8,
    words([
      'kudos',
      'well done',
      'great job',
      'shout\\s*out',
      'props to',
      'hats off',
      'großes lob',
      'ein lob',
      'weiter so',
    ]),
    cjk(['表扬', '点赞', '好评']),
  ),
  rule('question', 0.9, '[?？]'),
  rule(
    'question',
    0.7,
    words([
      'how (?:do|can|should|would) (?:i|we|you)',
      'how to',
      'can you',
      'could you',
      'is there',
      'are there',
      'is it possible',
      'when will',
      'where (?:is|are|can)',
      'does anyone know',
      'any (?:idea|update)s?',
      'kann ich',
      'können sie',
      'könnt ihr',
      'gibt es',
    ]),
    cjk(['吗', '怎么', '如何', '为什么', '哪里', '什么时候', '能不能', '可不可以', '是否', '请问']),
  ),
  // German question words count at the start of a sentence only: "so gut wie" is no question.
  {
    ...rule(
      'question',
      0.7,
      words(['wie', 'was', 'wann', 'warum', 'wieso', 'weshalb', 'wo', 'wer', 'welche[rsnm]?']),
    ),
    sentenceStart: true,
  },
  rule(
    'refund_request',
    0.85,
    words([
      'refund(?:s|ed)?',
      'reimburse(?:d|ment)?',
      'money back',
      'charge\\s*back',
      'want my money',
      'compensat(?:e|ion)',
      '(?:rück)?erstattung',
      '(?:zurück)?erstatten',
      'geld zurück',
      'entschädigung',
    ]),
    cjk(['退款', '退钱', '赔偿', '退货']),
  ),
  rule(
    'churn_threat',
    0.8,
    words([
      'never again',
      'never (?:\\p{L}+ ){0,3}again',
      'switch(?:ing)? to',
      'cancel(?:l?ing)? my (?:account|subscription|membership|contract|card)',
      'close my account',
      '(?:taking|take) my business elsewhere',
      'lost a (?:loyal )?customer',
      "won'?t be (?:back|returning)",
      'will not be (?:back|returning)',
      'done with you',
      'last time i',
      'nie wieder',
      'nie mehr',
      'kündig(?:e|en|ung)',
      'wechsle zu',
      'wechseln zu',
      'zum letzten mal',
    ]),
    cjk(['再也不', '不会再来', '不会再买', '取消账户', '注销账户', '换一家', '最后一次']),
  ),
  rule(
    'legal_threat',
    0.85,
    words([
      'lawyers?',
      'attorneys?',
      'sue',
      'suing',
      'lawsuit',
      'legal action',
      'court',
      'small claims',
      '(?:rechts)?anwalt',
      'anwältin',
      'verklagen',
      'gericht',
      'rechtliche schritte',
    ]),
    cjk(['律师', '起诉', '法院', '告你们', '打官司']),
  ),
  rule(
    'safety_issue',
    0.85,
    words([
      'food poisoning',
      'injured',
      'injury',
      'injuries',
      'unsafe',
      'dangerous',
      'hazard(?:ous)?',
      'allergic reaction',
      'burn(?:ed|t)',
      'caught fire',
      'fire alarm',
      'lebensmittelvergiftung',
      'verletzt',
      'verletzung',
      'gefährlich',
      'unsicher',
      'brand',
      'feuer',
    ]),
    cjk(['食物中毒', '受伤', '不安全', '着火', '火灾', '危险', '过敏']),
  ),
  // "fire" alone is often about staff ("fire whoever did this"): a weaker signal.
  rule('safety_issue', 0.6, words(['fire(?! (?:him|her|them|your|the|whoever|that|this|someone)\\b)'])),
  rule(
    'public_threat',
    0.8,
    words([
      'tell(?:ing)? everyone',
      'tell all my friends',
      '(?:go(?:ing)?|went) to the (?:press|media|news)',
      'post(?:ing)? (?:this|it) everywhere',
      'go(?:ing)? viral',
      'all over social media',
      'allen erzählen',
      'an die (?:presse|medien)',
      'öffentlich machen',
    ]),
    cjk(['曝光', '发到网上', '媒体', '微博上']),
  ),
  rule(
    'suggestion',
    0.75,
    words([
      'should add',
      'would be (?:nice|great|good|helpful)',
      'it would help',
      'please add',
      'i suggest',
      'suggestion',
      'wish you (?:had|would|could)',
      'you should (?:add|offer|make|have|consider|provide|let|allow|bring|get|try)',
      'why not',
      'wäre (?:schön|toll|gut|super|hilfreich)',
      'vorschlag',
      'schlage vor',
      'sollten (?:sie|ihr) (?:mal|lieber)?',
    ]),
    cjk(['建议', '希望能', '如果能', '最好能']),
  ),
];

/**
 * Spanish, French, Italian, Portuguese and Dutch phrases. They run on texts of any language but
 * English, German, Chinese, Japanese and Korean (a short Spanish text is easily taken for Italian),
 * so that the rules every English tweet goes through stay as few as they were.
 */
const NOT_FOR: ReadonlySet<string> = new Set(['en', 'de', 'zh', 'ja', 'ko']);

export const EUROPEAN_INTENT_RULES: readonly IntentRule[] = (
  [
    rule(
      'complaint',
      0.8,
      words([
        'queja',
        'quejas',
        'hoja de reclamaciones',
        'inaceptable',
        'plainte',
        'réclamation',
        'inacceptable',
        'lamentela',
        'reclamo',
        'inaccettabile',
        'reclamação',
        'inaceitável',
        'klacht(?:en)?',
        'onacceptabel',
        'no (?:funciona|sirve|contestan|responden|contesta|responde)',
        'nunca (?:llegó|llegaron|contestan|responden)',
        'nunca (?:chegou|chegaram)',
        'non (?:è|sono) mai arrivat[oaie]',
        '(?:nooit|niet) (?:aangekomen|geleverd)',
        'ne (?:fonctionne|marche|répond|répondent) (?:pas|jamais|plus)',
        'jamais reçue?s?',
        'non (?:funziona|risponde|rispondono)',
        'não (?:funciona|responde|respondem)',
        'werkt niet',
        'niet ontvangen',
      ]),
    ),
    rule(
      'praise',
      0.8,
      words([
        'felicidades',
        'felicitaciones',
        'enhorabuena',
        'félicitations',
        'chapeau bas',
        'complimenti',
        'parabéns',
        'complimenten',
        'petje af',
      ]),
    ),
    rule(
      'refund_request',
      0.85,
      words([
        'reembols(?:o|ar|en|ado|ada)',
        'devolución del dinero',
        'devolver(?:me)? el dinero',
        'devuelvan (?:el|mi) dinero',
        'quiero (?:mi|el) dinero',
        'compensación',
        'rembours(?:e|ée?s?|ement|er|ez)',
        'indemnisation',
        'dédommagement',
        'rimbors(?:o|are|ate)',
        'risarcimento',
        'devolução do dinheiro',
        'dinheiro de volta',
        'indenização',
        'terugbetaling',
        'geld terug',
        'schadevergoeding',
      ]),
    ),
    rule(
      'churn_threat',
      0.8,
      words([
        'nunca más',
        'no (?:vuelvo|volveré|volveremos|volvemos)',
        'me cambio a',
        'dar(?:me)? de baja',
        'cancelar mi (?:cuenta|suscripción|contrato)',
        'plus jamais',
        'je ne reviendrai (?:pas|plus|jamais)',
        'nous ne reviendrons (?:pas|plus|jamais)',
        'résilier',
        'résiliation',
        'je passe (?:chez|à) la concurrence',
        'mai più',
        'non (?:tornerò|torneremo|ci torno|ci torneremo)',
        'disdire',
        'disdetta',
        'nunca mais',
        'não (?:volto|voltarei|voltaremos|volto mais)',
        'cancelar (?:minha|meu) (?:conta|assinatura|contrato|plano)',
        'nooit (?:meer|weer)',
        'opzeggen',
        'stap over naar',
      ]),
    ),
    rule(
      'legal_threat',
      0.85,
      words([
        'abogad[oa]s?',
        'denuncia(?:r|ré)?',
        'tribunal(?:es)?',
        'acciones legales',
        '(?:mon|notre|nos|mes) avocats?',
        'porter plainte',
        'poursuites',
        'dgccrf',
        'avvocat[oi]',
        'denunciare',
        'tribunale',
        'vie legali',
        'advogad[oa]s?',
        'processar (?:a empresa|vocês|voces|a loja)',
        'procon',
        'advocaat',
        'naar de rechter',
        'rechtszaak',
        'aangifte (?:doen|gedaan|gaan doen)',
        'juridische stappen',
        'consumentenbond',
      ]),
    ),
    rule(
      'safety_issue',
      0.85,
      words([
        'intoxicaci[oó]n(?: alimentaria)?',
        'reacción alérgica',
        'peligros[oa]',
        'herid[oa]s?',
        'intoxication(?: alimentaire)?',
        'réaction allergique',
        'dangereu(?:x|se)',
        'blessée?s?',
        'intossicazione(?: alimentare)?',
        'reazione allergica',
        'pericolos[oa]',
        'ferit[oa]',
        'intoxicação(?: alimentar)?',
        'reação alérgica',
        'perigos[oa]',
        'ferid[oa]s?',
        'voedselvergiftiging',
        'allergische reactie',
        'gevaarlijk',
        'gewond',
      ]),
    ),
    rule(
      'public_threat',
      0.8,
      words([
        'a la prensa',
        '(?:lo )?(?:voy|vamos) a (?:publicar|contar|difundir)(?: en (?:las )?redes(?: sociales)?)?',
        'publicarlo en (?:las )?redes',
        'à la presse',
        'aux médias',
        '(?:je vais|nous allons) (?:le )?(?:publier|partager|dénoncer) (?:sur les réseaux|partout)',
        'alla stampa',
        '(?:lo )?(?:scriverò|pubblicherò|racconterò) (?:sui social|a tutti)',
        'à imprensa',
        'vou (?:postar|publicar|expor)(?: isso)?(?: nas redes sociais)?',
        'naar de pers',
        'ik ga (?:dit|het) op (?:sociale media|facebook|twitter) zetten',
      ]),
    ),
    rule(
      'suggestion',
      0.75,
      words([
        'sugerencia',
        'sugiero',
        'estaría bien',
        'sería (?:bueno|genial|mejor)',
        'deberían (?:añadir|tener|poner|ofrecer)',
        'je suggère',
        'ce serait (?:bien|mieux|super)',
        'il faudrait',
        'vous devriez',
        'suggerimento',
        'suggerisco',
        'sarebbe (?:bello|utile|meglio)',
        'dovreste',
        'sugestão',
        'sugiro',
        'seria (?:bom|ótimo|legal|melhor)',
        'deveriam',
        'suggestie',
        'ik stel voor',
        'het zou (?:fijn|leuk|handig|beter) zijn',
      ]),
    ),
  ] satisfies IntentRule[]
).map((r) => ({ ...r, notFor: NOT_FOR }));
