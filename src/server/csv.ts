/**
 * CSV export (issue #13), written by csv-stringify. Text cells that a spreadsheet would read as a
 * formula (starting with = + - @, a tab or a carriage return) get a leading apostrophe (OWASP's
 * advice against CSV injection); numbers are ours, written as numbers.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

/** A text cell made safe to open in a spreadsheet. */
export function safeCell(v: CsvCell): string | number {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
}

/** One header row, then the rows, CRLF line ends (RFC 4180). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvCell[])[]): string {
  return stringify([[...header], ...rows.map((r) => r.map(safeCell))], { record_delimiter: 'windows' });
}
