// Issue #11: dates in import files are held to the posted range (1990-01-01 … now + 1 day), rejected
// per row with the line and the field; an empty cell of a date column is not the import time.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { toIsoDateTime } from './dates.js';
import { readImport, type ImportRow } from './index.js';

const NOW = new Date();
const RANGE = /^postedAt: must be between 1990-01-01 and \S+Z \(now \+ 1 day\)$/;

async function read(text: string, filename = 'x.csv'): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const row of readImport(Readable.from([text]), { filename, now: NOW }).rows) rows.push(row);
  return rows;
}

describe('import dates', () => {
  it('reads years before 100 as themselves, so the range check, not the parser, refuses them', () => {
    expect(toIsoDateTime('0001-01-01')).toBe('0001-01-01T00:00:00Z');
    expect(toIsoDateTime('0099-12-31 23:59:59')).toBe('0099-12-31T23:59:59Z');
    expect(toIsoDateTime('0001-02-29')).toBeUndefined();
  });

  it('rejects rows dated 9999-12-31, 0001-01-01 or more than a day ahead, with their line and the range', async () => {
    const ahead = new Date(NOW.getTime() + 2 * 86_400_000).toISOString();
    const edge = new Date(NOW.getTime() + 86_400_000 - 60_000).toISOString();
    const rows = await read(
      [
        'id,text,date',
        'a,Far future,9999-12-31T00:00:00Z',
        'b,Year one,0001-01-01',
        `c,Two days ahead,${ahead}`,
        'd,Oldest allowed,1990-01-01',
        `e,Newest allowed,${edge}`,
        'f,A unix time,253402214400',
        '',
      ].join('\n'),
    );
    expect(rows.map((r) => [r.line, r.ok])).toEqual([
      [2, false],
      [3, false],
      [4, false],
      [5, true],
      [6, true],
      [7, false],
    ]);
    // 253402214400 is read as milliseconds (above 1e11): 1978, before the range too.
    for (const r of [rows[0], rows[1], rows[2], rows[5]]) expect(r?.ok === false && r.reason).toMatch(RANGE);
  });

  it('refuses an empty cell of a date column instead of using the import time; a file without one keeps it', async () => {
    const rows = await read('id,text,date\na,Dated,2024-01-01\nb,Not dated,\nc,Blank,"  "\n');
    expect(rows.map((r) => (r.ok ? 'ok' : r.reason))).toEqual([
      'ok',
      'postedAt: empty (the file has a date column; this row has no date)',
      'postedAt: empty (the file has a date column; this row has no date)',
    ]);
    const undated = await read('id,text\na,No date column at all\n');
    expect(undated[0]?.ok && undated[0].input.postedAt).toBe(NOW.toISOString());
    const json = await read(
      '{"id":"a","text":"Null date","date":null}\n{"id":"b","text":"No key"}\n',
      'x.jsonl',
    );
    expect(json.map((r) => (r.ok ? r.input.postedAt : r.reason))).toEqual([
      'postedAt: empty (the file has a date column; this row has no date)',
      NOW.toISOString(),
    ]);
  });

  it('holds FeedbackInput-shaped JSON objects to the same range', async () => {
    const rows = await read(
      '{"externalId":"x","platform":"web","text":"Hi","postedAt":"9999-12-31T00:00:00Z"}\n',
      'x.jsonl',
    );
    expect(rows[0]).toMatchObject({ ok: false, line: 1, reason: expect.stringMatching(RANGE) as string });
  });
});
