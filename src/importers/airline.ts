import { SENTIMENT_LABELS, type SentimentLabel } from '../analysis/types.js';
import type { FieldIssue } from '../core/errors.js';
import { readCsvRows, type CsvRowMapper } from './csv.js';
import { toIsoDateTime } from './dates.js';
import { decodeEntities } from './entities.js';
import { finishRow, textOf } from './rows.js';
import type { ImportRow, ReadContext } from './types.js';

/** The header of the Twitter US Airline Sentiment file (CrowdFlower, on Kaggle). */
export const AIRLINE_COLUMNS = [
  'tweet_id',
  'airline_sentiment',
  'airline_sentiment_confidence',
  'negativereason',
  'negativereason_confidence',
  'airline',
  'airline_sentiment_gold',
  'name',
  'negativereason_gold',
  'retweet_count',
  'text',
  'tweet_coord',
  'tweet_created',
  'tweet_location',
  'user_timezone',
] as const;

/** The columns that identify the file; the sentiment label is no item field (imported only on `--labels`). */
const NEEDED = ['tweet_id', 'airline', 'name', 'text', 'tweet_created'] as const;

/** True when a CSV header is the airline file's. */
export function isAirlineHeader(header: readonly string[]): boolean {
  const names = new Set(header.map((h) => h.trim().toLowerCase()));
  return NEEDED.every((c) => names.has(c)) && names.has('airline_sentiment');
}

/**
 * Reads the Twitter US Airline Sentiment CSV: one tweet per row, platform `twitter`, brand = the airline,
 * author handle = `name`, `tweet_created` (`2015-02-24 11:35:52 -0800`) kept with its offset.
 */
export function readAirlineCsv(chunks: AsyncIterable<string>, ctx: ReadContext): AsyncIterable<ImportRow> {
  return readCsvRows(chunks, (header) => airlineMapper(header, ctx));
}

function airlineMapper(header: readonly string[], ctx: ReadContext): CsvRowMapper {
  const at = Object.fromEntries(
    [...NEEDED, 'airline_sentiment'].map((c) => [c, header.findIndex((h) => h.toLowerCase() === c)]),
  ) as Record<(typeof NEEDED)[number] | 'airline_sentiment', number>;
  return (line, fields) => {
    const get = (column: keyof typeof at): string | undefined => textOf(fields[at[column]]);
    const id = get('tweet_id');
    const handle = get('name');
    const created = get('tweet_created');
    const postedAt = toIsoDateTime(created);
    const issues: FieldIssue[] = [];
    if (!postedAt)
      issues.push({ path: 'postedAt', message: `unrecognised tweet_created "${created ?? ''}"` });
    const row = finishRow(
      line,
      {
        externalId: id,
        platform: ctx.platform ?? 'twitter',
        brand: ctx.brand ?? get('airline'),
        author: { handle },
        // Twitter escaped &, < and > in tweets: "A&amp;W" is "A&W" (issue #12).
        text: decodeEntities(fields[at.text] ?? ''),
        url: id
          ? `https://twitter.com/${handle ? encodeURIComponent(handle) : 'i/web'}/status/${id}`
          : undefined,
        postedAt,
      },
      issues,
    );
    const label = get('airline_sentiment')?.toLowerCase();
    return row.ok && isSentimentLabel(label) ? { ...row, label } : row;
  };
}

const isSentimentLabel = (v: string | undefined): v is SentimentLabel =>
  (SENTIMENT_LABELS as readonly string[]).includes(v ?? '');
