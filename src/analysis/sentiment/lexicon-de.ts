/**
 * A small German polarity lexicon written for Touchpoint: the common polar words of customer
 * feedback (service, travel, retail, hospitality) on the AFINN scale (−4 … 4). Adjectives are
 * listed in their base form; inflected forms (gute, guten, …) are added when the map is built.
 */
const DE_WORDS: Record<number, string> = {
  4: 'ausgezeichnet hervorragend perfekt fantastisch phantastisch großartig grossartig wunderbar wundervoll traumhaft genial spitze spitzenmäßig erstklassig exzellent überragend sensationell himmlisch begeistert begeisternd',
  3: 'super toll klasse prima top lecker köstlich schön wunderschön herzlich liebenswürdig empfehlenswert empfehle empfehlen beeindruckend beeindruckt zufrieden glücklich lieben liebe liebt gefällt gefiel freundlich hilfsbereit kompetent zuverlässig pünktlich bestens besten beste bester lob loben danke dankeschön vielen dank sauber gemütlich entspannt entspannend angenehm mega',
  2: 'gut besser schnell günstig preiswert fair hilfreich nett höflich aufmerksam professionell zuvorkommend kulant unkompliziert einfach bequem ruhig komfortabel modern frisch reibungslos problemlos empfehlung freude freuen gerne gern sympathisch geschmackvoll ordentlich gepflegt interessant lustig spannend tadellos gelungen erfreulich dankbar zügig flott bemüht lohnt lohnenswert',
  1: 'okay ok solide passend akzeptabel vernünftig korrekt ausreichend annehmbar pünktlichkeit hoffnung hoffe',
  [-1]: 'langsam teuer laut eng kalt voll verspätet verspätung verspätungen warten wartezeit umständlich kompliziert leider mäßig mittelmäßig naja durchschnittlich fehlt fehlte fehlen problem probleme störung störungen ausfall ausgefallen umleitung baustelle schade seltsam komisch unklar verwirrend',
  [-2]: 'schlecht unfreundlich unhöflich unzuverlässig unpünktlich dreckig schmutzig kaputt defekt falsch fehler mangelhaft enttäuscht enttäuschend enttäuschung ärgerlich ärger verärgert genervt nervig unzufrieden unangenehm überteuert unverschämt frech ignoriert ignorant inkompetent chaotisch chaos beschwerde beschweren reklamation unbrauchbar unmöglich stinkt stinkend ungenießbar zumutung frust frustriert frustrierend traurig überfüllt verloren vergessen abzocke sauer wütend verschwendet verschwendung peinlich nervt nerven hässlich dreist gefährlich',
  [-3]: 'katastrophe katastrophal furchtbar schrecklich grauenhaft grauenvoll miserabel mies ekelhaft eklig widerlich unterirdisch skandal skandalös frechheit unverschämtheit betrug betrüger abgezockt lächerlich armselig inakzeptabel unakzeptabel desaster hass hasse übel',
  [-4]: 'schlechteste schlimmste scheiße scheisse beschissen katastrophalste',
};

/** Adjective endings added to each base form (gut → gute, guter, gutes, guten, gutem). */
const DE_ENDINGS = ['e', 'er', 'es', 'en', 'em', 'n', 's'];

function buildLexicon(): Map<string, number> {
  const lexicon = new Map<string, number>();
  for (const [weight, words] of Object.entries(DE_WORDS)) {
    for (const word of words.split(' ')) {
      if (!word) continue;
      lexicon.set(word, Number(weight));
    }
  }
  for (const [word, weight] of [...lexicon]) {
    for (const ending of DE_ENDINGS) if (!lexicon.has(word + ending)) lexicon.set(word + ending, weight);
  }
  return lexicon;
}

export const DE_LEXICON: ReadonlyMap<string, number> = buildLexicon();

export const DE_NEGATORS: ReadonlySet<string> = new Set([
  'nicht',
  'kein',
  'keine',
  'keinen',
  'keinem',
  'keiner',
  'keines',
  'nie',
  'niemals',
  'ohne',
  'nichts',
  'weder',
]);

export const DE_INTENSIFIERS: ReadonlySet<string> = new Set([
  'sehr',
  'total',
  'extrem',
  'echt',
  'wirklich',
  'absolut',
  'völlig',
  'richtig',
  'besonders',
  'äußerst',
  'ausgesprochen',
  'unglaublich',
  'so',
  'zu',
  'viel',
  'super',
  'mega',
]);
