import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { importCacheMb, openDatabase, type Database } from './database.js';

const GiB = 2 ** 30;

describe('importCacheMb', () => {
  it('takes a sixth of the memory, at most 4 GB, and never under 2 MB', () => {
    expect(importCacheMb(64 * GiB)).toBe(4096);
    expect(importCacheMb(24 * GiB)).toBe(4096);
    expect(importCacheMb(16 * GiB)).toBe(2730);
    expect(importCacheMb(8 * GiB)).toBe(1365);
    expect(importCacheMb(2 * GiB)).toBe(341);
    expect(importCacheMb(12 * 2 ** 20)).toBe(2);
  });
});

describe('openDatabase on SQLite', () => {
  let database: Database | undefined;
  afterEach(async () => {
    await database?.destroy();
    database = undefined;
  });
  const cacheSize = async (d: Database) =>
    (await sql<{ cache_size: number }>`pragma cache_size`.execute(d.db)).rows[0]?.cache_size;

  it("sets the page cache the configuration names, in KiB as SQLite counts it, else keeps better-sqlite3's 16 MB", async () => {
    database = openDatabase({ dialect: 'sqlite', file: ':memory:', cacheMb: 300 });
    expect(await cacheSize(database)).toBe(-300 * 1024);
    await database.destroy();
    database = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    expect(await cacheSize(database)).toBe(-16000);
  });

  it('keeps temporary files in memory where the configuration says so (an import), else on disk', async () => {
    const tempStore = async (d: Database) =>
      (await sql<{ temp_store: number }>`pragma temp_store`.execute(d.db)).rows[0]?.temp_store;
    database = openDatabase({ dialect: 'sqlite', file: ':memory:', tempInMemory: true });
    expect(await tempStore(database)).toBe(2); // MEMORY
    await database.destroy();
    database = openDatabase({ dialect: 'sqlite', file: ':memory:' });
    expect(await tempStore(database)).toBe(0); // DEFAULT: better-sqlite3's build keeps them in files
  });
});
