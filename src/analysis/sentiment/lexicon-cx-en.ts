import { EN_LEXICON, EN_NEGATORS } from './lexicon-en.js';

/**
 * The words of customer feedback that AFINN-165 lacks or reads the wrong way, written for
 * Touchpoint on the AFINN scale (−4 … 4): how reviews praise and fault food, rooms, products and
 * staff, and how complaints describe a service that failed (delayed, stranded, on hold). AFINN's
 * general-language weights stay; the words below are added, and the few listed in
 * `CX_OVERRIDES` are re-weighted because in feedback they mean something else ("united" is an
 * airline, "joke" is scorn, "help" and "please" ask for something).
 */
const CX_WORDS: Record<number, string> = {
  3: 'exceptional awsome awsum memorable tasty yummy scrumptious flavorful flavourful mouthwatering exquisite superb impeccable attentive outstanding phenomenal knowledgeable courteous spotless immaculate heavenly divine gorgeous stellar topnotch bravo bravissimo kudos',
  2: 'refined unique rocks treat recommand recomend reccomend definately defintely decent reasonable cozy cosy quaint fresh fast prompt quick efficient authentic generous spacious comfy comfortable reliable smooth seamless accommodating welcoming polite professional affordable inexpensive juicy tender crispy crunchy fluffy moist savory savoury homemade roomy clean tidy punctual hassle-free painless intuitive sturdy solid addictive unpretentious relaxing charming elegant romantic lively refreshing aromatic fragrant succulent value reasonably',
  1: 'plus ok okay fine nicely good-sized plenty ample quiet returning',
  [-1]: 'attitude bumped barely drafty tight unnecessary lacking lacks hype pricey expensive slow small tiny cramped crowded loud noisy salty greasy oily dry chewy overcooked burnt bland lukewarm cold soggy stale late waiting waited wait queue diverted overbooked oversold charged fee fees refund reimburse reimbursement compensation voucher complaint complained mediocre average unclear confusing outdated tired',
  [-2]: 'overrated rushing overcrowded dissapointing dissapointed dissapointment disapointment disappointment aweful awfull horible terible overpriced rip-off ripoff tasteless flavorless flavourless inedible undercooked raw rubbery watery unhelpful unprofessional incompetent inattentive disrespectful dismissive condescending rushed stranded delays canceled cancellation canceling cancelling unanswered disconnected lied misleading broken damaged faulty defective dirty filthy smelly stinks moldy mouldy expired scam overcharged double-charged unresponsive unreachable nightmare disappointing disapointing disappointed disapointed frustrating frustrated annoying unacceptable ridiculous pathetic useless worthless subpar sub-par',
  [-3]: 'worst horrible horrendous atrocious abysmal disgusting inexcusable unbearable',
};

/** AFINN words whose feedback meaning differs: brands, scorn, and the words of a polite request. */
const CX_OVERRIDES: Record<string, number> = {
  united: 0,
  joke: -2,
  help: 0,
  please: 0,
  hope: 0,
  want: 0,
  like: 1,
  sure: 0,
  cool: 1,
  miss: -1,
  yes: 0,
  no: 0,
  wish: -0.5,
  skip: -1.5,
  elsewhere: -1,
  lol: 1,
  why: -1,
  still: -1,
  hours: -1,
  hrs: -1,
  again: -0.5,
  delayed: -2,
  cancelled: -2,
  killer: 2,
  likely: 0,
};

/**
 * Complaint phrases of several words: a service that did not happen. Matched before the single
 * words, case-insensitively, at word boundaries; their words are not scored again.
 */
export const CX_PHRASES: ReadonlyMap<string, number> = new Map([
  ['on hold', -2],
  ['still waiting', -2.5],
  ['still no', -2],
  ['still not', -2],
  ['no response', -2],
  ['no reply', -2],
  ['no answer', -2],
  ['no one', -1.5],
  ['nobody', -1.5],
  ['hung up', -2],
  ['never again', -3],
  ['never fly', -3],
  ['never flying', -3],
  ['never coming back', -3],
  ['never be back', -3],
  ['not coming back', -3],
  ['waste of time', -3],
  ['waste of money', -3],
  ['customer service fail', -2],
  ['left us', -1],
  ['every time', -1.5],
  ['every single time', -2],
  ['third time', -1.5],
  ['would love', 1],
  ['never go back', -3],
  ['never going back', -3],
  ['never return', -3],
  ['never returning', -3],
  ["won't be back", -3],
  ["won't be returning", -3],
  ["won't go back", -3],
  ["wouldn't go back", -3],
  ['not go back', -3],
  ['not worth', -2.5],
  ['nothing special', -2],
  ['at best', -1.5],
  ['a must', 2],
  ['must visit', 2],
  ['check it out', 1.5],
  ['try the', 1],
  ['hats off', 2],
  ['far away', -1],
  ['stay away', -3],
  ['pass on', -1.5],
  ['save your money', -3],
  ['better places', -2],
  ['less than', -1],
  ['not the place', -2],
  ['hold a candle', 1],
  ['would like', 0],
  ['why not', 0],
  ['came back', 1],
  ['come back', 1],
  ['coming back', 1.5],
  ['go back', 1],
  ['going back', 1.5],
  ['will return', 2],
  ['be back', 2],
  ['will be returning', 2],
  ['highly recommend', 3],
  ['must try', 2],
  ['to die for', 3],
  ['on time', 2],
  ['in time', 1],
]);

/** Negators of customer feedback: AFINN's, plus the past and perfect forms complaints are told in. */
export const EN_CX_NEGATORS: ReadonlySet<string> = new Set([
  ...EN_NEGATORS,
  ..."didn't didnt haven't havent hasn't hasnt wasn't wasnt weren't werent couldn't couldnt wouldn't wouldnt shouldn't aren't arent cannot never no nor ain't aint".split(
    ' ',
  ),
]);

function buildLexicon(): Map<string, number> {
  const lexicon = new Map(EN_LEXICON);
  for (const [weight, words] of Object.entries(CX_WORDS)) {
    for (const word of words.split(' ')) if (word && !lexicon.has(word)) lexicon.set(word, Number(weight));
  }
  for (const [word, weight] of Object.entries(CX_OVERRIDES)) {
    if (weight === 0) lexicon.delete(word);
    else lexicon.set(word, weight);
  }
  for (const [word, weight] of [...lexicon]) {
    if (weight === 0 || word.length < 3 || !/^[a-z]+$/.test(word)) continue;
    for (const form of inflections(word)) {
      if (!lexicon.has(form) && !NOT_INFLECTIONS.has(form) && !(form in CX_OVERRIDES))
        lexicon.set(form, weight);
    }
  }
  return lexicon;
}

/** Words that look like a form of a polar word and are not ("number" is no more "numb"). */
const NOT_INFLECTIONS: ReadonlySet<string> = new Set(
  'number waiter later latest certainly honestly fairly strongly purely significantly exclusively importantly stranger saver booster heller shooter admittedly curiously notably seriously'.split(
    ' ',
  ),
);

/** "nice" → nicer, nicest, nicely; "happy" → happier, happiest, happily; "big" → bigger, biggest. */
export function inflections(word: string): string[] {
  if (word.endsWith('e')) {
    const forms = [`${word}r`, `${word}st`, `${word}ly`];
    if (word.endsWith('le')) forms.push(`${word.slice(0, -1)}y`);
    return forms;
  }
  if (word.endsWith('y')) {
    const stem = word.slice(0, -1);
    return [`${stem}ier`, `${stem}iest`, `${stem}ily`];
  }
  if (word.endsWith('ic')) return [`${word}ally`];
  const last = word.at(-1) ?? '';
  const doubled = /[^aeiou][aeiou][bdgmnpt]$/.test(word) ? `${word}${last}` : word;
  return [`${doubled}er`, `${doubled}est`, `${word}ly`];
}

/**
 * AFINN-165, the feedback words above (AFINN's weight wins where it has the word), the overrides,
 * and the comparative, superlative and adverb forms of every polar word ("nicest", "friendlier",
 * "rudely") that the lexicons do not list themselves.
 */
export const EN_CX_LEXICON: ReadonlyMap<string, number> = buildLexicon();
