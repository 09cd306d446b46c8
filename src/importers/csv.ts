import { Readable, pipeline } from 'node:stream';

import { parse, type CsvError, type InfoRecord, type Options } from 'csv-parse';

import { rejectRow } from './rows.js';
import { peekText } from './source.js';
import { MAX_RECORD_CHARS, type ImportRow } from './types.js';

/** One CSV record with the line it starts on, or why the record starting there is malformed. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/**
 * Streams CSV records from text chunks with csv-parse (RFC 4180: quoted fields, `""` escapes, newlines
 * inside quotes; `\n` or `\r\n` line ends). Empty and blank lines are skipped. Records come out with any
 * number of fields: checking the count is the caller's job, so a short or long record costs one row.
 *
 * A quote that does not follow RFC 4180 (`ab"c`, `"abc"def`) is kept as text (`relax_quotes`): with
 * strict quotes csv-parse stays inside the quoted field after such a quote, and every later row of the
 * file would be lost. A quote that is never closed still turns the rest of the file into one field, as
 * in every CSV reader: that record comes out as an error at the line where it starts, and it is last.
 * So is a record longer than `MAX_RECORD_CHARS` bytes, which keeps memory bounded; reading stops there.
 */
export async function* readCsvRecords(
  chunks: AsyncIterable<string>,
  delimiter = ',',
): AsyncGenerator<CsvRecord> {
  // csv-parse's `info.lines` is the line a record ends on, and it counts a `\r\n` inside quotes as two
  // lines. So the start line is counted here: the line after the previous record (its start plus the
  // line breaks in its fields) plus the empty lines csv-parse skipped since (`info.empty_lines`).
  let next = 1;
  let emptySeen = 0;
  const startLine = (emptyLines: number): number => {
    next += emptyLines - emptySeen;
    emptySeen = emptyLines;
    return next;
  };
  let failure: CsvRecord | undefined;

  const options: Options<CsvRecord, string[]> = {
    delimiter,
    record_delimiter: ['\r\n', '\n'],
    bom: true,
    relax_quotes: true,
    relax_column_count: true,
    skip_empty_lines: true,
    max_record_size: MAX_RECORD_CHARS,
    skip_records_with_error: true,
    on_record: (fields: string[], info: InfoRecord): CsvRecord | null => {
      if (failure) return null; // what csv-parse still reads after an error is not trusted
      const line = startLine(info.empty_lines);
      let newlines = 0;
      for (let i = 0; i < fields.length; i++) {
        const field = fields[i] as string;
        if (!field.includes('\n')) continue;
        newlines += count(field, '\n');
        if (field.includes('\r')) fields[i] = field.replace(/\r\n/g, '\n');
      }
      next = line + newlines + 1;
      // A line of spaces is one blank field for csv-parse; like an empty line it is no record.
      if (fields.length === 1 && (fields[0] as string).trim() === '') return null;
      return { line, fields };
    },
    on_skip: (error: CsvError | undefined) => {
      if (failure || !error) return undefined;
      failure = { line: startLine(Number(error.empty_lines) || 0), error: describe(error) };
      return undefined;
    },
  };
  // csv-parse's overloads let `on_record` change the record type only together with `columns`.
  const parser = parse(options as unknown as Options);
  // After an error the rest of the source is not read: the file is closed and the parser flushed.
  const source = Readable.from(takeUntil(chunks, () => failure !== undefined));
  // Errors (a failing source) reach the iteration below; the callback only keeps them from being unhandled.
  pipeline(source, parser, () => undefined);
  for await (const record of parser as AsyncIterable<CsvRecord>) yield record;
  if (failure) yield failure;
}

/** The reason for a record csv-parse could not read; the first words are csv-parse's. */
function describe(error: CsvError): string {
  switch (error.code) {
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'Quote Not Closed: a quoted field of this record is never closed, so the rest of the file was read into it and no later row was read';
    case 'CSV_MAX_RECORD_SIZE':
      return `Max Record Size: the record is longer than ${MAX_RECORD_CHARS} bytes (a quote not closed?); reading stopped there`;
    default:
      return `${error.message}; reading stopped there`;
  }
}

/**
 * The chunks until `stop()` says so. A chunk's last UTF-16 unit, when it is the first half of a
 * surrogate pair, waits for the next chunk: the parser gets UTF-8, and half a pair would not encode.
 */
async function* takeUntil(chunks: AsyncIterable<string>, stop: () => boolean): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of chunks) {
    if (stop()) return;
    let text = carry + chunk;
    carry = '';
    const last = text.charCodeAt(text.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) [text, carry] = [text.slice(0, -1), text.slice(-1)];
    if (text.length > 0) yield text;
  }
  if (carry.length > 0) yield carry;
}

/** The delimiter of a header line: the most frequent of `,`, `;` and tab (`,` on a tie). */
export function sniffDelimiter(headerLine: string): string {
  let best = ',';
  let bestCount = count(headerLine, ',');
  for (const candidate of [';', '\t']) {
    const n = count(headerLine, candidate);
    if (n > bestCount) [best, bestCount] = [candidate, n];
  }
  return best;
}

function count(text: string, char: string): number {
  let n = 0;
  for (let i = text.indexOf(char); i !== -1; i = text.indexOf(char, i + 1)) n += 1;
  return n;
}

/** Makes the row of one data record from its fields, given the header; see `readCsvRows`. */
export type CsvRowMapper = (line: number, fields: readonly string[]) => ImportRow;

/**
 * Reads a CSV file with a header into rows: `mapperFor(header)` is called once with the header's
 * names, then its mapper with each data record. A record whose field count differs from the header's
 * becomes a rejected row (`malformed CSV: …`) and reading goes on; so does a row the mapper rejects. A
 * quote never closed (or a record over the size limit) is a rejected row too, the last one: see
 * `readCsvRecords`.
 */
export async function* readCsvRows(
  chunks: AsyncIterable<string>,
  mapperFor: (header: readonly string[]) => CsvRowMapper,
  options: { sniff?: boolean } = {},
): AsyncGenerator<ImportRow> {
  const { head, chunks: text } = await peekText(chunks, 1);
  const firstLine = head.slice(0, head.indexOf('\n') === -1 ? undefined : head.indexOf('\n'));
  const delimiter = options.sniff ? sniffDelimiter(firstLine) : ',';
  let header: readonly string[] | undefined;
  let mapper: CsvRowMapper | undefined;
  for await (const record of readCsvRecords(text, delimiter)) {
    if ('error' in record) {
      yield rejectRow(record.line, `malformed CSV${header ? '' : ' header'}: ${record.error}`);
      if (!header) return; // without a header no row can be read
      continue;
    }
    if (!header || !mapper) {
      header = record.fields.map((f) => f.trim());
      mapper = mapperFor(header);
      continue;
    }
    if (record.fields.length !== header.length) {
      yield rejectRow(
        record.line,
        `malformed CSV: Invalid Record Length: expected ${header.length} fields as in the header, got ${record.fields.length}`,
      );
      continue;
    }
    yield mapper(record.line, record.fields);
  }
}
