/**
 * Frequent function words of the Latin-script languages the analyser names. A text with several of
 * one language's words and few of the others' is decided here without franc, which is ~10× slower
 * (measured on 10k airline tweets: franc-min 4k/s).
 */
const STOPWORDS: Record<string, string> = {
  en: "the and is are was were to of you your my it this that with for have has been be on at just me we they but from what can do don't will would please thanks an our there their not i'm it's very i do did does how get got why when who all so out up about if or now here again still been had by after over you're can't didn't",
  de: 'der die das und ist nicht ich ein eine einen mit auf für sich sehr war wir es zu den dem auch aber noch wie kein keine nach bei mir mich haben wurde hat sind wird schon nur dass',
  es: 'el la los las de que y en un una es por con para muy no pero del al se lo mi su está fue como más este esta gracias aquí después',
  fr: "le la les des du et est un une je pas pour que qui dans très avec mais nous vous il elle ce c'est sur au j'ai ne",
  it: 'il lo la di che un una per non con sono molto ma del della mi ho anche questo gli è perché',
  pt: 'o os as do da que um uma não para com muito mas em no na foi está meu você é obrigado',
  nl: 'de het een en is van ik niet dat die op te met voor zijn maar heel erg zeer ook wat er bij naar was',
};

/**
 * Frequent words of customer feedback, distinctive to one language. Short reviews often have no
 * function word at all ("Good coffee, slow service." read as Romanian by franc), but they name
 * what they judge and how.
 */
const FEEDBACK_WORDS: Record<string, string> = {
  en: 'good great bad terrible awful amazing excellent nice slow fast friendly rude staff food coffee service price delivery flight delayed cancelled refund waiter room clean dirty love loved hate worst best thank customer never again always',
  de: 'gut schlecht super toll leider freundlich unfreundlich essen kaffee lieferung preis zimmer sauber schmutzig danke bestellung verspätung zug immer wieder nie',
  es: 'bueno buena malo mala excelente comida servicio precio habitación limpio sucio gracias nunca siempre atención camarero pésimo envío quiero tengo hay llegó reembolso abogado nadie',
  fr: 'bon bonne mauvais mauvaise excellent nourriture accueil prix chambre propre sale merci jamais toujours livraison serveur je veux commande reçu remboursement avocat personne',
  it: 'buono buona cattivo ottimo cibo servizio prezzo camera pulito sporco grazie mai sempre personale gentile ottima pessimo consegna voglio ordine arrivato rimborso avvocato nessuno',
  pt: 'bom boa ruim ótimo comida serviço preço quarto limpo sujo obrigada nunca sempre equipe atendimento ótima maravilhosa maravilhoso gostei adorei péssimo entrega quero tenho chegou reembolso advogado ninguém',
  nl: 'goed slecht lekker eten bediening prijs kamer schoon vies bedankt nooit altijd levering pakket snelle bezorging wil bestelling ontvangen terugbetaling advocaat niemand',
};

/** For each stop word, the languages that use it. Built once at module load. */
const LANGUAGES_BY_WORD = new Map<string, string[]>();
for (const [language, words] of [...Object.entries(STOPWORDS), ...Object.entries(FEEDBACK_WORDS)]) {
  for (const word of words.split(' ')) {
    const languages = LANGUAGES_BY_WORD.get(word) ?? [];
    if (!languages.includes(language)) languages.push(language);
    LANGUAGES_BY_WORD.set(word, languages);
  }
}

/** Stop-word votes per language for the lowercase words given; a word shared by n languages gives each 1/n. */
export function stopwordVotes(words: readonly string[]): Map<string, number> {
  const votes = new Map<string, number>();
  for (const word of words) {
    const languages = LANGUAGES_BY_WORD.get(word);
    if (!languages) continue;
    for (const language of languages) votes.set(language, (votes.get(language) ?? 0) + 1 / languages.length);
  }
  return votes;
}

/**
 * Whether the text has a word that only this language's lists hold, not English's: a sign that a
 * short text is really in it ("Fantastic place." taken for French has none).
 */
export function hasOwnWordIn(words: readonly string[], language: string): boolean {
  for (const word of words) {
    if (ENGLISH_HOMOGRAPHS.has(word)) continue;
    const languages = LANGUAGES_BY_WORD.get(word);
    if (languages?.includes(language) && !languages.includes('en')) return true;
  }
  return false;
}

/** Words of those lists that English texts use as well ("no apology", "as is", "de-icing"). */
const ENGLISH_HOMOGRAPHS: ReadonlySet<string> = new Set(
  'no as a de la le me mi do in on so o e um son con die top super ok fin pain sale'.split(' '),
);
