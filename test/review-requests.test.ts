// Issue #15, slice D: review requests on both databases — a Google request goes to a detractor and a
// promoter alike (the same words, both sent through a real SMTP server), a Yelp request is refused with
// the reason, the tracked link records the click and redirects only to the saved link, a review from an
// invited identity converts the request, a name-only match is a suggestion until confirmed, and the
// conversion summary carries Wilson intervals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChannelsConfigSchema } from '../src/channels/config.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sendReviewRequestsCli } from '../src/cli/review-requests.js';
import { ManualClock } from '../src/core/cases/index.js';
import { requestReviewsOrQueue, type ReviewSegmentJob } from '../src/core/review-requests/index.js';
import { signToken } from '../src/core/signed-token.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { withReviewTables } from '../src/store/repos/review-requests.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { runJob } from './helpers/jobs.js';
import { startSmtp, type TestSmtp } from './helpers/smtp.js';

const API = '/api/v1';
const GOOGLE = 'https://g.page/r/hotel-adler/review';

interface Request {
  id: string;
  customerId: string | null;
  customerName: string | null;
  platform: string;
  status: string;
  reason: string | null;
  clickedAt: string | null;
  convertedItemId: string | null;
  suggestedItemId: string | null;
}
interface Group {
  delivered: number;
  clicked: number;
  converted: number;
  conversion: { value: number | null; low: number | null; high: number | null; n: number; enough: boolean };
}

describe.each(DIALECTS)('review requests on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let smtp: TestSmtp;
  let owner: TestClient;
  let stranger: TestClient;
  let ws: string;
  // Tuesday noon UTC: outside the default quiet hours.
  const clock = new ManualClock('2026-03-10T12:00:00.000Z');
  const ids: Record<string, string> = {};

  const get = <T>(c: TestClient, path: string) => c.json<T>('GET', `${API}${path}`);
  const requests = async (platform: string) =>
    (await get<{ requests: Request[] }>(owner, `/review-requests?platform=${platform}`)).body.requests;
  const requestOf = async (customer: string) =>
    (await requests('google')).find((r) => r.customerId === ids[customer]);

  const email = (value: string) => ({ kind: 'email', value });

  beforeAll(async () => {
    smtp = await startSmtp();
    db = await freshDatabase(dialect);
    rt = await openRuntime(
      {
        ...db.config,
        publicUrl: 'https://tp.example',
        channels: ChannelsConfigSchema.parse({
          email: {
            host: '127.0.0.1',
            port: smtp.port,
            secure: false,
            from: 'Hotel Adler <hello@adler.example>',
          },
        }),
      },
      { clock },
    );
    app = createApp(rt, { clock });
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[] }>(
      'POST',
      `${API}/setup`,
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Hotel Adler',
      },
    );
    owner.csrf = setup.body.csrfToken;
    ws = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = ws;
    const other = await owner.json<{ id: string }>('POST', `${API}/workspaces`, { name: 'Other Inn' });
    stranger = new TestClient(app);
    stranger.cookie = owner.cookie;
    stranger.csrf = owner.csrf;
    stranger.workspace = other.body.id;

    // The default contact rules, open-case rule on: it holds back surveys, never a public review
    // request (the detractor below has an open case and is asked all the same).
    const settings = await owner.json('PUT', `${API}/outreach/settings`, {
      capDays: 30,
      suppressOpenCase: true,
      requireConsent: false,
      quietStart: '21:00',
      quietEnd: '08:00',
      timeZone: 'UTC',
    });
    expect(settings.status).toBe(200);

    // A detractor, a promoter and a passive, each known by e-mail.
    const posted = await owner.json('POST', `${API}/feedback`, {
      items: [
        ['dora', 'Dora Detractor', 2, 'The room was dirty and nobody cared.'],
        ['pete', 'Pete Promoter', 10, 'Wonderful stay, lovely staff.'],
        ['nina', 'Nina Weber', 8, 'Fine overall.'],
      ].map(([key, name, score, text]) => ({
        externalId: `nps-${String(key)}`,
        platform: 'survey',
        score: { kind: 'nps', value: score },
        text,
        postedAt: '2026-03-09T10:00:00Z',
        customer: { name, identities: [email(`${String(key)}@example.com`)] },
      })),
    });
    expect(posted.status).toBe(200);
    for (const key of ['dora', 'pete', 'nina']) {
      const [c] = await rt.store.customers.resolveMany(
        ws,
        [{ identities: [{ kind: 'email', platform: '', value: `${key}@example.com` }], name: undefined }],
        clock.now().toISOString(),
      );
      ids[key] = c?.customerId ?? '';
    }
  });

  afterAll(async () => {
    await rt.close();
    await db.drop();
    await smtp.close();
  });

  it('lists every platform with its rule explained and saves http(s) links only', async () => {
    const bad = await owner.json('PUT', `${API}/review-requests/platforms/google`, {
      url: 'javascript:alert(1)',
    });
    expect(bad.status).toBe(400);
    for (const [platform, url] of [
      ['google', GOOGLE],
      ['yelp', 'https://www.yelp.com/biz/hotel-adler'],
    ]) {
      const saved = await owner.json('PUT', `${API}/review-requests/platforms/${platform}`, { url });
      expect(saved.status).toBe(200);
    }
    const list = await get<{
      platforms: {
        platform: string;
        allowsRequests: boolean;
        explanation: string;
        link: { url: string } | null;
      }[];
    }>(owner, '/review-requests/platforms');
    const yelp = list.body.platforms.find((p) => p.platform === 'yelp');
    expect(yelp?.allowsRequests).toBe(false);
    expect(yelp?.explanation).toContain('Yelp does not allow asking for reviews');
    expect(list.body.platforms.find((p) => p.platform === 'google')?.link?.url).toBe(GOOGLE);
  });

  it('refuses a Yelp request with the reason and writes no request', async () => {
    const res = await owner.json<{ code: string; detail: string }>('POST', `${API}/review-requests`, {
      platform: 'yelp',
      customerIds: [ids.dora, ids.pete],
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('platform_forbids');
    expect(res.body.detail).toContain('Yelp does not allow asking for reviews');
    expect(await requests('yelp')).toEqual([]);
  });

  it('sends a Google request to a detractor and a promoter alike: the same words, both sent', async () => {
    const res = await owner.json<{ requested: number; alreadyAsked: number; unknown: number }>(
      'POST',
      `${API}/review-requests`,
      {
        platform: 'google',
        customerIds: [ids.dora, ids.pete, ids.nina, 'no-such-customer'],
        touchpointKey: 'checkout',
      },
    );
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ requested: 3, alreadyAsked: 0, unknown: 1 });
    // The detractor's answer opened a case; the request goes to them all the same (no gating).
    const doraCases = await rt.store.cases.openForThreads(ws, { customerIds: [ids.dora ?? ''], handles: [] });
    expect(doraCases.length).toBe(1);
    expect((await requests('google')).map((r) => r.status)).toEqual(['pending', 'pending', 'pending']);
    // The list names who was asked (one query for the page's customers).
    expect((await requests('google')).map((r) => r.customerName).sort()).toEqual([
      'Dora Detractor',
      'Nina Weber',
      'Pete Promoter',
    ]);

    // Outreach scheduled them (no rule holds any back); its send job mails them.
    const sends = await get<{ sends: { id: string; status: string; kind: string }[] }>(
      owner,
      '/outreach/sends?kind=review_request',
    );
    expect(sends.body.sends.map((s) => s.status)).toEqual(['scheduled', 'scheduled', 'scheduled']);
    await runJob(rt.jobDefs.outreachSend, { workspaceId: ws, sendIds: sends.body.sends.map((s) => s.id) });

    expect(smtp.messages).toHaveLength(3);
    const mailTo = (key: string) => {
      const m = smtp.messages.find((x) => x.rcptTo.includes(`${key}@example.com`));
      if (!m) throw new Error(`no mail to ${key}`);
      return m.mail;
    };
    const dora = mailTo('dora');
    const pete = mailTo('pete');
    expect(dora.subject).toBe('Would you share your experience on Google?');
    expect(pete.subject).toBe(dora.subject);
    // The same words but for the name and the personal link.
    const neutral = (text: string, name: string) =>
      text.replace(name, 'NAME').replace(/https:\/\/tp\.example\/[ru]\/\S+/g, 'LINK');
    expect(neutral(pete.text ?? '', 'Pete Promoter')).toBe(neutral(dora.text ?? '', 'Dora Detractor'));
    expect(dora.text).not.toMatch(/star|rating|rate us/i);
    expect(dora.html).toContain('Write a review on Google');
    expect((await requests('google')).map((r) => r.status)).toEqual(['sent', 'sent', 'sent']);
  });

  it('records the first click of the tracked link and redirects only to the saved link', async () => {
    const text = smtp.messages.find((x) => x.rcptTo.includes('pete@example.com'))?.mail.text ?? '';
    const token = /https:\/\/tp\.example\/r\/(\S+)/.exec(text)?.[1] ?? '';
    expect(token).not.toBe('');
    const first = await app.request(`/r/${token}`);
    expect(first.status).toBe(302);
    expect(first.headers.get('location')).toBe(GOOGLE);
    const clicked = await requestOf('pete');
    expect(clicked?.status).toBe('clicked');
    clock.advance(1);
    const again = await app.request(`/r/${token}`);
    expect(again.status).toBe(302);
    expect((await requestOf('pete'))?.clickedAt).toBe(clicked?.clickedAt);

    // A forged token, another purpose's token, an unknown id: a 404 page, never a redirect.
    const forged = `${token.slice(0, -2)}${token.endsWith('AA') ? 'BB' : 'AA'}`;
    const key = await rt.store.signingKeys.keyFor(ws);
    for (const bad of [
      forged,
      signToken(key, 'survey', clicked?.id ?? ''),
      signToken(key, 'review', 'nope'),
    ]) {
      const res = await app.request(`/r/${bad}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('location')).toBeNull();
    }
  });

  it('converts the request when a review arrives from the invited identity', async () => {
    const res = await owner.json<{ results: { itemId: string }[] }>('POST', `${API}/feedback`, {
      items: [
        {
          externalId: 'g-review-1',
          platform: 'google',
          rating: 2,
          text: 'Dirty room, as I said.',
          postedAt: '2026-03-11T09:00:00Z',
          author: { name: 'D.' },
          customer: { identities: [email('dora@example.com')] },
        },
      ],
    });
    expect(res.status).toBe(200);
    const dora = await requestOf('dora');
    expect(dora?.status).toBe('converted');
    expect(dora?.convertedItemId).toBe(res.body.results[0]?.itemId);
  });

  it('takes a review by the same name from another identity as a suggestion, converted once confirmed', async () => {
    const res = await owner.json<{ results: { itemId: string }[] }>('POST', `${API}/feedback`, {
      items: [
        {
          externalId: 'g-review-2',
          platform: 'google',
          rating: 4,
          text: 'Good hotel.',
          postedAt: '2026-03-11T10:00:00Z',
          author: { name: 'Nina  Weber' },
        },
      ],
    });
    expect(res.status).toBe(200);
    const nina = await requestOf('nina');
    expect(nina?.status).toBe('sent');
    expect(nina?.suggestedItemId).toBe(res.body.results[0]?.itemId);
    expect((await stranger.json('POST', `${API}/review-requests/${nina?.id}/confirm`)).status).toBe(404);
    const confirmed = await owner.json<Request>('POST', `${API}/review-requests/${nina?.id}/confirm`);
    expect(confirmed.status).toBe(200);
    expect(confirmed.body.status).toBe('converted');
    expect(confirmed.body.convertedItemId).toBe(nina?.suggestedItemId);
    // One review, one conversion: the same review suggested for another open request is refused.
    const other = (await requests('google')).find(
      (r) => r.id !== nina?.id && (r.status === 'sent' || r.status === 'clicked'),
    );
    expect(other).toBeDefined();
    await rt.store.reviewRequests.suggest(ws, [{ id: other?.id ?? '', itemId: nina?.suggestedItemId ?? '' }]);
    const twice = await owner.json<{ code: string }>('POST', `${API}/review-requests/${other?.id}/confirm`);
    expect(twice.status).toBe(409);
    expect((await get<Request>(owner, `/review-requests/${other?.id}`)).body.status).toBe(other?.status);
  });

  it('does not ask a customer twice while a request is open, and hides requests from other workspaces', async () => {
    const res = await owner.json<{ requested: number; alreadyAsked: number }>(
      'POST',
      `${API}/review-requests`,
      {
        platform: 'google',
        customerIds: [ids.pete],
      },
    );
    expect(res.body).toMatchObject({ requested: 0, alreadyAsked: 1 });
    const pete = await requestOf('pete');
    expect((await get(stranger, `/review-requests/${pete?.id}`)).status).toBe(404);
    expect((await get<{ requests: Request[] }>(stranger, '/review-requests')).body.requests).toEqual([]);
  });

  it('reports the conversion rate per platform and touchpoint with a Wilson interval', async () => {
    const res = await get<{
      total: Group;
      platforms: (Group & { platform: string })[];
      touchpoints: (Group & { touchpointKey: string })[];
    }>(owner, '/review-requests/summary');
    expect(res.status).toBe(200);
    const google = res.body.platforms.find((p) => p.platform === 'google');
    expect(google).toMatchObject({ delivered: 3, clicked: 1, converted: 2 });
    expect(google?.conversion.value).toBeCloseTo(2 / 3, 6);
    expect(google?.conversion.low).toBeGreaterThan(0.2);
    expect(google?.conversion.low).toBeLessThan(2 / 3);
    expect(google?.conversion.high).toBeGreaterThan(2 / 3);
    expect(google?.conversion.enough).toBe(false);
    expect(res.body.touchpoints.find((t) => t.touchpointKey === 'checkout')?.converted).toBe(2);
  });

  it('sends from the CLI to a segment or a file of ids; the contact rules suppress a second ask, shown on the request', async () => {
    const file = path.join(os.tmpdir(), `ids-${dialect}-${Date.now()}.txt`);
    fs.writeFileSync(file, `# customers\n${ids.dora}\n${ids.pete}\n`);
    await expect(
      sendReviewRequestsCli(rt, { platform: 'yelp', customers: file, workspace: ws }),
    ).rejects.toMatchObject({
      code: 'platform_forbids',
    });
    await owner.json('PUT', `${API}/review-requests/platforms/referral`, {
      url: 'https://adler.example/refer',
    });
    const seg = await owner.json<{ id: string }>('POST', `${API}/segments`, { name: 'Everyone', rules: {} });
    expect(seg.status).toBe(201);
    await runJob(rt.jobDefs.segmentsRefresh, { workspaceId: ws, segmentId: seg.body.id });
    const r = await sendReviewRequestsCli(rt, { platform: 'referral', segment: seg.body.id, workspace: ws });
    expect(r).toMatchObject({ kind: 'referral', requested: 3, alreadyAsked: 0 });
    // Each of them was asked for a Google review today: the 30-day cap holds the referral back, and
    // the detractor's open case holds back theirs first (a referral is not a public review request).
    const referrals = await requests('referral');
    expect(referrals.map((x) => [x.status, x.reason]).sort()).toEqual([
      ['suppressed', 'frequency_cap'],
      ['suppressed', 'frequency_cap'],
      ['suppressed', 'open_case'],
    ]);
    fs.rmSync(file);
  });

  it('hands a large segment to a job (refusals still answer at once), which the worker pages through', async () => {
    const segs = await get<{ segments: { id: string; size: number }[] }>(owner, '/segments');
    const segment = segs.body.segments[0];
    expect(segment?.size).toBe(3);
    const queued: ReviewSegmentJob[] = [];
    const deps = {
      store: rt.store,
      clock,
      enqueue: (job: ReviewSegmentJob) => Promise.resolve(void queued.push(job)),
      syncLimit: 2,
    };
    const actor = { type: 'system', id: null } as const;
    await expect(
      requestReviewsOrQueue(deps, ws, actor, { platform: 'yelp', segmentId: segment?.id }),
    ).rejects.toMatchObject({ code: 'platform_forbids' });
    await owner.json('PUT', `${API}/review-requests/platforms/trustpilot`, {
      url: 'https://trustpilot.com/review/adler.example',
    });
    const r = await requestReviewsOrQueue(deps, ws, actor, {
      platform: 'trustpilot',
      segmentId: segment?.id,
    });
    expect(r).toMatchObject({ queued: true, requested: 0 });
    expect(queued).toHaveLength(1);
    expect(await requests('trustpilot')).toEqual([]);
    await runJob(rt.jobDefs.reviewRequestsSegment, queued[0]);
    expect(await requests('trustpilot')).toHaveLength(3);
  });

  it("exports a customer's requests, and an erasure keeps them for the counts but never sends a pending one", async () => {
    const [erin] = await rt.store.customers.resolveMany(
      ws,
      [{ identities: [{ kind: 'email', platform: '', value: 'erin@example.com' }], name: 'Erin Erased' }],
      clock.now().toISOString(),
    );
    const id = erin?.customerId ?? '';
    const res = await owner.json('POST', `${API}/review-requests`, { platform: 'google', customerIds: [id] });
    expect(res.status).toBe(202);
    const mine = async () =>
      (await get<{ requests: Request[] }>(owner, `/review-requests?customerId=${id}`)).body.requests;
    expect((await mine()).map((r) => r.status)).toEqual(['pending']);
    const exported = await get<{ reviews: { requests: { platform: string; status: string }[] } }>(
      owner,
      `/customers/${id}/export`,
    );
    expect(exported.body.reviews.requests).toMatchObject([{ platform: 'google', status: 'pending' }]);
    // The request keeps the asked name for attribution (migration 0026), until the erasure.
    const nameKey = async () =>
      (
        await withReviewTables(rt.database.db)
          .selectFrom('review_requests')
          .select('name_key')
          .where('customer_id', '=', id)
          .execute()
      ).map((r) => r.name_key);
    expect(await nameKey()).toEqual(['erin erased']);
    expect((await owner.json('POST', `${API}/customers/${id}/erase`)).status).toBe(200);
    expect((await mine()).map((r) => [r.status, r.reason])).toEqual([['suppressed', 'erased']]);
    expect(await nameKey()).toEqual([null]);
  });
});
