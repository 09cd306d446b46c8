import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/core/cases/clock.js';
import { signToken } from '../src/core/signed-token.js';
import {
  answerSurvey,
  createInvitations,
  createSurvey,
  invitationLinks,
  inviteCustomersOrQueue,
  publicSurvey,
  setSurveyStatus,
  surveyResults,
  type AnswerDeps,
  type Survey,
  type SurveyInviteJob,
} from '../src/core/surveys/index.js';
import type { Actor } from '../src/core/types.js';
import { openRuntime, type Runtime } from '../src/runtime/index.js';
import { createApp, type App } from '../src/server/app.js';
import { TestClient } from './helpers/client.js';
import { DIALECTS, freshDatabase, type TestDatabase } from './helpers/databases.js';
import { runJob } from './helpers/jobs.js';
import { inviteAndAccept } from './helpers/members.js';

const API = '/api/v1';

const NPS_DEFINITION = {
  question: {
    kind: 'nps',
    wording: { en: 'How likely are you to recommend us?', de: 'Wie wahrscheinlich empfehlen Sie uns?' },
  },
  followUp: {
    enabled: true,
    wording: {
      detractor: { en: 'What should we improve?', de: 'Was sollen wir verbessern?' },
      promoter: { en: 'What did you like most?' },
      any: { en: 'Why?' },
    },
  },
  extraQuestions: [
    {
      id: 'visit',
      type: 'choice',
      wording: { en: 'First visit?' },
      options: [
        { id: 'yes', label: { en: 'Yes' } },
        { id: 'no', label: { en: 'No' } },
      ],
    },
  ],
  languages: ['en', 'de'],
};

describe.each(DIALECTS)('surveys on %s', (dialect) => {
  let db: TestDatabase;
  let rt: Runtime;
  let app: App;
  let owner: TestClient;
  let ws: string;
  let actor: Actor;
  const clock = new ManualClock('2026-03-02T09:00:00Z');
  let deps: AnswerDeps;
  let survey: Survey;

  beforeAll(async () => {
    db = await freshDatabase(dialect);
    rt = await openRuntime(db.config);
    app = createApp(rt);
    owner = new TestClient(app);
    const setup = await owner.json<{ csrfToken: string; workspaces: { id: string }[]; user: { id: string } }>(
      'POST',
      `${API}/setup`,
      {
        name: 'Olga Owner',
        email: 'olga@example.com',
        password: 'correct horse battery',
        workspaceName: 'Olga Shop',
      },
    );
    owner.csrf = setup.body.csrfToken;
    ws = setup.body.workspaces[0]?.id ?? '';
    owner.workspace = ws;
    actor = { type: 'user', id: setup.body.user.id };
    deps = { ...rt.ingestDeps, clock };
    survey = await createSurvey(
      rt.store,
      { workspaceId: ws, actor, now: clock.now().toISOString() },
      {
        name: 'After delivery',
        touchpointKey: 'delivery',
        definition: NPS_DEFINITION,
      },
    );
  });

  afterAll(async () => {
    await rt?.close();
    await db?.drop();
  });

  it('keeps a draft private and shows an active survey in the respondent language', async () => {
    await expect(publicSurvey(rt.store, survey.publicId)).rejects.toMatchObject({ code: 'survey_not_found' });
    await setSurveyStatus(
      rt.store,
      { workspaceId: ws, actor, now: clock.now().toISOString() },
      survey.id,
      'active',
    );
    const en = await publicSurvey(rt.store, survey.publicId);
    expect(en.question).toBe('How likely are you to recommend us?');
    expect(en.scale).toMatchObject({ min: 0, max: 10 });
    expect(en.followUp?.byScore['3']).toBe('What should we improve?');
    expect(en.followUp?.byScore['10']).toBe('What did you like most?');
    expect(en.followUp?.byScore['8']).toBe('Why?');
    const de = await publicSurvey(rt.store, survey.publicId, 'de-DE,de;q=0.9,en;q=0.5');
    expect(de.language).toBe('de');
    expect(de.question).toBe('Wie wahrscheinlich empfehlen Sie uns?');
    expect(de.followUp?.byScore['10']).toBe('What did you like most?'); // falls back to the default language
  });

  it('stores a score at once as a feedback item and completes it with the text later', async () => {
    const first = await answerSurvey(deps, {
      publicId: survey.publicId,
      score: 3,
      browserKey: 'browser-key-1',
    });
    expect(first.status).toBe('partial');
    expect(first.itemId).toBeTruthy();
    const item = await rt.store.feedback.get(ws, first.itemId ?? '');
    expect(item).toMatchObject({ channel: 'survey', platform: 'touchpoint', text: '' });
    const second = await answerSurvey(deps, {
      publicId: survey.publicId,
      responseId: first.responseId,
      browserKey: 'browser-key-1',
      text: 'The parcel came <b>late</b> and the box was crushed.',
      answers: { visit: 'yes' },
    });
    expect(second).toMatchObject({ status: 'complete', itemId: first.itemId });
    const after = await rt.store.feedback.get(ws, first.itemId ?? '');
    expect(after?.text).toBe('The parcel came <b>late</b> and the box was crushed.');
    const results = await surveyResults(rt.store, ws, survey.id);
    expect(results).toMatchObject({ responses: 1, complete: 1 });
    expect(results.distribution).toEqual([{ score: 3, n: 1 }]);
    expect(results.score.value).toBe(-100);
  });

  it('signs invitation links', async () => {
    const customers = await rt.store.customers.resolveMany(
      ws,
      [{ identities: [{ kind: 'email', platform: '', value: 'ann@example.com' }], name: 'Ann' }],
      clock.now().toISOString(),
    );
    const customerId = customers[0]?.customerId ?? '';
    const [inv] = await createInvitations(
      rt.store,
      ws,
      {
        surveyId: survey.id,
        customerIds: [customerId],
        sendAfter: clock.now().toISOString(),
      },
      clock.now().toISOString(),
    );
    expect(inv?.status).toBe('pending');
    const key = await rt.store.signingKeys.keyFor(ws);
    const links = invitationLinks(key, 'https://tp.example', survey, inv ?? { id: '' });
    expect(links.answerUrl).toBe(
      `https://tp.example/s/${survey.publicId}?t=${signToken(key, 'survey', inv?.id ?? '')}`,
    );
    expect(links.scoreUrls.get(10)).toBe(`${links.answerUrl}&score=10`);
  });

  const answer = (input: Record<string, unknown>) =>
    answerSurvey(deps, { publicId: survey.publicId, ...input });
  const customer = async (email: string, name: string) =>
    (
      await rt.store.customers.resolveMany(
        ws,
        [{ identities: [{ kind: 'email', platform: '', value: email }], name }],
        clock.now().toISOString(),
      )
    )[0]?.customerId ?? '';
  const invite = async (customerId: string, expiresDays = 30) => {
    const [inv] = await createInvitations(
      rt.store,
      ws,
      { surveyId: survey.id, customerIds: [customerId], sendAfter: clock.now().toISOString(), expiresDays },
      clock.now().toISOString(),
    );
    if (!inv) throw new Error('no invitation');
    const key = await rt.store.signingKeys.keyFor(ws);
    return { inv, token: signToken(key, 'survey', inv.id) };
  };

  it('counts the declared touchpoint in item_touchpoints and the rollups though the text does not name it', async () => {
    const r = await answer({ score: 2, browserKey: 'browser-key-tp', text: 'Not good at all.' });
    const item = await rt.store.feedback.get(ws, r.itemId ?? '');
    expect(item?.analysis?.touchpoints.map((t) => t.key)).toContain('delivery');
    const rows = await rt.database.db
      .selectFrom('item_touchpoints')
      .select(['touchpoint_key', 'sentiment_label'])
      .where('item_id', '=', r.itemId ?? '')
      .execute();
    expect(rows).toEqual([{ touchpoint_key: 'delivery', sentiment_label: 'negative' }]);
    const rollup = await rt.database.db
      .selectFrom('rollup_touchpoints')
      .select((eb) => [eb.fn.sum<number>('n').as('n'), eb.fn.sum<number>('detractors').as('detractors')])
      .where('workspace_id', '=', ws)
      .where('touchpoint_key', '=', 'delivery')
      .where('channel', '=', 'survey')
      .where('grain', '=', 'd')
      .executeTakeFirst();
    expect(Number(rollup?.n)).toBeGreaterThanOrEqual(2);
    expect(Number(rollup?.detractors)).toBeGreaterThanOrEqual(2);
  });

  it('keeps the declared touchpoint for a later analysis (the retry job)', async () => {
    const r = await answer({ score: 10, browserKey: 'browser-key-retry', text: 'All fine, thanks.' });
    expect((await rt.store.feedback.get(ws, r.itemId ?? ''))?.declaredTouchpoint).toBe('delivery');
    await rt.database.db
      .updateTable('feedback_items')
      .set({ analysis_status: 'pending' })
      .where('id', '=', r.itemId ?? '')
      .execute();
    await rt.database.db
      .deleteFrom('item_touchpoints')
      .where('item_id', '=', r.itemId ?? '')
      .execute();
    await runJob(rt.jobDefs.analysisRetry, { workspaceId: ws, id: r.itemId ?? '' });
    const rows = await rt.database.db
      .selectFrom('item_touchpoints')
      .select(['touchpoint_key', 'sentiment_label'])
      .where('item_id', '=', r.itemId ?? '')
      .execute();
    expect(rows).toEqual([{ touchpoint_key: 'delivery', sentiment_label: 'positive' }]);
  });

  it('opens a case for a detractor answer through the playbook', async () => {
    const r = await answer({
      score: 1,
      browserKey: 'browser-key-case',
      text: 'The courier threw the parcel.',
    });
    const links = await rt.store.cases.forItems(ws, [r.itemId ?? '']);
    expect(links.length).toBe(1);
  });

  it('allows an empty text only for a survey item with a score', async () => {
    const { parseFeedbackInput } = await import('../src/core/feedback/schema.js');
    const base = { externalId: 'e1', postedAt: '2026-03-01T10:00:00Z' };
    expect(parseFeedbackInput({ ...base, platform: 'google', rating: 4, text: '' }).success).toBe(false);
    expect(parseFeedbackInput({ ...base, platform: 'touchpoint', channel: 'survey', text: '' }).success).toBe(
      false,
    );
    expect(
      parseFeedbackInput({
        ...base,
        platform: 'touchpoint',
        channel: 'survey',
        text: '  ',
        score: { kind: 'nps', value: 3 },
      }).success,
    ).toBe(true);
    expect(
      parseFeedbackInput({ ...base, platform: 'google', text: 'ok', touchpoint: 'Delivery' }).data
        ?.touchpoint,
    ).toBe('delivery');
    const res = await owner.json<{ results: { status: string; reason?: string }[] }>(
      'POST',
      `${API}/feedback`,
      {
        items: [{ ...base, platform: 'google', rating: 2, text: '' }],
      },
    );
    expect(res.body.results[0]).toMatchObject({ status: 'rejected' });
    expect(res.body.results[0]?.reason).toContain('text');
  });

  it('refuses bad answers with the field named, and stores markup inert', async () => {
    await expect(answer({ score: 11 })).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'score' }],
    });
    await expect(answer({ score: -1 })).rejects.toMatchObject({ issues: [{ path: 'score' }] });
    await expect(answer({ score: 5, text: 'x'.repeat(5_001) })).rejects.toMatchObject({
      issues: [{ path: 'text' }],
    });
    await expect(answer({ score: 5, answers: { nope: 'x' } })).rejects.toMatchObject({
      issues: [{ path: 'answers.nope' }],
    });
    await expect(answer({ score: 5, answers: { visit: 'maybe' } })).rejects.toMatchObject({
      issues: [{ path: 'answers.visit' }],
    });
    await expect(answer({ text: 'no score' })).rejects.toMatchObject({ issues: [{ path: 'score' }] });
    await expect(answerSurvey(deps, { publicId: 'nope', score: 5 })).rejects.toMatchObject({
      code: 'survey_not_found',
    });
    const markup = '<script>alert(1)</script><img src=x onerror=alert(2)>';
    const r = await answer({ score: 9, text: markup, browserKey: 'browser-key-markup' });
    expect((await rt.store.feedback.get(ws, r.itemId ?? ''))?.text).toBe(markup);
  });

  it('caps the public link per browser and lets only the same browser edit within the window', async () => {
    const first = await answer({ score: 7, browserKey: 'browser-key-cap' });
    await expect(answer({ score: 8, browserKey: 'browser-key-cap' })).rejects.toMatchObject({
      code: 'already_answered',
    });
    await expect(
      answer({ responseId: first.responseId, browserKey: 'another-browser', text: 'hijack' }),
    ).rejects.toMatchObject({ code: 'survey_response_not_found' });
    const changed = await answer({ responseId: first.responseId, browserKey: 'browser-key-cap', score: 9 });
    expect(changed).toMatchObject({ score: 9, itemId: first.itemId });
    clock.advance(24 * 60 + 1);
    await expect(
      answer({ responseId: first.responseId, browserKey: 'browser-key-cap', text: 'late' }),
    ).rejects.toMatchObject({ code: 'survey_answer_closed' });
    // The cap is one day: the next day the browser may answer again.
    await expect(answer({ score: 8, browserKey: 'browser-key-cap' })).resolves.toMatchObject({
      status: 'partial',
    });
  });

  it('takes one answer per invitation: editable for a while, never twice; forged and expired tokens refused', async () => {
    const ann = await customer('anna.invited@example.com', 'Anna Invited');
    const { inv, token } = await invite(ann);
    await expect(answer({ token: `${inv.id}.AAAA`, score: 3 })).rejects.toMatchObject({
      code: 'invitation_not_found',
    });
    await expect(answer({ token: 'unknown.abc', score: 3 })).rejects.toMatchObject({
      code: 'invitation_not_found',
    });
    const first = await answer({ token, score: 3 });
    const item = await rt.store.feedback.get(ws, first.itemId ?? '');
    expect(item?.customerId).toBe(ann);
    expect((await rt.store.surveys.invitation(ws, inv.id))?.status).toBe('answered');
    // The same one-click link again within the window changes the score; a text completes it.
    const again = await answer({ token, score: 4, text: 'Slow courier.' });
    expect(again).toMatchObject({ responseId: first.responseId, status: 'complete', score: 4 });
    clock.advance(24 * 60 + 1);
    await expect(answer({ token, score: 10 })).rejects.toMatchObject({ code: 'invitation_used' });
    // Expired before it was answered.
    const bob = await customer('bob.invited@example.com', 'Bob Invited');
    const late = await invite(bob, 1);
    clock.advance(2 * 24 * 60);
    await expect(answer({ token: late.token, score: 8 })).rejects.toMatchObject({
      code: 'invitation_expired',
    });
  });

  it('answers over HTTP: create, validate, activate, results, responses, QR, invitations, isolation', async () => {
    const bad = await owner.json<{ errors: { path: string }[] }>('POST', `${API}/surveys`, {
      name: 'Bad',
      definition: { question: { kind: 'likert', wording: { en: 'Hm?' } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e) => e.path)).toContain('definition.question.kind');
    const badTp = await owner.json<{ errors: { path: string }[] }>('POST', `${API}/surveys`, {
      name: 'Bad',
      touchpointKey: 'nowhere',
      definition: { question: { kind: 'csat', wording: { en: 'Happy?' } } },
    });
    expect(badTp.status).toBe(400);
    expect(badTp.body.errors.map((e) => e.path)).toContain('touchpointKey');
    const created = await owner.json<{ id: string; publicId: string; status: string; publicPath: string }>(
      'POST',
      `${API}/surveys`,
      {
        name: 'Checkout CSAT',
        touchpointKey: 'payment',
        definition: { question: { kind: 'csat', wording: { en: 'Happy?' } } },
      },
    );
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'draft', publicPath: `/s/${created.body.publicId}` });
    expect(created.body.publicId).toMatch(/^[A-Za-z0-9_-]{16}$/);
    const id = created.body.id;
    expect((await owner.json('PATCH', `${API}/surveys/${id}`, { name: 'Checkout' })).body).toMatchObject({
      name: 'Checkout',
    });
    expect(
      (await owner.json('POST', `${API}/surveys/${id}/status`, { status: 'active' })).body,
    ).toMatchObject({ status: 'active' });
    for (const [score, key] of [
      [5, 'k1'],
      [4, 'k2'],
      [2, 'k3'],
    ] as const) {
      await answerSurvey(deps, { publicId: created.body.publicId, score, browserKey: `csat-browser-${key}` });
    }
    const results = await owner.json<{
      responses: number;
      score: { value: number; n: number; enough: boolean; low: number };
    }>('GET', `${API}/surveys/${id}/results`);
    expect(results.status).toBe(200);
    expect(results.body.responses).toBe(3);
    expect(results.body.score).toMatchObject({ n: 3, enough: false });
    expect(results.body.score.value).toBeCloseTo(2 / 3);
    const page1 = await owner.json<{
      responses: { id: string; itemId: string }[];
      nextCursor: string | null;
    }>('GET', `${API}/surveys/${id}/responses?limit=2`);
    expect(page1.body.responses).toHaveLength(2);
    const page2 = await owner.json<{ responses: { id: string }[]; nextCursor: string | null }>(
      'GET',
      `${API}/surveys/${id}/responses?limit=2&cursor=${page1.body.nextCursor ?? ''}`,
    );
    expect(page2.body).toMatchObject({ nextCursor: null });
    expect(page2.body.responses).toHaveLength(1);
    const detail = await owner.json<{ survey: { id: string; name: string } | null }>(
      'GET',
      `${API}/feedback/${page1.body.responses[0]?.itemId ?? ''}`,
    );
    expect(detail.body.survey).toEqual({ id, name: 'Checkout' });
    const qr = await owner.request('GET', `${API}/surveys/${id}/qr.svg?size=128`);
    expect(qr.status).toBe(200);
    expect(qr.headers.get('content-type')).toContain('image/svg+xml');
    expect(await qr.text()).toContain('<svg');
    const cust = await customer('carla@example.com', 'Carla');
    const inv = await owner.json<{ invited: number }>('POST', `${API}/surveys/${id}/invitations`, {
      customerIds: [cust, 'unknown-id'],
    });
    expect(inv.status).toBe(201);
    expect(inv.body.invited).toBe(1);
    const list = await owner.json<{
      invitations: { customerId: string; customerName: string | null; status: string }[];
    }>('GET', `${API}/surveys/${id}/invitations`);
    expect(list.body.invitations).toHaveLength(1);
    expect(list.body.invitations[0]?.customerId).toBe(cust);
    expect(list.body.invitations[0]?.customerName).toBe('Carla');
    const surveys = await owner.json<{ surveys: { id: string; responses: number; invited: number }[] }>(
      'GET',
      `${API}/surveys`,
    );
    expect(surveys.body.surveys.find((s) => s.id === id)).toMatchObject({ responses: 3, invited: 1 });
    // Another workspace sees none of it.
    const other = await owner.json<{ id: string }>('POST', `${API}/workspaces`, { name: 'Other Shop' });
    const stranger = new TestClient(app);
    stranger.cookie = owner.cookie;
    stranger.csrf = owner.csrf;
    stranger.workspace = other.body.id;
    for (const path of [
      `/surveys/${id}`,
      `/surveys/${id}/results`,
      `/surveys/${id}/responses`,
      `/surveys/${id}/qr.svg`,
      `/surveys/${id}/invitations`,
    ]) {
      const r = await stranger.request('GET', `${API}${path}`);
      expect(r.status, path).toBe(404);
    }
    expect((await stranger.json('GET', `${API}/surveys`)).body).toEqual({ surveys: [] });
    expect((await stranger.json('POST', `${API}/surveys/${id}/status`, { status: 'closed' })).status).toBe(
      404,
    );
  });

  it('invites a segment page by page, lets a viewer read but not write, keeps the kind of an answered survey', async () => {
    const ids = [
      await customer('seg.one@example.com', 'Seg One'),
      await customer('seg.two@example.com', 'Seg Two'),
    ];
    const seg = await owner.json<{ id: string }>('POST', `${API}/segments`, {
      name: 'Reachable by e-mail',
      rules: { platforms: ['email'] },
    });
    expect(seg.status).toBe(201);
    await runJob(rt.jobDefs.segmentsRefresh, { workspaceId: ws, segmentId: seg.body.id });
    const members = await rt.store.segments.members(ws, seg.body.id, undefined, 1000);
    expect(members).toEqual(expect.arrayContaining(ids));
    const before = (await rt.store.surveys.invitations({ workspaceId: ws, surveyId: survey.id, limit: 200 }))
      .items.length;
    const invited = await owner.json<{ invited: number; scheduled: number; suppressed: number }>(
      'POST',
      `${API}/surveys/${survey.id}/invitations`,
      { segmentId: seg.body.id },
    );
    expect(invited.status).toBe(201);
    // Members with an open invitation to this survey (from the tests before) are not invited again.
    const { alreadyInvited } = invited.body as unknown as { alreadyInvited: number };
    expect(invited.body.invited + alreadyInvited).toBe(members.length);
    expect(invited.body.scheduled + invited.body.suppressed).toBe(invited.body.invited);
    const after = (await rt.store.surveys.invitations({ workspaceId: ws, surveyId: survey.id, limit: 200 }))
      .items.length;
    expect(after - before).toBe(invited.body.invited);
    const both = await owner.json('POST', `${API}/surveys/${survey.id}/invitations`, {
      segmentId: seg.body.id,
      customerIds: ids,
    });
    expect(both.status).toBe(400);

    await inviteAndAccept(app, owner, {
      email: 'vic@example.com',
      name: 'Vic Viewer',
      role: 'viewer',
      password: 'viewer password 1',
    });
    const viewer = new TestClient(app);
    await viewer.login('vic@example.com', 'viewer password 1');
    expect((await viewer.request('GET', `${API}/surveys/${survey.id}/results`)).status).toBe(200);
    expect((await viewer.json('PATCH', `${API}/surveys/${survey.id}`, { name: 'Mine' })).status).toBe(403);
    expect(
      (await viewer.json('POST', `${API}/surveys`, { name: 'x', definition: NPS_DEFINITION })).status,
    ).toBe(403);

    const kind = await owner.json<{ errors: { path: string }[] }>('PATCH', `${API}/surveys/${survey.id}`, {
      definition: { question: { kind: 'csat', wording: { en: 'Happy?' } } },
    });
    expect(kind.status).toBe(400);
    expect(kind.body.errors.map((e) => e.path)).toContain('definition.question.kind');
  });

  it('invites nobody twice on a retry, and hands a large segment to a job that pages through it', async () => {
    const seg = await owner.json<{ id: string }>('POST', `${API}/segments`, {
      name: 'E-mail again',
      rules: { platforms: ['email'] },
    });
    await runJob(rt.jobDefs.segmentsRefresh, { workspaceId: ws, segmentId: seg.body.id });
    const members = await rt.store.segments.members(ws, seg.body.id, undefined, 1000);
    expect(members.length).toBeGreaterThanOrEqual(2);
    const list = async (surveyId: string) =>
      (await rt.store.surveys.invitations({ workspaceId: ws, surveyId, limit: 200 })).items;
    const rows = async (surveyId: string) => (await list(surveyId)).length;
    /** Customers with more than one pending or sent invitation to the survey (must be none). */
    const twice = async (surveyId: string) => {
      const open = (await list(surveyId)).filter((i) => i.status === 'pending' || i.status === 'sent');
      return open.length - new Set(open.map((i) => i.customerId)).size;
    };
    const fresh = await setSurveyStatus(
      rt.store,
      { workspaceId: ws, actor, now: clock.now().toISOString() },
      (
        await createSurvey(
          rt.store,
          { workspaceId: ws, actor, now: clock.now().toISOString() },
          { name: 'Big segment', definition: NPS_DEFINITION },
        )
      ).id,
      'active',
    );

    // The same segment twice (a client's retry): the second call invites nobody.
    const first = await owner.json<{ invited: number; alreadyInvited: number }>(
      'POST',
      `${API}/surveys/${fresh.id}/invitations`,
      { segmentId: seg.body.id },
    );
    expect(first.body).toMatchObject({ invited: members.length, alreadyInvited: 0 });
    // The contact rules suppress some (asked recently, no address…): those are not open invitations.
    const open = (await list(fresh.id)).filter((i) => i.status === 'pending' || i.status === 'sent').length;
    expect(open).toBeGreaterThan(0);
    const retry = await owner.json<{ invited: number; alreadyInvited: number }>(
      'POST',
      `${API}/surveys/${fresh.id}/invitations`,
      { segmentId: seg.body.id },
    );
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ invited: members.length - open, alreadyInvited: open });
    expect(await twice(fresh.id)).toBe(0);

    // Above the limit (lowered here from 5,000): queued, nothing written in the request; the job
    // writes them, and running it again (the queue's retry) writes nothing more.
    const big = await setSurveyStatus(
      rt.store,
      { workspaceId: ws, actor, now: clock.now().toISOString() },
      (
        await createSurvey(
          rt.store,
          { workspaceId: ws, actor, now: clock.now().toISOString() },
          { name: 'Bigger segment', definition: NPS_DEFINITION },
        )
      ).id,
      'active',
    );
    const queued: SurveyInviteJob[] = [];
    const r = await inviteCustomersOrQueue(
      {
        repos: rt.store,
        schedule: undefined,
        enqueue: (job) => Promise.resolve(void queued.push(job)),
        syncLimit: 1,
      },
      ws,
      actor,
      { surveyId: big.id, segmentId: seg.body.id, sendAfter: clock.now().toISOString() },
      clock.now().toISOString(),
    );
    expect(r).toMatchObject({ queued: true, invited: 0 });
    expect(queued).toHaveLength(1);
    expect(await rows(big.id)).toBe(0);
    await runJob(rt.jobDefs.surveysInvite, queued[0]);
    expect(await rows(big.id)).toBe(members.length);
    await runJob(rt.jobDefs.surveysInvite, queued[0]);
    expect(await twice(big.id)).toBe(0);
  });

  it('gives NPS results with an interval, the distribution and the themes of detractors', async () => {
    const r = await surveyResults(rt.store, ws, survey.id);
    expect(r.responses).toBeGreaterThan(3);
    expect(r.score.n).toBe(r.distribution.reduce((s, d) => s + d.n, 0));
    expect(r.score.low).not.toBeNull();
    expect(r.score.enough).toBe(false);
    expect(r.trend.reduce((s, w) => s + w.n, 0)).toBe(r.score.n);
    const delivery = r.themes.touchpoints.find((t) => t.key === 'delivery');
    expect(delivery?.low).toBeGreaterThan(0);
    // Every scored answer is read for the themes below THEME_ANSWERS (the latest 5,000 above it).
    expect(r.themes.answers).toBe(r.score.n);
    expect(delivery?.low ?? 0).toBeLessThanOrEqual(r.themes.answers);
    expect(r.latest.some((l) => l.text === 'Slow courier.' && l.group === 'detractor')).toBe(true);
    expect(r.invited).toBeGreaterThanOrEqual(3);
  });

  it('erases an invited customer’s address and answers, keeps the counts', async () => {
    const dora = await customer('dora.private@example.com', 'Dora Private');
    const { inv, token } = await invite(dora);
    await rt.store.surveys.setInvitationStatus(ws, [inv.id], {
      status: 'sent',
      email: 'dora.private@example.com',
      sentAt: clock.now().toISOString(),
    });
    const r = await answer({ token, score: 2, text: 'Dora says the box was wet', answers: { visit: 'yes' } });
    const exported = await owner.json<{
      surveys: { invitations: unknown[]; responses: { answers: Record<string, string> }[] };
    }>('GET', `${API}/customers/${dora}/export`);
    expect(exported.status).toBe(200);
    expect(exported.body.surveys.invitations).toHaveLength(1);
    expect(exported.body.surveys.responses[0]?.answers).toEqual({ visit: 'yes' });
    const before = await surveyResults(rt.store, ws, survey.id);
    const erased = await owner.json('POST', `${API}/customers/${dora}/erase`);
    expect([200, 202]).toContain(erased.status);
    const invitation = await rt.store.surveys.invitation(ws, inv.id);
    expect(invitation?.email).toBeNull();
    const response = await rt.store.surveys.response(ws, r.responseId);
    expect(response?.answers).toEqual({});
    expect(response?.score).toBe(2);
    const after = await surveyResults(rt.store, ws, survey.id);
    expect(after.distribution).toEqual(before.distribution);
    expect(after.latest.some((l) => l.text.includes('Dora'))).toBe(false);
  });
});
