import { AppError } from '../core/errors.js';
import { isAirlineHeader } from './airline.js';
import { isAmazonReview } from './amazon.js';
import { sniffDelimiter } from './csv.js';
import { resolveColumns } from './generic.js';
import { isRecord } from './rows.js';
import type { ImportFormat } from './types.js';
import { isYelpReview } from './yelp.js';

const unsupported = (why: string): AppError =>
  new AppError('unsupported_format', `unsupported_format: ${why}`);

/**
 * Tells the format of a file from its first ~64 KB of text (and its name, when the content leaves a
 * doubt). The content decides: Yelp's `review.json` is JSON lines despite its name.
 * @example detectFormat('tweet_id,airline_sentiment,…\n…') // 'airline-csv'
 * @throws AppError `unsupported_format` with a message that says what the file looked like.
 */
export function detectFormat(head: string, filename?: string): ImportFormat {
  const text = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
  const start = text.trimStart();
  const ext = filename?.toLowerCase().match(/\.([a-z0-9]+)$/)?.[1];
  if (start === '') throw unsupported(`${filename ?? 'the file'} is empty`);
  // eslint-disable-next-line no-control-regex -- every other character NUL: Excel's "Unicode text"
  if (/^(?:\ufffd\ufffd)?(?:[^\u0000]\u0000|\u0000[^\u0000]){4}/.test(start)) {
    throw unsupported(`${filename ?? 'the file'} is UTF-16; save it as UTF-8`);
  }
  // eslint-disable-next-line no-control-regex -- control characters are what binary files have
  if (/[\u0000-\u0008\u000e-\u001a]/.test(start.slice(0, 1024))) {
    throw unsupported(`${filename ?? 'the file'} is binary (a zip or gzip archive? unpack it first)`);
  }

  if (start.startsWith('<')) {
    if (/<sentences[\s>]/.test(start) && /<sentence[\s>]/.test(start)) return 'semeval-xml';
    const root = /<([A-Za-z_][\w.:-]*)/.exec(start.replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<![^>]*>/g, ''));
    throw unsupported(
      `XML with root <${root?.[1] ?? '?'}>; only SemEval-2014 ABSA <sentences> files are read`,
    );
  }
  if (start.startsWith('[')) return 'json';
  if (start.startsWith('{')) return jsonKind(start);

  const newline = text.indexOf('\n');
  const headerLine = (newline === -1 ? text : text.slice(0, newline)).replace(/\r$/, '');
  const delimiter = sniffDelimiter(headerLine);
  const names = headerLine.split(delimiter).map((n) => n.trim().replace(/^"|"$/g, ''));
  if (isAirlineHeader(names)) return 'airline-csv';
  const knownText = resolveColumns(names, undefined).index.text !== undefined;
  if (ext === 'csv' || ext === 'tsv' || names.length >= 2 || knownText) return 'csv';
  throw unsupported(
    `${filename ?? 'the file'} is not CSV with a header, JSON, JSON lines or SemEval XML (it starts "${start.slice(0, 40)}")`,
  );
}

/** JSON lines (and which data set) when the first line is a whole object, else one JSON document. */
function jsonKind(start: string): ImportFormat {
  const newline = start.indexOf('\n');
  const firstLine = newline === -1 ? start : start.slice(0, newline);
  let value: unknown;
  try {
    value = JSON.parse(firstLine);
  } catch {
    // A first line cut off by the end of the head is a long JSON line; one that ends unfinished
    // (`{` alone) is a pretty-printed document.
    if (newline !== -1) return 'json';
    value = Object.fromEntries([...firstLine.matchAll(/"([^"\\]{1,40})"\s*:/g)].map((m) => [m[1], true]));
  }
  if (!isRecord(value)) return 'json';
  if (isYelpReview(value)) return 'yelp-jsonl';
  if (isAmazonReview(value)) return 'amazon-jsonl';
  return 'jsonl';
}
