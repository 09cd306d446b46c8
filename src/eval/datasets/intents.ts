import { INTENTS, type Intent } from '../../analysis/index.js';
import { cleanText, csvRecords } from './source.js';
import { DatasetError } from './types.js';

/** The columns of an intent file (`../shared/INTENTS.md`), in this order. */
export const INTENT_COLUMNS = ['id', 'text', 'language', 'intents'] as const;

/** One labelled text of an intent file. */
export interface IntentRecord {
  line: number;
  id: string;
  text: string;
  /** ISO 639-1 code as the file gives it (`en`, `de`, `zh`, …). */
  language: string;
  /** Gold intents, each once, in the file's order; empty when none applies. */
  intents: Intent[];
}

const KNOWN = new Set<string>(INTENTS);

/** `complaint;churn_threat` → the keys; an unknown or repeated key is a `DatasetError` at its line. */
function intentList(file: string, line: number, value: string): Intent[] {
  const keys = value
    .split(';')
    .map((k) => k.trim())
    .filter((k) => k !== '');
  const out: Intent[] = [];
  for (const key of keys) {
    if (!KNOWN.has(key))
      throw new DatasetError(
        file,
        line,
        'intents',
        `unknown intent ${JSON.stringify(key)}; expected ;-separated keys from ${INTENTS.join(', ')}`,
      );
    if (out.includes(key as Intent))
      throw new DatasetError(file, line, 'intents', `${JSON.stringify(key)} is listed twice`);
    out.push(key as Intent);
  }
  return out;
}

/**
 * Reads a labelled intent file as `../shared/INTENTS.md` defines it: CSV, UTF-8, header
 * `id,text,language,intents` (required, in that order), `intents` a `;`-separated list of intent
 * keys (empty: none). Any file in that format is read, not only the project's own. A wrong header, a
 * record with another number of fields, an empty or repeated id, an empty text, a language that is
 * not a two-letter code, or an unknown intent key is a `DatasetError` naming file, line and field.
 *
 * @example
 * const { records } = await readIntents('bench/data/intents-dev.csv');
 * records[0] // { line: 2, id: 'a-air-1', text: '…', language: 'en', intents: ['complaint'] }
 */
export async function readIntents(file: string): Promise<{ records: IntentRecord[] }> {
  const records: IntentRecord[] = [];
  const ids = new Map<string, number>();
  let header = true;
  for await (const { line, fields } of csvRecords(file)) {
    if (header) {
      header = false;
      const names = fields.map((f) => cleanText(f).toLowerCase());
      if (names.join(',') !== INTENT_COLUMNS.join(','))
        throw new DatasetError(
          file,
          line,
          'header',
          `expected ${INTENT_COLUMNS.join(',')}, got ${JSON.stringify(fields.join(','))}`,
        );
      continue;
    }
    if (fields.length !== INTENT_COLUMNS.length)
      throw new DatasetError(
        file,
        line,
        'record',
        `expected ${INTENT_COLUMNS.length} fields (${INTENT_COLUMNS.join(', ')}), got ${fields.length}`,
      );
    const [rawId, rawText, rawLanguage, rawIntents] = fields as [string, string, string, string];
    const id = rawId.trim();
    if (id === '') throw new DatasetError(file, line, 'id', 'empty');
    const first = ids.get(id);
    if (first !== undefined)
      throw new DatasetError(file, line, 'id', `${JSON.stringify(id)} is also on line ${first}`);
    ids.set(id, line);
    const text = cleanText(rawText);
    if (text === '') throw new DatasetError(file, line, 'text', 'empty');
    const language = rawLanguage.trim().toLowerCase();
    if (!/^[a-z]{2}$/.test(language))
      throw new DatasetError(
        file,
        line,
        'language',
        `expected an ISO 639-1 code such as en, de, zh; got ${JSON.stringify(rawLanguage)}`,
      );
    records.push({ line, id, text, language, intents: intentList(file, line, rawIntents) });
  }
  if (header) throw new DatasetError(file, 1, 'header', `empty file; expected ${INTENT_COLUMNS.join(',')}`);
  return { records };
}
