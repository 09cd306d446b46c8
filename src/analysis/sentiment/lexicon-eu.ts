/**
 * Small polarity lexicons written for Touchpoint in Spanish, French, Italian, Portuguese and Dutch:
 * the common polar words of customer feedback (service, food, travel, retail, delivery) on the AFINN
 * scale (−4 … 4), with each language's negators, degree adverbs and contrast words. Hand-written
 * general vocabulary, like the German one; nothing was mined from a data set. Adjectives are listed
 * in one form; the other forms of gender and number are added when the map is built.
 */

export interface LanguageLexicon {
  lexicon: ReadonlyMap<string, number>;
  negators: ReadonlySet<string>;
  intensifiers: ReadonlySet<string>;
  /** Words that start a contrasting clause ("pero", "mais"), as one regular-expression alternation. */
  contrast: string;
  /**
   * Phrases whose words are not what they seem, read as nothing: greetings ("buenos días"), names
   * ("Puerto Rico"), salutations ("cher client") and contrast phrases that start with a negator
   * ("sin embargo" must not negate what follows). Regular-expression sources.
   */
  ignore: readonly string[];
}

type Words = Record<number, string>;

/** Builds the map: every listed word, then `inflect(word)` forms not listed themselves. */
export function buildLexicon(
  words: Words,
  inflect: (word: string) => readonly string[],
): Map<string, number> {
  const lexicon = new Map<string, number>();
  for (const [weight, list] of Object.entries(words)) {
    for (const word of list.split(/\s+/)) if (word) lexicon.set(word, Number(weight));
  }
  for (const [word, weight] of [...lexicon]) {
    for (const form of inflect(word)) if (!lexicon.has(form)) lexicon.set(form, weight);
  }
  return lexicon;
}

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter(Boolean));

/** The four forms of an -o adjective (Spanish, Portuguese, Italian): -o, -a and their plurals. */
const forms = (stem: string, plurals: readonly [string, string]) => [
  `${stem}o`,
  `${stem}a`,
  `${stem}${plurals[0]}`,
  `${stem}${plurals[1]}`,
];

/** -o adjectives: -a, -os, -as (Spanish, Portuguese); others: plural in -s or -es. */
function iberian(word: string): string[] {
  if (word.endsWith('o')) return forms(word.slice(0, -1), ['os', 'as']);
  if (/[aeé]$/.test(word)) return [`${word}s`];
  if (/[lrnd]$/.test(word) && !/[áéíóú]/.test(word)) return [`${word}es`];
  return [];
}

/** Spanish adds the absolute superlative: limpio → limpísimo, rico → riquísimo, amable → amabilísimo. */
function spanish(word: string): string[] {
  const base = iberian(word);
  if (!/^[a-zñ]+[aeo]$/.test(word) || word.length < 4) return base;
  const stem = word.slice(0, -1).replace(/i$/, '').replace(/c$/, 'qu').replace(/g$/, 'gu');
  const superlative = word.endsWith('ble') ? `${word.slice(0, -3)}bil` : stem;
  return [...base, ...forms(`${superlative}ísim`, ['os', 'as'])];
}

const ES_WORDS: Words = {
  4: 'excelente excepcional espectacular perfecto maravilloso fantástico increíble magnífico estupendo extraordinario inmejorable impecable buenísimo riquísimo encantado encantada encantó encanta encantan',
  3: 'bueno buen genial delicioso rico sabroso amable simpático atento encantador agradable recomendable recomiendo recomendado recomendamos feliz contento satisfecho gracias fenomenal precioso bonito hermoso limpio cómodo acogedor eficiente profesional rápido puntual gustó gusta gustan amo volveremos volveré',
  2: 'bien correcto fresco tranquilo barato económico útil ayudaron resolvieron resuelto solucionado solucionaron educado amplio moderno generoso aconsejable ágil cordial servicial fácil',
  1: 'aceptable decente suficiente ok ',
  [-1]: 'caro ruidoso frío regular mejorable retraso retrasos demora esperar espera esperando problema problemas falta lamentablemente desgraciadamente raro confuso escaso',
  [-2]: 'malo mal lento sucio grosero maleducado antipático incompetente decepcionado decepcionante decepción desagradable roto defectuoso estropeado equivocado error errores queja quejas reclamación reclamar molesto enfadado enojado cabreado frustrado frustrante inaceptable ignorado perdido perdida olvidado olvidaron tardaron caótico insípido soso incómodo abusivo faltaba faltan triste peligroso mentira mintieron estafa',
  [-3]: 'horrible terrible pésimo pésima pesimo fatal asqueroso asco vergüenza vergonzoso lamentable desastre desastroso nefasto penoso deplorable repugnante estafadores timo odio odioso indignante indignado',
  [-4]: 'peor peores',
};

const FR_WORDS: Words = {
  4: 'excellent excellente exceptionnel parfait parfaite merveilleux merveilleuse fantastique extraordinaire magnifique sublime génial géniale incroyable impeccable formidable superbe adoré adore top',
  3: 'bon bonne délicieux délicieuse savoureux savoureuse aimable sympathique sympa accueillant accueillante chaleureux chaleureuse agréable recommande recommandé recommandons ravi ravie content contente satisfait heureux heureuse merci super joli jolie beau belle propre confortable efficace professionnel rapide ponctuel attentionné attentif serviable bravo aimé aime plaisir',
  2: 'bien correct calme tranquille abordable utile aidé résolu poli spacieux moderne généreux facile pratique soigné copieux',
  1: 'acceptable convenable ok raisonnable suffisant',
  [-1]: 'cher chère bruyant bruyante froid froide moyenne retard retards attente attendre problème problèmes dommage malheureusement bizarre confus',
  [-2]: 'mauvais mauvaise mal lent lente sale impoli impolie désagréable incompétent incompétente déçu déçue décevant décevante déception cassé cassée défectueux défectueuse erreur erreurs plainte réclamation énervé énervée fâché fâchée frustré frustrée frustrant inacceptable ignoré ignorée perdu perdue oublié oubliée chaotique fade inconfortable manque manquait triste dangereux dangereuse mensonge arnaque médiocre nul nulle',
  [-3]: 'horrible terrible affreux affreuse épouvantable catastrophique catastrophe lamentable honteux honteuse honte scandaleux scandaleuse scandale désastre dégoûtant dégoûtante immonde inadmissible déplorable insupportable infect infecte escroc escroquerie arnaqueurs déteste odieux',
  [-4]: 'pire nullissime minable',
};

/** French adjectives: feminine and plural (-e, -s, -es) unless listed. */
function french(word: string): string[] {
  if (word.endsWith('e')) return [`${word}s`];
  if (/[sx]$/.test(word)) return [];
  if (/[a-zéè]$/.test(word)) return [`${word}e`, `${word}s`, `${word}es`];
  return [];
}

const IT_WORDS: Words = {
  4: 'eccellente eccezionale perfetto meraviglioso fantastico stupendo straordinario magnifico splendido impeccabile ottimo ottima ottimi ottime incredibile favoloso superlativo',
  3: 'buono buona buoni buone bravo bravi delizioso gustoso squisito gentile simpatico cordiale accogliente disponibile consigliato consiglio consigliatissimo contento soddisfatto felice grazie piacevole bello bellissimo pulito pulitissimo comodo efficiente professionale veloce rapido puntuale attento premuroso adoro adorato piaciuto piace',
  2: 'bene corretto fresco tranquillo economico utile aiutato risolto educato spazioso moderno generoso facile abbondante',
  1: 'accettabile discreto decente sufficiente ok ',
  [-1]: 'rumoroso freddo ritardo ritardi attesa aspettare problema problemi peccato purtroppo strano confuso scarso',
  [-2]: 'cattivo male lento sporco scortese maleducato antipatico sgarbato incompetente deluso deludente delusione sgradevole rotto difettoso sbagliato errore errori reclamo lamentela arrabbiato frustrato frustrante inaccettabile ignorato perso dimenticato caotico insipido scomodo mancava mancano triste pericoloso bugia truffa mediocre',
  [-3]: 'orribile terribile pessimo pessima pessimi pessime schifo schifoso disgustoso vergogna vergognoso scandaloso scandalo disastro disastroso penoso pietoso indecente inammissibile vomitevole truffatori odio',
  [-4]: 'peggio peggiore peggiori',
};

/**
 * Italian adjectives: -o → -a, -i, -e; -e → -i; and the superlative -issimo (gentile →
 * gentilissimo, buono → buonissimo).
 */
function italian(word: string): string[] {
  const stem = word.slice(0, -1);
  const superlative = /^[a-z]{3,}[oe]$/.test(word)
    ? forms(`${stem.replace(/([cg])$/, '$1h')}issim`, ['i', 'e'])
    : [];
  // -co/-go plurals take an h in many adjectives (antipatico → antipatici, but sporco → sporchi).
  if (word.endsWith('o')) return [...forms(stem, ['i', 'e']), `${stem}hi`, `${stem}he`, ...superlative];
  if (word.endsWith('e')) return [`${stem}i`, ...superlative];
  return [];
}

const PT_WORDS: Words = {
  4: 'excelente excepcional perfeito maravilhoso fantástico incrível magnífico espetacular impecável sensacional ótimo ótima ótimos ótimas adorei amei',
  3: 'bom boa bons boas delicioso saboroso gostoso simpático atencioso gentil amável agradável recomendo recomendado contente satisfeito feliz obrigado obrigada bonito lindo limpo confortável aconchegante eficiente profissional rápido pontual educado prestativo gostei adoro',
  2: 'bem correto fresco tranquilo barato útil ajudou resolvido resolveram espaçoso moderno generoso fácil',
  1: 'aceitável razoável decente suficiente ok normal',
  [-1]: 'caro barulhento frio atraso atrasado atrasos demora demorou esperar espera problema problemas infelizmente estranho confuso',
  [-2]: 'mau má ruim lento sujo rude incompetente decepcionado decepcionante decepção desagradável quebrado defeituoso errado erro erros reclamação reclamar irritado chateado frustrado frustrante inaceitável ignorado perdido esquecido caótico insosso desconfortável faltou faltando triste perigoso mentira golpe medíocre',
  [-3]: 'horrível horríveis terrível terríveis péssimo péssima péssimos péssimas nojento vergonha vergonhoso lamentável desastre desastroso escândalo absurdo inadmissível deplorável odeio',
  [-4]: 'pior piores',
};

const NL_WORDS: Words = {
  4: 'uitstekend uitmuntend perfect fantastisch geweldig prachtig voortreffelijk fenomenaal subliem top toppie super heerlijk',
  3: 'lekker vriendelijk behulpzaam aardig gezellig aanrader aanbevolen aanbevelen tevreden blij dankjewel bedankt mooi schoon comfortabel efficiënt professioneel snel stipt attent prima fijn leuk',
  2: 'goed beter vers rustig goedkoop nuttig geholpen opgelost beleefd ruim modern gul eerlijk makkelijk gemakkelijk netjes',
  1: 'redelijk acceptabel voldoende ok oké degelijk',
  [-1]: 'duur lawaaierig koud vertraging vertraagd wachten wachttijd probleem problemen jammer helaas vreemd onduidelijk',
  [-2]: 'slecht langzaam traag vies smerig onvriendelijk onbeleefd brutaal incompetent teleurgesteld teleurstellend teleurstelling onaangenaam kapot defect fout fouten klacht klachten boos geïrriteerd gefrustreerd frustrerend onacceptabel genegeerd kwijt vergeten chaotisch smakeloos ongemakkelijk ontbrak ontbreekt verdrietig gevaarlijk leugen oplichting matig',
  [-3]: 'verschrikkelijk vreselijk afschuwelijk waardeloos belabberd schandalig schande walgelijk ramp rampzalig bedroevend onbeschoft oplichters haat',
  [-4]: 'slechtste ergste',
};

/** Dutch adjectives: attributive -e (goed → goede, slecht → slechte). */
function dutch(word: string): string[] {
  if (word.endsWith('e')) return [];
  return [`${word}e`];
}

export const EU_LEXICONS: Readonly<Record<'es' | 'fr' | 'it' | 'pt' | 'nl', LanguageLexicon>> = {
  es: {
    lexicon: buildLexicon(ES_WORDS, spanish),
    negators: set('no nunca jamás jamas ni sin tampoco nada ningún ninguno ninguna nadie'),
    intensifiers: set(
      'muy muchísimo super súper realmente totalmente extremadamente bastante demasiado tan increíblemente sumamente especialmente absolutamente',
    ),
    contrast: 'pero|sin embargo|no obstante',
    ignore: ['sin embargo', 'no obstante', 'buen[oa]s (?:días|tardes|noches)', 'puerto rico', 'costa rica'],
  },
  fr: {
    lexicon: buildLexicon(FR_WORDS, french),
    negators: set('pas jamais rien aucun aucune sans ni guère'),
    intensifiers: set(
      'très vraiment trop super extrêmement tellement totalement absolument hyper particulièrement vachement franchement',
    ),
    contrast: 'mais|cependant|pourtant|toutefois|néanmoins',
    ignore: [
      'ch[eè]re?s? (?:client|cliente|clients|clientes|madame|monsieur|ami|amie|amis|amies)',
      'bon appétit',
    ],
  },
  it: {
    lexicon: buildLexicon(IT_WORDS, italian),
    negators: set('non mai nessun nessuno nessuna senza né niente nulla'),
    intensifiers: set(
      'molto davvero veramente troppo super estremamente proprio tanto così assolutamente totalmente decisamente particolarmente',
    ),
    contrast: 'ma|però|tuttavia|eppure|invece',
    ignore: ['car[oa] (?:cliente|signore|signora|amico|amica)', 'buon(?:a)? (?:giorno|sera|pomeriggio)'],
  },
  pt: {
    lexicon: buildLexicon(PT_WORDS, iberian),
    negators: set('não nao nunca jamais nem sem nenhum nenhuma nada ninguém'),
    intensifiers: set(
      'muito muita muitos muitas super realmente extremamente totalmente bastante tão demais absolutamente especialmente',
    ),
    contrast: 'mas|porém|contudo|todavia|entretanto',
    ignore: ['bom dia', 'boa (?:tarde|noite)', 'pequeno[- ]almoço', 'porto rico', 'costa rica'],
  },
  nl: {
    lexicon: buildLexicon(NL_WORDS, dutch),
    negators: set('niet geen nooit zonder niets noch'),
    intensifiers: set(
      'heel erg zeer echt super ontzettend enorm hartstikke bijzonder uiterst behoorlijk zo best',
    ),
    contrast: 'maar|echter',
    ignore: ['goede(?:morgen|middag|avond)', 'goed(?:e)? (?:morgen|middag|avond)'],
  },
};
