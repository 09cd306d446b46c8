import { LineSplitter, type Line } from './lines.js';
import { rejectRow } from './rows.js';
import { peekText } from './source.js';
import { MAX_RECORD_CHARS, type ImportRow } from './types.js';

/** One CSV record with the line it starts on, or why the record starting there is malformed. */
export type CsvRecord = { line: number; fields: string[] } | { line: number; error: string };

/**
 * Streams CSV records (RFC 4180: quoted fields, `""` escapes, newlines inside quotes) from text chunks.
 * Empty lines are skipped. A malformed record comes out as an error and reading goes on.
 *
 * Why not csv-parse: with `skip_records_with_error` it does not find its way back after a bad quote;
 * on our fixture one stray quote made it skip every later row of the file as a single record. Here a
 * record is framed by lines and quote parity, so a bad quote costs one line: when a record spanning
 * several lines turns out malformed, its first line is rejected and the lines after it are read again.
 */
export async function* readCsvRecords(
  chunks: AsyncIterable<string>,
  delimiter = ',',
): AsyncGenerator<CsvRecord> {
  const lines = new LineSplitter();
  const records = new CsvFramer(delimiter);
  for await (const chunk of chunks) {
    yield* records.push(lines.push(chunk));
  }
  yield* records.push(lines.end());
  yield* records.end();
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

interface Open {
  start: number;
  lines: string[];
  chars: number;
}

/** Frames lines into records by quote parity and splits them; sync, so the reader above stays simple. */
class CsvFramer {
  private open: Open | undefined;

  constructor(private readonly delimiter: string) {}

  push(input: readonly Line[]): CsvRecord[] {
    const out: CsvRecord[] = [];
    // Lines to read again after a malformed multi-line record go to the front of the queue.
    let queue = input;
    for (let i = 0; i < queue.length;) {
      const replay = this.accept(queue[i++] as Line, out);
      if (replay) [queue, i] = [[...replay, ...queue.slice(i)], 0];
    }
    return out;
  }

  end(): CsvRecord[] {
    const out: CsvRecord[] = [];
    while (this.open) {
      const open = this.open;
      this.open = undefined;
      out.push({ line: open.start, error: `Quote Not Closed: the file ends inside a quoted field` });
      out.push(...this.push(rest(open)));
    }
    return out;
  }

  /** Takes one line; returns lines to read again, if any. */
  private accept({ line, text }: Line, out: CsvRecord[]): Line[] | undefined {
    const open = this.open;
    if (text === undefined) {
      if (!open) {
        out.push({ line, error: `line longer than ${MAX_RECORD_CHARS} characters` });
        return undefined;
      }
      this.open = undefined;
      out.push({
        line: open.start,
        error: `record longer than ${MAX_RECORD_CHARS} characters (a quote not closed?)`,
      });
      return [...rest(open), { line, text }];
    }
    const odd = count(text, '"') % 2 === 1;
    if (!open) {
      if (text.trim().length === 0) return undefined;
      if (!odd) return this.emit({ start: line, lines: [text], chars: text.length }, out);
      this.open = { start: line, lines: [text], chars: text.length };
      return undefined;
    }
    open.lines.push(text);
    open.chars += text.length + 1;
    if (odd) {
      this.open = undefined;
      return this.emit(open, out);
    }
    if (open.chars > MAX_RECORD_CHARS) {
      this.open = undefined;
      out.push({
        line: open.start,
        error: `record longer than ${MAX_RECORD_CHARS} characters (a quote not closed?)`,
      });
      return rest(open);
    }
    return undefined;
  }

  private emit(record: Open, out: CsvRecord[]): Line[] | undefined {
    const fields = splitRecord(record.lines.join('\n'), this.delimiter, record.start);
    if (Array.isArray(fields)) {
      out.push({ line: record.start, fields });
      return undefined;
    }
    out.push({ line: record.start, error: fields.error });
    return record.lines.length > 1 ? rest(record) : undefined;
  }
}

/** The lines of a record after its first, to be read again. */
function rest(record: Open): Line[] {
  return record.lines.slice(1).map((text, i) => ({ line: record.start + 1 + i, text }));
}

/** Splits one framed record into fields; the messages follow csv-parse's wording. */
function splitRecord(text: string, delimiter: string, startLine: number): string[] | { error: string } {
  const fields: string[] = [];
  const lineAt = (index: number): number => startLine + count(text.slice(0, index), '\n');
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      let from = i + 1;
      for (;;) {
        const quote = text.indexOf('"', from);
        if (quote === -1)
          return { error: `Quote Not Closed: a quoted field opened at line ${lineAt(i)} is not closed` };
        if (text[quote + 1] === '"') {
          value += text.slice(from, quote + 1);
          from = quote + 2;
          continue;
        }
        value += text.slice(from, quote);
        i = quote + 1;
        break;
      }
      fields.push(value);
      if (i >= text.length) return fields;
      if (text[i] !== delimiter) {
        return {
          error: `Invalid Closing Quote: got "${text[i]}" at line ${lineAt(i)} instead of a delimiter or the end of the record`,
        };
      }
      i += 1;
    } else {
      const next = text.indexOf(delimiter, i);
      const value = text.slice(i, next === -1 ? text.length : next);
      if (value.includes('"')) {
        const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
        return {
          error: `Invalid Opening Quote: a quote inside the unquoted field "${shown}" at line ${lineAt(i)}`,
        };
      }
      fields.push(value);
      if (next === -1) return fields;
      i = next + 1;
    }
  }
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
 * names, then its mapper with each data record. A record whose field count differs from the header's,
 * and a malformed record, become rejected rows (`malformed CSV: …`) and reading goes on.
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
