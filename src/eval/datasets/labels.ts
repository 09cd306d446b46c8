import { SENTIMENT_LABELS, type SentimentLabel } from '../../analysis/index.js';
import { DatasetError } from './types.js';

/** `1` → positive, `0` → negative: the binary label of the Chinese sets and UCI. */
export function binaryLabel(file: string, line: number, field: string, value: string): SentimentLabel {
  const v = value.trim();
  if (v === '1') return 'positive';
  if (v === '0') return 'negative';
  throw new DatasetError(file, line, field, `expected 0 or 1, got ${JSON.stringify(value)}`);
}

/** `negative` | `neutral` | `positive` (any case, surrounding spaces ignored). */
export function sentimentLabel(file: string, line: number, field: string, value: string): SentimentLabel {
  const v = value.trim().toLowerCase();
  if ((SENTIMENT_LABELS as readonly string[]).includes(v)) return v as SentimentLabel;
  throw new DatasetError(
    file,
    line,
    field,
    `expected one of ${SENTIMENT_LABELS.join(', ')}, got ${JSON.stringify(value)}`,
  );
}
