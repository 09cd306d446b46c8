/**
 * Live alerts (issue #5): detection at ingest over the pure detector of `src/warn`, the stored alert
 * lifecycle, notification rules (preferences, quiet hours) and delivery over e-mail, Slack and
 * signed webhooks.
 */
export * from './types.js';
export * from './live.js';
export * from './notify.js';
export * from './deliver.js';
export * from './commands.js';
