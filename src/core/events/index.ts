/** Customer events and survey triggers (issue #15, slice D): the public names. */
export * from './events.js';
export type * from './ports.js';
