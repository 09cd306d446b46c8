/**
 * Early warning, pure: series of counts per brand × touchpoint × platform, baselines, the spike
 * detector, the virality risk of single items, and backtests. No I/O; time comes from the events.
 */
export type * from './types.js';
export { ALERT_KINDS, BRAND_KINDS } from './types.js';
export {
  DAY,
  DEFAULT_SERIES_OPTIONS,
  HOUR,
  MINUTE,
  RESOLUTIONS,
  Series,
  SeriesStore,
  keyParts,
  reachWeight,
  seriesKey,
  type Bucket,
  type KeyParts,
  type Resolution,
  type SeriesOptions,
} from './series.js';
export {
  Baseline,
  DEFAULT_BASELINE_OPTIONS,
  winsorisedMean,
  type BaselineOptions,
  type Level,
} from './baseline.js';
export {
  DEFAULT_DETECTOR_OPTIONS,
  Detector,
  createDetector,
  riskyItemAlert,
  severity,
  type DetectorOptions,
} from './detector.js';
export { VIRALITY_WEIGHTS, viralityRisk, type ViralityRisk, type ViralityWeights } from './virality.js';
export { upperTail, logGamma, smallestSignificant } from './stats.js';
export {
  alertPeriods,
  injectionBacktest,
  profileBackground,
  quantile,
  random,
  replay,
  scoreAlerts,
  stormEvents,
  type BackgroundProfile,
  type Firing,
  type Incident,
  type IncidentScore,
  type Injection,
  type InjectionOptions,
  type InjectionReport,
  type ReplayResult,
  type Score,
  type StormSpec,
} from './backtest.js';
export { syntheticEvents, type SyntheticSpec } from './synthetic.js';
