import { fileURLToPath } from 'node:url';

import { describe, expect, it } from 'vitest';

import { DatasetError, readDataset, type DatasetName } from './index.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/fixtures/eval/${name}`, import.meta.url));

async function failure(dataset: DatasetName, name: string): Promise<DatasetError> {
  const error: unknown = await readDataset(dataset, fixture(name)).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DatasetError);
  return error as DatasetError;
}

describe('airline reader', () => {
  it('reads sentiment and reason, skips repeated tweet ids, keeps quoted commas and quotes', async () => {
    const { records, skipped } = await readDataset('airline', fixture('airline.csv'));
    expect(skipped).toBe(1);
    expect(records.map((r) => [r.line, r.sentiment, r.reason])).toEqual([
      [2, 'positive', ''],
      [3, 'negative', 'Late Flight'],
      [4, 'neutral', ''],
      [6, 'negative', 'Lost Luggage'],
      [7, 'negative', "Can't Tell"],
    ]);
    expect(records[3]?.text).toBe('@united you lost my bag, "no idea" where it is');
  });
  it('names file, line and field of a bad label', async () => {
    const e = await failure('airline', 'airline-bad.csv');
    expect([e.line, e.field]).toEqual([3, 'airline_sentiment']);
    expect(e.message).toMatch(
      /airline-bad\.csv:3: airline_sentiment: expected one of negative, neutral, positive, got "furious"/,
    );
  });
});

describe('semeval2014 reader', () => {
  it('reads categories and the one polarity of a sentence (mixed and conflict have none)', async () => {
    const { records } = await readDataset('semeval2014', fixture('semeval.xml'));
    expect(records.map((r) => [r.line, r.sentiment, r.aspects?.map((a) => a.category)])).toEqual([
      [3, 'positive', ['food', 'service']],
      [13, undefined, ['food', 'price']],
      [20, 'negative', ['anecdotes/miscellaneous']],
      [26, undefined, ['ambience']],
    ]);
    expect(records[2]?.text).toBe('We went there on a Tuesday & it was awful.');
  });
  it('names the line and field of a bad polarity', async () => {
    const e = await failure('semeval2014', 'semeval-bad.xml');
    expect(e.message).toMatch(/semeval-bad\.xml:6: aspectCategory polarity: expected one of .*got "great"/);
  });
  it('reports malformed XML at its line', async () => {
    const e = await failure('semeval2014', 'semeval-broken.xml');
    expect(e.field).toBe('xml');
    expect(e.line).toBeGreaterThanOrEqual(7);
  });
});

describe('germeval2017 readers', () => {
  it('reads the XML and the TSV format alike', async () => {
    const xml = await readDataset('germeval2017', fixture('germeval.xml'));
    const tsv = await readDataset('germeval2017', fixture('germeval.tsv'));
    const view = (f: typeof xml) => f.records.map((r) => [r.sentiment, r.relevant]);
    expect(view(xml)).toEqual([
      ['negative', true],
      ['neutral', false],
      ['positive', true],
    ]);
    expect(view(tsv)).toEqual(view(xml));
    expect(tsv.records.map((r) => r.line)).toEqual([1, 2, 4]);
    expect(tsv.records[0]?.text).toBe('Der Zug hatte wieder "eine Stunde" Verspätung.');
  });
  it('names file, line and field of bad input', async () => {
    expect((await failure('germeval2017', 'germeval-bad.xml')).message).toMatch(
      /germeval-bad\.xml:4: relevance: expected true or false, got "maybe"/,
    );
    expect((await failure('germeval2017', 'germeval-bad.tsv')).message).toMatch(
      /germeval-bad\.tsv:2: record: expected 4 or 5 tab-separated fields .* got 3/,
    );
  });
});

describe('Chinese, MARC and UCI readers', () => {
  it('reads ChnSentiCorp, skipping an empty review and dropping a stray BOM', async () => {
    const { records, skipped } = await readDataset('chnsenticorp', fixture('chnsenticorp.csv'));
    expect(skipped).toBe(1);
    expect(records.map((r) => [r.line, r.sentiment])).toEqual([
      [2, 'positive'],
      [3, 'negative'],
      [5, 'positive'],
    ]);
    expect(records[2]?.text).toBe('早餐不错，性价比高。');
  });
  it('reads online shopping reviews', async () => {
    const { records } = await readDataset('online-shopping', fixture('online-shopping.csv'));
    expect(records.map((r) => r.sentiment)).toEqual(['positive', 'negative', 'positive']);
    expect(records[0]?.text).toBe('这本书写得很好，值得一读。');
  });
  it('maps MARC stars to three classes', async () => {
    const { records } = await readDataset('marc', fixture('marc.csv'));
    expect(records.map((r) => r.sentiment)).toEqual([
      'negative',
      'neutral',
      'positive',
      'negative',
      'positive',
    ]);
  });
  it('reads UCI lines', async () => {
    const { records } = await readDataset('uci', fixture('uci.txt'));
    expect(records.map((r) => [r.line, r.sentiment])).toEqual([
      [1, 'negative'],
      [2, 'positive'],
      [4, 'positive'],
      [5, 'negative'],
    ]);
    expect(records[2]?.text).toBe('The screen is bright and clear.');
  });
  it('names file, line and field of bad input', async () => {
    expect((await failure('chnsenticorp', 'chnsenticorp-bad.csv')).message).toMatch(
      /chnsenticorp-bad\.csv:3: label: expected 0 or 1, got "yes"/,
    );
    expect((await failure('online-shopping', 'online-shopping-bad.csv')).message).toMatch(
      /online-shopping-bad\.csv:3: record: expected 3 fields \(cat, label, review\), got 2/,
    );
    expect((await failure('marc', 'marc-bad.csv')).message).toMatch(
      /marc-bad\.csv:3: stars: expected a whole number 1–5, got "six"/,
    );
    expect((await failure('uci', 'uci-bad.txt')).message).toMatch(/uci-bad\.txt:2: label: no tab/);
  });
});
