import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { SliceSize } from '../../core/slices.js';
import { keysetAfter, olderThan, readNewestInPages } from './util.js';

interface T {
  t: { id: string; posted_at: string };
}

describe('readNewestInPages', () => {
  const db = new Kysely<T>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
  afterAll(() => db.destroy());

  it('reads every row once, newest first, across pages whose edge falls inside a tie; on an aliased table', async () => {
    await db.schema.createTable('t').addColumn('id', 'text').addColumn('posted_at', 'text').execute();
    // Seven rows, three of them at one time across the first page's edge (pages of 3).
    const rows = [
      ['a', '2026-01-01'],
      ['b', '2026-01-02'],
      ['c', '2026-01-03'],
      ['d', '2026-01-03'],
      ['e', '2026-01-03'],
      ['f', '2026-01-04'],
      ['g', '2026-01-05'],
    ].map(([id, posted_at]) => ({ id: id ?? '', posted_at: posted_at ?? '' }));
    await db.insertInto('t').values(rows).execute();
    const read = async (limit: number) => {
      const pages: string[][] = [];
      await readNewestInPages(
        limit,
        3,
        (key, size) => {
          let q = db.selectFrom('t as f').select(['f.id', 'f.posted_at']);
          if (key) q = q.where(olderThan(key, 'f'));
          return q.orderBy('f.posted_at', 'desc').orderBy('f.id', 'desc').limit(size).execute();
        },
        (page) => {
          pages.push(page.map((r) => r.id));
        },
      );
      return pages;
    };
    expect(await read(100)).toEqual([['g', 'f', 'e'], ['d', 'c', 'b'], ['a']]);
    expect(await read(5)).toEqual([
      ['g', 'f', 'e'],
      ['d', 'c'],
    ]);
    expect(await read(0)).toEqual([]);
  });

  it('starts each page at its key in the index, not at the newest row', async () => {
    await db.schema.createIndex('t_posted').on('t').columns(['posted_at', 'id']).execute();
    const q = db
      .selectFrom('t as f')
      .select(['f.id'])
      .where(olderThan({ postedAt: '2026-01-03', id: 'd' }, 'f'))
      .orderBy('f.posted_at', 'desc')
      .orderBy('f.id', 'desc')
      .limit(3)
      .compile();
    const { rows } = await db.executeQuery<{ detail: string }>({
      ...q,
      sql: `explain query plan ${q.sql}`,
    });
    // A range on posted_at (`<?`), not a scan of the whole index from its newest end.
    expect(rows.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX t_posted \(posted_at<\?\)/);
  });

  it('reads ascending pages after their key too, from a range', async () => {
    const page = (after: [string, string]) =>
      db
        .selectFrom('t as f')
        .select(['f.id'])
        .where(keysetAfter('f.posted_at', 'f.id', after[0], after[1], 'asc'))
        .orderBy('f.posted_at')
        .orderBy('f.id')
        .limit(3);
    expect((await page(['2026-01-03', 'c']).execute()).map((r) => r.id)).toEqual(['d', 'e', 'f']);
    const q = page(['2026-01-03', 'c']).compile();
    const { rows } = await db.executeQuery<{ detail: string }>({ ...q, sql: `explain query plan ${q.sql}` });
    expect(rows.map((r) => r.detail).join(' ')).toMatch(/USING (COVERING )?INDEX t_posted \(posted_at>\?\)/);
  });
});

describe('readNewestInPages with a SliceSize', () => {
  it('sizes each page by the time the last one took', async () => {
    let t = 0;
    const sizes: number[] = [];
    const ids = Array.from({ length: 40 }, (_, i) => ({ id: String(1000 - i), posted_at: '2026-01-01' }));
    let at = 0;
    await readNewestInPages(
      100,
      new SliceSize({ initial: 8, min: 2, max: 16, budgetMs: 20, now: () => t }),
      (_key, size) => {
        sizes.push(size);
        t += size * (sizes.length === 1 ? 10 : 1); // the first page is slow (a cold cache), the rest fast
        const page = ids.slice(at, at + size);
        at += page.length;
        return Promise.resolve(page);
      },
      () => undefined,
    );
    // 8 in 80 ms → 2; then fast: 4, 8, 16, 16 (the last short page ends the read).
    expect(sizes).toEqual([8, 2, 4, 8, 16, 16]);
    expect(at).toBe(40);
  });
});
