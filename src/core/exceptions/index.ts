export * from './types.js';
export * from './defaults.js';
export * from './rules.js';
export * from './ledger.js';
export * from './commands.js';
