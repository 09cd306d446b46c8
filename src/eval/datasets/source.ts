import { createReadStream } from 'node:fs';
import { SaxesParser } from 'saxes';

import { readCsvRecords } from '../../importers/csv.js';
import { decodeText } from '../../importers/source.js';
import { DatasetError } from './types.js';

/** The file as UTF-8 text chunks (a leading byte-order mark dropped), read as a stream. */
export function fileChunks(file: string): AsyncIterable<string> {
  return decodeText(createReadStream(file));
}

/** Text of a field as a reader keeps it: a stray byte-order mark (the Chinese sets have some) dropped, trimmed. */
export function cleanText(text: string): string {
  return text.replace(/\uFEFF/g, '').trim();
}

/**
 * The records of a CSV (or TSV) file with the line each starts on, through the importers' csv-parse
 * reader. A record csv-parse cannot read (a quote never closed) is a `DatasetError` at its line.
 */
export async function* csvRecords(
  file: string,
  delimiter = ',',
): AsyncGenerator<{ line: number; fields: string[] }> {
  for await (const record of readCsvRecords(fileChunks(file), delimiter)) {
    if ('error' in record)
      throw new DatasetError(file, record.line, 'record', `malformed CSV: ${record.error}`);
    yield record;
  }
}

/**
 * The data records of a headerless-or-not CSV with the fixed `columns`: a first record equal to the
 * column names (case and spaces ignored) is skipped; a record with another number of fields is a
 * `DatasetError` naming the columns expected.
 */
export async function* csvRows(
  file: string,
  columns: readonly string[],
): AsyncGenerator<{ line: number; fields: string[] }> {
  let first = true;
  for await (const record of csvRecords(file)) {
    const { line, fields } = record;
    const header =
      first &&
      fields.length === columns.length &&
      fields.every((f, i) => cleanText(f).toLowerCase() === columns[i]?.toLowerCase());
    first = false;
    if (header) continue;
    if (fields.length !== columns.length)
      throw new DatasetError(
        file,
        line,
        'record',
        `expected ${columns.length} fields (${columns.join(', ')}), got ${fields.length}`,
      );
    yield record;
  }
}

/**
 * Streams an XML file through a saxes parser that `setup` has put its handlers on. The first
 * well-formedness error is a `DatasetError` at its line (field `xml`); a handler may throw its own.
 */
export async function parseXml(file: string, setup: (parser: SaxesParser) => void): Promise<void> {
  const parser = new SaxesParser({ position: true });
  let failure: DatasetError | undefined;
  parser.on('error', (error) => {
    failure ??= new DatasetError(file, parser.line, 'xml', `malformed XML: ${error.message}`);
  });
  setup(parser);
  for await (const chunk of fileChunks(file)) {
    parser.write(chunk);
    if (failure) throw failure;
  }
  parser.close();
  if (failure) throw failure;
}
