/**
 * Training off the event loop (issue #13: on PostgreSQL, training the workspace model at a million
 * items blocked every request for 114 s). Cross-validation and training run in a worker thread; the
 * process keeps answering while it works.
 */
import { Worker } from 'node:worker_threads';
import type {
  CrossValidation,
  Example,
  SerializedClassifier,
  TrainOptions,
} from '../../analysis/learn/index.js';

export interface TrainRequest {
  examples: Example[];
  options: TrainOptions;
}

export interface TrainResult {
  cv: CrossValidation;
  data: SerializedClassifier;
}

/**
 * Cross-validates (5 folds) and trains a classifier in a worker thread, resolving with the figures and
 * the serialised model; rejects when the thread fails. Under the TypeScript sources (tests, `tsx`) the
 * thread loads them through tsx; the built server runs the compiled file.
 *
 * @example
 * const { cv, data } = await trainOffThread(examples, { classWeight: 'balanced', name: 'workspace-sentiment' });
 */
export function trainOffThread(examples: Example[], options: TrainOptions): Promise<TrainResult> {
  const workerData = { examples, options } satisfies TrainRequest;
  const worker = import.meta.url.endsWith('.ts')
    ? // The sources (vitest, tsx): the thread registers tsx's loader, then loads the TypeScript entry.
      new Worker(
        `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(
          new URL('./train-worker.ts', import.meta.url).href,
        )}); });`,
        { eval: true, workerData },
      )
    : new Worker(new URL('./train-worker.js', import.meta.url), { workerData });
  return new Promise<TrainResult>((resolve, reject) => {
    let settled = false;
    worker.once('message', (result: TrainResult) => {
      settled = true;
      resolve(result);
    });
    worker.once('error', (err) => {
      settled = true;
      reject(err);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the training thread stopped (exit code ${code}) without a model`));
    });
  });
}
