import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { smtpError, startSmtp as startTestSmtp, type TestSmtp } from '../../test/helpers/smtp.js';
import { ChannelsConfigSchema, type ChannelsConfigInput, type EmailConfig } from './config.js';
import { escapeHtml, textBody } from './email-body.js';
import { createEmailAdapter } from './email.js';
import type { OutgoingReply } from './types.js';

const servers: { close: () => Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A test SMTP server closed after each test. */
async function startSmtp(options: Parameters<typeof startTestSmtp>[0] = {}): Promise<TestSmtp> {
  const smtp = await startTestSmtp(options);
  servers.push(smtp);
  return smtp;
}

function emailConfig(email: NonNullable<ChannelsConfigInput['email']>): EmailConfig {
  const parsed = ChannelsConfigSchema.parse({ email }).email;
  if (parsed === undefined) throw new Error('no email config');
  return parsed;
}

function localConfig(port: number, extra: Record<string, unknown> = {}): EmailConfig {
  return emailConfig({
    host: '127.0.0.1',
    port,
    secure: false,
    from: 'Acme Care <care@acme.example>',
    replyTo: 'help@acme.example',
    ...extra,
  });
}

const reply = (over: Partial<OutgoingReply> = {}): OutgoingReply => ({
  id: '0b9f5a8e-6d1c-4c39-9a57-3f1d2b7c8e01',
  workspaceId: 'ws-1',
  caseId: 'case-1',
  itemId: 'item-1',
  text: 'Dear Ada,\n\nWe are sorry the soup was cold.\nWe have spoken to the kitchen.',
  language: 'en',
  to: 'ada@example.com',
  toName: 'Ada "Lovelace" <Countess>',
  subject: 'Cold soup <img src=x onerror=alert(1)>',
  quoted: 'The soup was cold. <script>alert(1)</script>\n\nNever again & "never" again.',
  ...over,
});

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

describe('email adapter (real SMTP server)', () => {
  it('delivers a reply exactly once, as text and as HTML with every customer string escaped', async () => {
    const smtp = await startSmtp();
    const result = await createEmailAdapter(localConfig(smtp.port)).send(reply());

    expect(result).toMatchObject({
      ok: true,
      externalId: '<0b9f5a8e-6d1c-4c39-9a57-3f1d2b7c8e01@touchpoint>',
    });
    expect(smtp.messages).toHaveLength(1);
    const [{ mail, rcptTo, raw }] = smtp.messages as [TestSmtp['messages'][number]];
    expect(rcptTo).toEqual(['ada@example.com']);
    expect(mail.messageId).toBe('<0b9f5a8e-6d1c-4c39-9a57-3f1d2b7c8e01@touchpoint>');
    expect(mail.subject).toBe('Re: Cold soup <img src=x onerror=alert(1)>');
    expect(mail.from?.value[0]).toMatchObject({ address: 'care@acme.example', name: 'Acme Care' });
    expect(mail.replyTo?.value[0]?.address).toBe('help@acme.example');
    expect(mail.headers.get('content-language')).toBe('en');

    expect(mail.text).toContain('We are sorry the soup was cold.');
    expect(mail.text).toContain('> The soup was cold. <script>alert(1)</script>');

    const html = String(mail.html);
    expect(html).toContain('The soup was cold. &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Never again &amp; &quot;never&quot; again.');
    expect(html).toContain('<title>Re: Cold soup &lt;img src=x onerror=alert(1)&gt;</title>');
    expect(html).not.toMatch(/<script|<img/i);
    // The display name with quotes and angle brackets stays one recipient, quoted by nodemailer.
    const to = Array.isArray(mail.to) ? mail.to : [mail.to];
    expect(to.flatMap((a) => a?.value ?? [])).toEqual([
      { address: 'ada@example.com', name: 'Ada "Lovelace" <Countess>' },
    ]);
    expect(raw).toMatch(/^To: "Ada \\"Lovelace\\" <Countess>" <ada@example\.com>$/m);
  });

  it('keeps the Message-ID stable across retries of the same outgoing id', async () => {
    const smtp = await startSmtp();
    const email = createEmailAdapter(localConfig(smtp.port));
    await email.send(reply());
    await email.send(reply());
    await email.send(reply({ id: 'another-id' }));

    expect(smtp.messages.map((m) => m.mail.messageId)).toEqual([
      '<0b9f5a8e-6d1c-4c39-9a57-3f1d2b7c8e01@touchpoint>',
      '<0b9f5a8e-6d1c-4c39-9a57-3f1d2b7c8e01@touchpoint>',
      '<another-id@touchpoint>',
    ]);
  });

  it('reports a 451 (try again later) after DATA as retryable, and nothing is stored', async () => {
    const smtp = await startSmtp({ onMessage: () => smtpError(451, '4.3.0 Temporary failure, try later') });
    const result = await createEmailAdapter(localConfig(smtp.port)).send(reply());

    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.ok ? '' : result.error).toContain('451');
    expect(smtp.messages).toHaveLength(0);
  });

  it('reports a 550 (no such mailbox) as not retryable', async () => {
    const smtp = await startSmtp({ onRcptTo: () => smtpError(550, '5.1.1 No such user here') });
    const result = await createEmailAdapter(localConfig(smtp.port)).send(reply());

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(result.ok ? '' : result.error).toContain('550');
    expect(smtp.messages).toHaveLength(0);
  });

  it('reports a closed port (connection refused) as retryable', async () => {
    const result = await createEmailAdapter(localConfig(await closedPort())).send(reply());
    expect(result).toMatchObject({ ok: false, retryable: true });
    expect(result.ok ? '' : result.error).toContain('ECONNREFUSED');
  });

  it('reports a server that never greets as a retryable timeout', async () => {
    const silent = net.createServer(() => {});
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const sockets = new Set<net.Socket>();
    silent.on('connection', (s) => sockets.add(s));
    servers.push({
      close: () =>
        new Promise<void>((r) => {
          for (const s of sockets) s.destroy();
          silent.close(() => r());
        }),
    });
    const { port } = silent.address() as net.AddressInfo;
    const result = await createEmailAdapter(localConfig(port, { greetingTimeoutMs: 200 })).send(reply());
    expect(result).toMatchObject({ ok: false, retryable: true });
  });

  it('logs in with the user and password of an smtp:// URL', async () => {
    const smtp = await startSmtp({ users: { bot: 'p@ss:word' } });
    const config = emailConfig({
      url: `smtp://bot:${encodeURIComponent('p@ss:word')}@127.0.0.1:${smtp.port}`,
      from: 'care@acme.example',
    });
    const result = await createEmailAdapter(config).send(reply());
    expect(result).toMatchObject({ ok: true });
    expect(smtp.messages).toHaveLength(1);
  });

  it('reports wrong credentials (535) as not retryable, without the password in the error', async () => {
    const smtp = await startSmtp({ users: { bot: 'right-password' } });
    const config = emailConfig({
      url: `smtp://bot:wrong-password@127.0.0.1:${smtp.port}`,
      from: 'care@acme.example',
    });
    const result = await createEmailAdapter(config).send(reply());

    expect(result).toMatchObject({ ok: false, retryable: false });
    expect(JSON.stringify(result)).not.toContain('wrong-password');
    expect(smtp.messages).toHaveLength(0);
  });

  it('refuses line breaks (header injection) and address lists before connecting', async () => {
    const smtp = await startSmtp();
    const email = createEmailAdapter(localConfig(smtp.port));
    const attempts: Partial<OutgoingReply>[] = [
      { subject: 'Hello\r\nBcc: victim@example.com' },
      { subject: 'Hello\nX-Injected: yes' },
      { to: 'ada@example.com\r\nBcc: victim@example.com' },
      { toName: 'Ada\r\nBcc: victim@example.com' },
      { to: 'ada@example.com, victim@example.com' },
      { to: 'Ada <ada@example.com>' },
      { to: 'not-an-address' },
      { to: null },
      { id: 'id with spaces' },
    ];
    for (const over of attempts) {
      const result = await email.send(reply(over));
      expect(result, JSON.stringify(over)).toMatchObject({ ok: false, retryable: false });
    }
    expect(smtp.messages).toHaveLength(0);
  });

  it('uses the default subject when the customer wrote none, and keeps an existing Re:', async () => {
    const smtp = await startSmtp();
    const email = createEmailAdapter(localConfig(smtp.port));
    await email.send(reply({ subject: null }));
    await email.send(reply({ id: 'second', subject: 'RE: Lost bag' }));
    expect(smtp.messages.map((m) => m.mail.subject)).toEqual(['Re: your feedback', 'RE: Lost bag']);
  });
  it('carries non-ASCII names, subjects and text intact', async () => {
    const smtp = await startSmtp();
    const result = await createEmailAdapter(localConfig(smtp.port)).send(
      reply({
        toName: '张伟',
        subject: '行李丢失 — Koffer verloren',
        text: '非常抱歉，张先生。',
        language: 'zh',
      }),
    );
    expect(result).toMatchObject({ ok: true });
    const [{ mail }] = smtp.messages as [TestSmtp['messages'][number]];
    expect(mail.subject).toBe('Re: 行李丢失 — Koffer verloren');
    expect(mail.text).toContain('非常抱歉，张先生。');
    expect(String(mail.html)).toContain('<html lang="zh">');
  });
});

describe('email body', () => {
  it('escapes the five HTML characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });

  it('quotes the original below the reply in the text part', () => {
    expect(textBody('Thanks!', 'line one\r\n\r\nline two')).toBe('Thanks!\n\n> line one\n>\n> line two\n');
    expect(textBody('Thanks!', null)).toBe('Thanks!\n');
  });
});
