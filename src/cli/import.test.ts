import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/index.js';
import { importCacheMb } from '../store/index.js';
import { describeRejections, importConfig } from './import.js';

describe('importConfig', () => {
  const cacheOf = (env: Record<string, string>, flag?: number) => {
    const db = importConfig(loadConfig(env), flag).database;
    return db.dialect === 'sqlite' ? db.cacheMb : 'postgres';
  };
  it("gives SQLite the import's cache: --cache-mb, else TOUCHPOINT_SQLITE_CACHE_MB, else importCacheMb()", () => {
    expect(cacheOf({})).toBe(importCacheMb());
    expect(cacheOf({ TOUCHPOINT_SQLITE_CACHE_MB: '64' })).toBe(64);
    expect(cacheOf({ TOUCHPOINT_SQLITE_CACHE_MB: '64' }, 128)).toBe(128);
    expect(cacheOf({ TOUCHPOINT_DATABASE_URL: 'postgres://127.0.0.1/test' }, 128)).toBe('postgres');
  });
  it("keeps SQLite's temporary files in memory for the import only", () => {
    const temp = (cfg: ReturnType<typeof loadConfig>) =>
      cfg.database.dialect === 'sqlite' ? cfg.database.tempInMemory : 'postgres';
    expect(temp(importConfig(loadConfig({})))).toBe(true);
    expect(temp(loadConfig({}))).toBeUndefined();
  });
});

describe('describeRejections', () => {
  it('lists varied reasons line by line and folds a repeated reason into one line', () => {
    const rejections = [
      { line: 3, reason: 'rating: not a number ("abc")' },
      ...Array.from({ length: 7 }, (_, i) => ({ line: 10 + i, reason: 'text: missing' })),
      { line: 40, reason: 'postedAt: not a date' },
    ];
    expect(describeRejections('f.csv', rejections, 9)).toEqual([
      '  f.csv:3: rating: not a number ("abc")',
      '  f.csv:10,11,12,13,14,… (7 rows): text: missing',
      '  f.csv:40: postedAt: not a date',
    ]);
  });

  it('says how many rejected rows were not kept', () => {
    expect(describeRejections('f.csv', [{ line: 2, reason: 'x' }], 5000).at(-1)).toMatch(
      /… and 4999 more rejected rows/,
    );
  });
});
