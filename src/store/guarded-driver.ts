import { setTimeout as sleep } from 'node:timers/promises';
import {
  CompiledQuery,
  type DatabaseConnection,
  type Dialect as KyselyDialect,
  type Driver,
  type QueryCompiler,
  type QueryResult,
  type TransactionSettings,
} from 'kysely';
import { cleanText } from '../core/clean-text.js';
import { AppError } from '../core/errors.js';

export interface GuardOptions {
  /**
   * SQLite only: whether the one connection is inside a transaction now. Outside one, a statement
   * that met SQLITE_BUSY changed nothing and is retried.
   */
  inTransaction?: () => boolean;
  /** SQLite only: `begin immediate` instead of `begin`. */
  immediate?: boolean;
  /** How long to go on retrying a statement that meets a locked database, in all. */
  busyRetryMs?: number;
}

/** Longest wait for another process's write lock, over the busy timeout's own waits. */
export const BUSY_RETRY_MS = 30_000;

/**
 * Wraps a Kysely dialect so that every statement, on either database:
 *
 * - sends its string parameters through `cleanText`: PostgreSQL refuses NUL in `text` (one `\u0000` in
 *   one item was a 500 and a lost batch, and one in a filter or a path id a 500); SQLite kept it. Now
 *   neither stores it, and a look-up by a value with a NUL finds what the value without it names;
 * - on SQLite, begins transactions with `BEGIN IMMEDIATE`. A deferred `BEGIN` reads first and takes
 *   the write lock at its first write; when another process (the CLI import beside `touchpoint serve`)
 *   holds it or committed meanwhile, SQLite answers SQLITE_BUSY at once, without the busy timeout
 *   (4 of 10 CLI imports beside the server failed so, issue #11). An immediate transaction waits for
 *   the write lock up front, under the busy timeout, before it has read anything;
 * - on SQLite, retries what met SQLITE_BUSY with nothing done (a `BEGIN`, a statement outside a
 *   transaction) with backoff, for up to `busyRetryMs`, yielding to the event loop between tries; then
 *   fails with `database_busy`, one line that says what to do.
 */
export function guardDialect(dialect: KyselyDialect, options: GuardOptions = {}): KyselyDialect {
  return {
    createAdapter: () => dialect.createAdapter(),
    createQueryCompiler: () => dialect.createQueryCompiler(),
    createIntrospector: (db) => dialect.createIntrospector(db),
    createDriver: () => new GuardedDriver(dialect.createDriver(), options),
  };
}

class GuardedDriver implements Driver {
  readonly #inner: Driver;
  readonly #options: GuardOptions;
  readonly #wrapperOf = new WeakMap<DatabaseConnection, GuardedConnection>();

  constructor(inner: Driver, options: GuardOptions) {
    this.#inner = inner;
    this.#options = options;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection();
    let wrapper = this.#wrapperOf.get(inner);
    if (!wrapper) {
      wrapper = new GuardedConnection(inner, this.#options);
      this.#wrapperOf.set(inner, wrapper);
    }
    return wrapper;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    if (this.#options.immediate) {
      await connection.executeQuery(CompiledQuery.raw('begin immediate'));
      return;
    }
    await this.#inner.beginTransaction(innerOf(connection), settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(innerOf(connection));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(innerOf(connection));
  }

  async savepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#inner.savepoint?.(innerOf(connection), name, compile);
  }

  async rollbackToSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#inner.rollbackToSavepoint?.(innerOf(connection), name, compile);
  }

  async releaseSavepoint(
    connection: DatabaseConnection,
    name: string,
    compile: QueryCompiler['compileQuery'],
  ): Promise<void> {
    await this.#inner.releaseSavepoint?.(innerOf(connection), name, compile);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(innerOf(connection));
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

const innerOf = (connection: DatabaseConnection): DatabaseConnection =>
  connection instanceof GuardedConnection ? connection.inner : connection;

class GuardedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly options: GuardOptions,
  ) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    const query = cleanQuery(compiledQuery);
    const { inTransaction } = this.options;
    if (!inTransaction) return this.inner.executeQuery<R>(query);
    const deadline = Date.now() + (this.options.busyRetryMs ?? BUSY_RETRY_MS);
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.inner.executeQuery<R>(query);
      } catch (error) {
        // Inside a transaction (begun immediate, so it holds the write lock) a busy answer cannot be
        // retried alone; outside one, or for the `begin` itself, nothing happened yet.
        if (!isBusy(error) || inTransaction()) throw translate(error);
        if (Date.now() >= deadline) throw translate(error);
        await sleep(Math.min(25 * 2 ** attempt, 500));
      }
    }
  }

  streamQuery<R>(compiledQuery: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(cleanQuery(compiledQuery), chunkSize);
  }
}

function cleanQuery(query: CompiledQuery): CompiledQuery {
  const { parameters } = query;
  let changed = false;
  const cleaned = parameters.map((p) => {
    if (typeof p !== 'string') return p;
    const c = cleanText(p);
    if (c !== p) changed = true;
    return c;
  });
  return changed ? { ...query, parameters: cleaned } : query;
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY');
}

/** SQLITE_BUSY as an error with a stable code and one line that says what happened and what to do. */
function translate(error: unknown): unknown {
  if (!isBusy(error)) return error;
  return new AppError(
    'database_busy',
    'The SQLite database stayed locked by another process (a running `touchpoint serve` or import?) for too long; try again, or run the import through the server (the web import or POST /api/v1/imports).',
  );
}
