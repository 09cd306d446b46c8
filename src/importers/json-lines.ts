import { genericRow, resolveColumns, type Columns } from './generic.js';
import { LineSplitter, type Line } from './lines.js';
import { finishRow, isRecord, rejectRow } from './rows.js';
import { MAX_RECORD_CHARS, type ImportRow, type ReadContext } from './types.js';

/** Makes the row of one JSON object; `line` is where the object starts. */
export type ObjectMapper = (line: number, value: Record<string, unknown>, ctx: ReadContext) => ImportRow;

/**
 * The row of a JSON object of a generic export: an object that already looks like a FeedbackInput
 * (externalId, platform and text) is validated as is, with the options' brand as its default;
 * any other object goes through the generic column heuristics (and the map) on its keys.
 */
export function genericObjectMapper(): ObjectMapper {
  // Objects of one file mostly share their keys: resolve the columns once per set of keys.
  let lastKeys = '';
  let columns: Columns | undefined;
  return (line, value, ctx) => {
    if ('externalId' in value && 'platform' in value && 'text' in value) {
      return finishRow(line, { ...value, brand: value.brand ?? ctx.brand });
    }
    const names = Object.keys(value);
    const keys = names.join('\u0000');
    if (!columns || keys !== lastKeys) [columns, lastKeys] = [resolveColumns(names, ctx.map), keys];
    return genericRow(line, (i) => value[names[i] as string], columns, ctx);
  };
}

/**
 * Reads JSON lines: one object per line, empty lines skipped, a line that is not a JSON object
 * rejected with its line number and the parser's message, and reading goes on.
 */
export async function* readJsonLines(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
  mapper: ObjectMapper,
): AsyncGenerator<ImportRow> {
  const splitter = new LineSplitter();
  const rows = function* (lines: readonly Line[]): Generator<ImportRow> {
    for (const { line, text } of lines) {
      if (text === undefined) {
        yield rejectRow(line, `malformed JSON: line longer than ${MAX_RECORD_CHARS} characters`);
        continue;
      }
      if (text.trim() === '') continue;
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        yield rejectRow(line, `malformed JSON: ${(error as Error).message}`);
        continue;
      }
      yield isRecord(value)
        ? mapper(line, value, ctx)
        : rejectRow(line, 'malformed JSON: expected an object');
    }
  };
  for await (const chunk of chunks) yield* rows(splitter.push(chunk));
  yield* rows(splitter.end());
}
