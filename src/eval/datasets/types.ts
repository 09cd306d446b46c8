import type { SentimentLabel } from '../../analysis/index.js';

/** One labelled text of an evaluation file, with the line it starts on (for messages). */
export interface EvalRecord {
  line: number;
  text: string;
  /** Gold sentiment; undefined where the record has no single one (a SemEval sentence with mixed polarities). */
  sentiment: SentimentLabel | undefined;
  /** Airline: the crowd's negative reason (`Late Flight`, …), empty for tweets that are not negative. */
  reason?: string;
  /** SemEval-2014: the aspect categories of the sentence, each with its polarity (incl. `conflict`). */
  aspects?: { category: string; polarity: string }[];
  /** GermEval 2017: whether the document is feedback about Deutsche Bahn at all. */
  relevant?: boolean;
}

/** What a reader makes of a file: the records, and how many were left out for having no text. */
export interface DatasetFile {
  records: EvalRecord[];
  /** Records whose text is empty (the Chinese sets have one each): nothing to predict from. */
  skipped: number;
}

/** A file that is not in the format its data set promises: names file, line and field. */
export class DatasetError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly field: string,
    problem: string,
  ) {
    super(`${file}:${line}: ${field}: ${problem}`);
    this.name = 'DatasetError';
  }
}
