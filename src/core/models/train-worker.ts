/**
 * The body of a training thread (see `train-thread.ts`): cross-validates and trains the workspace
 * classifier from the examples it is handed, and posts back the figures and the serialised model.
 * Pure CPU work from `src/analysis/learn`; no database, no I/O besides the message.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { crossValidate, trainClassifier } from '../../analysis/learn/index.js';
import type { TrainRequest, TrainResult } from './train-thread.js';

const { examples, options } = workerData as TrainRequest;
const cv = crossValidate(examples, { ...options, folds: 5, seed: 1 });
const classifier = trainClassifier(examples, options);
const result: TrainResult = {
  cv: { accuracy: cv.accuracy, macroF1: cv.macroF1, folds: cv.folds, perClass: cv.perClass },
  data: classifier.toJSON(),
};
parentPort?.postMessage(result);
