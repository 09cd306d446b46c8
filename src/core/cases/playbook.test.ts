import { describe, expect, it } from 'vitest';
import { decide, DEFAULT_PLAYBOOK, type ItemFacts, type PlaybookRule } from './playbook.js';

const facts = (f: Partial<ItemFacts>): ItemFacts => ({
  sentiment: 'neutral',
  urgency: 0,
  channel: 'review',
  intents: [],
  rating: null,
  nps: null,
  touchpoints: [],
  brandKind: 'own',
  ...f,
});

describe('the default playbook', () => {
  const opens = (f: Partial<ItemFacts>) => decide(DEFAULT_PLAYBOOK, facts(f)).rule?.name;

  it('opens a case for every negative or urgent public item of an own brand', () => {
    expect(opens({ sentiment: 'negative', channel: 'social' })).toBe('Negative or urgent public item');
    expect(opens({ sentiment: 'neutral', urgency: 0.6, channel: 'review' })).toBe(
      'Negative or urgent public item',
    );
    expect(opens({ sentiment: 'neutral', rating: 2 })).toBe('Negative or urgent public item');
    expect(opens({ sentiment: 'positive', channel: 'social' })).toBeUndefined();
    expect(opens({ sentiment: 'negative', channel: 'email' })).toBeUndefined();
    expect(opens({ sentiment: 'negative', channel: 'social', brandKind: 'competitor' })).toBeUndefined();
  });

  it('opens one for every detractor survey answer (NPS ≤ 6), not for passives', () => {
    expect(opens({ channel: 'survey', nps: 6 })).toBe('Detractor survey answer (NPS 0–6)');
    expect(opens({ channel: 'survey', nps: 7 })).toBeUndefined();
  });

  it('opens an urgent case for safety and legal issues on any channel', () => {
    const d = decide(DEFAULT_PLAYBOOK, facts({ channel: 'email', intents: ['safety_issue'] }));
    expect(d).toMatchObject({
      rule: { name: 'Safety or legal issue' },
      minPriority: 'urgent',
      route: true,
      notify: [],
    });
  });
});

describe('custom rules', () => {
  const rule = (r: Partial<PlaybookRule>): PlaybookRule => ({
    id: r.name ?? 'r',
    name: 'r',
    position: 0,
    enabled: true,
    conditions: {},
    actions: { openCase: true, route: false },
    ...r,
  });

  it('matches touchpoints, star ratings and visibility, and skips disabled rules', () => {
    const rules = [
      rule({ name: 'off', position: 0, enabled: false, conditions: {} }),
      rule({
        name: 'billing',
        position: 1,
        conditions: { touchpoints: ['billing', 'payment'], ratingMax: 3, visibility: 'public' },
      }),
    ];
    expect(decide(rules, facts({ touchpoints: ['payment'], rating: 2 })).rule?.name).toBe('billing');
    expect(decide(rules, facts({ touchpoints: ['payment'], rating: 4 })).rule).toBeUndefined();
    expect(
      decide(rules, facts({ touchpoints: ['payment'], rating: 2, channel: 'chat' })).rule,
    ).toBeUndefined();
  });

  it('combines actions: the first opening rule names the case, the highest minimum priority wins', () => {
    const rules = [
      rule({
        name: 'notify only',
        position: 0,
        actions: { openCase: false, route: true, notify: ['u1'], minPriority: 'normal' },
      }),
      rule({ name: 'open', position: 1, actions: { openCase: true, route: false, minPriority: 'high' } }),
    ];
    expect(decide(rules, facts({}))).toEqual({
      rule: rules[1],
      minPriority: 'high',
      route: true,
      notify: ['u1'],
    });
  });
});
