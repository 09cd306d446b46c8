import type { SentimentLabel } from '../analysis/types.js';
import type { FeedbackInput } from '../core/feedback/schema.js';

/** The file formats `readImport` understands. The first four are public data sets; the last three are generic. */
export type ImportFormat =
  'airline-csv' | 'semeval-xml' | 'yelp-jsonl' | 'amazon-jsonl' | 'csv' | 'jsonl' | 'json';

export const IMPORT_FORMATS: readonly ImportFormat[] = [
  'airline-csv',
  'semeval-xml',
  'yelp-jsonl',
  'amazon-jsonl',
  'csv',
  'jsonl',
  'json',
];

export interface ImportOptions {
  /** Skip detection. */
  format?: ImportFormat;
  /** Used for detection by extension and for messages. */
  filename?: string;
  /**
   * The brand of every row. Overrides the brand a data-set format implies (the airline of a tweet);
   * for generic CSV/JSON a brand column of the row wins and this is the default.
   */
  brand?: string;
  /** The platform of every row; same precedence as `brand` (default `other` where nothing says). */
  platform?: string;
  /**
   * FeedbackInput field -> source column/key, e.g. `{ text: 'body', rating: 'stars' }`. Applies to the
   * generic formats; a detected data-set format is read as its generic container (`csv`, `jsonl`) when given.
   */
  map?: Record<string, string>;
  /**
   * The file's character encoding (`latin1`, `windows-1252`, `utf-16le`, `shift_jis`, …); default:
   * detected from its first 64 KB (UTF-8 unless the bytes say otherwise).
   */
  encoding?: string;
  /** postedAt for rows without a date (SemEval, generic files with no date column); default: one `new Date()` per import. */
  now?: Date;
}

/** One record of the file: a valid input, or why it was rejected. `line` is where the record starts (1-based). */
export type ImportRow =
  | {
      ok: true;
      line: number;
      input: FeedbackInput;
      /** A person's sentiment label the file carries (the airline file's airline_sentiment). */
      label?: SentimentLabel;
    }
  | { ok: false; line: number; reason: string };

/** What every format reader gets besides the text. */
export interface ReadContext {
  brand: string | undefined;
  platform: string | undefined;
  map: Record<string, string> | undefined;
  now: Date;
  /** What the summary should tell about the whole file (e.g. that its rows had no dates); added once each. */
  notes: Set<string>;
}

/** The summary's note when a file has no dates, so its rows' times are the import's own (issue #11). */
export function noDateNote(now: Date): string {
  return `The file has no date column: every row is dated with the import time (${now.toISOString()}). If a column holds the dates, map it: postedAt=COLUMN (--map on the CLI, Column mapping on the web import).`;
}

/** A format reader: decoded text chunks in, rows out, one at a time. */
export type FormatReader = (chunks: AsyncIterable<string>, ctx: ReadContext) => AsyncIterable<ImportRow>;

/** Longest line or record we hold in memory; FeedbackInput text is at most 50,000 characters anyway. */
export const MAX_RECORD_CHARS = 1 << 20;
