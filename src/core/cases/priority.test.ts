import { describe, expect, it } from 'vitest';
import { atLeast, explain, labelOf, oneUp, priorityOf, refreshed, type PriorityInput } from './priority.js';

const NOW = new Date('2026-03-02T12:00:00Z');
const hoursAgo = (h: number) => new Date(NOW.getTime() - h * 3_600_000).toISOString();

const complaint: PriorityInput = {
  sentiment: { label: 'negative', score: -0.7 },
  rating: null,
  nps: null,
  intents: ['complaint'],
  channel: 'social',
  reach: 800,
  postedAt: hoursAgo(2),
};

describe('priorityOf', () => {
  it('explains a public safety issue by a known author: "urgent: public, 12k followers, safety issue, …"', () => {
    const p = priorityOf(
      { ...complaint, intents: ['safety_issue', 'complaint'], reach: 12_000, postedAt: hoursAgo(3) },
      NOW,
    );
    expect(p.reasons).toEqual(['public', '12k followers', 'safety issue', 'very negative', 'waiting 3 h']);
    expect(p.label).toBe('urgent');
    expect(explain(p)).toBe('urgent: public, 12k followers, safety issue, very negative, waiting 3 h');
  });

  it('never looks at what the customer is worth: equal complaints of very different customers score the same', () => {
    const vip = { ...complaint, customer: { lifetimeValue: 250_000, tier: 'platinum', orders: 310 } };
    const newcomer = { ...complaint, customer: { lifetimeValue: 4, tier: 'none', orders: 1 } };
    expect(priorityOf(vip, NOW)).toEqual(priorityOf(newcomer, NOW));
  });

  it('ranks public above private, more reach above less, worse above milder', () => {
    const base = priorityOf(complaint, NOW).score;
    expect(priorityOf({ ...complaint, channel: 'email' }, NOW).score).toBeLessThan(base);
    expect(priorityOf({ ...complaint, reach: 1_000_000 }, NOW).score).toBeGreaterThan(base);
    expect(
      priorityOf({ ...complaint, sentiment: { label: 'negative', score: -0.2 } }, NOW).score,
    ).toBeLessThan(base);
    expect(priorityOf({ ...complaint, intents: ['legal_threat'] }, NOW).score).toBeGreaterThan(base);
  });

  it('log-scales reach: ten times the followers adds a constant, not ten times the points', () => {
    const at = (reach: number) => priorityOf({ ...complaint, reach }, NOW).score;
    expect(at(10_000) - at(1_000)).toBeCloseTo(at(100_000) - at(10_000), -0.5);
    expect(at(10_000_000)).toBeLessThanOrEqual(100);
  });

  it('takes negativity from stars and NPS answers too, and says so', () => {
    const oneStar = priorityOf(
      { ...complaint, sentiment: { label: 'neutral', score: 0 }, rating: 1, channel: 'review' },
      NOW,
    );
    expect(oneStar.reasons).toContain('1 star');
    const detractor = priorityOf(
      { ...complaint, sentiment: null, nps: 2, channel: 'survey', reach: null },
      NOW,
    );
    expect(detractor.reasons).toEqual(expect.arrayContaining(['private', 'NPS 2']));
  });

  it('stays within 0–100 and labels by fixed thresholds', () => {
    const worst = priorityOf(
      {
        ...complaint,
        sentiment: { label: 'negative', score: -1 },
        intents: ['safety_issue', 'legal_threat', 'public_threat'],
        reach: 50_000_000,
        postedAt: hoursAgo(0),
      },
      NOW,
    );
    expect(worst.score).toBeLessThanOrEqual(100);
    const mildest = priorityOf(
      {
        ...complaint,
        sentiment: { label: 'positive', score: 0.9 },
        intents: [],
        channel: 'email',
        reach: null,
        postedAt: hoursAgo(100),
      },
      NOW,
    );
    expect(mildest.score).toBeGreaterThanOrEqual(0);
    expect([labelOf(70), labelOf(69), labelOf(50), labelOf(30), labelOf(29)]).toEqual([
      'urgent',
      'high',
      'high',
      'normal',
      'low',
    ]);
  });

  it('raises to a floor with a reason, and one step at a time', () => {
    const low = priorityOf(
      { ...complaint, sentiment: null, intents: [], channel: 'email', reach: null },
      NOW,
    );
    const raised = atLeast(low, 'high', 'playbook: VIP route');
    expect(raised).toMatchObject({ label: 'high', score: 50 });
    expect(raised.reasons.at(-1)).toBe('playbook: VIP route');
    expect(atLeast(raised, 'low', 'x')).toBe(raised);
    expect([oneUp('low'), oneUp('normal'), oneUp('high'), oneUp('urgent')]).toEqual([
      'normal',
      'high',
      'urgent',
      'urgent',
    ]);
  });
});

describe('refreshed', () => {
  const at = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);
  const opened = priorityOf({ ...complaint, postedAt: NOW.toISOString() }, NOW);

  it('raises a case that has waited: the opening item three days on', () => {
    const later = priorityOf({ ...complaint, postedAt: NOW.toISOString() }, at(72));
    const r = refreshed(opened, [later]);
    expect(r?.score).toBeGreaterThan(opened.score);
    expect(r?.reasons).toContain('waiting 3 d');
    expect(r?.label).toBe(labelOf(r?.score ?? 0));
  });

  it('takes the worst item: a legal threat that joined later', () => {
    const first = priorityOf({ ...complaint, postedAt: NOW.toISOString() }, at(1));
    const legal = priorityOf(
      { ...complaint, intents: ['legal_threat'], postedAt: at(1).toISOString() },
      at(1),
    );
    const r = refreshed(opened, [first, legal]);
    expect(r?.score).toBe(Math.max(first.score, legal.score));
    expect(r?.reasons).toContain('legal threat');
  });

  it('never lowers a priority, never overrides a person, and keeps an escalation among the reasons', () => {
    const threeDays = priorityOf({ ...complaint, postedAt: NOW.toISOString() }, at(72));
    expect(
      refreshed(threeDays, [priorityOf({ ...complaint, postedAt: NOW.toISOString() }, at(1))]),
    ).toBeNull();
    const byHand = { ...opened, reasons: ['set by hand: VIP journalist', ...opened.reasons] };
    expect(refreshed(byHand, [priorityOf({ ...complaint, postedAt: NOW.toISOString() }, at(72))])).toBeNull();
    const escalated = atLeast(opened, oneUp(opened.label), 'SLA breached');
    const worse = priorityOf({ ...complaint, intents: ['safety_issue'], reach: 2_000_000 }, at(72));
    const r = refreshed(escalated, [worse]);
    expect(r?.score).toBe(worse.score);
    expect(r?.reasons).toContain('SLA breached');
    expect(refreshed(opened, [])).toBeNull();
  });
});
