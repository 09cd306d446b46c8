import type { SentimentLabel } from '../../analysis/index.js';
import { cleanText, csvRows } from './source.js';
import { DatasetError, type DatasetFile } from './types.js';

const COLUMNS = ['index', 'review_text', 'stars'] as const;

/** Stars as the issue maps them: 1–2 negative, 3 neutral, 4–5 positive. */
function starsLabel(file: string, line: number, value: string): SentimentLabel {
  const stars = Number(value.trim());
  if (!Number.isInteger(stars) || stars < 1 || stars > 5 || value.trim() === '')
    throw new DatasetError(file, line, 'stars', `expected a whole number 1–5, got ${JSON.stringify(value)}`);
  return stars <= 2 ? 'negative' : stars === 3 ? 'neutral' : 'positive';
}

/**
 * Reads the MARC (Multilingual Amazon Reviews Corpus) CSV `index,review_text,stars` (header optional).
 * Empty reviews are skipped and counted.
 */
export async function readMarc(file: string): Promise<DatasetFile> {
  const out: DatasetFile = { records: [], skipped: 0 };
  for await (const { line, fields } of csvRows(file, COLUMNS)) {
    const sentiment = starsLabel(file, line, fields[2] as string);
    const text = cleanText(fields[1] as string);
    if (text === '') out.skipped += 1;
    else out.records.push({ line, text, sentiment });
  }
  return out;
}
