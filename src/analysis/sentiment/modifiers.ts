/** Factor of a negated positive word ("not good" is fairly bad). */
export const NEGATED_POSITIVE = -0.9;
/** Factor of a negated negative word ("not bad" is mildly good). */
export const NEGATED_NEGATIVE = -0.5;
/** Factor of a word after a degree adverb ("very good"). */
export const INTENSIFIED = 1.5;
