import { createReadStream, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { FeedbackInputSchema } from '../core/feedback/schema.js';
import { readImport, type ImportOptions, type ImportRow } from './index.js';
import { MAX_RECORD_CHARS } from './types.js';

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
  return { format: await format, rows: all };
}

async function readText(text: string): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const row of readImport(Readable.from([text]), { filename: 'x.csv', now: NOW }).rows)
    rows.push(row);
  return rows;
}

const ok = (rows: ImportRow[]) => rows.flatMap((r) => (r.ok ? [r] : []));
const bad = (rows: ImportRow[]) => rows.flatMap((r) => (r.ok ? [] : [r]));

describe('airline CSV', () => {
  it('maps tweets: id, twitter, airline brand, handle, offset kept, url; multi-line tweets keep their first line', async () => {
    const { format, rows } = await readFixture('airline.csv');
    expect(format).toBe('airline-csv');
    expect(rows.map((r) => r.line)).toEqual([2, 3, 5, 6]);
    expect(rows[0]).toEqual({
      ok: true,
      line: 2,
      input: {
        externalId: '570301130888122368',
        platform: 'twitter',
        brand: 'Virgin America',
        author: { handle: 'jnardino' },
        text: "@VirginAmerica plus you've added commercials to the experience... tacky.",
        url: 'https://twitter.com/jnardino/status/570301130888122368',
        postedAt: '2015-02-24T11:15:59-08:00',
      },
      label: 'positive', // airline_sentiment: stored only when the import asks for labels
    });
    const inputs = ok(rows).map((r) => r.input);
    expect(inputs[1]?.text).toContain('playing.\nit');
    expect(inputs[2]?.text).toBe('@united yes, nearly every time I fly this "ear worm" won\'t go away :)');
    expect(inputs[3]?.postedAt).toBe('2015-02-24T11:10:02-05:00');
  });

  it('lets the options override brand and platform', async () => {
    const { rows } = await readFixture('airline.csv', { brand: 'Skyways', platform: 'x' });
    expect(ok(rows).every((r) => r.input.brand === 'Skyways' && r.input.platform === 'x')).toBe(true);
  });

  const shared = process.env.TOUCHPOINT_SHARED_DATA ?? resolve(process.cwd(), '../shared/data');
  const realFile = resolve(shared, 'airline-tweets/Tweets.train.csv');
  it.skipIf(!existsSync(realFile))(
    'reads the real Tweets.train.csv: 11,743 rows, none rejected',
    async () => {
      const { format, rows } = readImport(createReadStream(realFile), { filename: realFile });
      expect(await format).toBe('airline-csv');
      let good = 0;
      const rejected: ImportRow[] = [];
      for await (const row of rows) {
        if (row.ok) good += 1;
        else rejected.push(row);
      }
      expect(rejected).toEqual([]);
      expect(good).toBe(11_743);
    },
  );
});

describe('generic CSV', () => {
  it('finds columns by name and normalizes dates, ids and identities', async () => {
    const { format, rows } = await readFixture('reviews.csv');
    expect(format).toBe('csv');
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [3, true],
      [4, true],
      [5, false],
      [6, false],
      [7, false],
    ]);
    const [first, second, third] = ok(rows).map((r) => r.input);
    expect(first).toEqual({
      externalId: 'r-1',
      platform: 'google',
      author: { handle: 'alice' },
      rating: 5,
      title: 'Lovely',
      text: 'Great coffee, friendly staff.',
      postedAt: '2024-03-01T00:00:00Z',
      customer: { identities: [{ kind: 'email', value: 'alice@example.com' }] },
    });
    expect(second?.postedAt).toBe('2024-03-02T18:30:00Z');
    expect(third?.postedAt).toBe('2024-03-02T17:20:00.000Z');
    expect(third?.externalId).toMatch(/^[0-9a-f]{24}$/);
    expect(bad(rows).map((r) => r.reason)).toEqual([
      'rating: Too big: expected number to be <=5',
      'postedAt: unrecognised date "03/05/2024" (use ISO 8601, YYYY-MM-DD[ HH:MM:SS] or unix time)',
      // An empty cell of the date column is not the import time (issue #11): the row is refused.
      'postedAt: empty (the file has a date column; this row has no date)',
    ]);
  });

  it('says in the warnings when the file has no date column and rows get the import time', async () => {
    const warningsOf = async (text: string) => {
      const reader = readImport(Readable.from([text]), { filename: 'x.csv', now: NOW });
      for await (const row of reader.rows) expect(row.ok).toBe(true);
      return reader.warnings();
    };
    expect(await warningsOf('text,rating\nGood soup,5\nCold tea,2\n')).toEqual([
      expect.stringContaining(
        'no date column: every row is dated with the import time (2025-01-01T00:00:00.000Z)',
      ),
    ]);
    expect(await warningsOf('text,date\nGood soup,2024-05-01\n')).toEqual([]);
  });

  it('gives a row without an id the same hashed id on every import', async () => {
    const a = await readFixture('reviews.csv', { now: new Date('2030-01-01T00:00:00Z') });
    const b = await readFixture('reviews.csv');
    expect(ok(a.rows)[2]?.input.externalId).toBe(ok(b.rows)[2]?.input.externalId);
  });

  it('reports 3 malformed rows with their lines and the reason, and reads every good row around them', async () => {
    const { rows } = await readFixture('malformed.csv');
    expect(rows.map((r) => (r.ok ? [r.line, r.input.externalId] : [r.line, r.reason]))).toEqual([
      [2, '1'],
      [4, '2'], // the empty line 3 is skipped; the record spans lines 4-5
      [6, '3'], // stray quotes are kept as text (csv-parse relax_quotes)
      [7, 'malformed CSV: Invalid Record Length: expected 3 fields as in the header, got 5'],
      [8, '5'],
      [9, 'malformed CSV: Invalid Record Length: expected 3 fields as in the header, got 2'],
      [10, '7'],
      [11, '8'],
      [
        12,
        'malformed CSV: Quote Not Closed: a quoted field of this record is never closed, so the rest of the file was read into it and no later row was read',
      ],
    ]);
    expect(ok(rows)[1]?.input.text).toBe('a good row\nover two lines');
    expect(ok(rows)[2]?.input.text).toBe('"bad "quote" in here');
  });

  it('reads the rest of the file into a record whose quote is never closed, and reports it at its first line', async () => {
    const rows = await readText('id,text\n1,fine\n\n2,"never closed\n3,swallowed\n4,swallowed too\n');
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [4, false],
    ]);
    expect(bad(rows)[0]?.reason).toMatch(/^malformed CSV: Quote Not Closed: .*no later row was read$/);
  });

  it('reports a record over the size limit at its first line and stops there, keeping the rows before it', async () => {
    const huge = 'x'.repeat(MAX_RECORD_CHARS + 10);
    const rows = await readText(`id,text\n1,fine\n2,"${huge}"\n3,not read\n`);
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, true],
      [3, false],
    ]);
    expect(bad(rows)[0]?.reason).toMatch(/^malformed CSV: Max Record Size: .*reading stopped there$/);
  });

  it('counts lines of CRLF files with line breaks inside quotes, and gives those breaks as \\n', async () => {
    const rows = await readText(
      'id,text\r\n1,"two\r\nlines"\r\n\r\n2,"three\r\nmore\r\nlines"\r\n   \r\n3,last\r\n',
    );
    expect(ok(rows).map((r) => [r.line, r.input.text])).toEqual([
      [2, 'two\nlines'],
      [5, 'three\nmore\nlines'],
      [9, 'last'],
    ]);
  });

  it('reads the CLI fixture with three bad rows: 4 good rows, rejections at lines 3, 5 and 7', async () => {
    const path = fileURLToPath(new URL('../../test/fixtures/cli/three-bad-rows.csv', import.meta.url));
    const rows: ImportRow[] = [];
    for await (const row of readImport(createReadStream(path), { filename: path, now: NOW }).rows)
      rows.push(row);
    expect(ok(rows).map((r) => r.input.externalId)).toEqual(['g1', 'g2', 'g3', 'g4']);
    expect(bad(rows).map((r) => [r.line, r.reason])).toEqual([
      [3, 'rating: not a number ("abc")'],
      [5, expect.stringMatching(/^text: /)],
      [7, 'malformed CSV: Invalid Record Length: expected 5 fields as in the header, got 7'],
    ]);
  });

  it('drops a UTF-8 byte-order mark and reads CRLF line ends', async () => {
    const { format, rows } = await readFixture('bom.csv');
    expect(format).toBe('csv');
    expect(ok(rows).map((r) => [r.line, r.input.externalId, r.input.text])).toEqual([
      [2, 'b-1', 'Starts with a BOM, uses CRLF'],
      [3, 'b-2', 'Second row'],
    ]);
  });

  it('takes the map over the heuristics (the file has a `text` column of language codes)', async () => {
    const map = { text: 'notes', rating: 'score_5', postedAt: 'created', author: 'reviewer' };
    const { rows } = await readFixture('custom-columns.csv', {
      map,
      platform: 'tripadvisor',
      brand: 'Hotel Bel',
    });
    expect(ok(rows).map((r) => r.input)).toEqual([
      expect.objectContaining({
        text: 'The room was spotless.',
        rating: 5,
        postedAt: '2023-07-01T09:00:00Z',
        author: { handle: 'guest-17' },
        platform: 'tripadvisor',
        brand: 'Hotel Bel',
      }),
      expect.objectContaining({ text: 'Noisy at night.', rating: 2 }),
    ]);
  });

  it('reads an airline file as generic CSV when a map is given', async () => {
    const { format, rows } = await readFixture('airline.csv', {
      map: { author: 'name', externalId: 'tweet_id' },
    });
    expect(format).toBe('csv');
    expect(ok(rows)[0]?.input).toMatchObject({
      externalId: '570301130888122368',
      author: { handle: 'jnardino' },
    });
  });

  it('fails before the first row when the map names a column the header lacks', async () => {
    const { rows } = readImport(createReadStream(fixture('reviews.csv')), { map: { text: 'body' } });
    await expect(async () => {
      for await (const _ of rows) break;
    }).rejects.toThrow(/invalid_file: the map names columns not in the header \(text=body\)/);
  });

  it('sniffs a semicolon delimiter and reads a decimal comma', async () => {
    const { rows } = await readFixture('semicolon.csv');
    expect(ok(rows)[0]?.input).toMatchObject({ text: 'Semicolons from a European spreadsheet', rating: 4.5 });
  });

  it('rejects every row of a file with no text column, saying so', async () => {
    const source = Readable.from(['id,stars\n1,5\n2,4\n']);
    const rows: ImportRow[] = [];
    for await (const row of readImport(source, { filename: 'x.csv' }).rows) rows.push(row);
    expect(rows).toEqual([
      { ok: false, line: 2, reason: 'text: missing (no text/review/comment column)' },
      { ok: false, line: 3, reason: 'text: missing (no text/review/comment column)' },
    ]);
  });

  it('streams: rows come out before the source has been read to its end (50k rows)', async () => {
    const TOTAL = 50_000;
    let produced = 0;
    function* lines() {
      yield 'id,text,rating,date\n';
      for (let i = 1; i <= TOTAL; i += 100) {
        const rows = Array.from({ length: 100 }, (_, k) => i + k);
        produced = i + 99;
        yield rows.map((n) => `${n},"row number ${n}, quoted",${(n % 5) + 1},2024-01-01 00:00:00\n`).join('');
      }
    }
    const { rows } = readImport(Readable.from(lines(), { objectMode: false }), { filename: 'big.csv' });
    let good = 0;
    let producedAtFirstRow = -1;
    for await (const row of rows) {
      if (producedAtFirstRow === -1) producedAtFirstRow = produced;
      if (row.ok) good += 1;
    }
    expect(good).toBe(TOTAL);
    expect(producedAtFirstRow).toBeGreaterThan(0);
    expect(producedAtFirstRow).toBeLessThan(TOTAL / 10);
  });

  it('yields only inputs that pass FeedbackInputSchema', async () => {
    for (const name of ['airline.csv', 'reviews.csv', 'malformed.csv', 'bom.csv']) {
      const { rows } = await readFixture(name);
      for (const row of ok(rows)) expect(FeedbackInputSchema.parse(row.input)).toEqual(row.input);
    }
  });
});
