import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/store/database.js';
import { insertRows, type Conn } from '../src/store/repos/util.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';

/**
 * `insertRows`: the multi-row insert and upsert whose text is made once per shape (issue #13, the
 * profile fold's hot path). The rows land as given, in statements of `perStatement` rows, and a
 * conflict updates only the columns named — on both databases (PostgreSQL numbers its placeholders
 * across every row of a statement).
 */
describe.each(DIALECTS)('insertRows on %s', (dialect) => {
  let test: TestDatabase;
  let database: Database;
  let conn: Conn;
  // A scratch table outside the schema's types: the helper is typed by the schema's tables.
  const table = 'scratch' as never;
  const read = async () =>
    (
      await sql<{
        k: string;
        v: number | null;
        note: string;
      }>`select k, v, note from scratch order by k`.execute(database.db)
    ).rows.map((r) => ({ ...r, v: r.v === null ? null : Number(r.v) }));

  beforeAll(async () => {
    test = await freshDatabase(dialect);
    database = openDatabase(test.config.database);
    conn = { db: database.db, dialect: database.dialect };
    await sql`create table scratch (k text primary key, v integer, note text not null)`.execute(database.db);
  });
  afterAll(async () => {
    await database?.destroy();
    await test?.drop();
  });

  it('inserts every row, in statements of perStatement rows, values as given', async () => {
    const rows = [
      ['a', 1, 'plain'],
      ['b', null, 'it\'s "quoted"'],
      ['c', 3, '=cmd|x'],
      ['d', 4, 'ünïcødé ✓'],
      ['e', 5, ''],
    ];
    await insertRows(conn, table, ['k', 'v', 'note'] as never, rows, undefined, 2);
    expect(await read()).toEqual(rows.map(([k, v, note]) => ({ k, v, note })));
  });

  it('updates only the named columns of a row whose key exists, and inserts the others', async () => {
    await insertRows(
      conn,
      table,
      ['k', 'v', 'note'] as never,
      [
        ['a', 10, 'not written'],
        ['f', 6, 'new'],
        ['c', 30, 'not written either'],
      ],
      { key: ['k'] as never, update: ['v'] as never },
      2,
    );
    const rows = await read();
    expect(rows.find((r) => r.k === 'a')).toEqual({ k: 'a', v: 10, note: 'plain' });
    expect(rows.find((r) => r.k === 'c')).toEqual({ k: 'c', v: 30, note: '=cmd|x' });
    expect(rows.find((r) => r.k === 'f')).toEqual({ k: 'f', v: 6, note: 'new' });
    expect(rows).toHaveLength(6);
  });

  it('leaves existing rows alone with nothing to update, and writes nothing for no rows', async () => {
    await insertRows(conn, table, ['k', 'v', 'note'] as never, [['a', 99, 'x']], {
      key: ['k'] as never,
      update: [],
    });
    await insertRows(conn, table, ['k', 'v', 'note'] as never, []);
    const rows = await read();
    expect(rows.find((r) => r.k === 'a')).toEqual({ k: 'a', v: 10, note: 'plain' });
    expect(rows).toHaveLength(6);
  });
});
