import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.js';
import { canonicalEncoding, decodeBytes, decodingWarnings } from './encoding.js';

const CSV = 'id,text\n1,Café crème, très bien — «parfait»\n2,Schöne Grüße aus Köln\n';

async function decode(chunks: Buffer[], declared?: string) {
  const { chunks: text, report } = decodeBytes(Readable.from(chunks), declared);
  let out = '';
  for await (const t of text) out += t;
  return { text: out, report };
}

/** The bytes cut into pieces of `size`, so characters and marks split across chunks. */
const pieces = (bytes: Buffer, size: number) =>
  Array.from({ length: Math.ceil(bytes.length / size) }, (_, i) => bytes.subarray(i * size, (i + 1) * size));

describe('decodeBytes', () => {
  it('reads plain UTF-8 with no warning, characters split across chunks', async () => {
    const r = await decode(pieces(Buffer.from(CSV), 3));
    expect(r.text).toBe(CSV);
    expect(r.report).toEqual({ encoding: 'utf-8', detected: false, replaced: 0 });
    expect(decodingWarnings(r.report)).toEqual([]);
  });

  it('detects a Latin-1 file, decodes it, and warns (issue #11: it was stored as U+FFFD)', async () => {
    const latin1 = CSV.replace(' — «parfait»', ' «parfait»');
    const r = await decode(pieces(iconv.encode(latin1, 'latin1'), 5));
    expect(r.text).toBe(latin1);
    expect(r.report).toMatchObject({ encoding: 'windows-1252', detected: true, replaced: 0 });
    expect(decodingWarnings(r.report, 'shop.csv')).toEqual([
      expect.stringMatching(/^shop\.csv is not UTF-8: read as windows-1252 \(detected/),
    ]);
  });

  it('reads a declared encoding as given, without a warning; latin1 means windows-1252', async () => {
    const bytes = iconv.encode('id,text\n1,“Smart” quotes cost 5 €\n', 'windows-1252');
    const r = await decode([bytes], 'latin1');
    expect(r.text).toBe('id,text\n1,“Smart” quotes cost 5 €\n');
    expect(decodingWarnings(r.report)).toEqual([]);
  });

  it('reads UTF-16 with and without a byte-order mark, and drops a UTF-8 BOM', async () => {
    expect((await decode([iconv.encode(CSV, 'utf-16le', { addBOM: true })])).text).toBe(CSV);
    expect((await decode(pieces(iconv.encode(CSV, 'utf-16be'), 7))).text).toBe(CSV);
    expect((await decode([Buffer.from(`\ufeff${CSV}`)])).text).toBe(CSV);
  });

  it('counts bytes UTF-8 cannot decode past the detected head, but not a U+FFFD the file holds', async () => {
    const head = Buffer.from(`id,text\n${'1,plain ascii row with a real \ufffd in it\n'.repeat(3000)}`);
    const tail = iconv.encode('2,Crème brûlée\n', 'latin1');
    const r = await decode(pieces(Buffer.concat([head, tail]), 4096));
    expect(r.report).toMatchObject({ encoding: 'utf-8', detected: false, replaced: 3 });
    expect(decodingWarnings(r.report, 'a.csv')).toEqual([
      expect.stringMatching(/^a\.csv: 3 byte sequences could not be decoded as utf-8 and became U\+FFFD/),
    ]);
  });

  it('refuses an encoding it does not know, naming the field', () => {
    expect(() => canonicalEncoding('klingon-8')).toThrow(AppError);
    expect(canonicalEncoding('ISO-8859-1')).toBe('windows-1252');
    expect(canonicalEncoding('Shift_JIS')).toBe('shift_jis');
  });
});
