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
    es: ['Hola {name},'],
    fr: ['Bonjour {name},'],
    en: ['Hi {name},'],
    de: ['Hallo {name},'],
    zh: ['{name}您好，'],
  },
  greetingAnonymous: {
    es: ['Hola,', 'Buenos días,'],
    fr: ['Bonjour,'],
    en: ['Hi there,', 'Hello,'],
    de: ['Hallo,', 'Guten Tag,'],
    zh: ['您好，'],
  },
  apology: {
    es: [
      'Lamentamos sinceramente {x}.',
      'Le pedimos disculpas por {x}: no es la experiencia que queremos ofrecer.',
      'Gracias por hacernos saber {x}; le pedimos disculpas.',
    ],
    fr: [
      'Nous sommes sincèrement désolés pour {x}.',
      'Nous vous présentons nos excuses pour {x} : ce n’est pas l’expérience que nous voulons offrir.',
      'Merci de nous avoir signalé {x}, et toutes nos excuses.',
    ],
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
  },
  ownership: {
    es: [
      'Es responsabilidad nuestra, y queremos solucionarlo.',
      'Asumimos la responsabilidad, y ya nos estamos ocupando.',
      'Deberíamos haberlo hecho mejor, y lo haremos.',
    ],
    fr: [
      'C’est notre responsabilité, et nous voulons y remédier.',
      'Nous en assumons la responsabilité, et nous nous en occupons.',
      'Nous aurions dû faire mieux, et nous le ferons.',
    ],
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
  },
  quoteComplaint: {
    es: ['Nos escribe «{q}», y con razón esperaba algo mejor.', '«{q}»: tampoco es aceptable para nosotros.'],
    fr: [
      'Vous écrivez « {q} », et vous aviez raison d’attendre mieux.',
      '« {q} » : c’est inacceptable pour nous aussi.',
    ],
    en: ['You wrote "{q}", and you were right to expect better.', '"{q}" is not acceptable to us either.'],
    de: [
      'Sie schreiben „{q}“ – und Sie hatten zu Recht mehr erwartet.',
      '„{q}“ – das darf bei uns nicht vorkommen.',
    ],
    zh: ['您提到“{q}”，您的期待完全合理。', '“{q}”——这不应该发生。'],
  },
  quotePraise: {
    es: ['«{q}»: nos ha alegrado el día.', 'Leer «{q}» nos ha sacado una sonrisa a todos.'],
    fr: ['« {q} » : vous avez illuminé notre journée.', 'Lire « {q} » a fait sourire toute l’équipe.'],
    en: ['"{q}" made our day.', 'Reading "{q}" put a smile on all our faces.'],
    de: ['„{q}“ – das hat uns den Tag versüßt.', 'Über „{q}“ haben wir uns riesig gefreut.'],
    zh: ['“{q}”——这句话让我们备受鼓舞。', '读到“{q}”，整个团队都很开心。'],
  },
  historyComplaint: {
    es: ['Gracias por confiar en nosotros todo este tiempo; merece algo mejor.'],
    fr: ['Merci pour votre fidélité depuis tout ce temps ; vous méritez mieux.'],
    en: ['Thank you for staying with us all this time; you deserve better.'],
    de: ['Danke, dass Sie uns schon so lange treu sind – gerade deshalb haben Sie Besseres verdient.'],
    zh: ['感谢您一直以来的支持，您值得更好的体验。'],
  },
  historyPraise: {
    es: ['Gracias por seguir confiando en nosotros.', 'Es un placer volver a saber de usted.'],
    fr: ['Merci pour votre fidélité !', 'C’est un plaisir d’avoir de nouveau de vos nouvelles.'],
    en: ['Welcome back, and thank you for staying with us!', 'It is lovely to hear from you again.'],
    de: ['Schön, wieder von Ihnen zu hören – danke, dass Sie uns treu bleiben!'],
    zh: ['欢迎回来，感谢您一直以来的支持！'],
  },
  historyRecovered: {
    es: ['Gracias por darnos otra oportunidad.'],
    fr: ['Merci de nous avoir donné une seconde chance.'],
    en: ['Welcome back, and thank you for giving us another chance.'],
    de: ['Schön, dass Sie uns noch eine Chance gegeben haben.'],
    zh: ['欢迎回来，感谢您再给我们一次机会。'],
  },
  occasionComplaint: {
    es: ['Al tratarse de una ocasión especial ({o}), lo sentimos todavía más.'],
    fr: ['S’agissant d’une occasion spéciale ({o}), nous en sommes d’autant plus désolés.'],
    en: ['Knowing this was {o} makes it all the more disappointing, and we are sorry it was spoiled.'],
    de: ['Gerade bei einem besonderen Anlass – {o} – tut uns das besonders leid.'],
    zh: ['尤其这次是{o}，我们更加过意不去。'],
  },
  occasionPraise: {
    es: ['Nos alegra mucho haber formado parte de una ocasión especial ({o}).'],
    fr: ['Nous sommes ravis d’avoir fait partie d’une occasion spéciale ({o}).'],
    en: ['We are so glad we could be part of {o}.'],
    de: ['Wie schön, dass wir bei einem besonderen Anlass – {o} – dabei sein durften.'],
    zh: ['很高兴能为您的{o}增添美好回忆。'],
  },
  alsoGood: {
    es: ['Nos alegra leer sus palabras sobre {x}, y queremos que todo lo demás esté a la altura.'],
    fr: ['Merci d’avoir apprécié {x} ; nous voulons que tout le reste soit à la hauteur.'],
    en: ['We are glad you enjoyed {x}, and we want everything else to match it.'],
    de: ['Schön, dass Sie {x} gelobt haben – so soll alles andere auch sein.'],
    zh: ['很高兴您认可{x}，其他方面我们也会做到同样好。'],
  },
  private: {
    es: [
      '¿Podría enviarnos su número de referencia por {ch}? Así podremos hacer un seguimiento personal.',
      'Escríbanos por {ch} con su número de referencia y lo resolveremos directamente.',
    ],
    fr: [
      'Pourriez-vous nous envoyer votre numéro de référence par {ch} ? Nous pourrons ainsi assurer un suivi personnel.',
      'Contactez-nous par {ch} avec votre numéro de référence, et nous réglerons cela directement.',
    ],
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
  },
  privateReply: {
    es: ['Responda a este mensaje si hay algo más que debamos saber.'],
    fr: ['Répondez simplement à ce message s’il y a autre chose que nous devrions savoir.'],
    en: ['Just reply to this message if there is anything else we should know.'],
    de: ['Antworten Sie einfach auf diese Nachricht, wenn wir noch etwas wissen sollten.'],
    zh: ['如有其他需要补充的情况，直接回复这条消息即可。'],
  },
  churn: {
    es: ['Le agradeceríamos la oportunidad de demostrarle que podemos hacerlo mejor.'],
    fr: ['Nous serions reconnaissants de pouvoir vous montrer que nous pouvons faire mieux.'],
    en: ['We would be grateful for the chance to show you we can do better.'],
    de: ['Wir würden uns freuen, wenn Sie uns die Chance geben, es besser zu machen.'],
    zh: ['希望您能再给我们一次机会。'],
  },
  thanksGeneral: {
    es: ['Gracias por tomarse el tiempo de escribirnos.', 'Muchas gracias por su mensaje.'],
    fr: ['Merci d’avoir pris le temps de nous écrire.', 'Merci beaucoup pour votre message.'],
    en: ['Thank you for taking the time to write to us.', 'Thank you so much for your message.'],
    de: ['Vielen Dank, dass Sie sich die Zeit genommen haben, uns zu schreiben.'],
    zh: ['感谢您抽出时间给我们留言。'],
  },
  followUp: {
    es: [
      'He trasladado su mensaje al equipo responsable, y le responderemos.',
      'Lo estamos revisando y le responderemos en breve.',
    ],
    fr: [
      'J’ai transmis votre message à l’équipe concernée, et nous reviendrons vers vous.',
      'Nous examinons la question et reviendrons vers vous rapidement.',
    ],
    en: [
      'I have passed your message to the right team, and we will get back to you.',
      'We are looking into this and will get back to you shortly.',
    ],
    de: ['Ich habe Ihre Nachricht an das zuständige Team weitergegeben, und wir melden uns bei Ihnen.'],
    zh: ['我已将您的留言转给相关团队，我们会尽快回复您。'],
  },
  thanks: {
    es: [
      '¡Muchas gracias por sus amables palabras sobre {x}!',
      'Gracias por tomarse el tiempo de escribirnos sobre {x}; significa mucho para nosotros.',
      '¡Qué reseña tan bonita! Gracias por sus elogios sobre {x}.',
    ],
    fr: [
      'Merci beaucoup pour vos mots si gentils sur {x} !',
      'Merci d’avoir pris le temps de saluer {x} ; cela compte beaucoup pour nous.',
      'Quel bel avis, merci pour vos compliments sur {x} !',
    ],
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
  },
  passOn: {
    es: [
      'Trasladaremos sus palabras a todo el equipo; les encantará.',
      'Me aseguraré de que todo el equipo lo sepa.',
    ],
    fr: [
      'Nous transmettrons vos mots à toute l’équipe ; elle sera ravie.',
      'Je veillerai à ce que toute l’équipe le sache.',
    ],
    en: [
      'We will pass your words on to the whole team; they will be delighted.',
      'I will make sure the team hears about this.',
    ],
    de: [
      'Wir geben Ihr Lob sehr gern an das ganze Team weiter.',
      'Ich sorge dafür, dass das ganze Team davon erfährt.',
    ],
    zh: ['我们会把您的表扬转达给整个团队。', '我一定会把这份鼓励转告给团队的每一位成员。'],
  },
  welcomeBack: {
    es: ['Esperamos volver a recibirle pronto.', 'Esperamos verle de nuevo muy pronto.'],
    fr: ['Nous avons hâte de vous accueillir à nouveau.', 'Au plaisir de vous revoir bientôt !'],
    en: ['We look forward to welcoming you back.', 'We hope to see you again soon.'],
    de: ['Wir freuen uns auf Ihren nächsten Besuch.', 'Bis hoffentlich bald wieder!'],
    zh: ['期待您再次光临！', '期待与您再见！'],
  },
  signAgent: {
    es: ['Un saludo, {agent} ({brand})'],
    fr: ['Cordialement, {agent} ({brand})'],
    en: ['— {agent}, {brand}'],
    de: ['Viele Grüße, {agent} ({brand})'],
    zh: ['{brand} {agent}'],
  },
  signBrand: {
    es: ['El equipo de {brand}'],
    fr: ['L’équipe {brand}'],
    en: ['— The {brand} team'],
    de: ['Ihr {brand}-Team'],
    zh: ['{brand}团队'],
  },
  and: { es: [' y '], fr: [' et '], en: [' and '], de: [' und '], zh: ['和'] },
} satisfies Record<string, Bank>;

export type PhraseKey = keyof typeof PHRASES;
