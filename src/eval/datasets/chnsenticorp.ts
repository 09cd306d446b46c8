import { binaryLabel } from './labels.js';
import { cleanText, csvRows } from './source.js';
import type { DatasetFile } from './types.js';

const COLUMNS = ['label', 'review'] as const;

/**
 * Reads ChnSentiCorp CSV (`label,review`, 1 positive, 0 negative; the header is optional). Empty
 * reviews are skipped and counted.
 */
export async function readChnSentiCorp(file: string): Promise<DatasetFile> {
  const out: DatasetFile = { records: [], skipped: 0 };
  for await (const { line, fields } of csvRows(file, COLUMNS)) {
    const sentiment = binaryLabel(file, line, 'label', fields[0] as string);
    const text = cleanText(fields[1] as string);
    if (text === '') out.skipped += 1;
    else out.records.push({ line, text, sentiment });
  }
  return out;
}
