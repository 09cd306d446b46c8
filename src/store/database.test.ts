import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { importCacheMb, openDatabase, type Database } from './database.js';

const GiB = 2 ** 30;

describe('importCacheMb', () => {
  it('takes 2 GB, or a twelfth of the memory where that is less, and never under 2 MB', () => {
    expect(importCacheMb(64 * GiB)).toBe(2048);
    expect(importCacheMb(24 * GiB)).toBe(2048);
    expect(importCacheMb(12 * GiB)).toBe(1024);
    expect(importCacheMb(3 * GiB)).toBe(256);
    expect(importCacheMb(16 * 2 ** 20)).toBe(2);
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
});
