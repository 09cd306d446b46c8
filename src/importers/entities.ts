/**
 * Decodes the HTML character references that exports leave in text: Twitter's API escaped `&`, `<`
 * and `>` in tweets (the airline file is full of `&amp;`), and spreadsheets copied from web pages
 * carry `&quot;`, `&#39;`, `&nbsp;`. Issue #12: "A&amp;W" was stored, shown and analysed as such.
 *
 * One pass, left to right, so each reference is decoded exactly once: `&amp;amp;` becomes `&amp;`,
 * never `&`. Numeric references (`&#39;`, `&#x2019;`) and the named ones below are decoded; an
 * unknown name, a reference without its `;`, or a code point that is not a character is left as
 * written, since a stray `&` in a review is usually just an ampersand.
 */
const NAMED: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: '\u00a0',
  ndash: '–',
  mdash: '—',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  hellip: '…',
  bull: '•',
  middot: '·',
  laquo: '«',
  raquo: '»',
  copy: '©',
  reg: '®',
  trade: '™',
  deg: '°',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
  sect: '§',
  para: '¶',
  times: '×',
  divide: '÷',
  plusmn: '±',
  frac12: '½',
  frac14: '¼',
  frac34: '¾',
  iexcl: '¡',
  iquest: '¿',
  szlig: 'ß',
  auml: 'ä',
  ouml: 'ö',
  uuml: 'ü',
  Auml: 'Ä',
  Ouml: 'Ö',
  Uuml: 'Ü',
  aacute: 'á',
  eacute: 'é',
  iacute: 'í',
  oacute: 'ó',
  uacute: 'ú',
  Aacute: 'Á',
  Eacute: 'É',
  Iacute: 'Í',
  Oacute: 'Ó',
  Uacute: 'Ú',
  agrave: 'à',
  egrave: 'è',
  igrave: 'ì',
  ograve: 'ò',
  ugrave: 'ù',
  Agrave: 'À',
  Egrave: 'È',
  acirc: 'â',
  ecirc: 'ê',
  icirc: 'î',
  ocirc: 'ô',
  ucirc: 'û',
  ccedil: 'ç',
  Ccedil: 'Ç',
  ntilde: 'ñ',
  Ntilde: 'Ñ',
  euml: 'ë',
  iuml: 'ï',
  oslash: 'ø',
  aring: 'å',
  aelig: 'æ',
};

const REFERENCE = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([A-Za-z][A-Za-z0-9]{1,31}));/g;

function fromCodePoint(cp: number, written: string): string {
  // NUL, surrogates and code points past Unicode are not characters: keep what was written.
  if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return written;
  return String.fromCodePoint(cp);
}

/** `text` with its HTML character references decoded once. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (written, dec?: string, hex?: string, name?: string) => {
    if (dec !== undefined) return fromCodePoint(Number.parseInt(dec, 10), written);
    if (hex !== undefined) return fromCodePoint(Number.parseInt(hex, 16), written);
    return (name !== undefined && Object.hasOwn(NAMED, name) ? NAMED[name] : undefined) ?? written;
  });
}
