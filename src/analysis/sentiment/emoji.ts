/** A handful of common emoji with an unambiguous polarity, on the AFINN scale. */
const EMOJI_WEIGHTS: Record<string, number> = {
  '😡': -3,
  '🤬': -4,
  '😠': -3,
  '👎': -2,
  '😢': -2,
  '😭': -2,
  '😞': -2,
  '😤': -2,
  '☹': -2,
  '🙁': -1,
  '❤': 3,
  '😍': 3,
  '🥰': 3,
  '👍': 2,
  '👏': 2,
  '😊': 2,
  '😀': 2,
  '🙂': 1,
};

export const EMOJI: ReadonlyMap<string, number> = new Map(Object.entries(EMOJI_WEIGHTS));

/** Matches any emoji of the map; a trailing variation selector (❤️ = ❤ + U+FE0F) is part of the match. */
export const EMOJI_PATTERN = new RegExp(`(?:${Object.keys(EMOJI_WEIGHTS).join('|')})\\uFE0F?`, 'gu');
