// Streaming readers of customer-feedback export files into FeedbackInputs: see read.ts for the entry point.
export { IMPORT_FORMATS } from './types.js';
export type { ImportFormat, ImportOptions, ImportRow } from './types.js';
export { parseMap } from './generic.js';
export { detectFormat } from './detect.js';
export { readImport } from './read.js';
export { canonicalEncoding } from './encoding.js';
