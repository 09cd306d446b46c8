import { sentimentLabel } from './labels.js';
import { cleanText, csvRecords } from './source.js';
import { DatasetError, type DatasetFile } from './types.js';

/**
 * Reads the Twitter US Airline Sentiment CSV (Kaggle / CrowdFlower columns, header required; only
 * `airline_sentiment` and `text` must be there, `negativereason` and `tweet_id` are used when they
 * are). The Kaggle file repeats some tweets: a `tweet_id` seen before is skipped (and counted), so
 * that a train/test split cannot put the same tweet on both sides.
 */
export async function readAirline(file: string): Promise<DatasetFile> {
  const out: DatasetFile = { records: [], skipped: 0 };
  let columns: Map<string, number> | undefined;
  const seen = new Set<string>();
  for await (const { line, fields } of csvRecords(file)) {
    if (!columns) {
      columns = new Map(fields.map((name, i) => [name.trim(), i]));
      for (const required of ['airline_sentiment', 'text'])
        if (!columns.has(required))
          throw new DatasetError(file, line, required, 'missing from the header (is this the airline CSV?)');
      continue;
    }
    if (fields.length !== columns.size)
      throw new DatasetError(
        file,
        line,
        'record',
        `expected ${columns.size} fields as in the header, got ${fields.length}`,
      );
    const field = (name: string): string | undefined => {
      const i = columns?.get(name);
      return i === undefined ? undefined : fields[i];
    };
    const id = field('tweet_id');
    if (id !== undefined && id !== '') {
      if (seen.has(id)) {
        out.skipped += 1;
        continue;
      }
      seen.add(id);
    }
    const sentiment = sentimentLabel(file, line, 'airline_sentiment', field('airline_sentiment') ?? '');
    const text = cleanText(field('text') ?? '');
    if (text === '') out.skipped += 1;
    else out.records.push({ line, text, sentiment, reason: (field('negativereason') ?? '').trim() });
  }
  return out;
}
