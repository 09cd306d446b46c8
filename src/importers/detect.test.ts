import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { toIsoDateTime } from './dates.js';
import { detectFormat, IMPORT_FORMATS, parseMap, readImport } from './index.js';

const head = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`../../test/fixtures/import/${name}`, import.meta.url)), 'utf8');

describe('detectFormat', () => {
  it.each([
    ['airline.csv', 'airline-csv'],
    ['reviews.csv', 'csv'],
    ['bom.csv', 'csv'],
    ['semicolon.csv', 'csv'],
    ['semeval.xml', 'semeval-xml'],
    ['yelp-review.jsonl', 'yelp-jsonl'],
    ['amazon-2018.jsonl', 'amazon-jsonl'],
    ['amazon-2023.jsonl', 'amazon-jsonl'],
    ['feedback.jsonl', 'jsonl'],
    ['reviews.json', 'json'],
    ['envelope.json', 'json'],
  ] as const)('%s is %s', (name, format) => {
    expect(IMPORT_FORMATS).toContain(format);
    expect(detectFormat(head(name), name)).toBe(format);
    expect(detectFormat(head(name))).toBe(format); // the content decides, not the name
  });

  it("reads Yelp's review.json as the JSON lines it is", () => {
    expect(detectFormat(head('yelp-review.jsonl'), 'review.json')).toBe('yelp-jsonl');
  });

  it('knows a JSON line cut off by the end of the head', () => {
    const long = `{"review_id":"r","user_id":"u","business_id":"b","stars":4,"text":"${'x'.repeat(70_000)}`;
    expect(detectFormat(long.slice(0, 65_536))).toBe('yelp-jsonl');
  });

  it.each([
    ['', 'empty.csv', /unsupported_format: empty\.csv is empty/],
    [head('documents.xml'), 'documents.xml', /unsupported_format: XML with root <Documents>/],
    ['PK\u0003\u0004\u0014\u0000', 'reviews.zip', /unsupported_format: reviews\.zip is binary/],
    [Buffer.from('\ufefftext,rating\n', 'utf16le').toString('utf8'), 'export.csv', /export\.csv is UTF-16/],
    ['just some words\n', 'notes', /unsupported_format: notes is not CSV with a header/],
  ])('refuses what it cannot read (%#)', (text, name, message) => {
    expect(() => detectFormat(text, name)).toThrow(message);
  });

  it('rejects `format` and throws from `rows` for an unsupported file, with no unhandled rejection', async () => {
    const { format, rows } = readImport(Readable.from([head('documents.xml')]));
    await expect(format).rejects.toMatchObject({ code: 'unsupported_format' });
    await expect(async () => {
      for await (const _ of rows) break;
    }).rejects.toThrow(/unsupported_format/);
  });
});

describe('readImport', () => {
  it('passes an I/O error of the source on instead of turning it into a rejected row', async () => {
    async function* failing() {
      // More than the 64 KB head, so the failure comes while rows are being read.
      yield Buffer.from(`[\n${' '.repeat(70_000)}\n{"id":"1","text":"fine","date":"2024-01-01"},\n`);
      await Promise.resolve();
      throw new Error('EIO: disk went away');
    }
    const { format, rows } = readImport(failing());
    const seen: number[] = [];
    await expect(async () => {
      for await (const row of rows) seen.push(row.line);
    }).rejects.toThrow('EIO: disk went away');
    expect(await format).toBe('json');
    expect(seen).toEqual([3]);
  });
});

describe('parseMap', () => {
  it('parses field=column pairs, trimming spaces', () => {
    expect(parseMap('text=body, rating = stars,postedAt=Date received,author=user')).toEqual({
      text: 'body',
      rating: 'stars',
      postedAt: 'Date received',
      author: 'user',
    });
  });

  it.each([
    ['', /empty/],
    ['text', /"text" is not field=column/],
    ['text=', /"text=" is not field=column/],
    ['txt=body', /unknown field "txt"/],
    ['text=a,text=b', /"text" is mapped twice/],
  ])('refuses %j', (spec, message) => {
    expect(() => parseMap(spec)).toThrow(message);
  });
});

describe('toIsoDateTime', () => {
  it.each([
    ['2015-02-24 11:35:52 -0800', '2015-02-24T11:35:52-08:00'],
    ['2016-03-09 00:44:15', '2016-03-09T00:44:15Z'],
    ['2024-03-01', '2024-03-01T00:00:00Z'],
    ['2019/9/24', '2019-09-24T00:00:00Z'],
    ['2024-03-04T10:00:00.25+01:00', '2024-03-04T10:00:00.25+01:00'],
    ['2024-03-04T10:00Z', '2024-03-04T10:00:00Z'],
    [1252800000, '2009-09-13T00:00:00.000Z'],
    ['1588687728923', '2020-05-05T14:08:48.923Z'],
  ] as const)('%j -> %s', (input, iso) => {
    expect(toIsoDateTime(input)).toBe(iso);
  });

  it.each(['03/05/2024', '2024-02-30', '2024-01-01 24:00:00', 'yesterday', '20240101', '', null])(
    'refuses %j',
    (input) => {
      expect(toIsoDateTime(input)).toBeUndefined();
    },
  );
});
