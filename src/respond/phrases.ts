/**
 * The sentences of template drafts, per language, with variants chosen by the item's text so that
 * replies don't all read the same. `{x}` is the matter ("the delay"), `{q}` a short excerpt of the
 * customer's words, `{ch}` the private channel, `{o}` an occasion, `{name}`, `{agent}`, `{brand}`.
 *
 * Rules these obey (the tone check enforces them on every draft): own the problem ("we"), apologize
 * for the specific thing, no excuses or policy, never blame or contradict the customer, no refund,
 * voucher or discount offered in public.
 */
import type { DraftLanguage } from './topics.js';

type Variants = readonly [string, ...string[]];
type Bank = Record<DraftLanguage, Variants>;

export const PHRASES = {
  greeting: {
    en: ['Hi {name},'],
    de: ['Hallo {name},'],
    zh: ['{name}您好，'],
    es: ['Hola {name},'],
    fr: ['Bonjour {name},'],
    it: ['Gentile {name},'],
    pt: ['Olá, {name},'],
    nl: ['Beste {name},'],
  },
  greetingAnonymous: {
    en: ['Hi there,', 'Hello,'],
    de: ['Hallo,', 'Guten Tag,'],
    zh: ['您好，'],
    es: ['Hola,', 'Buenos días,'],
    fr: ['Bonjour,'],
    it: ['Buongiorno,'],
    pt: ['Olá,'],
    nl: ['Hallo,', 'Goedendag,'],
  },
  apology: {
    en: [
      "I'm truly sorry about {x}.",
      'We sincerely apologize for {x} — that is not the experience we want anyone to have.',
      'Thank you for telling us about {x}, and please accept our apologies.',
    ],
    de: [
      'Bitte entschuldigen Sie {x} – das hätte nicht passieren dürfen.',
      'Wir entschuldigen uns aufrichtig für {x}.',
      'Danke, dass Sie uns offen auf {x} hinweisen, und entschuldigen Sie bitte vielmals.',
    ],
    zh: ['对于{x}，我们深表歉意。', '非常抱歉，{x}让您有了这样糟糕的体验。', '感谢您指出{x}，真的非常抱歉。'],
    es: [
      'Lamentamos sinceramente {x}.',
      'Le pedimos disculpas por {x}: no es la experiencia que queremos ofrecer.',
      'Gracias por informarnos sobre {x}; le pedimos disculpas.',
    ],
    fr: [
      'Nous sommes sincèrement désolés pour {x}.',
      'Nous vous présentons nos excuses pour {x} : ce n’est pas l’expérience que nous voulons offrir.',
      'Merci de nous avoir signalé {x}, et toutes nos excuses.',
    ],
    it: [
      'Ci scusiamo sinceramente per {x}.',
      'Le chiediamo scusa per {x}: non è l’esperienza che vogliamo offrire.',
      'Grazie per averci segnalato {x}; ci scusiamo.',
    ],
    pt: [
      'Lamentamos sinceramente {x}.',
      'Lamentamos muito {x}: essa não é a experiência que queremos oferecer.',
      'Obrigado por nos contar sobre {x}; pedimos desculpas.',
    ],
    nl: [
      'Het spijt ons oprecht van {x}.',
      'Onze excuses voor {x}: dit is niet de ervaring die we willen bieden.',
      'Dank u dat u ons wijst op {x}, en onze excuses.',
    ],
  },
  ownership: {
    en: [
      'That is on us, and we want to put it right.',
      'This is our responsibility, and we are on it.',
      'We should have done better, and we will.',
    ],
    de: [
      'Das liegt bei uns, und wir wollen es in Ordnung bringen.',
      'Dafür übernehmen wir die Verantwortung.',
      'Das hätten wir besser machen müssen, und wir kümmern uns darum.',
    ],
    zh: [
      '这是我们的责任，我们一定会改正。',
      '是我们没有做好，我们会负责到底。',
      '问题出在我们这边，我们会认真处理。',
    ],
    es: [
      'Es responsabilidad nuestra, y queremos solucionarlo.',
      'Asumimos la responsabilidad y ya nos estamos ocupando.',
      'Deberíamos haberlo hecho mejor, y lo haremos.',
    ],
    fr: [
      'C’est notre responsabilité, et nous voulons y remédier.',
      'Nous en assumons la responsabilité, et nous nous en occupons.',
      'Nous aurions dû faire mieux, et nous le ferons.',
    ],
    it: [
      'La responsabilità è nostra e vogliamo rimediare.',
      'Ce ne assumiamo la responsabilità e ce ne stiamo occupando.',
      'Avremmo dovuto fare meglio, e lo faremo.',
    ],
    pt: [
      'A responsabilidade é nossa, e queremos resolver isso.',
      'Assumimos a responsabilidade e já estamos cuidando disso.',
      'Deveríamos ter feito melhor, e é isso que vamos fazer.',
    ],
    nl: [
      'Dit is onze verantwoordelijkheid, en we willen het rechtzetten.',
      'Wij nemen hiervoor de verantwoordelijkheid en zijn er al mee bezig.',
      'We hadden het beter moeten doen, en dat gaan we ook doen.',
    ],
  },
  quoteComplaint: {
    en: ['You wrote "{q}", and you were right to expect better.', '"{q}" is not acceptable to us either.'],
    de: [
      'Sie schreiben „{q}“ – und Sie hatten zu Recht mehr erwartet.',
      '„{q}“ – das darf bei uns nicht vorkommen.',
    ],
    zh: ['您提到“{q}”，您的期待完全合理。', '“{q}”——这不应该发生。'],
    es: ['Nos escribe «{q}», y con razón esperaba algo mejor.', '«{q}»: tampoco es aceptable para nosotros.'],
    fr: [
      'Vous écrivez « {q} », et vous aviez raison d’attendre mieux.',
      '« {q} » : c’est inacceptable pour nous aussi.',
    ],
    it: [
      'Ci scrive «{q}», e aveva ragione ad aspettarsi di più.',
      '«{q}»: non è accettabile nemmeno per noi.',
    ],
    pt: [
      'Você escreveu “{q}”, e tinha todo o direito de esperar mais.',
      '“{q}”: isso também não é aceitável para nós.',
    ],
    nl: ['U schrijft „{q}”, en u mocht terecht meer verwachten.', '„{q}”: dat is ook voor ons onacceptabel.'],
  },
  quotePraise: {
    en: ['"{q}" made our day.', 'Reading "{q}" put a smile on all our faces.'],
    de: ['„{q}“ – das hat uns den Tag versüßt.', 'Über „{q}“ haben wir uns riesig gefreut.'],
    zh: ['“{q}”——这句话让我们备受鼓舞。', '读到“{q}”，整个团队都很开心。'],
    es: ['«{q}»: nos ha alegrado el día.', 'Leer «{q}» nos ha sacado una sonrisa a todos.'],
    fr: ['« {q} » : vous avez illuminé notre journée.', 'Lire « {q} » a fait sourire toute l’équipe.'],
    it: ['«{q}»: ci ha rallegrato la giornata.', 'Leggere «{q}» ha fatto sorridere tutto il team.'],
    pt: ['“{q}”: você fez o nosso dia.', 'Ler “{q}” fez toda a equipe sorrir.'],
    nl: ['„{q}”: daar zijn we ontzettend blij mee.', 'Het hele team moest glimlachen bij „{q}”.'],
  },
  historyComplaint: {
    en: ['Thank you for staying with us all this time; you deserve better.'],
    de: ['Danke, dass Sie uns schon so lange treu sind – gerade deshalb haben Sie Besseres verdient.'],
    zh: ['感谢您一直以来的支持，您值得更好的体验。'],
    es: ['Gracias por confiar en nosotros todo este tiempo; merece algo mejor.'],
    fr: ['Merci pour votre fidélité depuis tout ce temps ; vous méritez mieux.'],
    it: ['Grazie per la fiducia che ci accorda da tanto tempo; merita di meglio.'],
    pt: ['Obrigado por confiar em nós todo esse tempo; você merece mais.'],
    nl: ['Dank u voor uw trouw al die tijd; u verdient beter.'],
  },
  historyPraise: {
    en: ['Welcome back, and thank you for staying with us!', 'It is lovely to hear from you again.'],
    de: ['Schön, wieder von Ihnen zu hören – danke, dass Sie uns treu bleiben!'],
    zh: ['欢迎回来，感谢您一直以来的支持！'],
    es: ['Gracias por seguir confiando en nosotros.', 'Es un placer volver a saber de usted.'],
    fr: ['Merci pour votre fidélité !', 'C’est un plaisir d’avoir de nouveau de vos nouvelles.'],
    it: ['Grazie per continuare a sceglierci!', 'È un piacere risentirla.'],
    pt: ['Obrigado por continuar nos escolhendo!', 'É um prazer ter notícias suas de novo.'],
    nl: ['Dank u dat u ons trouw blijft!', 'Fijn om weer van u te horen.'],
  },
  historyRecovered: {
    en: ['Welcome back, and thank you for giving us another chance.'],
    de: ['Schön, dass Sie uns noch eine Chance gegeben haben.'],
    zh: ['欢迎回来，感谢您再给我们一次机会。'],
    es: ['Gracias por darnos otra oportunidad.'],
    fr: ['Merci de nous avoir donné une seconde chance.'],
    it: ['Grazie per averci dato un’altra possibilità.'],
    pt: ['Obrigado por nos dar outra chance.'],
    nl: ['Dank u dat u ons nog een kans hebt gegeven.'],
  },
  occasionComplaint: {
    en: ['Knowing this was {o} makes it all the more disappointing, and we are sorry it was spoiled.'],
    de: ['Gerade bei einem besonderen Anlass – {o} – tut uns das besonders leid.'],
    zh: ['尤其这次是{o}，我们更加过意不去。'],
    es: ['Al tratarse de una ocasión especial ({o}), lo sentimos todavía más.'],
    fr: ['S’agissant d’une occasion spéciale ({o}), nous en sommes d’autant plus désolés.'],
    it: ['Trattandosi di un’occasione speciale ({o}), ci dispiace ancora di più.'],
    pt: ['Por se tratar de uma ocasião especial ({o}), lamentamos ainda mais.'],
    nl: ['Juist bij een bijzondere gelegenheid ({o}) vinden we dit extra vervelend.'],
  },
  occasionPraise: {
    en: ['We are so glad we could be part of {o}.'],
    de: ['Wie schön, dass wir bei einem besonderen Anlass – {o} – dabei sein durften.'],
    zh: ['很高兴能为您的{o}增添美好回忆。'],
    es: ['Nos alegra mucho haber formado parte de una ocasión especial ({o}).'],
    fr: ['Nous sommes ravis d’avoir pu contribuer à une occasion spéciale ({o}).'],
    it: ['Siamo felici di aver contribuito a un’occasione speciale ({o}).'],
    pt: ['Ficamos muito felizes em fazer parte de uma ocasião especial ({o}).'],
    nl: ['Wat fijn dat we deel mochten uitmaken van een bijzondere gelegenheid ({o}).'],
  },
  alsoGood: {
    en: ['We are glad you enjoyed {x}, and we want everything else to match it.'],
    de: ['Schön, dass Sie {x} gelobt haben – so soll alles andere auch sein.'],
    zh: ['很高兴您认可{x}，其他方面我们也会做到同样好。'],
    es: ['Nos alegra leer sus palabras sobre {x}, y queremos que todo lo demás esté a la altura.'],
    fr: ['Merci d’avoir apprécié {x} ; nous voulons que tout le reste soit à la hauteur.'],
    it: ['Ci fa piacere che abbia apprezzato {x}, e vogliamo che tutto il resto sia all’altezza.'],
    pt: ['Ficamos felizes com seu elogio sobre {x}, e queremos que todo o resto esteja à altura.'],
    nl: ['Fijn dat u {x} waardeerde, en we willen dat al het andere net zo goed is.'],
  },
  private: {
    en: [
      'Could you send us your reference number via {ch}? Then we can follow up personally.',
      'Please get in touch via {ch} with your reference number so we can sort this out directly.',
    ],
    de: [
      'Schreiben Sie uns bitte mit Ihrer Buchungs- oder Bestellnummer über {ch}, damit wir uns persönlich kümmern können.',
      'Bitte melden Sie sich mit Ihrer Referenznummer über {ch}, dann klären wir das direkt.',
    ],
    zh: [
      '请通过{ch}把订单号发给我们，我们会专人跟进。',
      '麻烦您通过{ch}联系我们并提供单号，我们会直接为您处理。',
    ],
    es: [
      '¿Podría enviarnos su número de referencia a través de {ch}? Así podremos hacer un seguimiento personal.',
      'Escríbanos a través de {ch} con su número de referencia y lo resolveremos directamente.',
    ],
    fr: [
      'Pourriez-vous nous envoyer votre numéro de référence via {ch} ? Nous pourrons ainsi assurer un suivi personnel.',
      'Contactez-nous via {ch} avec votre numéro de référence, et nous réglerons cela directement.',
    ],
    it: [
      'Potrebbe inviarci il suo numero di riferimento tramite {ch}? Così potremo seguire personalmente la sua segnalazione.',
      'Ci scriva tramite {ch} con il suo numero di riferimento e risolveremo direttamente la questione.',
    ],
    pt: [
      'Você poderia nos enviar seu número de referência via {ch}? Assim podemos acompanhar o seu caso pessoalmente.',
      'Entre em contato via {ch} com seu número de referência, e resolveremos isso diretamente.',
    ],
    nl: [
      'Wilt u ons uw referentienummer sturen via {ch}? Dan kunnen we het persoonlijk opvolgen.',
      'Neem via {ch} contact met ons op met uw referentienummer, dan lossen we het direct op.',
    ],
  },
  /** For a question or remark: where to reach us, without asking for a reference number. */
  privateQuestion: {
    en: ['You can also reach us directly via {ch}.'],
    de: ['Sie erreichen uns auch direkt über {ch}.'],
    zh: ['您也可以通过{ch}直接联系我们。'],
    es: ['También puede escribirnos directamente a través de {ch}.'],
    fr: ['Vous pouvez aussi nous écrire directement via {ch}.'],
    it: ['Può anche scriverci direttamente tramite {ch}.'],
    pt: ['Você também pode falar com a gente diretamente via {ch}.'],
    nl: ['U kunt ons ook rechtstreeks bereiken via {ch}.'],
  },
  privateReply: {
    en: ['Just reply to this message if there is anything else we should know.'],
    de: ['Antworten Sie einfach auf diese Nachricht, wenn wir noch etwas wissen sollten.'],
    zh: ['如有其他需要补充的情况，直接回复这条消息即可。'],
    es: ['Responda a este mensaje si hay algo más que debamos saber.'],
    fr: ['Répondez simplement à ce message s’il y a autre chose que nous devrions savoir.'],
    it: ['Risponda pure a questo messaggio se c’è altro che dovremmo sapere.'],
    pt: ['É só responder a esta mensagem se houver mais alguma coisa que devamos saber.'],
    nl: ['Reageer gerust op dit bericht als er nog iets is dat we moeten weten.'],
  },
  churn: {
    en: ['We would be grateful for the chance to show you we can do better.'],
    de: ['Wir würden uns freuen, wenn Sie uns die Chance geben, es besser zu machen.'],
    zh: ['希望您能再给我们一次机会。'],
    es: ['Le agradeceríamos la oportunidad de demostrarle que podemos hacerlo mejor.'],
    fr: ['Nous serions reconnaissants de pouvoir vous montrer que nous pouvons faire mieux.'],
    it: ['Le saremmo grati se ci desse la possibilità di dimostrarle che possiamo fare meglio.'],
    pt: ['Gostaríamos muito da chance de mostrar que podemos fazer melhor.'],
    nl: ['We zouden het waarderen als u ons de kans geeft te laten zien dat we het beter kunnen.'],
  },
  thanksGeneral: {
    en: ['Thank you for taking the time to write to us.', 'Thank you so much for your message.'],
    de: ['Vielen Dank, dass Sie sich die Zeit genommen haben, uns zu schreiben.'],
    zh: ['感谢您抽出时间给我们留言。'],
    es: ['Gracias por tomarse el tiempo de escribirnos.', 'Muchas gracias por su mensaje.'],
    fr: ['Merci d’avoir pris le temps de nous écrire.', 'Merci beaucoup pour votre message.'],
    it: ['Grazie per aver dedicato del tempo a scriverci.', 'Grazie mille per il suo messaggio.'],
    pt: ['Obrigado por dedicar seu tempo para nos escrever.', 'Muito obrigado pela sua mensagem.'],
    nl: ['Dank u wel dat u de tijd nam om ons te schrijven.', 'Hartelijk dank voor uw bericht.'],
  },
  followUp: {
    en: [
      'I have passed your message to the right team, and we will get back to you.',
      'We are looking into this and will get back to you shortly.',
    ],
    de: ['Ich habe Ihre Nachricht an das zuständige Team weitergegeben, und wir melden uns bei Ihnen.'],
    zh: ['我已将您的留言转给相关团队，我们会尽快回复您。'],
    es: [
      'He trasladado su mensaje al equipo responsable y le responderemos.',
      'Lo estamos revisando y le responderemos en breve.',
    ],
    fr: [
      'J’ai transmis votre message à l’équipe concernée, et nous reviendrons vers vous.',
      'Nous examinons la question et reviendrons vers vous rapidement.',
    ],
    it: [
      'Ho inoltrato il suo messaggio al team competente e le risponderemo.',
      'Stiamo verificando e le risponderemo a breve.',
    ],
    pt: [
      'Encaminhei sua mensagem para a equipe responsável, e voltaremos a falar com você.',
      'Estamos verificando e retornaremos em breve.',
    ],
    nl: [
      'Ik heb uw bericht doorgestuurd naar het juiste team, en we komen bij u terug.',
      'We zoeken het uit, en we komen snel bij u terug.',
    ],
  },
  thanks: {
    en: [
      'Thank you so much for your kind words about {x}!',
      'Thank you for taking the time to praise {x}; it means a lot to us.',
      'What a lovely review, thank you for the praise for {x}!',
    ],
    de: [
      'Vielen Dank für Ihr schönes Lob für {x}!',
      'Herzlichen Dank, dass Sie {x} so positiv hervorheben!',
      'Was für eine schöne Bewertung – danke für Ihr Lob für {x}!',
    ],
    zh: [
      '非常感谢您对{x}的称赞！',
      '谢谢您对{x}的肯定，这对我们意义重大。',
      '看到您对{x}的好评，我们非常开心！',
    ],
    es: [
      '¡Muchas gracias por sus amables palabras sobre {x}!',
      'Gracias por tomarse el tiempo de escribirnos sobre {x}; significa mucho para nosotros.',
      '¡Qué reseña tan bonita! Gracias por sus elogios sobre {x}.',
    ],
    fr: [
      'Merci beaucoup pour vos mots si gentils sur {x} !',
      'Merci d’avoir pris le temps de saluer {x} ; cela compte beaucoup pour nous.',
      'Quel bel avis, merci pour vos compliments sur {x} !',
    ],
    it: [
      'Grazie di cuore per aver apprezzato {x}!',
      'Grazie per aver elogiato {x}: per noi significa molto.',
      'Che bella recensione, grazie per aver apprezzato {x}!',
    ],
    pt: [
      'Muito obrigado pelas palavras tão gentis sobre {x}!',
      'Obrigado por dedicar seu tempo a elogiar {x}; isso significa muito para nós.',
      'Que avaliação linda, obrigado pelos elogios sobre {x}!',
    ],
    nl: [
      'Hartelijk dank voor uw vriendelijke woorden over {x}!',
      'Dank u dat u de tijd nam om {x} te prijzen; dat betekent veel voor ons.',
      'Wat een mooie review, bedankt voor uw complimenten over {x}!',
    ],
  },
  passOn: {
    en: [
      'We will pass your words on to the whole team; they will be delighted.',
      'I will make sure the team hears about this.',
    ],
    de: [
      'Wir geben Ihr Lob sehr gern an das ganze Team weiter.',
      'Ich sorge dafür, dass das ganze Team davon erfährt.',
    ],
    zh: ['我们会把您的表扬转达给整个团队。', '我一定会把这份鼓励转告给团队的每一位成员。'],
    es: [
      'Trasladaremos sus palabras a todo el equipo; les encantará.',
      'Me aseguraré de que todo el equipo lo sepa.',
    ],
    fr: [
      'Nous transmettrons vos mots à toute l’équipe ; elle sera ravie.',
      'Je veillerai à ce que toute l’équipe le sache.',
    ],
    it: [
      'Trasmetteremo le sue parole a tutto il team; ne saranno felicissimi.',
      'Mi assicurerò che tutto il team lo sappia.',
    ],
    pt: [
      'Vamos compartilhar suas palavras com toda a equipe; todos vão adorar.',
      'Vou garantir que toda a equipe fique sabendo.',
    ],
    nl: [
      'We geven uw woorden graag door aan het hele team; ze zullen er blij mee zijn.',
      'Ik zorg ervoor dat het hele team dit hoort.',
    ],
  },
  welcomeBack: {
    en: ['We look forward to welcoming you back.', 'We hope to see you again soon.'],
    de: ['Wir freuen uns auf Ihren nächsten Besuch.', 'Bis hoffentlich bald wieder!'],
    zh: ['期待您再次光临！', '期待与您再见！'],
    es: ['Esperamos volver a recibirle pronto.', 'Esperamos verle de nuevo muy pronto.'],
    fr: ['Nous avons hâte de vous accueillir à nouveau.', 'Au plaisir de vous revoir bientôt !'],
    it: ['Speriamo di rivederla presto.', 'A presto!'],
    pt: ['Esperamos receber sua visita novamente em breve.', 'Até a próxima!'],
    nl: ['We hopen u snel weer te mogen verwelkomen.', 'Graag tot ziens!'],
  },
  signAgent: {
    en: ['— {agent}, {brand}'],
    de: ['Viele Grüße, {agent} ({brand})'],
    zh: ['{brand} {agent}'],
    es: ['Un saludo, {agent} ({brand})'],
    fr: ['Cordialement, {agent} ({brand})'],
    it: ['Cordiali saluti, {agent} ({brand})'],
    pt: ['Atenciosamente, {agent} ({brand})'],
    nl: ['Met vriendelijke groet, {agent} ({brand})'],
  },
  signBrand: {
    en: ['— The {brand} team'],
    de: ['Ihr {brand}-Team'],
    zh: ['{brand}团队'],
    es: ['El equipo de {brand}'],
    fr: ['L’équipe {brand}'],
    it: ['Il team di {brand}'],
    pt: ['Equipe {brand}'],
    nl: ['Het team van {brand}'],
  },
  and: {
    en: [' and '],
    de: [' und '],
    zh: ['和'],
    es: [' y '],
    fr: [' et '],
    it: [' e '],
    pt: [' e '],
    nl: [' en '],
  },
} satisfies Record<string, Bank>;

export type PhraseKey = keyof typeof PHRASES;
