export { importCacheMb, openDatabase, type Database, type Dialect } from './database.js';
export { migrateToLatest } from './migrate.js';
export { createStore } from './store.js';
export type { DB } from './schema.js';
