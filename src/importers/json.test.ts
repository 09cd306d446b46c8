import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { FeedbackInputSchema } from '../core/feedback/schema.js';
import { readImport, type ImportOptions, type ImportRow } from './index.js';

const NOW = new Date('2025-01-01T00:00:00Z');
const fixture = (name: string): string =>
  fileURLToPath(new URL(`../../test/fixtures/import/${name}`, import.meta.url));

async function readFixture(name: string, options: ImportOptions = {}) {
  const { format, rows } = readImport(createReadStream(fixture(name)), {
    filename: name,
    now: NOW,
    ...options,
  });
  const all: ImportRow[] = [];
  for await (const row of rows) all.push(row);
  for (const row of all) if (row.ok) expect(FeedbackInputSchema.parse(row.input)).toEqual(row.input);
  return { format: await format, rows: all };
}

const summary = (rows: ImportRow[]) =>
  rows.map((r) => (r.ok ? [r.line, r.input.externalId] : [r.line, r.reason]));

describe('Yelp review.json (JSON lines)', () => {
  it('maps reviews and reports a broken line and a bad rating without stopping', async () => {
    const { format, rows } = await readFixture('yelp-review.jsonl', { brand: 'Body Cycle' });
    expect(format).toBe('yelp-jsonl');
    expect(rows[0]).toEqual({
      ok: true,
      line: 1,
      input: {
        externalId: 'KU_O5udG6zpxOg-VcAEodg',
        platform: 'yelp',
        brand: 'Body Cycle',
        author: { handle: 'mh_-eMZ6K5RLWhZyISBhwA' },
        rating: 3,
        text: 'If you decide to eat here, just be aware it is going to take about 2 hours from beginning to end.',
        url: 'https://www.yelp.com/biz/XQfwVwDr-v0ZS3_CbbE5Xw',
        postedAt: '2018-07-07T22:09:11Z',
      },
    });
    expect(summary(rows)).toEqual([
      [1, 'KU_O5udG6zpxOg-VcAEodg'],
      [2, 'BiTunyQ73aT9WBnpR9DZGw'],
      [4, expect.stringMatching(/^malformed JSON: /)],
      [5, 'rating: Too big: expected number to be <=5'],
    ]);
  });

  it('leaves the brand unset without the option (a business_id is not a brand)', async () => {
    const { rows } = await readFixture('yelp-review.jsonl');
    expect(rows[0]?.ok && rows[0].input.brand).toBeUndefined();
  });
});

describe('Amazon reviews (McAuley JSON lines)', () => {
  it('reads the 2014/2018 shape', async () => {
    const { format, rows } = await readFixture('amazon-2018.jsonl');
    expect(format).toBe('amazon-jsonl');
    expect(rows[0]).toEqual({
      ok: true,
      line: 1,
      input: {
        externalId: expect.stringMatching(/^[0-9a-f]{24}$/) as string,
        platform: 'amazon',
        author: { handle: 'A3CIUOJXQ5VDQ2', name: 'Shelly F' },
        rating: 5,
        title: 'Five Stars',
        text: 'As advertised. Reasonably priced',
        url: 'https://www.amazon.com/dp/B0000530HU',
        postedAt: '2016-09-01T00:00:00.000Z',
      },
    });
  });

  it('reads the 2023 shape, with a stable hashed id per user, asin and time', async () => {
    const first = await readFixture('amazon-2023.jsonl');
    const again = await readFixture('amazon-2023.jsonl', { now: new Date() });
    expect(first.format).toBe('amazon-jsonl');
    expect(first.rows[1]).toMatchObject({
      ok: true,
      line: 2,
      input: {
        rating: 4,
        title: 'Works for me',
        postedAt: '2020-05-04T18:10:55.070Z',
        author: { handle: 'AGKHLEW2SOWHNMFQIJGBECAF7INQ' },
      },
    });
    expect(summary(again.rows)).toEqual(summary(first.rows));
    expect(new Set(summary(first.rows).map(([, id]) => id)).size).toBe(2);
  });
});

describe('generic JSON lines', () => {
  it('validates FeedbackInput-shaped objects as they are and maps other objects by their keys', async () => {
    const { format, rows } = await readFixture('feedback.jsonl', { brand: 'Acme' });
    expect(format).toBe('jsonl');
    expect(rows[0]).toEqual({
      ok: true,
      line: 1,
      input: {
        externalId: 't-1',
        platform: 'survey',
        brand: 'Acme',
        score: { kind: 'nps', value: 9 },
        text: 'Would recommend.',
        postedAt: '2024-05-01T08:00:00Z',
      },
    });
    expect(rows[1]?.ok && rows[1].input.brand).toBe('Acme Mail'); // the object's own brand wins over the default
    expect(rows[2]).toEqual({ ok: false, line: 3, reason: 'postedAt: Invalid ISO datetime' });
    expect(rows[3]).toMatchObject({
      ok: true,
      line: 4,
      input: {
        platform: 'other',
        rating: 4,
        author: { handle: 'sam' },
        postedAt: '2024-05-01T08:00:00.000Z',
      },
    });
    expect(rows[4]).toEqual({ ok: false, line: 5, reason: 'malformed JSON: expected an object' });
  });

  it('applies a map to the keys of objects', async () => {
    const source = Readable.from(['{"body":"Mapped text","stars":"3","when":"2024-01-02"}\n']);
    const rows: ImportRow[] = [];
    const { rows: stream } = readImport(source, { map: { text: 'body', rating: 'stars', postedAt: 'when' } });
    for await (const row of stream) rows.push(row);
    expect(rows).toEqual([
      {
        ok: true,
        line: 1,
        input: expect.objectContaining({
          text: 'Mapped text',
          rating: 3,
          postedAt: '2024-01-02T00:00:00Z',
        }) as object,
      },
    ]);
  });
});

describe('JSON arrays', () => {
  it('streams the elements with the line each starts on', async () => {
    const { format, rows } = await readFixture('reviews.json');
    expect(format).toBe('json');
    expect(summary(rows)).toEqual([
      [2, 'j-1'],
      [8, 'element [1]: rating: Too big: expected number to be <=5'],
      [14, 'j-3'],
      [20, 'element [3]: expected an object'],
    ]);
    expect(rows[2]?.ok && rows[2].input.text).toBe('Third, already a FeedbackInput, nested: {"a": [1]}');
  });

  it('finds the records array inside an envelope object', async () => {
    const { rows } = await readFixture('envelope.json');
    expect(summary(rows)).toEqual([
      [5, 'e-1'],
      [6, 'e-2'],
    ]);
    expect(rows[0]?.ok && rows[0].input).toMatchObject({ rating: 5, postedAt: '2024-06-01T12:00:00Z' });
  });

  it('reports a syntax error on the element it broke, after the elements before it', async () => {
    const text =
      '[\n  {"id": "k-1", "text": "Read before the error.", "date": "2024-01-01"},\n  {"id": "k-2", "text": "Cut off\n';
    const rows: ImportRow[] = [];
    for await (const row of readImport(Readable.from([text])).rows) rows.push(row);
    expect(summary(rows)).toEqual([
      [2, 'k-1'],
      [3, 'malformed JSON: element [1]: the file ends inside this element'],
    ]);
  });

  it('reads the elements around a malformed one on a single line, naming its index (issue #11)', async () => {
    const text =
      '[{"id":"s-0","text":"first","date":"2024-01-01"},{"id":"s-1","text":"broken",,"date":"2024-01-01"},' +
      '{"id":"s-2","text":"a ] and a } in a string, and \\"quotes\\"","date":"2024-01-02"},7,' +
      '{"id":"s-4","text":"last","rating":9,"date":"2024-01-03"}]';
    const chunks = text.match(/.{1,7}/gs) ?? [];
    const rows: ImportRow[] = [];
    for await (const row of readImport(Readable.from(chunks)).rows) rows.push(row);
    expect(summary(rows)).toEqual([
      [1, 's-0'],
      [1, expect.stringMatching(/^malformed JSON: element \[1\]: /)],
      [1, 's-2'],
      [1, 'element [3]: expected an object'],
      [1, 'element [4]: rating: Too big: expected number to be <=5'],
    ]);
    expect(rows[2]?.ok && rows[2].input.text).toBe('a ] and a } in a string, and "quotes"');
  });

  it('reads an unclosed array up to where it ends, and says so', async () => {
    const rows: ImportRow[] = [];
    for await (const row of readImport(Readable.from(['[{"id":"u","text":"kept","date":"2024-01-01"}'])).rows)
      rows.push(row);
    expect(summary(rows)).toEqual([
      [1, 'u'],
      [1, 'malformed JSON: the file ends before the array is closed'],
    ]);
  });

  it('keeps element lines right when chunks split lines and tokens anywhere', async () => {
    const text =
      '[\n {"id":"a","text":"one","date":"2024-01-01"},\n\n {"id":"b","text":"two","date":"2024-01-02"}\n]\n';
    const chunks = text.match(/.{1,3}/gs) ?? [];
    const rows: ImportRow[] = [];
    for await (const row of readImport(Readable.from(chunks.map((c) => Buffer.from(c)))).rows) rows.push(row);
    expect(summary(rows)).toEqual([
      [2, 'a'],
      [4, 'b'],
    ]);
  });
});
