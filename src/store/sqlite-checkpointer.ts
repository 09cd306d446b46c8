import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type SqliteDatabase from 'better-sqlite3';

/**
 * WAL checkpoints on a thread of their own (issue #13). SQLite's default checkpoints inside the commit
 * that passes 1,000 WAL pages: the committing thread — the event loop of the server or the importer —
 * copies every changed page back into the database file and waits for `fsync`. At a few million items
 * a commit of one import batch changes thousands of pages all over the file, so that wait became a
 * growing share of each item's time (the importer stood idle in I/O while the second core did
 * nothing). Here a worker thread opens its own connection and runs `PRAGMA wal_checkpoint(PASSIVE)`
 * whenever the WAL holds frames it has not copied; PASSIVE never waits for readers or writers, and the
 * writer keeps appending to the WAL meanwhile. The writer's own automatic checkpoint stays as a backstop
 * at a larger size (`WRITER_AUTOCHECKPOINT_PAGES`), so the WAL stays bounded if this thread falls behind
 * or stops.
 */

/** The writer's backstop: it checkpoints itself only past this many WAL pages (128 MB of 4 KB pages). */
export const WRITER_AUTOCHECKPOINT_PAGES = 32_768;

/**
 * The backstop for a writer whose page cache holds `cacheBytes`: at least WRITER_AUTOCHECKPOINT_PAGES,
 * and above what one commit can write. A commit writes every page its transaction changed, and those
 * wait in the cache. With a backstop below that, a large transaction's own commit passed it and the
 * writer copied the whole commit back itself, waiting on `fsync`. Above it, the thread copies those
 * frames while the writer goes on: a fold of the profile log commits in 1.1–1.3 s instead of 2.1–2.4 s
 * at one to two million items (docs/performance.md, stop 36).
 */
export function backstopPages(cacheBytes: number, pageSize: number): number {
  return Math.max(WRITER_AUTOCHECKPOINT_PAGES, Math.ceil(cacheBytes / pageSize));
}
/** SQLite's default, which the writer goes back to if the thread fails: checkpoints in the commit. */
const DEFAULT_AUTOCHECKPOINT_PAGES = 1000;
/** After a WAL reset SQLite truncates the file to this size, so one burst does not keep a huge WAL. */
const JOURNAL_SIZE_LIMIT_BYTES = 64 * 1024 * 1024;
/** How often the thread looks for new WAL frames; a look with nothing to copy costs microseconds. */
const POLL_MS = 100;

/** Frames in the WAL and frames copied back, as the last checkpoint reported them. */
export interface CheckpointProgress {
  /** Passes of the thread that copied frames into the database file. */
  checkpoints: number;
  lastLogFrames: number;
  lastCheckpointedFrames: number;
}

export interface SqliteCheckpointer {
  /** Copies what the WAL holds now and answers with the result (tests, and `stop`'s last pass). */
  checkpointNow(): Promise<CheckpointProgress>;
  /** Ends the thread after a last passive checkpoint; the database stays consistent either way. */
  stop(): Promise<void>;
}

// The worker's code, evaluated as CommonJS in the thread: it loads the same better-sqlite3 build as
// the main thread (the resolved path is passed in), so no second file has to exist next to the bundle
// or the TypeScript sources.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const progress = { checkpoints: 0, lastLogFrames: 0, lastCheckpointedFrames: 0 };
function checkpoint() {
  try {
    const [row] = db.pragma('wal_checkpoint(PASSIVE)');
    // A pass that found nothing new reports the same counts again; count only passes that copied.
    if (row.checkpointed > 0 && (row.log !== progress.lastLogFrames || row.checkpointed !== progress.lastCheckpointedFrames)) {
      progress.checkpoints += 1;
      progress.lastLogFrames = row.log;
      progress.lastCheckpointedFrames = row.checkpointed;
    }
    return row;
  } catch (err) {
    if (err && typeof err.code === 'string' && err.code.startsWith('SQLITE_BUSY')) return undefined;
    throw err;
  }
}
function loop() {
  const row = checkpoint();
  // More frames than were copied: the writer is ahead, go again at once (after other messages).
  timer = setTimeout(loop, row && row.log > row.checkpointed ? 0 : workerData.pollMs);
}
let timer = setTimeout(loop, workerData.pollMs);
parentPort.on('message', (message) => {
  if (message === 'now') {
    checkpoint();
    parentPort.postMessage({ progress });
  } else if (message === 'stop') {
    clearTimeout(timer);
    checkpoint();
    db.close();
    parentPort.close();
  }
});
`;

/**
 * Starts the checkpoint thread for the SQLite file that `writer` has open in WAL mode, and moves the
 * writer's own checkpoint to the backstop. If the thread fails, the writer goes back to SQLite's
 * default (checkpoints in the commit) and `onError` hears why.
 */
export function startSqliteCheckpointer(
  writer: SqliteDatabase.Database,
  onError: (error: Error) => void,
): SqliteCheckpointer {
  const file = writer.name;
  // cache_size: pages when positive, KiB when negative.
  const cache = writer.pragma('cache_size', { simple: true }) as number;
  const pageSize = writer.pragma('page_size', { simple: true }) as number;
  writer.pragma(
    `wal_autocheckpoint = ${backstopPages(cache < 0 ? -cache * 1024 : cache * pageSize, pageSize)}`,
  );
  writer.pragma(`journal_size_limit = ${JOURNAL_SIZE_LIMIT_BYTES}`);
  const driver = createRequire(import.meta.url).resolve('better-sqlite3');
  const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { file, driver, pollMs: POLL_MS } });
  // A process that forgets to close its database must still be able to exit.
  worker.unref();
  let failed: Error | undefined;
  const stopped = () => failed ?? new Error(`the SQLite checkpoint thread for ${file} has stopped`);
  worker.on('error', (err: unknown) => {
    // better-sqlite3's SqliteError crosses the thread boundary as a plain object with its code only.
    failed =
      err instanceof Error
        ? err
        : new Error(
            `SQLite checkpoint thread for ${file}: ${(err as { code?: string } | null)?.code ?? String(err)}`,
          );
    if (writer.open) writer.pragma(`wal_autocheckpoint = ${DEFAULT_AUTOCHECKPOINT_PAGES}`);
    onError(failed);
  });
  // Not events.once: it rejects on the thread's 'error' event with the raw, uncloned value.
  let running = true;
  const exited = new Promise<void>((resolve) =>
    worker.once('exit', () => {
      running = false;
      resolve();
    }),
  );
  return {
    checkpointNow() {
      return new Promise<CheckpointProgress>((resolve, reject) => {
        if (!running) {
          reject(stopped());
          return;
        }
        const onMessage = (message: { progress: CheckpointProgress }) => {
          worker.off('exit', onExit);
          resolve(message.progress);
        };
        const onExit = () => {
          worker.off('message', onMessage);
          reject(stopped());
        };
        worker.once('message', onMessage);
        worker.once('exit', onExit);
        worker.postMessage('now');
      });
    },
    async stop() {
      // Held while it ends: an unreferenced thread would let the process exit before its last pass.
      worker.ref();
      if (running) worker.postMessage('stop');
      await exited;
    },
  };
}
