import { randomUUID } from 'node:crypto';
import { CompiledQuery, sql, type Kysely, type RawBuilder } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { SliceSize, yieldToEventLoop } from '../../core/slices.js';
import type { Dialect, RunEach } from '../database.js';
import type { DB } from '../schema.js';

/** A connection or a transaction, and the dialect it speaks: what every repository is built from. */
export interface Conn {
  db: Kysely<DB>;
  dialect: Dialect;
  /** SQLite, in a store transaction only: statements run once per row without Kysely (`RunEach`). */
  runEach?: RunEach;
}

export const newId = (): string => randomUUID();

/**
 * A time-ordered id (UUIDv7) for rows written in bulk and never handed out as a secret: new rows
 * land at the end of their primary-key index instead of at random places in it. Issue #13: with
 * random ids each batch of 500 items dirtied ~500 pages per index once the indexes outgrew the cache,
 * and the import slowed as the history grew.
 */
export const newSortableId = (): string => uuidv7();

export function parseJson<T>(text: string | null | undefined, fallback: T): T {
  if (text === null || text === undefined || text === '') return fallback;
  return JSON.parse(text) as T;
}

/** `a-b_c` slug of a display name: lowercase, ASCII letters/digits kept, other runs become one '-'. */
export function slugify(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return s === '' ? 'x' : s;
}

/** True when `e` is a unique-constraint violation on either dialect. */
export function isUniqueViolation(e: unknown): boolean {
  if (typeof e !== 'object' || e === null) return false;
  const code = (e as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Chunks of ids for `IN (…)` lists (SQLite allows 32,766 variables; stay far below). */
export function chunks<T>(xs: readonly T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += size) out.push(xs.slice(i, i + size));
  return out;
}

/** The text of `insertRows`' statements, by table, columns, conflict and row count (a few shapes each). */
const insertTexts = new Map<string, string>();

/**
 * Inserts `rows` (each a value per column, in `columns`' order) in statements of `perStatement` rows;
 * with `conflict`, a row whose key exists updates the `conflict.update` columns instead. The same
 * statement as Kysely's `insertInto(…).values(…).onConflict(…)` builds, but its text is made once
 * per shape and the values go in as they are: for the profile fold's upserts of 24 columns, Kysely
 * parsed and compiled each value anew (about 6 µs a row, docs/performance.md, stop 36). Names come
 * from the code, never from input. Every column takes the value given (undefined is NULL, never the
 * column's default).
 */
export async function insertRows<T extends keyof DB>(
  { db, dialect }: Conn,
  table: T,
  columns: readonly Extract<keyof DB[T], string>[],
  rows: readonly unknown[][],
  conflict?: {
    key: readonly Extract<keyof DB[T], string>[];
    update: readonly Extract<keyof DB[T], string>[];
  },
  perStatement = 400,
): Promise<void> {
  for (const part of chunks(rows, perStatement)) {
    const shape = `${dialect}\u0000${table}\u0000${columns.join()}\u0000${conflict?.key.join() ?? ''}\u0000${conflict?.update.join() ?? ''}\u0000${part.length}`;
    let text = insertTexts.get(shape);
    if (text === undefined) {
      let n = 0;
      const tuple = () => `(${columns.map(() => (dialect === 'postgres' ? `$${++n}` : '?')).join(', ')})`;
      const tuples = part.map(tuple).join(', ');
      const onConflict = conflict
        ? ` on conflict (${conflict.key.map((c) => `"${c}"`).join(', ')}) do ${
            conflict.update.length === 0
              ? 'nothing'
              : `update set ${conflict.update.map((c) => `"${c}" = excluded."${c}"`).join(', ')}`
          }`
        : '';
      text = `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values ${tuples}${onConflict}`;
      insertTexts.set(shape, text);
    }
    await db.executeQuery(CompiledQuery.raw(text, part.flat()));
  }
}

/** An opaque keyset cursor: the sort values of the last row read, JSON in base64url. */
export const encodeCursor = (parts: readonly string[]): string =>
  Buffer.from(JSON.stringify(parts)).toString('base64url');

/** The `n` sort values of a cursor from `encodeCursor`; undefined for none or anything else (a forged one). */
export function decodeCursor(cursor: string | undefined, n: number): string[] | undefined {
  if (!cursor) return undefined;
  try {
    const parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(parts) && parts.length === n && parts.every((p) => typeof p === 'string')
      ? parts
      : undefined;
  } catch {
    return undefined;
  }
}

/** A (time, id) cursor of a newest-first list. */
export function decodePair(cursor: string | undefined): [string, string] | undefined {
  const p = decodeCursor(cursor, 2);
  return p ? [p[0] ?? '', p[1] ?? ''] : undefined;
}

/** Where a newest-first (posted_at desc, id desc) keyset page stopped. */
export interface NewestKey {
  postedAt: string;
  id: string;
}

/**
 * The rows after `key` in newest-first order, on the columns of `alias` (`f` reads `f.posted_at`).
 * The leading `posted_at <= key` is what an index range can start at: with the `or` alone PostgreSQL
 * scanned from the newest row down to the key on every page, so a read of n rows cost n² (issue #13:
 * a detector's replay at 2.5 million items, 1.3 s for a page of 50 deep in it). SQLite derives the
 * range from the `or` itself; the bound costs it nothing.
 */
export function olderThan(key: NewestKey, alias?: string): RawBuilder<boolean> {
  const col = (c: string) => (alias ? `${alias}.${c}` : c);
  return keysetAfter(col('posted_at'), col('id'), key.postedAt, key.id);
}

/**
 * The rows after the cursor `(value, id)` in the order `col, idCol`, both `dir`: `(col, idCol) <
 * (value, id)` for newest first. With the leading `col <= value` (`>=` ascending) that an index
 * range starts at, for the reason `olderThan` gives: every keyset page of a list goes through here.
 */
export function keysetAfter(
  col: string,
  idCol: string,
  value: unknown,
  id: string,
  dir: 'asc' | 'desc' = 'desc',
): RawBuilder<boolean> {
  const [a, i] = [sql.ref(col), sql.ref(idCol)];
  const [op, bound] = dir === 'desc' ? [sql.raw('<'), sql.raw('<=')] : [sql.raw('>'), sql.raw('>=')];
  return sql<boolean>`(${a} ${bound} ${value} and (${a} ${op} ${value} or (${a} = ${value} and ${i} ${op} ${id})))`;
}

/**
 * Reads up to `limit` rows newest first in keyset pages, yielding to the event loop between them: on
 * SQLite one statement blocks every request until its last row (issue #13: the training's 50,000
 * texts and a detector's warm-up of 14 days). `page` is a fixed page size, or a `SliceSize` that sizes
 * each page by the time the last one took (read and take together; a cold page cache made a page of
 * 5,000 take 1.6 s). `read` runs one page after `key` (the first has none), ordered by posted_at and
 * id, both descending; `take` receives each page.
 */
export async function readNewestInPages<R extends { posted_at: unknown; id: string }>(
  limit: number,
  page: number | SliceSize,
  read: (key: NewestKey | undefined, size: number) => Promise<R[]>,
  take: (rows: R[]) => void | Promise<void>,
): Promise<void> {
  const sizer = typeof page === 'number' ? new SliceSize({ initial: page, min: page, max: page }) : page;
  let key: NewestKey | undefined;
  let done = 0;
  while (done < limit) {
    const { rows, size } = await sizer.timed(async (pageSize) => {
      const size = Math.min(pageSize, limit - done);
      const rows = await read(key, size);
      await take(rows);
      return { rows, size };
    });
    done += rows.length;
    const last = rows.at(-1);
    if (rows.length < size || !last) return;
    key = { postedAt: String(last.posted_at), id: last.id };
    await yieldToEventLoop();
  }
}
