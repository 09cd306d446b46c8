import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/cases/index.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { feedbackInput } from './helpers/factories.js';

interface Entry {
  key: string;
  at: string;
  kind: string;
  event?: string;
  itemId?: string;
  caseId?: string;
  text?: string;
  outcome?: string | null;
  channel?: string;
  versions?: { version: number; text: string }[];
}
interface Timeline {
  customerId: string;
  mergedInto: string | null;
  entries: Entry[];
  nextCursor: string | null;
}

const EMAIL = 'mia.meyer@example.com';
const T0 = '2026-02-10T10:00:00.000Z';

describe.each(DIALECTS)('customer timeline on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let customerId: string;
  const itemIds: Record<string, string> = {};
  let caseId: string;
  const clock = new ManualClock(T0);

  const post = async (items: unknown[]) => {
    const r = await owner.json<{ results: { status: string; itemId?: string; externalId: string }[] }>(
      'POST',
      '/api/v1/feedback',
      { items },
    );
    expect(r.status).toBe(200);
    for (const x of r.body.results) {
      expect(x.status).not.toBe('rejected');
      if (x.itemId) itemIds[x.externalId] = x.itemId;
    }
  };
  const timeline = async (query = '', id = customerId) => {
    const r = await owner.json<Timeline>('GET', `/api/v1/customers/${id}/timeline${query}`);
    expect(r.status).toBe(200);
    return r.body;
  };
  const all = async (limit: number) => {
    const out: Entry[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 100; i++) {
      const page: Timeline = await timeline(
        `?limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
      );
      expect(page.entries.length).toBeLessThanOrEqual(limit);
      out.push(...page.entries);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return out;
  };

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config, { clock });
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      '/api/v1/setup',
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Olga Hotel',
      },
    );
    owner.csrf = setup.body.csrfToken;
    owner.workspace = setup.body.workspaces[0]?.id;

    const me = { identities: [{ kind: 'email' as const, value: EMAIL }] };
    await post([
      feedbackInput({
        externalId: 'mail-1',
        platform: 'email',
        channel: 'email',
        author: { name: 'Mia Meyer' },
        customer: me,
        rating: undefined,
        text: 'The room was cold and nobody came to fix the heating.',
        postedAt: '2026-02-01T08:00:00Z',
      }),
      feedbackInput({
        externalId: 'rev-1',
        platform: 'google',
        author: { name: 'Mia Meyer' },
        customer: me,
        rating: 5,
        text: 'Lovely breakfast and friendly staff.',
        postedAt: '2026-01-15T08:00:00Z',
      }),
      feedbackInput({
        externalId: 'nps-1',
        platform: 'survey',
        channel: 'survey',
        author: { name: 'Mia Meyer' },
        customer: me,
        rating: undefined,
        score: { kind: 'nps', value: 9 },
        text: 'Great stay overall.',
        postedAt: '2025-12-20T08:00:00Z',
      }),
      // Posted at the very instant the case below opens: a tie the keyset must order by key.
      feedbackInput({
        externalId: 'rev-2',
        platform: 'google',
        customer: me,
        author: { name: 'Mia Meyer' },
        rating: 4,
        text: 'Back again, the heating works now.',
        postedAt: T0,
      }),
      // Someone else's item: never on Mia's timeline.
      feedbackInput({
        externalId: 'other-1',
        platform: 'google',
        customer: { identities: [{ kind: 'email' as const, value: 'someone@example.com' }] },
        text: 'Terrible parking, rude staff.',
        rating: 1,
        postedAt: '2026-02-02T08:00:00Z',
      }),
    ]);
    // A second version of the e-mail.
    await post([
      feedbackInput({
        externalId: 'mail-1',
        platform: 'email',
        channel: 'email',
        author: { name: 'Mia Meyer' },
        customer: me,
        rating: undefined,
        text: 'The room was cold and nobody came to fix the heating. Still waiting!',
        postedAt: '2026-02-01T08:00:00Z',
      }),
    ]);
    const item = await owner.json<{ customerId: string | null }>(
      'GET',
      `/api/v1/feedback/${itemIds['mail-1']}`,
    );
    customerId = item.body.customerId ?? '';
    expect(customerId).not.toBe('');

    // A case on the e-mail (opened at T0, the instant rev-2 was posted), a reply, an exception, closed recovered.
    const opened = await owner.json<{ id: string }>('POST', '/api/v1/cases', { itemId: itemIds['mail-1'] });
    expect([200, 201]).toContain(opened.status);
    caseId = opened.body.id;
    clock.advance(1);
    const reply = await owner.json('POST', `/api/v1/cases/${caseId}/replies`, {
      text: 'We are so sorry, Mia. A technician is on the way.',
      channel: 'manual',
      posted: true,
      confirmTone: true,
    });
    expect(reply.status).toBeLessThan(300);
    clock.advance(1);
    const types = await owner.json<{ exceptionTypes: { id: string; name: string }[] }>(
      'GET',
      '/api/v1/exception-types',
    );
    const goodwill = types.body.exceptionTypes[0];
    expect(goodwill).toBeDefined();
    const granted = await owner.json('POST', '/api/v1/exceptions', {
      typeId: goodwill?.id,
      amount: 1500,
      reason: 'Cold room',
      caseId,
    });
    expect(granted.status).toBe(201);
    clock.advance(1);
    const closed = await owner.json('POST', `/api/v1/cases/${caseId}/close`, { outcome: 'recovered' });
    expect(closed.status).toBe(200);
    clock.advance(1);
    const note = await owner.json('POST', `/api/v1/customers/${customerId}/notes`, {
      text: 'Prefers a quiet room away from the lift.',
    });
    expect(note.status).toBe(201);
  });

  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('holds every item with its versions, the survey answer, the case, the reply, the note and the exception, newest first', async () => {
    const t = await timeline('?limit=200');
    expect(t.mergedInto).toBeNull();
    expect(t.nextCursor).toBeNull();
    const kinds = t.entries.map((e) => (e.kind === 'case' ? `case:${e.event}` : e.kind));
    // The exception is stamped by the wall clock (routes/exceptions.ts), the rest by the test's clock.
    expect(kinds.filter((k) => k !== 'exception')).toEqual([
      'note',
      'case:closed',
      'reply',
      'case:opened', // same instant as rev-2: by key, 'opened:…' > 'item:…'
      'item',
      'item',
      'item',
      'survey',
    ]);
    expect(kinds.filter((k) => k === 'exception')).toHaveLength(1);
    // Newest first, ties broken by key (rev-2 and the case opened in the same instant).
    for (let i = 1; i < t.entries.length; i++) {
      const [a, b] = [t.entries[i - 1], t.entries[i]];
      if (!a || !b) continue;
      expect(a.at > b.at || (a.at === b.at && a.key > b.key)).toBe(true);
    }
    const mail = t.entries.find((e) => e.itemId === itemIds['mail-1'] && e.kind === 'item');
    expect(mail?.versions?.map((v) => v.version)).toEqual([1, 2]);
    expect(mail?.text).toContain('Still waiting');
    expect(t.entries.some((e) => e.itemId === itemIds['other-1'])).toBe(false);
    const survey = t.entries.find((e) => e.kind === 'survey');
    expect(survey?.itemId).toBe(itemIds['nps-1']);
    const closedCase = t.entries.find((e) => e.kind === 'case' && e.event === 'closed');
    expect(closedCase?.outcome).toBe('recovered');
    expect(closedCase?.caseId).toBe(caseId);
    expect(t.entries.find((e) => e.kind === 'note')?.text).toBe('Prefers a quiet room away from the lift.');
  });

  it('pages by keyset: every page size gives the same entries in the same order, none twice', async () => {
    const whole = (await all(200)).map((e) => e.key);
    for (const size of [1, 2, 3]) {
      expect((await all(size)).map((e) => e.key)).toEqual(whole);
    }
    expect(new Set(whole).size).toBe(whole.length);
  });

  it('counts sentiment per month', async () => {
    const r = await owner.json<{
      buckets: { bucket: string; positive: number; negative: number; neutral: number }[];
    }>('GET', `/api/v1/customers/${customerId}/sentiment?bucket=month`);
    expect(r.status).toBe(200);
    expect(r.body.buckets.map((b) => b.bucket)).toEqual(['2025-12', '2026-01', '2026-02']);
    const total = r.body.buckets.reduce((s, b) => s + b.positive + b.negative + b.neutral, 0);
    expect(total).toBe(4);
    const feb = r.body.buckets.find((b) => b.bucket === '2026-02');
    expect(feb?.negative).toBeGreaterThanOrEqual(1);
  });

  it('answers 404 for a customer of another workspace or none, and 400 for a forged cursor', async () => {
    const other = await owner.json<{ id: string }>('POST', '/api/v1/workspaces', { name: 'Other place' });
    const elsewhere = new TestClient(app);
    elsewhere.cookie = owner.cookie;
    elsewhere.csrf = owner.csrf;
    elsewhere.workspace = other.body.id;
    expect((await elsewhere.json('GET', `/api/v1/customers/${customerId}/timeline`)).status).toBe(404);
    expect((await elsewhere.json('GET', `/api/v1/customers/${customerId}/sentiment`)).status).toBe(404);
    expect((await owner.json('GET', '/api/v1/customers/nope/timeline')).status).toBe(404);
    expect((await owner.json('GET', `/api/v1/customers/${customerId}/timeline?cursor=abc`)).status).toBe(400);
    expect((await new TestClient(app).json('GET', `/api/v1/customers/${customerId}/timeline`)).status).toBe(
      401,
    );
  });
});
