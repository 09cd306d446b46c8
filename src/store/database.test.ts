import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { importCacheMb, openDatabase, type Database } from './database.js';

const GiB = 2 ** 30;

describe('importCacheMb', () => {
  it('takes 1 GB, or a sixteenth of the memory where that is less, and never under 2 MB', () => {
    expect(importCacheMb(64 * GiB)).toBe(1024);
    expect(importCacheMb(16 * GiB)).toBe(1024);
    expect(importCacheMb(8 * GiB)).toBe(512);
    expect(importCacheMb(2 * GiB)).toBe(128);
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
