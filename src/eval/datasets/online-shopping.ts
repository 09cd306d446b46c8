import { binaryLabel } from './labels.js';
import { cleanText, csvRows } from './source.js';
import type { DatasetFile } from './types.js';

const COLUMNS = ['cat', 'label', 'review'] as const;

/**
 * Reads online_shopping_10_cats CSV (`cat,label,review`, 1 positive, 0 negative; the header is
 * optional). The product category is not a label here. Empty reviews are skipped and counted.
 */
export async function readOnlineShopping(file: string): Promise<DatasetFile> {
  const out: DatasetFile = { records: [], skipped: 0 };
  for await (const { line, fields } of csvRows(file, COLUMNS)) {
    const sentiment = binaryLabel(file, line, 'label', fields[1] as string);
    const text = cleanText(fields[2] as string);
    if (text === '') out.skipped += 1;
    else out.records.push({ line, text, sentiment });
  }
  return out;
}
