/**
 * The respondent side's own words (issue #15): buttons, hints and messages of the hosted survey page
 * and the widget, in the eight languages the reply drafts speak. The survey's own wordings (question,
 * follow-up, thank-you) come from its definition; these frame them.
 */

export interface SurveyUi {
  title: string;
  send: string;
  change: string;
  chooseScore: string;
  required: string;
  optional: string;
  error: string;
  alreadyAnswered: string;
  notFound: string;
  expired: string;
  used: string;
  closed: string;
  close: string;
  scoreRecorded: string;
  lowNps: string;
  highNps: string;
  lowScale: string;
  highScale: string;
  lowEffort: string;
  highEffort: string;
  star: string;
  stars: string;
}

const EN: SurveyUi = {
  title: 'Survey',
  send: 'Send',
  change: 'Change my score',
  chooseScore: 'Please choose a score.',
  required: 'Please answer',
  optional: 'optional',
  error: 'Something went wrong. Please try again.',
  alreadyAnswered: 'You have already answered this survey. Thank you!',
  notFound: 'This survey is not available.',
  expired: 'This link has expired.',
  used: 'This link has already been used.',
  closed: 'Your answer can no longer be changed.',
  close: 'Close',
  scoreRecorded: 'Your score has been recorded.',
  lowNps: 'Not at all likely',
  highNps: 'Extremely likely',
  lowScale: 'Very dissatisfied',
  highScale: 'Very satisfied',
  lowEffort: 'Very difficult',
  highEffort: 'Very easy',
  star: 'star',
  stars: 'stars',
};

const STRINGS: Record<string, SurveyUi> = {
  en: EN,
  de: {
    title: 'Umfrage',
    send: 'Senden',
    change: 'Bewertung ändern',
    chooseScore: 'Bitte wählen Sie eine Bewertung.',
    required: 'Bitte beantworten',
    optional: 'optional',
    error: 'Etwas ist schiefgegangen. Bitte versuchen Sie es erneut.',
    alreadyAnswered: 'Sie haben diese Umfrage bereits beantwortet. Danke!',
    notFound: 'Diese Umfrage ist nicht verfügbar.',
    expired: 'Dieser Link ist abgelaufen.',
    used: 'Dieser Link wurde bereits verwendet.',
    closed: 'Ihre Antwort kann nicht mehr geändert werden.',
    close: 'Schließen',
    scoreRecorded: 'Ihre Bewertung wurde gespeichert.',
    lowNps: 'Sehr unwahrscheinlich',
    highNps: 'Sehr wahrscheinlich',
    lowScale: 'Sehr unzufrieden',
    highScale: 'Sehr zufrieden',
    lowEffort: 'Sehr schwierig',
    highEffort: 'Sehr einfach',
    star: 'Stern',
    stars: 'Sterne',
  },
  fr: {
    title: 'Enquête',
    send: 'Envoyer',
    change: 'Modifier ma note',
    chooseScore: 'Veuillez choisir une note.',
    required: 'Veuillez répondre',
    optional: 'facultatif',
    error: 'Une erreur est survenue. Veuillez réessayer.',
    alreadyAnswered: 'Vous avez déjà répondu à cette enquête. Merci !',
    notFound: "Cette enquête n'est pas disponible.",
    expired: 'Ce lien a expiré.',
    used: 'Ce lien a déjà été utilisé.',
    closed: 'Votre réponse ne peut plus être modifiée.',
    close: 'Fermer',
    scoreRecorded: 'Votre note a été enregistrée.',
    lowNps: 'Pas du tout probable',
    highNps: 'Très probable',
    lowScale: 'Très insatisfait',
    highScale: 'Très satisfait',
    lowEffort: 'Très difficile',
    highEffort: 'Très facile',
    star: 'étoile',
    stars: 'étoiles',
  },
  es: {
    title: 'Encuesta',
    send: 'Enviar',
    change: 'Cambiar mi puntuación',
    chooseScore: 'Elija una puntuación.',
    required: 'Responda',
    optional: 'opcional',
    error: 'Algo salió mal. Inténtelo de nuevo.',
    alreadyAnswered: 'Ya ha respondido a esta encuesta. ¡Gracias!',
    notFound: 'Esta encuesta no está disponible.',
    expired: 'Este enlace ha caducado.',
    used: 'Este enlace ya se ha utilizado.',
    closed: 'Su respuesta ya no se puede cambiar.',
    close: 'Cerrar',
    scoreRecorded: 'Su puntuación se ha guardado.',
    lowNps: 'Nada probable',
    highNps: 'Muy probable',
    lowScale: 'Muy insatisfecho',
    highScale: 'Muy satisfecho',
    lowEffort: 'Muy difícil',
    highEffort: 'Muy fácil',
    star: 'estrella',
    stars: 'estrellas',
  },
  it: {
    title: 'Sondaggio',
    send: 'Invia',
    change: 'Cambia il mio punteggio',
    chooseScore: 'Scegli un punteggio.',
    required: 'Rispondi',
    optional: 'facoltativo',
    error: 'Qualcosa è andato storto. Riprova.',
    alreadyAnswered: 'Hai già risposto a questo sondaggio. Grazie!',
    notFound: 'Questo sondaggio non è disponibile.',
    expired: 'Questo link è scaduto.',
    used: 'Questo link è già stato usato.',
    closed: 'La tua risposta non può più essere modificata.',
    close: 'Chiudi',
    scoreRecorded: 'Il tuo punteggio è stato registrato.',
    lowNps: 'Per niente probabile',
    highNps: 'Estremamente probabile',
    lowScale: 'Molto insoddisfatto',
    highScale: 'Molto soddisfatto',
    lowEffort: 'Molto difficile',
    highEffort: 'Molto facile',
    star: 'stella',
    stars: 'stelle',
  },
  pt: {
    title: 'Pesquisa',
    send: 'Enviar',
    change: 'Alterar a minha nota',
    chooseScore: 'Escolha uma nota.',
    required: 'Responda',
    optional: 'opcional',
    error: 'Algo correu mal. Tente novamente.',
    alreadyAnswered: 'Já respondeu a esta pesquisa. Obrigado!',
    notFound: 'Esta pesquisa não está disponível.',
    expired: 'Este link expirou.',
    used: 'Este link já foi utilizado.',
    closed: 'A sua resposta já não pode ser alterada.',
    close: 'Fechar',
    scoreRecorded: 'A sua nota foi registada.',
    lowNps: 'Nada provável',
    highNps: 'Extremamente provável',
    lowScale: 'Muito insatisfeito',
    highScale: 'Muito satisfeito',
    lowEffort: 'Muito difícil',
    highEffort: 'Muito fácil',
    star: 'estrela',
    stars: 'estrelas',
  },
  nl: {
    title: 'Enquête',
    send: 'Versturen',
    change: 'Mijn score wijzigen',
    chooseScore: 'Kies een score.',
    required: 'Beantwoord',
    optional: 'optioneel',
    error: 'Er ging iets mis. Probeer het opnieuw.',
    alreadyAnswered: 'U hebt deze enquête al beantwoord. Bedankt!',
    notFound: 'Deze enquête is niet beschikbaar.',
    expired: 'Deze link is verlopen.',
    used: 'Deze link is al gebruikt.',
    closed: 'Uw antwoord kan niet meer worden gewijzigd.',
    close: 'Sluiten',
    scoreRecorded: 'Uw score is opgeslagen.',
    lowNps: 'Helemaal niet waarschijnlijk',
    highNps: 'Zeer waarschijnlijk',
    lowScale: 'Zeer ontevreden',
    highScale: 'Zeer tevreden',
    lowEffort: 'Zeer moeilijk',
    highEffort: 'Zeer gemakkelijk',
    star: 'ster',
    stars: 'sterren',
  },
  zh: {
    title: '调查',
    send: '提交',
    change: '修改评分',
    chooseScore: '请选择一个评分。',
    required: '请回答',
    optional: '可选',
    error: '出错了，请重试。',
    alreadyAnswered: '您已回答过此调查。谢谢！',
    notFound: '此调查不可用。',
    expired: '此链接已过期。',
    used: '此链接已被使用。',
    closed: '您的回答已无法修改。',
    close: '关闭',
    scoreRecorded: '您的评分已记录。',
    lowNps: '完全不可能',
    highNps: '极有可能',
    lowScale: '非常不满意',
    highScale: '非常满意',
    lowEffort: '非常困难',
    highEffort: '非常容易',
    star: '星',
    stars: '星',
  },
};

/** The page's words in a language (`de`, `pt-br` → `pt`), English when we have none. */
export function surveyUi(language: string): SurveyUi {
  const base = language.toLowerCase().split('-')[0] ?? 'en';
  return STRINGS[base] ?? EN;
}
