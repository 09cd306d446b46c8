import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import { crossValidate, TOPIC_OPTIONS, trainClassifier, type Example } from '../analysis/learn/index.js';
import { trainWorkspaceModel } from '../core/models/workspace-model.js';
import { DATASET_NAMES, DatasetError, readDataset, type DatasetName } from '../eval/index.js';
import { CliError, resolveWorkspace, withRuntime } from './context.js';

interface TrainCliOptions {
  workspace?: string;
  dataset?: DatasetName;
  file?: string;
  task: 'sentiment' | 'reason';
  out?: string;
  folds: number;
  json?: boolean;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/** Examples of a labelled file: sentiment, or (airline) the negative reason without "Can't Tell". */
async function fileExamples(
  dataset: DatasetName,
  file: string,
  task: 'sentiment' | 'reason',
): Promise<Example[]> {
  const { records } = await readDataset(dataset, file);
  if (task === 'reason') {
    if (dataset !== 'airline') throw new CliError('--task reason exists for --dataset airline only');
    return records.flatMap((r) =>
      r.reason && r.reason !== "Can't Tell" ? [{ text: r.text, label: r.reason }] : [],
    );
  }
  return records.flatMap((r) => (r.sentiment ? [{ text: r.text, label: r.sentiment }] : []));
}

/**
 * `touchpoint train`: a workspace's own sentiment model from its rated items (stored, used at
 * ingest for its unrated items), or a model from a labelled file written to `--out`. Both print
 * k-fold cross-validated figures.
 */
export function registerTrain(program: Command): void {
  program
    .command('train')
    .description(
      "Train a sentiment model: a workspace's own (from its rated items) or one from a labelled file",
    )
    .option(
      '--workspace <workspace>',
      'train this workspace from its star ratings and survey scores (id or slug)',
    )
    .addOption(new Option('--dataset <name>', 'labelled file format').choices([...DATASET_NAMES]))
    .option('--file <path>', 'labelled file to train from (with --dataset)')
    .addOption(
      new Option('--task <task>', 'what to learn from a file')
        .choices(['sentiment', 'reason'])
        .default('sentiment'),
    )
    .option('--out <path>', 'where to write the model trained from a file (JSON, format touchpoint-linear@1)')
    .option('--folds <k>', 'cross-validation folds for the figures', (v) => Number(v), 5)
    .option('--json', 'print the figures as JSON')
    .action(async (opts: TrainCliOptions) => {
      const say = (s: string) => process.stdout.write(`${s}\n`);
      if (opts.dataset !== undefined || opts.file !== undefined) {
        if (!opts.dataset || !opts.file) throw new CliError('give both --dataset and --file');
        const started = performance.now();
        let examples: Example[];
        try {
          examples = await fileExamples(opts.dataset, opts.file, opts.task);
        } catch (e) {
          if (e instanceof DatasetError) throw new CliError(e.message);
          throw e;
        }
        if (examples.length < opts.folds)
          throw new CliError(`${opts.file}: only ${examples.length} labelled records`);
        // Sentiment: balanced classes (macro-F1); reasons: the topic preset (accuracy), as `eval` and the bench.
        const options = {
          ...(opts.task === 'reason' ? TOPIC_OPTIONS : { classWeight: 'balanced' as const }),
          name: `${opts.dataset}-${opts.task}`,
          trainedOn: path.basename(opts.file),
        };
        const cv = crossValidate(examples, { ...options, folds: opts.folds, seed: 1 });
        const model = trainClassifier(examples, options);
        const seconds = (performance.now() - started) / 1000;
        if (opts.out) await fs.promises.writeFile(opts.out, JSON.stringify(model.toJSON()));
        if (opts.json) {
          say(
            JSON.stringify({
              dataset: opts.dataset,
              task: opts.task,
              examples: examples.length,
              seconds,
              crossValidation: cv,
              out: opts.out ?? null,
            }),
          );
        } else {
          say(
            `Trained ${opts.dataset} ${opts.task} on ${examples.length} examples in ${seconds.toFixed(1)} s (with ${cv.folds}-fold cross-validation)`,
          );
          say(`  cross-validated accuracy ${pct(cv.accuracy)}, macro-F1 ${pct(cv.macroF1)}`);
          for (const [label, f] of Object.entries(cv.perClass)) {
            say(
              `  ${label.padEnd(28)} P ${pct(f.precision)}  R ${pct(f.recall)}  F1 ${pct(f.f1)}  n ${f.support}`,
            );
          }
          say(opts.out ? `  model written to ${opts.out}` : '  (give --out FILE to keep the model)');
        }
        return;
      }
      await withRuntime(async (rt) => {
        const workspace = await resolveWorkspace(rt.store, opts.workspace);
        const outcome = await trainWorkspaceModel(rt.store, workspace.id, { type: 'system', id: null });
        if (!outcome.trained) throw new CliError(`workspace "${workspace.slug}" ${outcome.reason}`);
        await rt.jobs.send(
          rt.jobDefs.reanalyseUnrated,
          { workspaceId: workspace.id },
          { singletonKey: workspace.id },
        );
        const { version, examples, metrics } = outcome.model;
        if (opts.json) {
          say(JSON.stringify({ workspace: workspace.slug, ...outcome.model }));
        } else {
          say(`Workspace "${workspace.slug}": sentiment model v${version} from ${examples} rated items`);
          say(
            `  ${metrics.folds}-fold cross-validated accuracy ${pct(metrics.accuracy)}, macro-F1 ${pct(metrics.macroF1)}`,
          );
          say(
            '  New items without a rating are analysed with it; a running worker re-reads the stored ones.',
          );
        }
      });
    });
}
