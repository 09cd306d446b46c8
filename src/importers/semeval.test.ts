import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

import { readImport, type ImportRow } from './index.js';

const NOW = new Date('2025-01-01T00:00:00Z');
const fixture = fileURLToPath(new URL('../../test/fixtures/import/semeval.xml', import.meta.url));

describe('SemEval-2014 ABSA XML', () => {
  it('reads each <sentence> on its line, with the import time as its date', async () => {
    const { format, rows } = readImport(createReadStream(fixture), { now: NOW, brand: 'Laptops Inc' });
    const all: ImportRow[] = [];
    for await (const row of rows) all.push(row);
    expect(await format).toBe('semeval-xml');
    expect(all[0]).toEqual({
      ok: true,
      line: 3,
      input: {
        externalId: '2339',
        platform: 'other',
        channel: 'review',
        brand: 'Laptops Inc',
        text: 'I charge it at night and skip taking the cord with me because of the good battery life.',
        postedAt: '2025-01-01T00:00:00.000Z',
      },
    });
    expect(all.map((r) => (r.ok ? [r.line, r.input.externalId, r.input.text] : [r.line, r.reason]))).toEqual([
      [3, '2339', expect.any(String)],
      [10, '812', 'The keyboard & trackpad are "meh".'],
      [13, 'externalId: missing (the <sentence> has no id attribute)'],
      [16, '1316', 'Fast shipping.'],
    ]);
  });

  it('reports broken XML on its line and goes on', async () => {
    const xml =
      '<sentences>\n<sentence id="1"><text>ok</text></sentence>\n<sentence id="2"><text>a < b</text></sentence>\n<sentence id="3"><text>also ok</text></sentence>\n</sentences>\n';
    const all: ImportRow[] = [];
    for await (const row of readImport(Readable.from([xml]), { now: NOW }).rows) all.push(row);
    expect(all.filter((r) => r.ok).map((r) => r.line)).toEqual([2, 3, 4]);
    expect(all.filter((r) => !r.ok)).toEqual([
      { ok: false, line: 3, reason: expect.stringMatching(/^malformed XML: /) as string },
    ]);
  });
});
