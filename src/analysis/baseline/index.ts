export { BASELINE_MODEL, createBaselineAnalyzer } from './baseline.js';
