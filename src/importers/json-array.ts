import type { ObjectMapper } from './json-lines.js';
import { isRecord, rejectRow } from './rows.js';
import { MAX_RECORD_CHARS, type ImportRow, type ReadContext } from './types.js';

/** Where the records array is: the root, or the first array-valued property of a root object. */
type Phase = 'root' | 'records' | 'element' | 'done';

/**
 * Streams the elements of a JSON array, one element in memory at a time, each parsed on its own. The
 * root may be the array itself or an object whose first array-valued property holds the records
 * (`{"reviews": [...]}`). Each row carries the line on which its element starts, and a rejection names
 * the element's index (`element [3]: …`), since in a minified file every element is on line 1.
 *
 * A scanner finds where each element begins and ends (strings, escapes and nesting), and `JSON.parse`
 * reads it: so one malformed element is one rejected row and the elements after it are still read
 * (issue #11: one bad element in a single-line file lost the whole file, reported at `:1`).
 */
export async function* readJsonArray(
  chunks: AsyncIterable<string>,
  ctx: ReadContext,
  mapper: ObjectMapper,
): AsyncGenerator<ImportRow> {
  const scanner = new ElementScanner();
  const rowOf = (e: ScannedElement): ImportRow => {
    const at = `element [${e.index}]`;
    if (e.error !== undefined) return rejectRow(e.line, `malformed JSON: ${at}: ${e.error}`);
    let value: unknown;
    try {
      value = JSON.parse(e.text);
    } catch (error) {
      return rejectRow(e.line, `malformed JSON: ${at}: ${(error as Error).message}`);
    }
    if (!isRecord(value)) return rejectRow(e.line, `${at}: expected an object`);
    const row = mapper(e.line, value, ctx);
    return row.ok ? row : rejectRow(row.line, `${at}: ${row.reason}`);
  };
  for await (const chunk of chunks) {
    for (const e of scanner.push(chunk)) yield rowOf(e);
    if (scanner.failure !== undefined) {
      yield rejectRow(scanner.failure.line, `malformed JSON: ${scanner.failure.reason}`);
      return;
    }
    if (scanner.done) return;
  }
  for (const e of scanner.end()) yield rowOf(e);
  if (scanner.failure !== undefined)
    yield rejectRow(scanner.failure.line, `malformed JSON: ${scanner.failure.reason}`);
}

/** One element of the records array: its text, or why it could not be cut out. */
interface ScannedElement {
  index: number;
  line: number;
  text: string;
  error?: string;
}

/**
 * Cuts the elements of the records array out of a stream of text. It tracks only what JSON's framing
 * needs (strings with their escapes, and the nesting of `{}` and `[]`), so an element whose content
 * is malformed still ends where its brackets close, and reading goes on after it.
 */
class ElementScanner {
  failure: { line: number; reason: string } | undefined;
  private phase: Phase = 'root';

  /** The records array is over (or there is none): nothing after it is read. */
  get done(): boolean {
    return this.phase === 'done';
  }

  private line = 1;
  private depth = 0; // open containers, counted from the root
  private recordsDepth = 0; // depth inside the records array
  private inString = false;
  private escaped = false;
  private index = 0;
  private element: { line: number; parts: string[]; size: number; tooLong: boolean } | undefined;
  private scalar = false; // the element is a bare number / literal, ended by `,` `]` or whitespace

  push(chunk: string): ScannedElement[] {
    const out: ScannedElement[] = [];
    let start = 0; // where the element's text in this chunk begins
    for (let i = 0; i < chunk.length && this.phase !== 'done' && !this.failure; i++) {
      const ch = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (ch === 0x5c)
          this.escaped = true; // backslash
        else if (ch === 0x22) {
          this.inString = false; // closing quote
          if (this.phase === 'element' && this.depth === this.recordsDepth) {
            this.take(chunk, start, i + 1);
            out.push(this.finish());
          }
        } else if (ch === 0x0a) this.line++;
        continue;
      }
      if (ch === 0x0a) this.line++;
      if (this.phase === 'element' && this.scalar) {
        if (ch === 0x2c || ch === 0x5d || isSpace(ch)) {
          this.take(chunk, start, i);
          out.push(this.finish());
          i--; // the `,` or `]` is the records array's
          if (ch === 0x0a) this.line--;
        }
        continue;
      }
      if (this.phase === 'records') {
        if (isSpace(ch) || ch === 0x2c) continue;
        if (ch === 0x5d) {
          this.phase = 'done'; // the records array is over; what follows is not read
          continue;
        }
        this.phase = 'element';
        this.element = { line: this.line, parts: [], size: 0, tooLong: false };
        start = i;
        this.scalar = ch !== 0x7b && ch !== 0x5b && ch !== 0x22;
        if (this.scalar) continue;
      }
      if (ch === 0x22) {
        this.inString = true;
      } else if (ch === 0x7b || ch === 0x5b) {
        if (this.phase === 'root' && ch === 0x5b && (this.depth === 0 || this.depth === 1)) {
          // The root array, or an array-valued property of the root object.
          this.depth++;
          this.recordsDepth = this.depth;
          this.phase = 'records';
          continue;
        }
        this.depth++;
      } else if (ch === 0x7d || ch === 0x5d) {
        this.depth--;
        if (this.phase === 'element' && this.depth === this.recordsDepth) {
          this.take(chunk, start, i + 1);
          out.push(this.finish());
        } else if (this.phase === 'root' && this.depth === 0) {
          this.phase = 'done'; // a root object without an array: no records
        }
      } else if (this.phase === 'root' && this.depth === 0 && !isSpace(ch)) {
        this.failure = {
          line: this.line,
          reason: 'expected an array of objects, or an object holding one',
        };
      }
    }
    if (this.phase === 'element') this.take(chunk, start, chunk.length);
    return out;
  }

  /** What is left when the text ends: an element cut off, or an array never closed. */
  end(): ScannedElement[] {
    if (this.phase === 'element') {
      if (this.scalar && !this.inString) return [this.finish()];
      const cut = this.finish();
      return [{ ...cut, text: '', error: 'the file ends inside this element' }];
    }
    if (this.phase === 'records' && !this.failure)
      this.failure = { line: this.line, reason: 'the file ends before the array is closed' };
    return [];
  }

  private take(chunk: string, from: number, to: number): void {
    const e = this.element;
    if (!e || e.tooLong || to <= from) return;
    e.size += to - from;
    if (e.size > MAX_RECORD_CHARS) {
      e.tooLong = true;
      e.parts = [];
    } else {
      e.parts.push(chunk.slice(from, to));
    }
  }

  private finish(): ScannedElement {
    const e = this.element ?? { line: this.line, parts: [], size: 0, tooLong: false };
    this.element = undefined;
    this.phase = 'records';
    this.scalar = false;
    const scanned: ScannedElement = { index: this.index++, line: e.line, text: e.parts.join('') };
    if (e.tooLong) scanned.error = `the element is longer than ${MAX_RECORD_CHARS} characters`;
    return scanned;
  }
}

const isSpace = (ch: number): boolean => ch === 0x20 || ch === 0x0a || ch === 0x0d || ch === 0x09;
