import { Option, type Command } from 'commander';

import {
  DATASET_NAMES,
  DatasetError,
  formatIntentsReport,
  formatReport,
  runEval,
  runIntentsEval,
  type DatasetName,
  type EvalTask,
} from '../eval/index.js';
import { CliError } from './context.js';

/** `intents`: a labelled intent file (`../shared/INTENTS.md`), scored by `runIntentsEval`. */
export const EVAL_DATASETS = [...DATASET_NAMES, 'intents'] as const;

interface EvalCliOptions {
  dataset: DatasetName | 'intents';
  file: string;
  trainFile?: string;
  split?: number;
  seed: number;
  task: EvalTask;
  peers: boolean;
  json?: boolean;
}

function number(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`${name}: not a number: ${value}`);
    return n;
  };
}

/** Runs one evaluation as the CLI asks and returns what it prints (JSON or the table). */
export async function evalCommand(opts: EvalCliOptions): Promise<string> {
  if (opts.split !== undefined && !(opts.split > 0 && opts.split < 1))
    throw new CliError(`--split: a ratio between 0 and 1, e.g. 0.8; got ${opts.split}`);
  try {
    if (opts.dataset === 'intents') {
      if (opts.trainFile !== undefined || opts.split !== undefined || opts.task !== 'sentiment')
        throw new CliError('--dataset intents is zero-shot only: no --train-file, --split or --task');
      const report = await runIntentsEval({ file: opts.file });
      return opts.json ? JSON.stringify(report) : formatIntentsReport(report);
    }
    const report = await runEval({
      dataset: opts.dataset,
      file: opts.file,
      trainFile: opts.trainFile,
      split: opts.split === undefined ? undefined : { ratio: opts.split, seed: opts.seed },
      task: opts.task,
      ...(opts.peers ? {} : { peers: false }),
    });
    return opts.json ? JSON.stringify(report) : formatReport(report);
  } catch (e) {
    if (e instanceof DatasetError) throw new CliError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
      throw new CliError(`cannot read ${(e as NodeJS.ErrnoException).path ?? 'the file'} (${code})`);
    if (e instanceof Error && !(e instanceof CliError)) throw new CliError(e.message);
    throw e;
  }
}

/** Registers `touchpoint eval`. */
export function registerEval(program: Command): void {
  program
    .command('eval')
    .description(
      'Measure the analysis on a labelled file (zero-shot, or trained), with VADER and AFINN on English sets',
    )
    .addOption(
      new Option('--dataset <name>', 'format and task of the file')
        .choices(EVAL_DATASETS)
        .makeOptionMandatory(),
    )
    .requiredOption('--file <path>', 'the labelled test file')
    .option('--train-file <path>', 'train on this file and test on --file (default: zero-shot)')
    .option(
      '--split <ratio>',
      'train on this share of --file and test on the rest, e.g. 0.8',
      number('--split'),
    )
    .option('--seed <n>', 'seed of the --split shuffle', number('--seed'), 1)
    .addOption(
      new Option('--task <task>', 'airline: sentiment, or the negative reason as a touchpoint task')
        .choices(['sentiment', 'reason'])
        .default('sentiment'),
    )
    .option('--no-peers', 'skip VADER and AFINN')
    .option('--json', 'print one JSON object')
    .action(async (opts: EvalCliOptions) => {
      process.stdout.write(`${await evalCommand(opts)}\n`);
    });
}
