import { MAX_RECORD_CHARS } from './types.js';

/** One physical line without its `\n` / `\r\n`; `text` is undefined when the line was longer than the limit. */
export interface Line {
  line: number;
  text: string | undefined;
}

/**
 * Splits text chunks into numbered lines, keeping only the unfinished tail between chunks. A line longer
 * than `maxChars` is not kept: it comes out with `text: undefined`, so one huge line cannot exhaust memory.
 */
export class LineSplitter {
  private tail = '';
  private overflow = false;
  private count = 0;

  constructor(private readonly maxChars = MAX_RECORD_CHARS) {}

  /** The lines completed by this chunk. */
  push(chunk: string): Line[] {
    const lines: Line[] = [];
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      lines.push(this.take(this.tail + chunk.slice(start, nl)));
      this.tail = '';
      start = nl + 1;
    }
    this.tail += chunk.slice(start);
    if (this.tail.length > this.maxChars) {
      this.overflow = true;
      this.tail = '';
    }
    return lines;
  }

  /** The last line, when the text does not end with a newline. */
  end(): Line[] {
    if (this.tail.length === 0 && !this.overflow) return [];
    const last = this.take(this.tail);
    this.tail = '';
    return [last];
  }

  private take(raw: string): Line {
    this.count += 1;
    const tooLong = this.overflow || raw.length > this.maxChars;
    this.overflow = false;
    return { line: this.count, text: tooLong ? undefined : raw.endsWith('\r') ? raw.slice(0, -1) : raw };
  }
}
