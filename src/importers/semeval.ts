import { SaxesParser } from 'saxes';

import { finishRow, rejectRow } from './rows.js';
import { noDateNote, type ImportRow, type ReadContext } from './types.js';

/**
 * Reads SemEval-2014 ABSA XML (`<sentences><sentence id="…"><text>…</text>…`) with saxes, one sentence
 * at a time: externalId = the sentence id, channel `review`, platform from the options or `other`,
 * postedAt = `now` (the data set has no dates). Aspect annotations are labels, not item fields.
 * An XML well-formedness error is reported as a rejected row on its line and reading goes on.
 */
export async function* readSemeval(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
): AsyncGenerator<ImportRow> {
  const parser = new SaxesParser({ position: true });
  const rows: ImportRow[] = [];
  const postedAt = ctx.now.toISOString();
  ctx.notes.add(noDateNote(ctx.now));
  let sentence: { id: string | undefined; line: number; text: string | undefined } | undefined;
  let inText = false;

  parser.on('opentagstart', (tag) => {
    if (tag.name === 'sentence') sentence = { id: undefined, line: parser.line, text: undefined };
  });
  parser.on('opentag', (tag) => {
    if (tag.name === 'sentence' && sentence) {
      const id = tag.attributes.id;
      sentence.id = typeof id === 'string' ? id : undefined;
    } else if (tag.name === 'text' && sentence) {
      inText = true;
      sentence.text ??= '';
    }
  });
  const onText = (text: string): void => {
    if (inText && sentence) sentence.text += text;
  };
  parser.on('text', onText);
  parser.on('cdata', onText);
  parser.on('closetag', (tag) => {
    if (tag.name === 'text') inText = false;
    if (tag.name !== 'sentence' || !sentence) return;
    const { id, line, text } = sentence;
    sentence = undefined;
    if (id === undefined) {
      rows.push(rejectRow(line, 'externalId: missing (the <sentence> has no id attribute)'));
    } else if (text === undefined) {
      rows.push(rejectRow(line, 'text: missing (the <sentence> has no <text>)'));
    } else {
      const platform = ctx.platform ?? 'other';
      rows.push(
        finishRow(line, { externalId: id, platform, channel: 'review', brand: ctx.brand, text, postedAt }),
      );
    }
  });
  parser.on('error', (error) => {
    // saxes goes on after an error once a handler is set.
    rows.push(rejectRow(parser.line, `malformed XML: ${error.message}`));
  });

  for await (const chunk of chunks) {
    parser.write(chunk);
    yield* rows.splice(0);
  }
  parser.close();
  yield* rows.splice(0);
}
