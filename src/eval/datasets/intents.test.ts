import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { INTENTS } from '../../analysis/index.js';
import { evalCommand } from '../../cli/eval.js';
import { URGENT_INTENTS, intentMetrics, urgentByIntent } from '../intents.js';
import { readIntents } from './intents.js';
import { DatasetError } from './types.js';

const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../test/fixtures/eval/${name}`, import.meta.url));

async function failure(name: string): Promise<DatasetError> {
  const error: unknown = await readIntents(fixture(name)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  return error as DatasetError;
}

describe('intent file reader', () => {
  it('reads id, text, language and the ;-separated intents (empty: none), quoted commas kept', async () => {
    const { records } = await readIntents(fixture('intents.csv'));
    expect(records).toHaveLength(15);
    expect(records[0]).toEqual({
      line: 2,
      id: 'f1',
      text: "@united 3 hours on the tarmac, no water. Never again, I'm calling my lawyer.",
      language: 'en',
      intents: ['complaint', 'churn_threat', 'legal_threat'],
    });
    expect(records.find((r) => r.id === 'f13')).toMatchObject({
      language: 'zh',
      text: '服务太差了，我要退款',
    });
    expect(records.at(-1)).toMatchObject({ id: 'f15', intents: [] });
  });

  it('names file, line and field of bad rows, unknown keys and a wrong header', async () => {
    expect((await failure('intents-bad.csv')).message).toMatch(
      /intents-bad\.csv:3: intents: unknown intent "churn"; expected ;-separated keys from complaint, .*refund_request/,
    );
    expect((await failure('intents-bad-header.csv')).message).toMatch(
      /intents-bad-header\.csv:1: header: expected id,text,language,intents, got "id,text,lang,labels"/,
    );
    expect((await failure('intents-bad-language.csv')).message).toMatch(
      /intents-bad-language\.csv:3: language: expected an ISO 639-1 code .* got "english"/,
    );
    expect((await failure('intents-bad-id.csv')).message).toMatch(
      /intents-bad-id\.csv:3: id: "b1" is also on line 2/,
    );
    expect((await failure('intents-bad-fields.csv')).message).toMatch(
      /intents-bad-fields\.csv:2: record: expected 4 fields \(id, text, language, intents\), got 3/,
    );
  });
});

describe('intent metrics', () => {
  it('scores each intent as its own yes/no, averages over all nine, and urgent by the playbook', () => {
    const gold = [['complaint', 'safety_issue'], ['praise'], ['complaint'], []];
    const predicted = [['complaint', 'safety_issue'], ['praise', 'safety_issue'], [], ['complaint']];
    const m = intentMetrics(gold, predicted);
    expect(m.intents.complaint).toEqual({ precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(m.intents.praise).toEqual({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(m.intents.safety_issue).toMatchObject({ precision: 0.5, recall: 1, support: 1 });
    // tp 3, fp 2, fn 1: P 0.6, R 0.75
    expect(m.microF1).toBeCloseTo((2 * 0.6 * 0.75) / 1.35, 10);
    expect(m.macroF1).toBeCloseTo((0.5 + 1 + 2 / 3) / 9, 10);
    expect(m.urgent).toMatchObject({ predicted: 2, correct: 1, gold: 1 });
    expect(m.urgentPrecision).toBe(0.5);
    expect(m.urgentRecall).toBe(1);
  });

  it('takes the urgent intents from the default playbook rule that sets Urgent', () => {
    expect([...URGENT_INTENTS].sort()).toEqual(['legal_threat', 'safety_issue']);
    expect(urgentByIntent(['complaint', 'legal_threat'])).toBe(true);
    expect(urgentByIntent(['churn_threat', 'public_threat'])).toBe(false);
  });
});

describe('touchpoint eval --dataset intents', () => {
  const run = (opts: Partial<Parameters<typeof evalCommand>[0]>) =>
    evalCommand({
      dataset: 'intents',
      file: fixture('intents.csv'),
      seed: 1,
      task: 'sentiment',
      peers: true,
      ...opts,
    });

  it('--json: metrics.intents.<key>.{precision,recall,f1}, micro-, macro-F1 and urgent precision', async () => {
    const report = JSON.parse(await run({ json: true })) as {
      n: number;
      languages: Record<string, number>;
      metrics: Record<string, unknown> & { intents: Record<string, Record<string, number>> };
    };
    expect(report).toMatchObject({ dataset: 'intents', n: 15, languages: { en: 13, de: 1, zh: 1 } });
    expect(Object.keys(report.metrics.intents)).toEqual([...INTENTS]);
    for (const key of INTENTS)
      for (const figure of ['precision', 'recall', 'f1', 'support'])
        expect(report.metrics.intents[key]?.[figure]).toEqual(expect.any(Number));
    expect(report.metrics.intents.complaint?.support).toBe(9);
    for (const figure of ['microF1', 'macroF1', 'urgentPrecision'])
      expect(report.metrics[figure]).toEqual(expect.any(Number));
  });

  it('prints a table with every intent and the averages; rejects training options', async () => {
    const text = await run({});
    for (const key of INTENTS) expect(text).toMatch(new RegExp(`^${key} `, 'm'));
    expect(text).toMatch(/micro-F1 \d+\.\d {2}macro-F1 \d+\.\d/);
    expect(text).toMatch(/urgent by intent \(safety_issue, legal_threat\): precision/);
    await expect(run({ split: 0.8 })).rejects.toThrow(/zero-shot only/);
    await expect(run({ file: fixture('intents-bad.csv') })).rejects.toThrow(/intents-bad\.csv:3: intents/);
  });
});
