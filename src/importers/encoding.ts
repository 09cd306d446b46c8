import { TextDecoder } from 'node:util';
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { AppError } from '../core/errors.js';

/** How many bytes the detection looks at. */
export const DETECT_BYTES = 64 * 1024;

/**
 * Labels that mean windows-1252 in practice. Files called Latin-1 are written by Windows and Excel
 * with curly quotes and € at 0x80–0x9F, which ISO-8859-1 reads as control characters; the WHATWG
 * Encoding Standard decodes these labels as windows-1252 for the same reason.
 */
const WINDOWS_1252 = new Set([
  'latin1',
  'latin-1',
  'l1',
  'iso-8859-1',
  'iso88591',
  'iso_8859-1',
  'ascii',
  'us-ascii',
  'cp1252',
  'windows-1252',
]);

/** The encoding iconv-lite decodes a label as; throws `validation_failed` for one it does not know. */
export function canonicalEncoding(label: string): string {
  const name = label.trim().toLowerCase();
  if (WINDOWS_1252.has(name)) return 'windows-1252';
  if (name === 'utf8' || name === 'utf-8') return 'utf-8';
  if (!iconv.encodingExists(name)) {
    throw new AppError(
      'validation_failed',
      `encoding: "${label}" is not an encoding we can read (e.g. utf-8, latin1, windows-1252, utf-16le, shift_jis)`,
      [{ path: 'encoding', message: `unknown encoding "${label}"` }],
    );
  }
  return name;
}

/** What the decoding found: the encoding read, whether it was detected, and bytes that did not decode. */
export interface DecodingReport {
  encoding: string;
  /** The encoding was detected (not declared with `--encoding`, and the file is not plain UTF-8). */
  detected: boolean;
  /** Invalid byte sequences replaced by U+FFFD (UTF-8 only). */
  replaced: number;
}

/**
 * Decodes a byte stream to text chunks, streaming. With no `declared` encoding, the first 64 KB
 * decide: a byte-order mark, else valid UTF-8, else UTF-16 by its NUL pattern, else chardet's best
 * guess (a Latin-1 CSV was read as UTF-8 and stored as U+FFFD with no warning, issue #11). The report
 * is filled in as the text is read: `replaced` is final once the stream is.
 */
export function decodeBytes(
  source: AsyncIterable<Buffer | string | Uint8Array>,
  declared?: string,
): { chunks: AsyncGenerator<string>; report: DecodingReport } {
  const report: DecodingReport = {
    encoding: declared ? canonicalEncoding(declared) : 'utf-8',
    detected: false,
    replaced: 0,
  };
  async function* chunks(): AsyncGenerator<string> {
    const iterator = source[Symbol.asyncIterator]();
    const head: Buffer[] = [];
    let size = 0;
    let ended = false;
    let text = false; // a stream with setEncoding() (or a test) hands over text: nothing to decode
    while (size < DETECT_BYTES) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      if (typeof next.value === 'string') {
        text = true;
        head.push(Buffer.from(next.value));
      } else {
        head.push(Buffer.from(next.value));
      }
      size += head[head.length - 1]?.length ?? 0;
    }
    const first = Buffer.concat(head);
    if (!declared && !text && first.length > 0) Object.assign(report, detect(first, ended));
    const decoder = new Decoder(text ? { ...report, encoding: 'utf-8' } : report);
    const out = decoder.write(first);
    if (out) yield out;
    try {
      while (!ended) {
        const next = await iterator.next();
        if (next.done) break;
        const chunk = decoder.write(
          typeof next.value === 'string' ? Buffer.from(next.value) : Buffer.from(next.value),
        );
        if (chunk) yield chunk;
      }
    } finally {
      if (!ended) await iterator.return?.();
    }
    const rest = decoder.end();
    if (rest) yield rest;
  }
  return { chunks: chunks(), report };
}

/** The encoding of a file's first bytes. */
function detect(head: Buffer, whole: boolean): Pick<DecodingReport, 'encoding' | 'detected'> {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', detected: false };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', detected: true };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', detected: true };
  const utf16 = nulPattern(head);
  if (utf16) return { encoding: utf16, detected: true };
  if (isUtf8(head, whole)) return { encoding: 'utf-8', detected: false };
  const guess = chardet.detect(head);
  if (!guess || /^utf-?8$/i.test(guess)) return { encoding: 'utf-8', detected: false };
  const name = guess.toLowerCase();
  return {
    encoding: WINDOWS_1252.has(name) ? 'windows-1252' : iconv.encodingExists(name) ? name : 'utf-8',
    detected: true,
  };
}

/** UTF-16 without a byte-order mark: ASCII text has a NUL in every other byte. */
function nulPattern(head: Buffer): string | undefined {
  const n = Math.min(head.length, 1024) & ~1;
  if (n < 8) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.6 && even < pairs * 0.1) return 'utf-16le';
  if (even > pairs * 0.6 && odd < pairs * 0.1) return 'utf-16be';
  return undefined;
}

/** Valid UTF-8; a sequence cut off by the end of the head (not of the file) does not count against it. */
function isUtf8(head: Buffer, whole: boolean): boolean {
  let bytes = head;
  if (!whole) {
    // Step back over an unfinished multi-byte sequence at the end.
    let i = bytes.length - 1;
    let back = 0;
    while (i >= 0 && back < 3 && ((bytes[i] as number) & 0xc0) === 0x80) [i, back] = [i - 1, back + 1];
    if (i >= 0 && (bytes[i] as number) >= 0xc0) bytes = bytes.subarray(0, i);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** A streaming decoder that drops a leading BOM and counts what UTF-8 could not decode. */
class Decoder {
  private readonly utf8: TextDecoder | undefined;
  private readonly other: ReturnType<typeof iconv.getDecoder> | undefined;
  private first = true;
  private tail = Buffer.alloc(0); // the last bytes, for counting U+FFFD that the file really holds

  constructor(private readonly report: DecodingReport) {
    if (report.encoding === 'utf-8') this.utf8 = new TextDecoder('utf-8');
    else this.other = iconv.getDecoder(report.encoding, { stripBOM: true });
  }

  write(bytes: Buffer): string {
    if (bytes.length === 0) return '';
    let text = this.utf8 ? this.utf8.decode(bytes, { stream: true }) : (this.other?.write(bytes) ?? '');
    if (this.utf8) {
      this.count(text, Buffer.concat([this.tail, bytes]));
      this.tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 2)));
    }
    if (this.first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      this.first = false;
    }
    return text;
  }

  end(): string {
    const text = this.utf8 ? this.utf8.decode() : (this.other?.end() ?? '');
    if (this.utf8) this.count(text, Buffer.alloc(0));
    return text ?? '';
  }

  /** U+FFFD in the text that are not EF BF BD in the file are bytes UTF-8 could not decode. */
  private count(text: string, bytes: Buffer): void {
    let marks = 0;
    for (let i = text.indexOf('\ufffd'); i !== -1; i = text.indexOf('\ufffd', i + 1)) marks++;
    if (marks === 0) return;
    let real = 0;
    for (let i = bytes.indexOf(REPLACEMENT); i !== -1; i = bytes.indexOf(REPLACEMENT, i + 1)) real++;
    this.report.replaced += Math.max(0, marks - real);
  }
}

const REPLACEMENT = Buffer.from([0xef, 0xbf, 0xbd]);

/** The warnings for a file's decoding, for the import's summary; none for clean UTF-8. */
export function decodingWarnings(report: DecodingReport, file = 'the file'): string[] {
  const out: string[] = [];
  if (report.detected && report.encoding !== 'utf-8') {
    out.push(
      `${file} is not UTF-8: read as ${report.encoding} (detected; give the encoding to choose another, e.g. --encoding latin1)`,
    );
  }
  if (report.replaced > 0) {
    out.push(
      `${file}: ${report.replaced} byte sequence${report.replaced === 1 ? '' : 's'} could not be decoded as ${report.encoding} and became U+FFFD (is the file in another encoding? give it, e.g. --encoding latin1)`,
    );
  }
  return out;
}
