export * from './stats.js';
export * from './drivers.js';
