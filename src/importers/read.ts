import { AppError } from '../core/errors.js';
import { readAirlineCsv } from './airline.js';
import { amazonRow } from './amazon.js';
import { readCsvRows } from './csv.js';
import { detectFormat } from './detect.js';
import { checkMap, genericRow, resolveColumns } from './generic.js';
import { readJsonArray } from './json-array.js';
import { genericObjectMapper, readJsonLines } from './json-lines.js';
import { readSemeval } from './semeval.js';
import { decodeBytes, decodingWarnings, type DecodingReport } from './encoding.js';
import { peekText } from './source.js';
import { yelpRow } from './yelp.js';
import type { FormatReader, ImportFormat, ImportOptions, ImportRow, ReadContext } from './types.js';

const READERS: Record<ImportFormat, FormatReader> = {
  'airline-csv': readAirlineCsv,
  'semeval-xml': readSemeval,
  'yelp-jsonl': (chunks, ctx) => readJsonLines(chunks, ctx, yelpRow),
  'amazon-jsonl': (chunks, ctx) => readJsonLines(chunks, ctx, amazonRow),
  jsonl: (chunks, ctx) => readJsonLines(chunks, ctx, genericObjectMapper()),
  json: (chunks, ctx) => readJsonArray(chunks, ctx, genericObjectMapper()),
  csv: readGenericCsv,
};

/** With a map, a detected data-set format is read as its generic container, so the map applies. */
const GENERIC_OF: Partial<Record<ImportFormat, ImportFormat>> = {
  'airline-csv': 'csv',
  'yelp-jsonl': 'jsonl',
  'amazon-jsonl': 'jsonl',
};

/**
 * Reads an export file into feedback inputs, one row at a time and in constant memory. The encoding is
 * detected from the first 64 KB unless given (`encoding`), and the format from the first 64 KB of text
 * (peeked, then replayed) unless given. A bad row is reported as `{ ok: false, line, reason }` and
 * reading goes on. `format` rejects, and iterating `rows` throws, an AppError `unsupported_format` when
 * the file is not one we read. `rows` can be iterated once; `warnings()` says, once it has been, what
 * the decoding found (a file that is not UTF-8, bytes that did not decode).
 * @example
 * const { format, rows, warnings } = readImport(createReadStream(path), { filename: path });
 * for await (const row of rows) if (row.ok) batch.push(row.input); else console.warn(row.line, row.reason);
 * for (const w of warnings()) console.warn(w);
 */
export function readImport(
  source: NodeJS.ReadableStream | AsyncIterable<Buffer | string>,
  options: ImportOptions = {},
): {
  format: Promise<ImportFormat>;
  rows: AsyncIterable<ImportRow>;
  warnings: () => string[];
} {
  const ctx: ReadContext = {
    brand: options.brand?.trim() || undefined,
    platform: options.platform?.trim() || undefined,
    map: options.map && Object.keys(options.map).length > 0 ? options.map : undefined,
    now: options.now ?? new Date(),
    notes: new Set(),
  };
  let decoding: DecodingReport | undefined;
  const prepared = (async () => {
    if (ctx.map) checkMap(ctx.map);
    const decoded = decodeBytes(source as AsyncIterable<Buffer | string>, options.encoding);
    decoding = decoded.report;
    const { head, chunks } = await peekText(decoded.chunks);
    let format = options.format;
    if (!format) {
      format = detectFormat(head, options.filename);
      if (ctx.map) format = GENERIC_OF[format] ?? format;
    }
    return { format, chunks };
  })();
  const format = prepared.then((p) => p.format);
  // Whoever only iterates `rows` gets the error there; this keeps it from being an unhandled rejection.
  format.catch(() => undefined);
  async function* rows(): AsyncGenerator<ImportRow> {
    const { format, chunks } = await prepared;
    yield* READERS[format](chunks, ctx);
  }
  const name = options.filename?.split(/[\\/]/).pop();
  return {
    format,
    rows: rows(),
    warnings: () => [...(decoding ? decodingWarnings(decoding, name) : []), ...ctx.notes],
  };
}

/** Generic CSV: columns found by name (or the map), delimiter `,`, `;` or tab as the header uses. */
function readGenericCsv(chunks: AsyncIterable<string>, ctx: ReadContext): AsyncIterable<ImportRow> {
  return readCsvRows(
    chunks,
    (header) => {
      const columns = resolveColumns(header, ctx.map);
      const missing = Object.entries(columns.notFound);
      if (missing.length > 0) {
        const list = missing.map(([field, column]) => `${field}=${column}`).join(', ');
        throw new AppError(
          'invalid_file',
          `invalid_file: the map names columns not in the header (${list}); the header has ${header.join(', ')}`,
        );
      }
      return (line, fields) => genericRow(line, (i) => fields[i], columns, ctx);
    },
    { sniff: true },
  );
}
