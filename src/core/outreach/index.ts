/**
 * Outreach (issue #15): contact rules across surveys and review requests, consent per customer and
 * channel, the send log, and the e-mails that carry the asks.
 */
export * from './rules.js';
export type * from './ports.js';
export { scheduleAsks, SENDS_PER_JOB } from './schedule.js';
export type { Ask, OutreachDeps, ScheduleResult, ScheduledAsk } from './schedule.js';
