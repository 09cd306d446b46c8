import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { evalCommand } from '../cli/eval.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/eval/${name}`, import.meta.url));

type Json = Record<string, unknown> & {
  metrics: Record<string, unknown>;
  peers: { name: string; metrics: Record<string, unknown>; itemsPerSecond: number }[];
};

const run = async (opts: Partial<Parameters<typeof evalCommand>[0]>): Promise<Json> =>
  JSON.parse(
    await evalCommand({
      dataset: 'airline',
      file: fixture('airline.csv'),
      seed: 1,
      task: 'sentiment',
      peers: true,
      json: true,
      ...opts,
    }),
  ) as Json;

describe('touchpoint eval --json', () => {
  it('airline zero-shot: one object with the figures and both English peers', async () => {
    const report = await run({});
    expect(report).toMatchObject({ dataset: 'airline', n: 5, mode: 'zero-shot', skipped: 1 });
    expect(report.metrics.accuracy).toEqual(expect.any(Number));
    expect(report.metrics.macroF1).toEqual(expect.any(Number));
    expect(report.itemsPerSecond).toEqual(expect.any(Number));
    expect(report.peers.map((p) => p.name)).toEqual(['vader-sentiment@1.1.3', 'sentiment@5 (AFINN-165)']);
    for (const peer of report.peers) {
      expect(typeof peer.metrics.accuracy).toBe('number');
      expect(typeof peer.metrics.macroF1).toBe('number');
      expect(peer.itemsPerSecond).toBeGreaterThan(0);
    }
  });

  it('airline reason: negative tweets without "Can\'t Tell", read through touchpoints', async () => {
    const report = await run({ task: 'reason' });
    expect(report).toMatchObject({ n: 2, task: 'reason', peers: [] });
    expect(report.metrics.perClass).toHaveProperty(['Late Flight', 'support'], 1);
  });

  it('semeval2014 adds category detection and category polarity', async () => {
    const report = await run({ dataset: 'semeval2014', file: fixture('semeval.xml') });
    expect(report).toMatchObject({ dataset: 'semeval2014', n: 2, sentences: 4, categories: 6 });
    expect(report.metrics.categoryF1).toEqual(expect.any(Number));
    expect(report.metrics.categoryPolarityAccuracy).toEqual(expect.any(Number));
    expect(report.peers).toHaveLength(2);
  });

  it('runs no English peers on Chinese data and scores it as binary', async () => {
    const report = await run({ dataset: 'chnsenticorp', file: fixture('chnsenticorp.csv') });
    expect(report).toMatchObject({ n: 3, peers: [], labels: ['negative', 'positive'] });
  });

  it('trains on --train-file and tests on --file', async () => {
    const report = await run({ trainFile: fixture('airline.csv') });
    expect(report).toMatchObject({ mode: 'trained', model: 'touchpoint-linear@1', n: 5, trainN: 5 });
    expect(report.metrics.accuracy).toBe(1); // it has seen these very tweets
    expect(report.peers).toHaveLength(2);
  });

  it('trains on a deterministic split of one file: SemEval categories, GermEval relevance', async () => {
    const semeval = await run({ dataset: 'semeval2014', file: fixture('semeval.xml'), split: 0.75 });
    expect(semeval).toMatchObject({ mode: 'trained', split: { ratio: 0.75, seed: 1 }, sentences: 1 });
    expect(semeval.metrics.categoryF1).toEqual(expect.any(Number));
    const germeval = await run({
      dataset: 'germeval2017',
      file: fixture('germeval.tsv'),
      trainFile: fixture('germeval.xml'),
    });
    expect(germeval.metrics.relevance).toMatchObject({ accuracy: 1 });
    expect(germeval.peers).toEqual([]);
  });

  it('turns a bad file into a one-line CLI error naming file, line and field', async () => {
    await expect(run({ file: fixture('airline-bad.csv') })).rejects.toThrow(
      /airline-bad\.csv:3: airline_sentiment: /,
    );
    await expect(run({ file: fixture('no-such-file.csv') })).rejects.toThrow(
      /cannot read .*no-such-file\.csv \(ENOENT\)/,
    );
    await expect(run({ dataset: 'uci', file: fixture('uci.txt'), task: 'reason' })).rejects.toThrow(
      /--task reason is for --dataset airline only/,
    );
  });
});
