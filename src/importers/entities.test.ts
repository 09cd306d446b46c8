import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decodeEntities } from './entities.js';
import { readImport, type ImportRow } from './index.js';

const NOW = new Date('2025-01-01T00:00:00Z');

async function read(filename: string, text: string): Promise<ImportRow[]> {
  const rows: ImportRow[] = [];
  for await (const row of readImport(Readable.from([text]), { filename, now: NOW }).rows) rows.push(row);
  return rows;
}
const texts = (rows: ImportRow[]) => rows.map((r) => (r.ok ? r.input.text : `bad line ${r.line}`));

describe('decodeEntities', () => {
  it('decodes the named and numeric references once', () => {
    expect(decodeEntities('A&amp;W &lt;3 it&#39;s &quot;ok&quot; &#x2019; &hellip; caf&eacute;')).toBe(
      'A&W <3 it\'s "ok" ’ … café',
    );
    expect(decodeEntities('&amp;amp; &amp;lt;')).toBe('&amp; &lt;');
  });

  it('leaves a bare ampersand, an unknown name, a missing semicolon and a non-character as written', () => {
    expect(decodeEntities('Fish & chips &bogus; &amp &#0; &#xD800; &#99999999;')).toBe(
      'Fish & chips &bogus; &amp &#0; &#xD800; &#99999999;',
    );
    expect(decodeEntities('&constructor; &toString;')).toBe('&constructor; &toString;');
  });
});

describe('importers decode HTML entities in the text once (issue #12)', () => {
  it('airline tweets: &amp;, &lt;, &gt; and &#39; become the characters', async () => {
    const csv = [
      'tweet_id,airline_sentiment,airline,name,text,tweet_created',
      '1,negative,United,ann,"@united 2 hrs on the tarmac &amp; no water &gt;:( it&#39;s &lt;not&gt; ok",2015-02-24 11:15:59 -0800',
      '2,neutral,United,ben,"@united what does &amp;amp; mean",2015-02-24 11:16:59 -0800',
    ].join('\n');
    expect(texts(await read('Tweets.csv', csv))).toEqual([
      "@united 2 hrs on the tarmac & no water >:( it's <not> ok",
      '@united what does &amp; mean',
    ]);
  });

  it('generic CSV: text and title are decoded; the stable id still comes from the written text', async () => {
    const csv = 'title,review,author\nFish &amp; chips,Great &quot;fish&quot; &amp; chips,ann\n';
    const [row] = await read('reviews.csv', csv);
    expect(row?.ok && row.input).toMatchObject({ title: 'Fish & chips', text: 'Great "fish" & chips' });
  });
});
