import { Assembler } from 'stream-json/assembler.js';
import { jsonParser, type Token } from 'stream-json/parser.js';

import type { ObjectMapper } from './json-lines.js';
import { isRecord, rejectRow } from './rows.js';
import type { ImportRow, ReadContext } from './types.js';

// stream-chain's end-of-input marker (`none` in stream-chain/defs.js, a registered symbol): calling the
// tokenizer with it flushes the last token and checks the document is complete. Spelled here so that we
// need not import stream-chain, which is stream-json's dependency, not ours.
const END_OF_INPUT = Symbol.for('object-stream.none');

const VALUE_START = new Set<Token['name']>([
  'startObject',
  'startArray',
  'stringValue',
  'numberValue',
  'nullValue',
  'trueValue',
  'falseValue',
]);

/**
 * Streams the objects of a JSON array with stream-json's tokenizer, one element in memory at a time.
 * The root may be the array itself or an object whose first array-valued property holds the records
 * (`{"reviews": [...]}`). `line` is the line on which the element starts: the text is fed to the
 * tokenizer a line at a time, so a token's line is known (in a minified file every element is on line 1).
 * A JSON syntax error cannot be recovered from: it is reported as a rejected row and reading stops.
 */
export async function* readJsonArray(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
  mapper: ObjectMapper,
): AsyncGenerator<ImportRow> {
  const tokenize = jsonParser({ packValues: true, streamValues: false });
  let line = 1;
  let depth = 0; // open containers
  let recordsDepth: number | undefined; // depth of the records array once found; -1 when it has ended
  let element: { asm: Assembler; line: number; depth: number } | undefined;
  const rows: ImportRow[] = [];

  const consume = (token: Token): void => {
    const opens = token.name === 'startObject' || token.name === 'startArray';
    const closes = token.name === 'endObject' || token.name === 'endArray';
    if (!element && depth === recordsDepth && VALUE_START.has(token.name)) {
      element = { asm: new Assembler(), line, depth };
    }
    if (opens) depth += 1;
    if (closes) depth -= 1;
    if (element) {
      element.asm.consume(token);
      if (depth === element.depth) {
        const value = element.asm.current;
        rows.push(
          isRecord(value) ? mapper(element.line, value, ctx) : rejectRow(element.line, 'expected an object'),
        );
        element = undefined;
      }
      return;
    }
    if (recordsDepth === undefined) {
      if (depth === 0 && !closes) throw new Error('expected an array of objects, or an object holding one');
      // The root array, or the first array-valued property of a root object.
      if (token.name === 'startArray' && depth <= 2) recordsDepth = depth;
    } else if (closes && depth < recordsDepth) {
      recordsDepth = -1;
    }
  };

  // Only the tokenizer's errors are the file's fault; an I/O error of the source propagates.
  let failure: string | undefined;
  const feed = (piece: string | symbol): void => {
    try {
      const out = tokenize(piece as unknown as string);
      if (typeof out !== 'symbol') for (const token of out.values) consume(token);
    } catch (error) {
      // Blame the element being read, where there is one: that is the record lost.
      failure ??= `malformed JSON: ${(error as Error).message}`;
      rows.push(rejectRow(element?.line ?? line, failure));
    }
  };

  for await (const chunk of chunks) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1 && !failure; nl = chunk.indexOf('\n', start)) {
      feed(chunk.slice(start, nl + 1));
      yield* rows.splice(0);
      line += 1;
      start = nl + 1;
    }
    if (start < chunk.length && !failure) feed(chunk.slice(start));
    yield* rows.splice(0);
    if (failure) return;
  }
  feed(END_OF_INPUT);
  yield* rows.splice(0);
}
