import type { Context, MiddlewareHandler } from 'hono';
import { AppError } from '../../core/errors.js';
import type { AppEnv } from '../env.js';

/** How large a request's body may be, and the setting or rule that says so (named in the 413). */
export interface BodyCap {
  bytes: number;
  rule: string;
  /**
   * The route counts the stream against the same cap itself (the file upload), so only the declared
   * length is checked here: failing its source would not reach a stream it `.pipe()`s the body into.
   */
  countedByRoute?: boolean;
}

function declaresBody(headers: Headers): boolean {
  const length = headers.get('content-length');
  return headers.has('transfer-encoding') || (length !== null && length !== '0');
}

function tooLarge(cap: BodyCap): AppError {
  return new AppError(
    'payload_too_large',
    `The request body is larger than ${describe(cap.bytes)} (${cap.rule}).`,
  );
}

function describe(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MB` : `${bytes / 1024} KB`;
}

/**
 * Caps every request's body, whatever its method, before anything reads it (issue #11: two 400 MB PUTs
 * without credentials took the server from 523 MB to 2.2 GB). A declared `Content-Length` over the cap
 * is refused at once; otherwise the body is counted as the handler streams it, and the read fails at the
 * first byte over the cap. Nothing is buffered here: a handler that needs the whole body (JSON) holds
 * at most the cap, an upload streams through.
 */
export function limitBody(capOf: (c: Context<AppEnv>) => BodyCap): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const raw = c.req.raw;
    // In-process requests stream without Transfer-Encoding: the body itself tells.
    if (raw.method === 'GET' || raw.method === 'HEAD' || !raw.body) return next();
    const cap = capOf(c);
    const declared = Number(raw.headers.get('content-length') ?? 0);
    if (!raw.headers.has('transfer-encoding') && declared > cap.bytes) throw tooLarge(cap);
    if (cap.countedByRoute) return next();
    let seen = 0;
    let exceeded = false;
    const counted = raw.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength;
          if (seen > cap.bytes) {
            exceeded = true;
            controller.error(tooLarge(cap));
          } else controller.enqueue(chunk);
        },
      }),
    );
    c.req.raw = new Request(raw, { body: counted, duplex: 'half' });
    await next();
    // A JSON validator reports a failed read as malformed JSON: the cap is the real reason.
    if (exceeded && c.res.status !== 413) throw tooLarge(cap);
  };
}

/**
 * An error answer to a request that sent a body closes the connection, so that Node stops reading what
 * is left of the body instead of draining it (it would read up to 64 MB more, @hono/node-server 1.19).
 * Put outside `limitBody` and the authentication gate, whose refusals it closes.
 */
export const closeOnRefusal: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.status >= 400 && declaresBody(c.req.raw.headers)) c.res.headers.set('connection', 'close');
};
