import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';

import { relevanceFlag } from './germeval-xml.js';
import { sentimentLabel } from './labels.js';
import { cleanText, fileChunks } from './source.js';
import { DatasetError, type DatasetFile } from './types.js';

/**
 * Reads GermEval 2017 TSV (no header): `url \t text \t relevance \t sentiment [\t aspects]`, one
 * document per line. Quotes are text here (the files double some, but never quote a whole field).
 */
export async function readGermevalTsv(file: string): Promise<DatasetFile> {
  const out: DatasetFile = { records: [], skipped: 0 };
  const lines = createInterface({ input: Readable.from(fileChunks(file)), crlfDelay: Infinity });
  let line = 0;
  for await (const raw of lines) {
    line += 1;
    if (raw.trim() === '') continue;
    const fields = raw.split('\t');
    if (fields.length < 4 || fields.length > 5)
      throw new DatasetError(
        file,
        line,
        'record',
        `expected 4 or 5 tab-separated fields (url, text, relevance, sentiment, aspects), got ${fields.length}`,
      );
    const relevant = relevanceFlag(file, line, fields[2] as string);
    const sentiment = sentimentLabel(file, line, 'sentiment', fields[3] as string);
    const text = cleanText(fields[1] as string);
    if (text === '') out.skipped += 1;
    else out.records.push({ line, text, sentiment, relevant });
  }
  return out;
}
