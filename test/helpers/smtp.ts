import type net from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';

/** A real SMTP server on 127.0.0.1 that keeps every message it accepts, raw and parsed. */
export interface TestSmtp {
  port: number;
  messages: { raw: string; mail: ParsedMail; rcptTo: string[] }[];
  close: () => Promise<void>;
}

export function smtpError(code: number, message: string): Error {
  return Object.assign(new Error(message), { responseCode: code });
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1:0 that keeps every message it accepts,
 * raw and parsed; `onMessage` can refuse the DATA with an SMTP error (e.g. 451) instead.
 */
export async function startSmtp(
  options: {
    /** Answer to DATA after the message was read: null accepts it. */
    onMessage?: () => Error | null;
    onRcptTo?: (address: string) => Error | null;
    users?: Record<string, string>;
  } = {},
): Promise<TestSmtp> {
  const messages: TestSmtp['messages'] = [];
  const serverOptions: SMTPServerOptions = {
    disabledCommands: options.users === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    authOptional: options.users === undefined,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (options.users?.[auth.username ?? ''] === auth.password) callback(null, { user: auth.username });
      else callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(address, _session, callback) {
      callback(options.onRcptTo?.(address.address) ?? null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const error = options.onMessage?.() ?? null;
        if (error !== null) {
          callback(error);
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        simpleParser(raw)
          .then((mail) => {
            messages.push({ raw, mail, rcptTo: session.envelope.rcptTo.map((a) => a.address) });
            callback(null);
          })
          .catch((e: unknown) => callback(e instanceof Error ? e : new Error(String(e))));
      });
    },
  };
  const server = new SMTPServer(serverOptions);
  const port = await new Promise<number>((resolve) => {
    const listening = server.listen(0, '127.0.0.1', () =>
      resolve((listening.address() as net.AddressInfo).port),
    );
  });
  const handle = { port, messages, close: () => new Promise<void>((r) => server.close(() => r())) };
  return handle;
}
