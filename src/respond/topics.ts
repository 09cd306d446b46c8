/**
 * What a complaint or a praise is about, in words a reply can use: the analysis gives touchpoints
 * (`delivery`, `staff`) and intents; the customer's own words narrow them down to a matter ("the
 * delay", "your luggage"), and each matter has one next step that fits it.
 *
 * Every phrase here is safe in a public reply: no refund, voucher or credit is ever offered (the
 * tone check would flag it), only looked into.
 */
import type { AnalysisResult, Intent } from '../analysis/types.js';

export const DRAFT_LANGUAGES = ['en', 'de', 'zh', 'es', 'fr', 'it', 'pt', 'nl'] as const;
export type DraftLanguage = (typeof DRAFT_LANGUAGES)[number];

type Phrases = Record<DraftLanguage, string>;

/** A matter of a complaint, and what we do about it. */
export interface Matter {
  key: string;
  /** Matched against the customer's text (title and body). */
  pattern?: RegExp;
  /** Any of these intents also means this matter. */
  intents?: readonly Intent[];
  /** The pattern counts only when this also matches ("cold" is about food only near a dish). */
  requires?: RegExp;
  /** A noun phrase for "sorry about …"; German in the accusative ("für …", "entschuldigen Sie …"). */
  name: Phrases;
  /** The one concrete next step, in the first person plural or singular. */
  step: Phrases;
  /** Whether we need details from the customer (booking number, device) to act. */
  needsDetails: boolean;
}

const B = '(?<![\\p{L}\\p{N}])';
const E = '(?![\\p{L}\\p{N}])';
/** Latin phrases as whole words (prefixes allowed with a trailing `\\p{L}*`), CJK as substrings. */
function re(latin: readonly string[], cjk: readonly string[] = []): RegExp {
  const parts = [`${B}(?:${latin.join('|')})${E}`];
  if (cjk.length) parts.push(cjk.join('|'));
  return new RegExp(parts.join('|'), 'iu');
}

/** Words for food and meals (en, de, zh, es, fr, it, pt, nl): what a cold or badly cooked complaint must be about. */
const FOOD = re(
  [
    'food',
    'dish\\p{L}*',
    'meals?',
    'pizza',
    'burger',
    'soup',
    'steak',
    'fries',
    'coffee',
    'breakfast',
    'dinner',
    'lunch',
    'essen',
    'gericht\\p{L}*',
    'suppe',
    'frühstück',
    'kaffee',
    'schnitzel',
    'comida',
    'nourriture',
    'cibo',
    'piatt[oi]',
    'cena',
    'pranzo',
    'colazione',
    'prato',
    'jantar',
    'almoço',
    'eten',
    'gerecht\\p{L}*',
    'ontbijt',
    'plat(?:o|os|s)?',
    'cena',
    'desayuno',
    'almuerzo',
    'repas',
    'dîner',
    'déjeuner',
  ],
  ['菜', '饭', '汤', '外卖', '餐', '咖啡', '面'],
);

/** In the order the next step is chosen: the most serious matter decides. */
export const MATTERS: readonly Matter[] = [
  {
    key: 'safety',
    intents: ['safety_issue'],
    pattern: re(
      [
        'intoxicaci[oó]n\\p{L}*',
        'peligros[oa]s?',
        'alérgic[oa]',
        'intoxication',
        'dangereu(?:x|se)',
        'allergique',
        'food poisoning',
        'injur\\p{L}*',
        'unsafe',
        'dangerous',
        'allergic',
        'hazard\\p{L}*',
        'lebensmittelvergiftung',
        'verletz\\p{L}*',
        'gefährlich',
        'allergisch\\p{L}*',
      ],
      ['食物中毒', '受伤', '不安全', '危险', '过敏'],
    ),
    name: {
      en: 'this safety issue',
      de: 'diesen Sicherheitsvorfall',
      zh: '这次安全问题',
      es: 'este problema de seguridad',
      fr: 'ce problème de sécurité',
      it: 'questo problema di sicurezza',
      pt: 'este problema de segurança',
      nl: 'dit veiligheidsprobleem',
    },
    step: {
      en: 'I have escalated this to our safety lead as urgent, and we are investigating what happened today.',
      de: 'Ich habe das als dringend an unsere Sicherheitsverantwortlichen gegeben; wir klären noch heute, was passiert ist.',
      zh: '我已将此事作为紧急事项上报安全负责人，我们今天就会调查清楚。',
      es: 'He trasladado este caso con carácter urgente a nuestro responsable de seguridad, y hoy mismo estamos investigando lo ocurrido.',
      fr: 'J’ai transmis ce problème en urgence à notre responsable de la sécurité, et nous enquêtons dès aujourd’hui sur ce qui s’est passé.',
      it: 'Ho segnalato la questione con urgenza al nostro responsabile della sicurezza, e stiamo verificando oggi stesso l’accaduto.',
      pt: 'Encaminhei o caso com urgência ao nosso responsável pela segurança, e estamos apurando hoje mesmo o que aconteceu.',
      nl: 'Ik heb dit met spoed doorgegeven aan onze veiligheidsverantwoordelijke, en we zoeken vandaag nog uit wat er is gebeurd.',
    },
    needsDetails: true,
  },
  {
    key: 'billing',
    pattern: re(
      [
        'cobr\\p{L}* dos veces',
        'cobr\\p{L}* de más',
        'doble cobro',
        'cobro indebido',
        'factura incorrecta',
        'prélevée? deux fois',
        'double prélèvement',
        'facture erronée',
        'surfacturation',
        'charged (?:me )?(?:twice|double|two times)',
        'double[- ]charged',
        'overcharg\\p{L}*',
        'wrong (?:amount|bill|invoice)',
        'extra charges?',
        'hidden fees?',
        'billing',
        'zweimal abgebucht',
        'doppelt (?:abgebucht|berechnet)',
        'falsche rechnung',
        'zu viel berechnet',
        'abbuchung\\p{L}*',
      ],
      ['重复扣', '多扣', '扣了两次', '乱收费', '账单', '扣费', '扣款'],
    ),
    name: {
      en: 'the problem with your bill',
      de: 'die fehlerhafte Abrechnung',
      zh: '扣费的问题',
      es: 'el problema con su factura',
      fr: 'le problème de facturation',
      it: 'il problema con la sua fattura',
      pt: 'o problema com a sua cobrança',
      nl: 'het probleem met uw rekening',
    },
    step: {
      en: 'We will check the charges on your account personally and correct any error.',
      de: 'Wir prüfen die Buchungen auf Ihrem Konto persönlich und korrigieren jeden Fehler.',
      zh: '我们会亲自核查您账户上的扣费，发现错误立即更正。',
      es: 'Revisaremos personalmente los cargos de su cuenta y corregiremos cualquier error.',
      fr: 'Nous vérifierons personnellement les prélèvements sur votre compte et corrigerons toute erreur.',
      it: 'Verificheremo personalmente gli addebiti sul suo conto e correggeremo ogni errore.',
      pt: 'Vamos verificar pessoalmente as cobranças na sua conta e corrigir qualquer erro.',
      nl: 'We controleren persoonlijk de bedragen die we u in rekening hebben gebracht en corrigeren elke fout.',
    },
    needsDetails: true,
  },
  {
    key: 'refund',
    intents: ['refund_request'],
    pattern: re(
      [
        'reembolso\\p{L}*',
        'rembourse\\p{L}*',
        'refund\\p{L}*',
        'money back',
        'reimburs\\p{L}*',
        '(?:rück)?erstattung',
        'geld zurück',
      ],
      ['退款', '退钱'],
    ),
    name: {
      en: 'the wait for your refund',
      de: 'das Warten auf Ihre Erstattung',
      zh: '退款的问题',
      es: 'la espera de su reembolso',
      fr: 'l’attente de votre remboursement',
      it: 'l’attesa del suo rimborso',
      pt: 'a espera pelo seu reembolso',
      nl: 'het wachten op uw terugbetaling',
    },
    step: {
      en: 'We will look into your refund request today and make sure you get a clear answer.',
      de: 'Wir prüfen Ihr Anliegen noch heute und sorgen dafür, dass Sie eine klare Antwort bekommen.',
      zh: '我们今天就会核查您的申请，并给您一个明确的答复。',
      es: 'Revisaremos hoy mismo su solicitud y nos aseguraremos de que reciba una respuesta clara.',
      fr: 'Nous examinerons votre demande dès aujourd’hui et veillerons à ce que vous obteniez une réponse claire.',
      it: 'Esamineremo oggi stesso la sua richiesta e ci assicureremo che riceva una risposta chiara.',
      pt: 'Vamos analisar sua solicitação hoje mesmo e garantir que você receba uma resposta clara.',
      nl: 'We bekijken uw verzoek vandaag nog en zorgen dat u een duidelijk antwoord krijgt.',
    },
    needsDetails: true,
  },
  {
    key: 'luggage',
    pattern: re(
      [
        'bagagli[oa]?',
        'valigi[ae]',
        'bagagem',
        'bagageiros?',
        'equipaje',
        'maletas?',
        'bagages?',
        'valises?',
        'luggage',
        'baggage',
        'suitcases?',
        'bags?',
        'gepäck\\p{L}*',
        'koffer\\p{L}*',
      ],
      ['行李', '箱子'],
    ),
    name: {
      en: 'what happened to your luggage',
      de: 'den Ärger mit Ihrem Gepäck',
      zh: '行李的问题',
      es: 'lo ocurrido con su equipaje',
      fr: 'le problème avec vos bagages',
      it: 'quanto è successo al suo bagaglio',
      pt: 'o que aconteceu com a sua bagagem',
      nl: 'wat er met uw bagage is gebeurd',
    },
    step: {
      en: 'Our baggage team is tracing your bag, and we will keep you updated until it is back with you.',
      de: 'Unser Gepäckteam verfolgt Ihren Koffer, und wir halten Sie auf dem Laufenden, bis er wieder bei Ihnen ist.',
      zh: '我们的行李团队正在追踪您的行李，找到之前会一直向您通报进展。',
      es: 'Nuestro servicio de equipajes está localizando su maleta, y le mantendremos al tanto hasta que la recupere.',
      fr: 'Notre service bagages recherche votre valise, et nous vous tiendrons au courant jusqu’à ce que vous la récupériez.',
      it: 'Il nostro servizio bagagli sta rintracciando la sua valigia, e la terremo aggiornata finché non le sarà restituita.',
      pt: 'Nossa equipe de bagagens está localizando sua mala, e manteremos você informado até que ela volte para você.',
      nl: 'Ons bagageteam spoort uw koffer op, en we houden u op de hoogte tot u hem terug hebt.',
    },
    needsDetails: true,
  },
  {
    key: 'app',
    pattern: re(
      [
        'l[’\u0027]app non funziona',
        'o aplicativo (?:não funciona|trava)',
        'de app (?:werkt niet|crasht|loopt vast)',
        'la (?:app|aplicación) no funciona',
        'la (?:app|aplicación) se cierra',
        'l[’\u0027](?:app|application) (?:plante|ne marche pas|ne fonctionne pas)',
        'crash\\p{L}*',
        'freez\\p{L}*',
        'froze',
        'keeps closing',
        "won'?t (?:open|load|start)",
        'bugs?',
        'buggy',
        'stürzt',
        'absturz',
        'abstürze',
        'abgestürzt',
        'hängt sich auf',
      ],
      ['闪退', '崩溃', '卡死', '打不开'],
    ),
    name: {
      en: 'the app crashing',
      de: 'die Abstürze der App',
      zh: '应用闪退的问题',
      es: 'los cierres inesperados de la aplicación',
      fr: 'les plantages de l’application',
      it: 'i blocchi dell’app',
      pt: 'as falhas do aplicativo',
      nl: 'het vastlopen van de app',
    },
    step: {
      en: 'Our developers are looking into the crash, and we will let you know as soon as a fix is out.',
      de: 'Unsere Entwickler untersuchen den Absturz, und wir sagen Ihnen Bescheid, sobald ein Update bereitsteht.',
      zh: '我们的开发团队正在排查闪退问题，修复版本发布后会第一时间通知您。',
      es: 'Nuestros desarrolladores están investigando el fallo, y le avisaremos en cuanto haya una solución.',
      fr: 'Nos développeurs examinent le problème, et nous vous préviendrons dès qu’un correctif sera disponible.',
      it: 'I nostri sviluppatori stanno analizzando il problema, e la avviseremo appena sarà disponibile una correzione.',
      pt: 'Nossos desenvolvedores estão investigando o problema, e avisaremos você assim que houver uma correção.',
      nl: 'Onze ontwikkelaars onderzoeken het probleem, en we laten het u weten zodra er een oplossing is.',
    },
    needsDetails: true,
  },
  {
    key: 'support',
    pattern: re(
      [
        'nessuno risponde',
        'ninguém (?:atende|responde)',
        'niemand neemt op',
        'geen reactie',
        'nadie (?:contesta|responde)',
        'no (?:contestan|responden)',
        'personne ne répond',
        'ne répond (?:pas|jamais|plus)',
        'ne répondent (?:pas|jamais|plus)',
        'injoignables?',
        'on hold',
        'no answer',
        'no (?:reply|response)',
        'nobody (?:answers|answered|called|replied|got back|picks up)',
        'no one (?:answers|answered|called|replied|got back|picks up)',
        'never (?:called|got back|replied|answered)',
        'hotline',
        'warteschleife',
        'niemand (?:ruft|antwortet|meldet)',
        'keine antwort',
        'nicht erreichbar',
      ],
      ['客服', '没人接', '没人理', '没有回复', '不回复', '没人回'],
    ),
    name: {
      en: 'how hard it was to reach our support',
      de: 'die schlechte Erreichbarkeit unseres Kundenservice',
      zh: '客服迟迟没有回应',
      es: 'lo difícil que le resultó contactar con nuestro servicio de atención al cliente',
      fr: 'la difficulté à joindre notre service client',
      it: 'la difficoltà a contattare il nostro servizio clienti',
      pt: 'a dificuldade de falar com o nosso atendimento',
      nl: 'de slechte bereikbaarheid van onze klantenservice',
    },
    step: {
      en: 'I will make sure a member of our support team contacts you directly.',
      de: 'Ich sorge dafür, dass sich jemand aus unserem Kundenservice direkt bei Ihnen meldet.',
      zh: '我会安排客服专员直接联系您。',
      es: 'Me aseguraré de que alguien de nuestro equipo de atención al cliente se ponga en contacto con usted directamente.',
      fr: 'Je veillerai à ce qu’un membre de notre service client vous contacte directement.',
      it: 'Mi assicurerò che un collega del servizio clienti la contatti direttamente.',
      pt: 'Vou garantir que alguém do nosso atendimento entre em contato diretamente com você.',
      nl: 'Ik zorg ervoor dat iemand van onze klantenservice rechtstreeks contact met u opneemt.',
    },
    needsDetails: true,
  },
  {
    key: 'cancellation',
    pattern: re(
      [
        'cancellat[oaie]',
        'geannuleerd',
        'cancelad[oa]s?',
        'cancelación',
        'annulée?s?',
        'annulation',
        'cancel\\p{L}*',
        'storniert',
        'stornierung',
        'gestrichen',
        'ausgefallen',
        'fiel aus',
      ],
      ['取消'],
    ),
    name: {
      en: 'the cancellation',
      de: 'den Ausfall',
      zh: '取消的问题',
      es: 'la cancelación',
      fr: 'l’annulation',
      it: 'la cancellazione',
      pt: 'o cancelamento',
      nl: 'de annulering',
    },
    step: {
      en: 'We are checking why it was cancelled, and we will help you with the next steps.',
      de: 'Wir prüfen, wie es zu dem Ausfall kam, und helfen Ihnen bei den nächsten Schritten.',
      zh: '我们正在核实取消的原因，并会协助您处理后续事宜。',
      es: 'Estamos comprobando por qué se canceló y le ayudaremos con los siguientes pasos.',
      fr: 'Nous vérifions les raisons de cette annulation, et nous vous aiderons pour la suite.',
      it: 'Stiamo verificando i motivi della cancellazione e la aiuteremo con i prossimi passi.',
      pt: 'Estamos verificando o motivo do cancelamento e vamos ajudar você com os próximos passos.',
      nl: 'We zoeken uit waarom dit geannuleerd is, en we helpen u met de volgende stappen.',
    },
    needsDetails: true,
  },
  {
    key: 'delay',
    pattern: re(
      [
        'te laat',
        '(?:in )?ritardo',
        'atras(?:o|ad[oa]s?)',
        'vertraging',
        'vertraagd',
        'retrasos?',
        'con retraso',
        'tardó',
        'tardaron',
        '(?:de|en|du) retard',
        'retardée?s?',
        'delay\\p{L}*',
        'late',
        'held up',
        'stuck',
        'hours? late',
        'still waiting',
        'waited',
        'waiting',
        'verspät\\p{L}*',
        'gewartet',
        'wartezeit',
        'unpünktlich',
      ],
      ['延误', '晚点', '迟到', '等了', '延迟', '太慢', '还没到', '迟迟'],
    ),
    name: {
      en: 'the delay',
      de: 'die Verspätung',
      zh: '延误',
      es: 'el retraso',
      fr: 'le retard',
      it: 'il ritardo',
      pt: 'o atraso',
      nl: 'de vertraging',
    },
    step: {
      en: 'I have asked our operations team to find out what caused the delay, and we will share what we find.',
      de: 'Ich habe unser Betriebsteam gebeten, die Ursache der Verspätung zu klären, und wir melden uns mit dem Ergebnis.',
      zh: '我已请运营团队查明延误原因，并会把结果告诉您。',
      es: 'He pedido a nuestro equipo de operaciones que averigüe la causa del retraso, y le contaremos lo que encontremos.',
      fr: 'J’ai demandé à notre équipe des opérations de trouver la cause du retard, et nous vous ferons part de ce que nous apprendrons.',
      it: 'Ho chiesto al nostro team operativo di individuare la causa del ritardo, e le faremo sapere cosa emerge.',
      pt: 'Pedi à nossa equipe de operações que descubra a causa do atraso, e compartilharemos o que encontrarmos.',
      nl: 'Ik heb ons operationele team gevraagd de oorzaak van de vertraging uit te zoeken, en we laten u weten wat we vinden.',
    },
    needsDetails: false,
  },
  {
    key: 'staff',
    pattern: re(
      [
        'scortes[ei]',
        'maleducat[oaie]',
        'grosseir[oa]s?',
        'mal[- ]educad[oa]s?',
        'onbeleefd\\p{L}*',
        'onvriendelijk\\p{L}*',
        'groser[oa]s?',
        'maleducad[oa]s?',
        'antipátic[oa]s?',
        'impolie?s?',
        'désagréables?',
        'mal accueillie?s?',
        'rude\\p{L}*',
        'unfriendly',
        'impolite',
        'disrespect\\p{L}*',
        'yell\\p{L}*',
        'shout\\p{L}*',
        'condescending',
        'dismissive',
        'attitude',
        'unfreundlich\\p{L}*',
        'unhöflich\\p{L}*',
        'respektlos\\p{L}*',
        'angeschrien',
        'angeschnauzt',
        'herablassend\\p{L}*',
        'pampig\\p{L}*',
      ],
      ['态度', '不礼貌', '很凶', '骂', '不耐烦', '不理人'],
    ),
    name: {
      en: 'how you were treated by our staff',
      de: 'das unfreundliche Verhalten unseres Personals',
      zh: '员工的服务态度',
      es: 'el trato que recibió de nuestro personal',
      fr: 'l’attitude de notre personnel à votre égard',
      it: 'il trattamento ricevuto dal nostro personale',
      pt: 'o tratamento que você recebeu da nossa equipe',
      nl: 'de manier waarop ons personeel u heeft behandeld',
    },
    step: {
      en: 'I have shared your account with the manager of the team involved, and we will address it with them directly.',
      de: 'Ich habe Ihre Schilderung an die zuständige Teamleitung gegeben; wir sprechen das direkt mit den Beteiligten an.',
      zh: '我已将您的反馈转给相关团队负责人，我们会直接与当事员工沟通。',
      es: 'He compartido su comentario con el responsable del equipo implicado, y lo trataremos directamente con ellos.',
      fr: 'J’ai transmis votre témoignage au responsable de l’équipe concernée, et nous allons en parler directement avec elle.',
      it: 'Ho condiviso la sua segnalazione con il responsabile del team coinvolto, e ne parleremo direttamente con loro.',
      pt: 'Compartilhei seu relato com o gestor da equipe envolvida, e vamos tratar disso diretamente com eles.',
      nl: 'Ik heb uw verhaal gedeeld met de leidinggevende van het betrokken team, en we spreken hen er direct op aan.',
    },
    needsDetails: false,
  },
  {
    key: 'cleanliness',
    pattern: re(
      [
        'sporc[oa]',
        'sporchi',
        'suj[oa]s?',
        'smerig\\p{L}*',
        'vuil\\p{L}*',
        'suci[oa]s?',
        'suciedad',
        'cucarachas?',
        'saleté',
        'crasseu(?:x|se)',
        'cafards?',
        'pas propre',
        'dirty',
        'filthy',
        'unclean',
        'stain\\p{L}*',
        'hairs?',
        'mou?ld\\p{L}*',
        'smell\\p{L}*',
        'stink\\p{L}*',
        'cockroach\\p{L}*',
        'bed ?bugs?',
        'schmutzig\\p{L}*',
        'dreckig\\p{L}*',
        'verschmutzt\\p{L}*',
        'schimmel\\p{L}*',
        'haare',
        'stinkt',
        'ungeziefer',
      ],
      ['脏', '不干净', '头发', '霉', '异味', '蟑螂', '卫生'],
    ),
    name: {
      en: 'the cleanliness problems you found',
      de: 'die mangelnde Sauberkeit',
      zh: '卫生问题',
      es: 'los problemas de limpieza que encontró',
      fr: 'les problèmes de propreté que vous avez constatés',
      it: 'i problemi di pulizia che ha riscontrato',
      pt: 'os problemas de limpeza que você encontrou',
      nl: 'de gebrekkige schoonmaak',
    },
    step: {
      en: 'I have passed this to the team responsible for cleaning so that it is inspected and put right today.',
      de: 'Ich habe das an das zuständige Reinigungsteam gegeben, damit es heute noch geprüft und behoben wird.',
      zh: '我已通知负责清洁的团队，今天就会检查并整改。',
      es: 'He trasladado esto al equipo de limpieza para que se revise y se corrija hoy mismo.',
      fr: 'J’ai transmis cela à l’équipe chargée du ménage pour que tout soit vérifié et corrigé dès aujourd’hui.',
      it: 'Ho segnalato la cosa al team delle pulizie perché venga controllata e sistemata oggi stesso.',
      pt: 'Encaminhei isso à equipe de limpeza para que tudo seja verificado e corrigido hoje mesmo.',
      nl: 'Ik heb dit doorgegeven aan het schoonmaakteam, zodat het vandaag nog wordt gecontroleerd en opgelost.',
    },
    needsDetails: false,
  },
  {
    key: 'cold_food',
    pattern: re(
      [
        'fredd[oaie]',
        'fri[oa]s?',
        'koud\\p{L}*',
        'frí[oa]s?',
        'tibi[oa]',
        'froide?s?',
        'tiède',
        'cold',
        'lukewarm',
        'kalt\\p{L}*',
        'lauwarm\\p{L}*',
      ],
      ['凉了', '冷了', '凉的', '冷的', '不热'],
    ),
    requires: FOOD,
    name: {
      en: 'your food arriving cold',
      de: 'das kalte Essen',
      zh: '饭菜是凉的',
      es: 'la comida que le llegó fría',
      fr: 'le plat qui vous est arrivé froid',
      it: 'il piatto che le è arrivato freddo',
      pt: 'a comida que chegou fria',
      nl: 'het koude eten',
    },
    step: {
      en: 'I have shared this with our kitchen team, and we are checking how dishes are kept hot until they reach you.',
      de: 'Ich habe das an unser Küchenteam weitergegeben; wir prüfen, wie die Gerichte heiß bei Ihnen ankommen.',
      zh: '我已转告厨房团队，我们正在检查如何保证饭菜热乎地送到您手中。',
      es: 'Lo he comentado con nuestro equipo de cocina, y estamos revisando cómo se mantienen calientes los platos hasta que llegan a usted.',
      fr: 'J’en ai parlé à notre équipe en cuisine, et nous cherchons comment garder les plats chauds jusqu’à ce qu’ils vous parviennent.',
      it: 'Ne ho parlato con la nostra cucina, e stiamo verificando come i piatti restino caldi finché non arrivano a lei.',
      pt: 'Conversei com a nossa cozinha, e estamos verificando como manter os pratos quentes até chegarem a você.',
      nl: 'Ik heb dit besproken met onze keuken, en we bekijken hoe de gerechten warm blijven tot ze bij u zijn.',
    },
    needsDetails: false,
  },
  {
    key: 'food',
    pattern: re(
      [
        'insípid[oa]s?',
        'sin sabor',
        'quemad[oa]s?',
        'crud[oa]s?',
        'fades?',
        'brûlée?s?',
        'pas cuite?s?',
        'cold',
        'lukewarm',
        'undercooked',
        'raw',
        'bland',
        'stale',
        'overcooked',
        'burnt',
        'kalt\\p{L}*',
        'lauwarm\\p{L}*',
        'roh',
        'versalzen\\p{L}*',
        'verbrannt\\p{L}*',
        'fad\\p{L}*',
      ],
      ['凉了', '冷了', '凉的', '冷的', '不新鲜', '难吃', '没熟', '太咸', '不热'],
    ),
    requires: FOOD,
    name: {
      en: 'the food you were served',
      de: 'das Essen, das wir Ihnen serviert haben',
      zh: '饭菜的问题',
      es: 'la comida que le servimos',
      fr: 'le repas que nous vous avons servi',
      it: 'il cibo che le abbiamo servito',
      pt: 'a comida que servimos',
      nl: 'het eten dat we u hebben geserveerd',
    },
    step: {
      en: 'I have shared this with our kitchen team so that every dish leaves the kitchen as it should.',
      de: 'Ich habe das an unser Küchenteam weitergegeben, damit jedes Gericht so rausgeht, wie es sein soll.',
      zh: '我已将此事转告厨房团队，确保每道菜都按标准出品。',
      es: 'Lo he comentado con nuestro equipo de cocina para que cada plato salga como debe.',
      fr: 'J’en ai parlé à notre équipe en cuisine pour que chaque plat sorte comme il se doit.',
      it: 'Ne ho parlato con la nostra cucina perché ogni piatto esca come deve.',
      pt: 'Conversei com a nossa cozinha para que cada prato saia como deve.',
      nl: 'Ik heb dit besproken met onze keuken, zodat elk gerecht de keuken verlaat zoals het hoort.',
    },
    needsDetails: false,
  },
  {
    key: 'noise',
    pattern: re(
      [
        'rumor[ei]',
        'rumoros[oa]',
        'barulh\\p{L}*',
        'lawaai\\p{L}*',
        'ruidos?',
        'ruidos[oa]s?',
        'bruits?',
        'bruyante?s?',
        'noise',
        'noisy',
        'loud',
        'lärm\\p{L}*',
        '(?:zu|sehr|so) laut',
      ],
      ['吵', '噪音'],
    ),
    name: {
      en: 'the noise',
      de: 'den Lärm',
      zh: '噪音问题',
      es: 'el ruido',
      fr: 'le bruit',
      it: 'il rumore',
      pt: 'o barulho',
      nl: 'het lawaai',
    },
    step: {
      en: 'I have asked our team to find the source of the noise and how we can prevent it.',
      de: 'Ich habe unser Team gebeten, die Ursache des Lärms zu finden und abzustellen.',
      zh: '我已请团队查明噪音来源并加以解决。',
      es: 'He pedido a nuestro equipo que averigüe el origen del ruido y cómo evitarlo.',
      fr: 'J’ai demandé à notre équipe de trouver l’origine du bruit et comment l’éviter.',
      it: 'Ho chiesto al nostro team di individuare l’origine del rumore e come evitarlo.',
      pt: 'Pedi à nossa equipe que descubra a origem do barulho e como evitá-lo.',
      nl: 'Ik heb ons team gevraagd de bron van het lawaai te vinden en te kijken hoe we het kunnen voorkomen.',
    },
    needsDetails: false,
  },
  {
    key: 'damaged',
    pattern: re(
      [
        'rott[oaie]',
        'difettos[oaie]',
        'quebrad[oa]s?',
        'defeituos[oa]s?',
        'kapot',
        'defect',
        'rotos?',
        '(?:llegó|está|vino) rota',
        'defectuos[oa]s?',
        'dañad[oa]s?',
        'cassée?s?',
        'défectueu(?:x|se)',
        'abîmée?s?',
        'broken',
        'damaged',
        'defect\\p{L}*',
        'faulty',
        "doesn'?t work",
        'stopped working',
        'kaputt\\p{L}*',
        'defekt\\p{L}*',
        'beschädigt\\p{L}*',
        'funktioniert nicht',
      ],
      ['坏了', '破损', '损坏', '不能用', '质量差', '有问题'],
    ),
    name: {
      en: 'the faulty item',
      de: 'den beschädigten Artikel',
      zh: '商品损坏的问题',
      es: 'el artículo defectuoso',
      fr: 'l’article défectueux',
      it: 'l’articolo difettoso',
      pt: 'o produto com defeito',
      nl: 'het defecte artikel',
    },
    step: {
      en: 'We will check the fault with our quality team and help you sort it out quickly.',
      de: 'Wir prüfen den Mangel mit unserem Qualitätsteam und helfen Ihnen schnell weiter.',
      zh: '我们会和质检团队一起核查，尽快帮您解决。',
      es: 'Revisaremos el defecto con nuestro equipo de calidad y le ayudaremos a resolverlo rápidamente.',
      fr: 'Nous examinerons le défaut avec notre équipe qualité et vous aiderons à régler cela rapidement.',
      it: 'Verificheremo il difetto con il nostro team qualità e la aiuteremo a risolvere rapidamente il problema.',
      pt: 'Vamos verificar o defeito com a nossa equipe de qualidade e ajudar você a resolver isso rapidamente.',
      nl: 'We bekijken het defect met ons kwaliteitsteam en helpen u het snel op te lossen.',
    },
    needsDetails: true,
  },
  {
    key: 'wrong_order',
    pattern: re(
      [
        'pedido (?:equivocado|incorrecto)',
        'me enviaron otro',
        'mauvaise commande',
        'erreur de commande',
        'wrong (?:order|item|size|dish|colou?r)',
        'missing items?',
        'falsche[nsm]? (?:bestellung|artikel|gericht|größe)',
        'fehlte',
        'fehlt',
      ],
      ['送错', '少了', '漏发', '发错'],
    ),
    name: {
      en: 'the mistake with your order',
      de: 'den Fehler bei Ihrer Bestellung',
      zh: '订单出错的问题',
      es: 'el error en su pedido',
      fr: 'l’erreur dans votre commande',
      it: 'l’errore nel suo ordine',
      pt: 'o erro no seu pedido',
      nl: 'de fout in uw bestelling',
    },
    step: {
      en: 'We are checking your order with the team that packed it, and we will put it right.',
      de: 'Wir prüfen Ihre Bestellung mit dem Team, das sie gepackt hat, und bringen das in Ordnung.',
      zh: '我们正在和打包团队核对您的订单，一定会处理好。',
      es: 'Estamos revisando su pedido con el equipo que lo preparó y lo corregiremos.',
      fr: 'Nous vérifions votre commande avec l’équipe qui l’a préparée, et nous allons corriger cela.',
      it: 'Stiamo verificando il suo ordine con il team che l’ha preparato e rimedieremo.',
      pt: 'Estamos verificando seu pedido com a equipe que o preparou e vamos corrigir isso.',
      nl: 'We controleren uw bestelling met het team dat haar heeft ingepakt, en we zetten het recht.',
    },
    needsDetails: true,
  },
  {
    key: 'price',
    pattern: re(
      [
        'troppo car[oaie]',
        'car[ií]ssim[oaie]',
        'muito car[oa]s?',
        '(?:veel )?te duur',
        '(?:muy|demasiado) car[oa]s?',
        'car[ií]sim[oa]s?',
        'precios? (?:excesivos?|abusivos?|altísimos?)',
        'trop ch[eè]re?s?',
        'hors de prix',
        'overpriced',
        'too expensive',
        'rip[- ]?off',
        'zu teuer',
        'überteuert',
      ],
      ['太贵', '不值'],
    ),
    name: {
      en: 'our prices',
      de: 'unsere Preise',
      zh: '价格',
      es: 'su decepción con nuestros precios',
      fr: 'votre déception concernant nos prix',
      it: 'la sua delusione riguardo ai nostri prezzi',
      pt: 'sua decepção com os nossos preços',
      nl: 'uw teleurstelling over onze prijzen',
    },
    step: {
      en: 'I have passed your comments on our prices to our management team.',
      de: 'Ich habe Ihre Anmerkungen zu unseren Preisen an die Geschäftsleitung weitergegeben.',
      zh: '我已将您对价格的意见转达给管理层。',
      es: 'He trasladado sus comentarios sobre nuestros precios a la dirección.',
      fr: 'J’ai transmis vos remarques sur nos prix à notre direction.',
      it: 'Ho inoltrato le sue osservazioni sui nostri prezzi alla direzione.',
      pt: 'Encaminhei seus comentários sobre os nossos preços à direção.',
      nl: 'Ik heb uw opmerkingen over onze prijzen doorgegeven aan de directie.',
    },
    needsDetails: false,
  },
];

/** The next step of a matter above, for a touchpoint that shares it. */
function stepOf(key: string): Phrases {
  const step = MATTERS.find((m) => m.key === key)?.step;
  if (!step) throw new Error(`topics: no matter "${key}"`);
  return step;
}

/** Touchpoints of the default taxonomy, for matters the customer's words don't narrow down. */
const TOUCHPOINT_MATTERS: Record<string, Omit<Matter, 'key' | 'pattern' | 'intents'>> = {
  website: {
    name: {
      en: 'the trouble with our website and app',
      de: 'die Probleme mit unserer Webseite und App',
      zh: '网站和应用的问题',
      es: 'los problemas con nuestra web y nuestra aplicación',
      fr: 'les problèmes avec notre site et notre application',
      it: 'i problemi con il nostro sito e la nostra app',
      pt: 'os problemas com o nosso site e aplicativo',
      nl: 'de problemen met onze website en app',
    },
    step: stepOf('app'),
    needsDetails: true,
  },
  booking: {
    name: {
      en: 'the problem with your booking',
      de: 'das Problem mit Ihrer Buchung',
      zh: '预订的问题',
      es: 'el problema con su reserva',
      fr: 'le problème avec votre réservation',
      it: 'il problema con la sua prenotazione',
      pt: 'o problema com a sua reserva',
      nl: 'het probleem met uw boeking',
    },
    step: {
      en: 'We will check your booking personally and get back to you.',
      de: 'Wir prüfen Ihre Buchung persönlich und melden uns bei Ihnen.',
      zh: '我们会亲自核查您的预订并尽快回复您。',
      es: 'Revisaremos personalmente su reserva y le responderemos.',
      fr: 'Nous vérifierons personnellement votre réservation et reviendrons vers vous.',
      it: 'Verificheremo personalmente la sua prenotazione e le risponderemo.',
      pt: 'Vamos verificar pessoalmente sua reserva e retornaremos.',
      nl: 'We controleren uw boeking persoonlijk en komen bij u terug.',
    },
    needsDetails: true,
  },
  information: {
    name: {
      en: 'the unclear information',
      de: 'die unklaren Informationen',
      zh: '信息不清楚的问题',
      es: 'la información poco clara',
      fr: 'les informations peu claires',
      it: 'le informazioni poco chiare',
      pt: 'as informações pouco claras',
      nl: 'de onduidelijke informatie',
    },
    step: {
      en: 'We are reviewing the information we give so that it is clear from the start.',
      de: 'Wir überarbeiten unsere Informationen, damit sie von Anfang an klar sind.',
      zh: '我们正在完善相关说明，确保信息从一开始就清楚明了。',
      es: 'Estamos revisando la información que ofrecemos para que sea clara desde el principio.',
      fr: 'Nous revoyons les informations que nous donnons pour qu’elles soient claires dès le départ.',
      it: 'Stiamo rivedendo le informazioni che forniamo perché siano chiare fin dall’inizio.',
      pt: 'Estamos revisando as informações que oferecemos para que fiquem claras desde o início.',
      nl: 'We herzien de informatie die we geven, zodat die vanaf het begin duidelijk is.',
    },
    needsDetails: false,
  },
  product: {
    name: {
      en: 'the quality of what you received',
      de: 'die mangelhafte Qualität',
      zh: '质量问题',
      es: 'la calidad de lo que recibió',
      fr: 'la qualité de ce que vous avez reçu',
      it: 'la qualità di ciò che ha ricevuto',
      pt: 'a qualidade do que você recebeu',
      nl: 'de kwaliteit van wat u hebt ontvangen',
    },
    step: stepOf('damaged'),
    needsDetails: true,
  },
  venue: {
    name: {
      en: 'the condition of our premises',
      de: 'den Zustand unserer Räume',
      zh: '环境问题',
      es: 'el estado de nuestras instalaciones',
      fr: 'l’état de nos locaux',
      it: 'lo stato dei nostri locali',
      pt: 'o estado das nossas instalações',
      nl: 'de staat van onze ruimtes',
    },
    step: stepOf('cleanliness'),
    needsDetails: false,
  },
  returns: {
    name: {
      en: 'the trouble with your return',
      de: 'den Ärger mit Ihrer Rücksendung',
      zh: '退货的问题',
      es: 'los problemas con su devolución',
      fr: 'les difficultés avec votre retour',
      it: 'le difficoltà con il suo reso',
      pt: 'os problemas com a sua devolução',
      nl: 'de problemen met uw retourzending',
    },
    step: {
      en: 'We will check the status of your return personally and get back to you.',
      de: 'Wir prüfen den Stand Ihrer Rücksendung persönlich und melden uns bei Ihnen.',
      zh: '我们会亲自核查您的退货进度并尽快回复您。',
      es: 'Revisaremos personalmente el estado de su devolución y le responderemos.',
      fr: 'Nous vérifierons personnellement l’état de votre retour et reviendrons vers vous.',
      it: 'Verificheremo personalmente lo stato del suo reso e le risponderemo.',
      pt: 'Vamos verificar pessoalmente o andamento da sua devolução e retornaremos.',
      nl: 'We controleren persoonlijk de status van uw retourzending en komen bij u terug.',
    },
    needsDetails: true,
  },
  payment: {
    name: {
      en: 'the problem with your payment',
      de: 'das Problem mit Ihrer Zahlung',
      zh: '付款的问题',
      es: 'el problema con su pago',
      fr: 'le problème avec votre paiement',
      it: 'il problema con il suo pagamento',
      pt: 'o problema com o seu pagamento',
      nl: 'het probleem met uw betaling',
    },
    step: stepOf('billing'),
    needsDetails: true,
  },
};

/** When nothing more specific is known. */
export const GENERAL_MATTER: Matter = {
  key: 'general',
  name: {
    en: 'what happened',
    de: 'das Erlebte',
    zh: '这次不愉快的经历',
    es: 'lo ocurrido',
    fr: 'ce qui s’est passé',
    it: 'l’accaduto',
    pt: 'o ocorrido',
    nl: 'wat er is gebeurd',
  },
  step: {
    en: 'I have passed your feedback to the team responsible, and we will follow up with you.',
    de: 'Ich habe Ihr Anliegen an das zuständige Team gegeben, und wir melden uns bei Ihnen.',
    zh: '我已将您的意见转给负责团队，我们会跟进并回复您。',
    es: 'He trasladado sus comentarios al equipo responsable, y haremos un seguimiento con usted.',
    fr: 'J’ai transmis vos remarques à l’équipe responsable, et nous reviendrons vers vous.',
    it: 'Ho inoltrato le sue osservazioni al team responsabile, e la ricontatteremo.',
    pt: 'Encaminhei seus comentários à equipe responsável, e vamos acompanhar o caso com você.',
    nl: 'Ik heb uw opmerkingen doorgegeven aan het verantwoordelijke team, en we nemen contact met u op.',
  },
  needsDetails: true,
};

/** Whether the customer's words name a matter. */
export function matches(matter: Matter, text: string): boolean {
  return (matter.pattern?.test(text) ?? false) && (matter.requires?.test(text) ?? true);
}

/**
 * The matters of a complaint, most serious first: those the customer's words name, then the
 * negative touchpoints the analysis found that no matter covers yet.
 */
export function findMatters(text: string, analysis: AnalysisResult): Matter[] {
  const intents = new Set(analysis.intents.map((i) => i.intent));
  let found = MATTERS.filter((m) => matches(m, text) || (m.intents ?? []).some((i) => intents.has(i)));
  // "Cold food" says more than "the food you were served".
  if (found.some((m) => m.key === 'cold_food')) found = found.filter((m) => m.key !== 'food');
  for (const t of analysis.touchpoints) {
    if (t.sentiment.label !== 'negative') continue;
    const extra = TOUCHPOINT_MATTERS[t.key];
    const key = `touchpoint:${t.key}`;
    if (extra && !found.some((m) => coveredBy(t.key, m.key)) && !found.some((m) => m.key === key)) {
      found.push({ key, ...extra });
    }
  }
  return found;
}

/** Which matters already speak for a touchpoint, so "the delay" is not followed by "the timing". */
function coveredBy(touchpoint: string, matter: string): boolean {
  const covers: Record<string, readonly string[]> = {
    website: ['app'],
    booking: ['cancellation', 'billing'],
    payment: ['billing', 'refund'],
    product: ['damaged', 'food', 'wrong_order'],
    venue: ['cleanliness', 'noise', 'safety'],
    returns: ['refund'],
    information: [],
  };
  return (covers[touchpoint] ?? []).includes(matter);
}

/** What a praise is about, by touchpoint, refined by the customer's words. Accusative in German. */
export function praisedThings(text: string, analysis: AnalysisResult): Phrases[] {
  const things: Phrases[] = [];
  for (const t of analysis.touchpoints) {
    if (t.sentiment.label !== 'positive') continue;
    const thing = praisedThing(t.key, text);
    if (thing && !things.some((x) => x.en === thing.en)) things.push(thing);
  }
  return things;
}

function praisedThing(touchpoint: string, text: string): Phrases | null {
  switch (touchpoint) {
    case 'staff':
      return {
        en: 'our team',
        de: 'unser Team',
        zh: '我们团队',
        es: 'nuestro equipo',
        fr: 'notre équipe',
        it: 'il nostro team',
        pt: 'a nossa equipe',
        nl: 'ons team',
      };
    case 'product':
      return /food|dish|meal|breakfast|dinner|lunch|essen|gericht|frühstück|comida|plato|desayuno|cena|repas|plat|cuisine|dîner|déjeuner|cibo|piatt|pranzo|prato|jantar|eten|ontbijt|菜|饭|味道|早餐/iu.test(
        text,
      )
        ? {
            en: 'our food',
            de: 'unser Essen',
            zh: '我们的菜品',
            es: 'nuestra comida',
            fr: 'notre cuisine',
            it: 'la nostra cucina',
            pt: 'a nossa comida',
            nl: 'ons eten',
          }
        : {
            en: 'our products',
            de: 'unsere Produkte',
            zh: '我们的产品',
            es: 'nuestros productos',
            fr: 'nos produits',
            it: 'i nostri prodotti',
            pt: 'os nossos produtos',
            nl: 'onze producten',
          };
    case 'delivery':
      return /deliver|shipping|package|parcel|lieferung|paket|entrega|envío|paquete|livraison|colis|consegna|spedizione|encomenda|levering|bezorging|pakket|快递|物流|发货/iu.test(
        text,
      )
        ? {
            en: 'the fast delivery',
            de: 'die schnelle Lieferung',
            zh: '快速发货',
            es: 'la rapidez de la entrega',
            fr: 'la rapidité de la livraison',
            it: 'la rapidità della consegna',
            pt: 'a rapidez da entrega',
            nl: 'de snelle levering',
          }
        : {
            en: 'our punctuality',
            de: 'unsere Pünktlichkeit',
            zh: '准时',
            es: 'nuestra puntualidad',
            fr: 'notre ponctualité',
            it: 'la nostra puntualità',
            pt: 'a nossa pontualidade',
            nl: 'onze stiptheid',
          };
    case 'venue':
      return /room|zimmer|habitación|chambre|camera|quarto|kamer|房间/iu.test(text)
        ? {
            en: 'the room',
            de: 'das Zimmer',
            zh: '房间',
            es: 'la habitación',
            fr: 'la chambre',
            it: 'la camera',
            pt: 'o quarto',
            nl: 'de kamer',
          }
        : {
            en: 'the atmosphere',
            de: 'die Atmosphäre',
            zh: '环境',
            es: 'el ambiente',
            fr: 'l’ambiance',
            it: 'l’atmosfera',
            pt: 'o ambiente',
            nl: 'de sfeer',
          };
    case 'support':
      return {
        en: 'our support team',
        de: 'unseren Kundenservice',
        zh: '我们的客服',
        es: 'nuestro servicio de atención al cliente',
        fr: 'notre service client',
        it: 'il nostro servizio clienti',
        pt: 'o nosso atendimento',
        nl: 'onze klantenservice',
      };
    case 'website':
      return {
        en: 'our app',
        de: 'unsere App',
        zh: '我们的应用',
        es: 'nuestra aplicación',
        fr: 'notre application',
        it: 'la nostra app',
        pt: 'o nosso aplicativo',
        nl: 'onze app',
      };
    case 'booking':
      return {
        en: 'the easy booking',
        de: 'die unkomplizierte Buchung',
        zh: '便捷的预订',
        es: 'lo fácil que fue reservar',
        fr: 'la simplicité de la réservation',
        it: 'la facilità di prenotazione',
        pt: 'a facilidade da reserva',
        nl: 'het gemak van boeken',
      };
    case 'price':
      return {
        en: 'our prices',
        de: 'unsere Preise',
        zh: '性价比',
        es: 'nuestros precios',
        fr: 'nos prix',
        it: 'i nostri prezzi',
        pt: 'os nossos preços',
        nl: 'onze prijzen',
      };
    case 'returns':
      return {
        en: 'the easy return',
        de: 'die unkomplizierte Rückgabe',
        zh: '退货服务',
        es: 'lo fácil que fue la devolución',
        fr: 'la simplicité du retour',
        it: 'la facilità del reso',
        pt: 'a facilidade da devolução',
        nl: 'het gemak van retourneren',
      };
    default:
      return null;
  }
}
