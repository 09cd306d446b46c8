/** How much text format detection looks at. */
export const HEAD_CHARS = 64 * 1024;

/** Decodes a byte or string stream to UTF-8 text chunks, dropping a leading byte-order mark. */
export async function* decodeText(
  source: AsyncIterable<Buffer | string | Uint8Array>,
): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      // TextDecoder drops the BOM of bytes itself; a stream with setEncoding() hands it over as text.
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text.length > 0) yield text;
  }
  const rest = decoder.decode();
  if (rest.length > 0) yield rest;
}

/**
 * Reads text chunks until at least `limit` characters (or the end) are in hand, and returns them as
 * `head` (whole chunks, so it may be a little longer) together with `chunks`, which replays them and then goes on with the rest of the source.
 * Only the head is buffered, never the file.
 */
export async function peekText(
  source: AsyncIterable<string>,
  limit = HEAD_CHARS,
): Promise<{ head: string; chunks: AsyncIterable<string> }> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: string[] = [];
  let size = 0;
  let done = false;
  while (size < limit) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    size += next.value.length;
  }
  async function* replay(): AsyncGenerator<string> {
    try {
      while (buffered.length > 0) yield buffered.shift() as string;
      if (done) return;
      for (;;) {
        const next = await iterator.next();
        if (next.done) return;
        yield next.value;
      }
    } finally {
      // A consumer that stops early releases the source (closes the file).
      if (!done) await iterator.return?.();
    }
  }
  return { head: buffered.join(''), chunks: replay() };
}
