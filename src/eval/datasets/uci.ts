import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

import { binaryLabel } from './labels.js';
import { cleanText, fileChunks } from './source.js';
import { DatasetError, type DatasetFile } from './types.js';

/**
 * Reads the UCI "Sentiment Labelled Sentences" format: one `sentence\tlabel` per line, 1 positive,
 * 0 negative (the label is after the last tab, so a tab inside the sentence does no harm). Blank lines
 * and a `sentence\tlabel` header are skipped.
 */
export async function readUci(file: string): Promise<DatasetFile> {
  const out: DatasetFile = { records: [], skipped: 0 };
  const lines = createInterface({ input: Readable.from(fileChunks(file)), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    if (raw.trim() === '') continue;
    const tab = raw.lastIndexOf('\t');
    if (tab === -1) throw new DatasetError(file, line, 'label', 'no tab: expected `sentence<TAB>label`');
    const [sentence, label] = [raw.slice(0, tab), raw.slice(tab + 1)];
    if (line === 1 && sentence.trim().toLowerCase() === 'sentence' && label.trim().toLowerCase() === 'label')
      continue;
    const sentiment = binaryLabel(file, line, 'label', label);
    const text = cleanText(sentence);
    if (text === '') out.skipped += 1;
    else out.records.push({ line, text, sentiment });
  }
  return out;
}
