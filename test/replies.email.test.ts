// Issue #4, Done means: a reply sent by e-mail reaches a real SMTP server exactly once, with the
// customer's text escaped; a failing server leads to retries, then a visible failure, never a
// duplicate. The whole path: HTTP API → outbox row → `replies.send` job → nodemailer → smtp-server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelsConfigSchema, createChannelAdapters } from '../src/channels/index.js';
import { ManualClock } from '../src/core/cases/index.js';
import { createOutboundGuard } from '../src/net/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { runJob } from './helpers/jobs.js';
import { smtpError, startSmtp, type TestSmtp } from './helpers/smtp.js';

const CUSTOMER_TEXT = 'My refund never came. <script>alert("pwned")</script> Fix it & answer me!';

interface Detail {
  replies: { id: string; status: string; attempts: number; lastError: string | null }[];
  events: { kind: string }[];
}

describe.each(DIALECTS)('replies by e-mail through a real SMTP server on %s', (dialect) => {
  const dbs: TestDatabase[] = [];
  const clock = new ManualClock('2026-03-02T10:00:00.000Z');
  let accepting: TestSmtp;
  let refusing: TestSmtp;
  let refusals = 0;
  const runtimes: Runtime[] = [];

  /** A workspace with one e-mail complaint in a case, on a runtime whose e-mail channel goes to `smtp`. */
  async function caseWithEmailChannel(smtp: TestSmtp) {
    const channels = createChannelAdapters(
      ChannelsConfigSchema.parse({
        email: { host: '127.0.0.1', port: smtp.port, secure: false, from: 'Acme Care <care@acme.example>' },
      }),
      { outbound: createOutboundGuard() },
    );
    const db = await freshDatabase(dialect);
    dbs.push(db);
    const rt = await openRuntime(db.config, { clock, channels: Object.fromEntries(channels) });
    runtimes.push(rt);
    const owner = new TestClient(createApp(rt));
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Acme',
      },
    );
    owner.csrf = setup.body.csrfToken;
    owner.workspace = setup.body.workspaces[0]?.id;
    const ingested = await owner.json<{ results: { itemId: string }[] }>('POST', '/api/v1/feedback', {
      items: [
        {
          externalId: `mail-${runtimes.length}`,
          platform: 'email',
          text: CUSTOMER_TEXT,
          postedAt: '2026-03-02T09:00:00.000Z',
          author: { name: 'Ada Customer' },
        },
      ],
    });
    const itemId = ingested.body.results[0]?.itemId ?? '';
    const opened = await owner.json<{ id: string }>('POST', '/api/v1/cases', { itemId });
    expect(opened.status, JSON.stringify(opened.body)).toBe(201);
    const reply = await owner.json<{ id: string; status: string }>(
      'POST',
      `/api/v1/cases/${opened.body.id}/replies`,
      {
        channel: 'email',
        to: 'ada@example.com',
        subject: 'Your refund',
        text: 'Ada, we are sorry your refund has not arrived. We are checking it today and will write back by Friday.',
      },
    );
    expect(reply.status, JSON.stringify(reply.body)).toBe(201);
    expect(reply.body.status).toBe('queued');
    const send = () =>
      runJob(rt.jobDefs.repliesSend, { workspaceId: owner.workspace ?? '', replyId: reply.body.id });
    const detail = async () => (await owner.json<Detail>('GET', `/api/v1/cases/${opened.body.id}`)).body;
    return { send, detail, replyId: reply.body.id };
  }

  beforeAll(async () => {
    accepting = await startSmtp();
    refusing = await startSmtp({
      onMessage: () => {
        refusals++;
        return smtpError(451, '4.3.0 Mailbox temporarily unavailable');
      },
    });
  });
  afterAll(async () => {
    for (const rt of runtimes) await rt.close();
    await Promise.all([accepting?.close(), refusing?.close()]);
    for (const db of dbs) await db.drop();
  });

  it('delivers the reply once, with the customer text escaped in the HTML part', async () => {
    const { send, detail, replyId } = await caseWithEmailChannel(accepting);
    // Two workers pick the job at the same time, and it runs once more later: one message.
    await Promise.all([send(), send()]);
    await send();
    expect(accepting.messages).toHaveLength(1);
    const [{ mail, rcptTo }] = accepting.messages as [TestSmtp['messages'][number]];
    expect(rcptTo).toEqual(['ada@example.com']);
    expect(mail.messageId).toBe(`<${replyId}@touchpoint>`);
    expect(mail.text).toContain('we are sorry your refund has not arrived');
    const html = String(mail.html);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain('Fix it &amp; answer me!');
    expect(html).not.toMatch(/<script/i);
    expect((await detail()).replies[0]).toMatchObject({ id: replyId, status: 'sent', attempts: 1 });
  });

  it('retries a server that refuses, then shows the failure on the case, and never sends twice', async () => {
    const { send, detail } = await caseWithEmailChannel(refusing);
    await send();
    expect(refusals).toBe(1);
    await send(); // not due yet: the backoff holds it
    expect(refusals).toBe(1);
    for (let i = 0; i < 8; i++) {
      clock.advance(60); // minutes: past every backoff
      await send();
    }
    expect(refusals).toBe(5);
    expect(refusing.messages).toHaveLength(0);
    const d = await detail();
    expect(d.replies[0]).toMatchObject({ status: 'failed', attempts: 5 });
    expect(d.replies[0]?.lastError).toMatch(/451/);
    expect(d.events.map((e) => e.kind)).toContain('reply_failed');
  });
});
