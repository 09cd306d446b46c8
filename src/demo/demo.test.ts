import { describe, expect, it } from 'vitest';
import { FeedbackInputSchema, type FeedbackInput } from '../core/feedback/schema.js';
import { DEMO_WORKSPACE_NAME, demoData } from './index.js';
import { LANGUAGE_PACKS, type DemoLanguage, type LanguagePack } from './templates/index.js';

const NOW = new Date('2025-06-01T12:00:00Z');
const DAY = 86_400_000;
const SEED = 42;
const data = demoData({ now: NOW, seed: SEED });
const { items } = data;

const lower = (s: string) => s.toLowerCase();
/** The longest placeholder-free piece of each phrase: enough to recognise it in a written item. */
const fragments = (phrases: string[]) =>
  phrases.map((p) => lower(p.split(/\{\w+\}/).sort((a, b) => b.length - a.length)[0] ?? p).trim());
const says = (item: FeedbackInput, phrases: string[]) =>
  fragments(phrases).some((f) => lower(item.text).includes(f));
const allPhrases = (pack: LanguagePack) => [
  ...Object.values(pack.clauses).flatMap((c) => [...c.pos, ...c.neg]),
  ...pack.questions,
  ...pack.suggestions,
  ...pack.safety,
];
const languageOf = (item: FeedbackInput) =>
  (Object.entries(LANGUAGE_PACKS) as [DemoLanguage, LanguagePack][])
    .filter(([, pack]) => says(item, allPhrases(pack)))
    .map(([lang]) => lang);
const share = (pred: (i: FeedbackInput) => boolean, of = items) => of.filter(pred).length / of.length;
const every = (key: 'legal' | 'safety' | 'goPublic' | 'churn') =>
  Object.values(LANGUAGE_PACKS).flatMap((p) => p[key]);

const OWN = data.brands.find((b) => b.kind === 'own')?.name;
const [QUILLBY, SALTFERN] = data.brands.filter((b) => b.kind === 'competitor').map((b) => b.name);

describe('demoData', () => {
  it('names a clearly labelled demo workspace with one own brand and two competitors', () => {
    expect(DEMO_WORKSPACE_NAME).toMatch(/^Demo\b/);
    expect(data.brands.map((b) => b.kind)).toEqual(['own', 'competitor', 'competitor']);
    expect(DEMO_WORKSPACE_NAME).toContain(OWN);
  });

  it('writes 600 items by default that all pass the ingest schema', () => {
    expect(items).toHaveLength(600);
    for (const item of items) expect(FeedbackInputSchema.parse(item)).toEqual(item);
  });

  it('is deterministic for a seed and a time, and differs across seeds', () => {
    expect(demoData({ now: NOW, seed: SEED })).toEqual(data);
    expect(demoData({ now: NOW, seed: SEED + 1 }).items).not.toEqual(items);
    expect(demoData({ now: NOW, seed: SEED, count: 50 }).items).toHaveLength(50);
    expect(demoData({ now: NOW, count: 0 }).items).toEqual([]);
  });

  it('gives every item a unique external id, a UTC time in the last 120 days and only example.com URLs', () => {
    expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length);
    for (const item of items) {
      expect(item.externalId).toMatch(/^demo-\d+$/);
      expect(item.postedAt).toMatch(/Z$/);
      const age = NOW.getTime() - Date.parse(item.postedAt);
      expect(age).toBeGreaterThanOrEqual(0);
      expect(age).toBeLessThanOrEqual(120 * DAY);
      const isPublic = ['review', 'social'].includes(item.channel ?? '');
      if (isPublic) expect(item.url).toMatch(/^https:\/\/example\.com\//);
      else expect(item.url).toBeUndefined();
    }
  });

  it('mixes brands: about 60 % own, 20 % each competitor, competitors only heard in public', () => {
    expect(share((i) => i.brand === OWN)).toBeCloseTo(0.6, 1);
    expect(share((i) => i.brand === QUILLBY)).toBeCloseTo(0.2, 1);
    expect(share((i) => i.brand === SALTFERN)).toBeCloseTo(0.2, 1);
    const competitors = items.filter((i) => i.brand !== OWN);
    expect(competitors.every((i) => i.channel === 'review' || i.channel === 'social')).toBe(true);
  });

  it('covers every platform, with stars on reviews, NPS on surveys and reach on social posts', () => {
    const platforms = [
      'google',
      'yelp',
      'tripadvisor',
      'twitter',
      'instagram',
      'survey',
      'email',
      'ticket',
      'chat',
    ];
    for (const p of platforms)
      expect(
        share((i) => i.platform === p),
        p,
      ).toBeGreaterThan(0.03);
    for (const i of items.filter((i) => i.channel === 'review')) expect(i.rating).toBeGreaterThanOrEqual(1);
    for (const i of items.filter((i) => i.platform === 'survey')) expect(i.score?.kind).toBe('nps');
    const social = items.filter((i) => i.channel === 'social');
    for (const i of social) expect(i.author?.reach).toBeGreaterThanOrEqual(0);
    const big = social.filter((i) => (i.author?.reach ?? 0) >= 10_000);
    expect(big.length).toBeGreaterThanOrEqual(3);
    expect(big.every((i) => (i.author?.reach ?? 0) <= 200_000)).toBe(true);
    expect(social.filter((i) => (i.author?.reach ?? 0) < 1_000).length).toBeGreaterThan(social.length / 2);
    for (const i of items.filter((i) => i.platform === 'twitter'))
      expect(i.text.length).toBeLessThanOrEqual(280);
    const stars = new Set(items.map((i) => i.rating).filter((r) => r !== undefined));
    expect([...stars].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('writes in one language per item: mostly English, ~15 % German, ~10 % Chinese, some Spanish and French', () => {
    const langs = items.map(languageOf);
    expect(langs.every((l) => l.length === 1)).toBe(true);
    const of = (lang: DemoLanguage) => langs.filter((l) => l[0] === lang).length / items.length;
    expect(of('en')).toBeCloseTo(0.7, 1);
    expect(of('de')).toBeCloseTo(0.15, 1);
    expect(of('zh')).toBeCloseTo(0.1, 1);
    expect(of('es')).toBeGreaterThan(0.01);
    expect(of('fr')).toBeGreaterThan(0.01);
  });

  it('has ratings that mostly agree with the words', () => {
    const reviews = items.filter((i) => i.rating !== undefined);
    const praise = Object.values(LANGUAGE_PACKS).flatMap((p) => [...p.closers.pos, ...p.openers.pos]);
    const happy = reviews.filter((i) => says(i, praise));
    expect(share((i) => (i.rating ?? 0) >= 4, happy)).toBeGreaterThan(0.8);
    const angry = reviews.filter((i) =>
      says(i, [...every('churn'), ...every('legal'), ...every('goPublic')]),
    );
    expect(share((i) => (i.rating ?? 5) <= 2, angry)).toBeGreaterThan(0.8);
  });

  it('includes churn, legal, safety and go-public threats', () => {
    expect(items.filter((i) => says(i, every('churn'))).length).toBeGreaterThanOrEqual(5);
    expect(items.filter((i) => says(i, every('legal'))).length).toBeGreaterThanOrEqual(2);
    expect(items.filter((i) => says(i, every('safety'))).length).toBeGreaterThanOrEqual(2);
    expect(items.filter((i) => says(i, every('goPublic'))).length).toBeGreaterThanOrEqual(2);
  });

  it('gives each competitor its own weak spot', () => {
    const neg = (topic: 'delivery' | 'staff') =>
      Object.values(LANGUAGE_PACKS).flatMap((p) => p.clauses[topic].neg);
    const rate = (brand: string | undefined, topic: 'delivery' | 'staff') =>
      share(
        (i) => says(i, neg(topic)),
        items.filter((i) => i.brand === brand),
      );
    expect(rate(QUILLBY, 'delivery')).toBeGreaterThan(2 * rate(SALTFERN, 'delivery'));
    expect(rate(SALTFERN, 'staff')).toBeGreaterThan(2 * rate(QUILLBY, 'staff'));
  });

  it('tells a story: a week of delays and cancellations for the own brand two to three weeks ago', () => {
    const phrases = Object.values(LANGUAGE_PACKS).flatMap((p) => [
      ...p.clauses.delivery.neg,
      ...p.clauses.cancellation.neg,
    ]);
    const daysAgo = (i: FeedbackInput) => (NOW.getTime() - Date.parse(i.postedAt)) / DAY;
    const delays = items.filter((i) => i.brand === OWN && says(i, phrases));
    const inStorm = delays.filter((i) => daysAgo(i) >= 12 && daysAgo(i) <= 19).length;
    const perOtherWeek = ((delays.length - inStorm) / (120 - 7)) * 7;
    expect(inStorm).toBeGreaterThan(5 * perOtherWeek);
  });

  it('brings customers back across channels, with example addresses only', () => {
    const byEmail = new Map<string, FeedbackInput[]>();
    for (const item of items) {
      for (const id of item.customer?.identities ?? []) {
        if (id.kind === 'email') byEmail.set(id.value, [...(byEmail.get(id.value) ?? []), item]);
      }
    }
    expect([...byEmail.keys()].every((e) => /@example\.(com|org|net)$/.test(e))).toBe(true);
    for (const i of items.filter((i) => ['survey', 'email', 'ticket'].includes(i.platform))) {
      expect(i.customer?.identities.some((id) => id.kind === 'email')).toBe(true);
    }
    const returning = [...byEmail.values()].filter((list) => list.length >= 2);
    expect(returning.length).toBeGreaterThanOrEqual(10);
    // A returning customer's handle, given in a survey or e-mail, is the author of one of their posts.
    const handles = new Set(items.map((i) => i.author?.handle).filter(Boolean));
    const linked = items.filter((i) =>
      i.customer?.identities.some(
        (id) => id.kind === 'handle' && handles.has(id.value) && i.channel !== 'social',
      ),
    );
    expect(linked.length).toBeGreaterThanOrEqual(5);
  });
});
