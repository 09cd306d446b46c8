import { readCsvRecords, sniffDelimiter } from './csv.js';
import { decodeBytes, decodingWarnings, type DecodingReport } from './encoding.js';
import { peekText } from './source.js';

/** One CRM row by column name (header names lowercased and trimmed), or a record that could not be read. */
export type CrmCsvRow =
  | { ok: true; line: number; cells: Record<string, string> }
  | { ok: false; line: number; field: string; reason: string };

/**
 * Streams a CRM export (CSV with a header; `,`, `;` or tab as the header uses) into rows keyed by the
 * lowercased header names, one at a time and in constant memory; the encoding is detected as for
 * feedback imports (src/importers/encoding.ts). A record with the wrong number of fields is a rejected
 * row and reading goes on. `warnings()` says, once the rows are read, what the decoding found.
 */
export function readCrmCsv(
  source: NodeJS.ReadableStream | AsyncIterable<Buffer | string>,
  options: { encoding?: string | undefined; filename?: string | undefined } = {},
): { rows: AsyncIterable<CrmCsvRow>; header: () => readonly string[]; warnings: () => string[] } {
  let decoding: DecodingReport | undefined;
  let header: string[] = [];
  async function* rows(): AsyncGenerator<CrmCsvRow> {
    const decoded = decodeBytes(source as AsyncIterable<Buffer | string>, options.encoding);
    decoding = decoded.report;
    const { head, chunks } = await peekText(decoded.chunks, 1);
    const nl = head.indexOf('\n');
    const delimiter = sniffDelimiter(nl === -1 ? head : head.slice(0, nl));
    let seenHeader = false;
    for await (const record of readCsvRecords(chunks, delimiter)) {
      if ('error' in record) {
        yield {
          ok: false,
          line: record.line,
          field: '',
          reason: `malformed CSV${seenHeader ? '' : ' header'}: ${record.error}`,
        };
        if (!seenHeader) return;
        continue;
      }
      if (!seenHeader) {
        header = record.fields.map((f) => f.trim().toLowerCase());
        seenHeader = true;
        continue;
      }
      if (record.fields.length !== header.length) {
        yield {
          ok: false,
          line: record.line,
          field: '',
          reason: `malformed CSV: expected ${header.length} fields as in the header, got ${record.fields.length}`,
        };
        continue;
      }
      const cells: Record<string, string> = {};
      header.forEach((name, i) => {
        const v = record.fields[i]?.trim() ?? '';
        if (v !== '') cells[name] = v;
      });
      yield { ok: true, line: record.line, cells };
    }
  }
  const name = options.filename?.split(/[\\/]/).pop();
  return {
    rows: rows(),
    header: () => header,
    warnings: () => (decoding ? decodingWarnings(decoding, name) : []),
  };
}
