import { describe, expect, it } from 'vitest';
import type { CaseMeasureRow } from '../ports.js';
import type { User } from '../types.js';
import { mentionsIn } from './commands.js';
import { leaderboard, measure, measuresBy } from './measures.js';
import { recoveryOf, recoveryRate } from './outcome.js';

const NOW = new Date('2026-03-10T00:00:00Z');
let n = 0;
const row = (r: Partial<CaseMeasureRow>): CaseMeasureRow => ({
  id: `c${++n}`,
  teamId: 't1',
  assigneeId: 'ann',
  status: 'open',
  outcome: null,
  openedAt: '2026-03-02T10:00:00Z',
  firstResponseAt: null,
  dueAt: '2026-03-02T14:00:00Z',
  breachedAt: null,
  closedAt: null,
  ...r,
});

describe('recovery', () => {
  it('counts a rating up by two stars, an NPS up by three, or negative → positive', () => {
    const said = { rating: 1, nps: null, sentimentLabel: 'negative', sentimentScore: -0.8 };
    expect(recoveryOf(said, { ...said, rating: 4, sentimentLabel: 'neutral' })).toBe('rating 1 → 4');
    expect(recoveryOf(said, { ...said, rating: 2, sentimentLabel: 'neutral' })).toBeUndefined();
    expect(recoveryOf(said, { ...said, rating: null, sentimentLabel: 'positive' })).toBe(
      'sentiment negative → positive',
    );
    expect(
      recoveryOf(
        { ...said, rating: null, nps: 3 },
        { ...said, rating: null, nps: 7, sentimentLabel: 'neutral' },
      ),
    ).toBe('NPS 3 → 7');
  });

  it('is recovered over closed cases with an outcome', () => {
    expect(
      recoveryRate([
        { outcome: 'recovered' },
        { outcome: 'resolved' },
        { outcome: 'lost' },
        { outcome: null },
      ]),
    ).toBeCloseTo(1 / 3);
    expect(recoveryRate([])).toBeNull();
  });
});

describe('measures', () => {
  it('computes first response, resolution, SLA attainment and recovery rate', () => {
    const rows = [
      row({
        firstResponseAt: '2026-03-02T11:00:00Z',
        status: 'closed',
        outcome: 'recovered',
        closedAt: '2026-03-03T10:00:00Z',
      }),
      row({
        firstResponseAt: '2026-03-02T15:00:00Z',
        breachedAt: '2026-03-02T14:00:00Z',
        status: 'closed',
        outcome: 'resolved',
        closedAt: '2026-03-02T16:00:00Z',
      }),
      row({ dueAt: '2026-03-20T00:00:00Z' }), // still within its SLA: undecided
      row({}), // overdue, unanswered
    ];
    const m = measure(rows, NOW);
    expect(m).toMatchObject({ cases: 4, open: 2, closed: 2, resolved: 1, recovered: 1, recoveryRate: 0.5 });
    expect(m.slaAttainment).toBeCloseTo(1 / 3);
    // The sample of each figure, for the cards to say it ("SLA kept 33 % · 3 cases").
    expect(m).toMatchObject({ slaDecided: 3, answered: 2 });
    expect(m.firstResponseMinutes).toEqual({ median: 180, mean: 180 });
    expect(m.resolutionMinutes).toEqual({ median: 900, mean: 900 }); // 24 h and 6 h
  });

  it('groups per team and per agent', () => {
    const m = measuresBy(
      [row({ teamId: 'a', assigneeId: 'x' }), row({ teamId: 'b', assigneeId: null })],
      NOW,
    );
    expect(m.teams.map((t) => t.teamId).sort()).toEqual(['a', 'b']);
    expect(m.agents.map((a) => a.userId)).toEqual(['x']);
  });

  it('ranks agents by customers helped and SLA, not by speed alone', () => {
    const fastButFew = [
      row({
        assigneeId: 'speedy',
        firstResponseAt: '2026-03-02T10:01:00Z',
        status: 'closed',
        outcome: 'resolved',
        closedAt: '2026-03-02T10:05:00Z',
      }),
    ];
    const slowerButRecovers = [
      row({
        assigneeId: 'carer',
        firstResponseAt: '2026-03-02T13:00:00Z',
        status: 'closed',
        outcome: 'recovered',
        closedAt: '2026-03-04T10:00:00Z',
      }),
      row({
        assigneeId: 'carer',
        firstResponseAt: '2026-03-02T13:30:00Z',
        status: 'closed',
        outcome: 'resolved',
        closedAt: '2026-03-04T10:00:00Z',
      }),
    ];
    const board = leaderboard([...fastButFew, ...slowerButRecovers], NOW);
    expect(board.map((e) => [e.rank, e.userId, e.points])).toEqual([
      [1, 'carer', 3],
      [2, 'speedy', 1],
    ]);
  });
});

describe('mentions in notes', () => {
  const members: User[] = [
    { id: 'u1', name: 'Ann Agent', email: 'ann@example.com', createdAt: '' },
    { id: 'u2', name: 'Ben Okafor', email: 'b.okafor@example.com', createdAt: '' },
  ];
  it('resolves @first-name, @full.name, @email-local-part and @email; ignores strangers and e-mail addresses in text', () => {
    expect(mentionsIn('@ann please call', members)).toEqual(['u1']);
    expect(mentionsIn('cc @ben.okafor.', members)).toEqual(['u2']);
    expect(mentionsIn('cc @b.okafor@example.com and @AnnAgent', members).sort()).toEqual(['u1', 'u2']);
    expect(mentionsIn('write to ann@example.com, @nobody', members)).toEqual([]);
  });
});
