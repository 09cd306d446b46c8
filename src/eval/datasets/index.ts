/** Readers of the labelled evaluation files, one per format, and what each data set is. */
import { open } from 'node:fs/promises';

import type { SentimentLabel } from '../../analysis/index.js';
import { readAirline } from './airline.js';
import { readChnSentiCorp } from './chnsenticorp.js';
import { readGermevalTsv } from './germeval-tsv.js';
import { readGermevalXml } from './germeval-xml.js';
import { readMarc } from './marc.js';
import { readOnlineShopping } from './online-shopping.js';
import { readSemeval } from './semeval.js';
import { readUci } from './uci.js';
import type { DatasetFile } from './types.js';

export type { DatasetFile, EvalRecord } from './types.js';
export { DatasetError } from './types.js';
export { sentencePolarity } from './semeval.js';

/** GermEval comes as XML or TSV: the first non-blank character of the file tells which. */
async function readGermeval(file: string): Promise<DatasetFile> {
  const handle = await open(file, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(512), 0, 512, 0);
    const head = buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
    return head.startsWith('<') ? readGermevalXml(file) : readGermevalTsv(file);
  } finally {
    await handle.close();
  }
}

const THREE: readonly SentimentLabel[] = ['negative', 'neutral', 'positive'];
const BINARY: readonly SentimentLabel[] = ['negative', 'positive'];

export interface DatasetSpec {
  read: (file: string) => Promise<DatasetFile>;
  /** The gold sentiment classes: a binary set scores a `neutral` prediction as wrong. */
  labels: readonly SentimentLabel[];
  /** `en` runs the English peers (VADER, AFINN); `mixed`: they run when most texts are English. */
  language: 'en' | 'de' | 'zh' | 'mixed';
  format: string;
}

/** The data sets `touchpoint eval --dataset` knows. */
export const DATASETS = {
  airline: { read: readAirline, labels: THREE, language: 'en', format: 'Twitter US Airline Sentiment CSV' },
  semeval2014: { read: readSemeval, labels: THREE, language: 'en', format: 'SemEval-2014 Task 4 XML' },
  germeval2017: { read: readGermeval, labels: THREE, language: 'de', format: 'GermEval 2017 XML or TSV' },
  chnsenticorp: { read: readChnSentiCorp, labels: BINARY, language: 'zh', format: 'CSV label,review' },
  'online-shopping': {
    read: readOnlineShopping,
    labels: BINARY,
    language: 'zh',
    format: 'CSV cat,label,review',
  },
  marc: { read: readMarc, labels: THREE, language: 'mixed', format: 'CSV index,review_text,stars' },
  uci: { read: readUci, labels: BINARY, language: 'en', format: 'sentence<TAB>label lines' },
} as const satisfies Record<string, DatasetSpec>;

export type DatasetName = keyof typeof DATASETS;
export const DATASET_NAMES = Object.keys(DATASETS) as DatasetName[];

/** Reads `file` in the format of data set `name`. */
export function readDataset(name: DatasetName, file: string): Promise<DatasetFile> {
  const spec: DatasetSpec = DATASETS[name];
  return spec.read(file);
}
