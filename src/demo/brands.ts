import type { DemoTopic } from './templates/index.js';

/** A brand of the demo workspace. All names are invented. */
export interface DemoBrand {
  name: string;
  kind: 'own' | 'competitor';
  /** How customers call it in a sentence. */
  short: string;
  /** Its social account, mentioned in tweets. */
  handle: string;
  hashtag: string;
  /** The touchpoint its unhappy customers complain about most: what the benchmark should show. */
  weakSpot?: DemoTopic;
}

export const OWN_BRAND: DemoBrand = {
  name: 'Lanternfish Bistro & Cruises',
  kind: 'own',
  short: 'Lanternfish',
  handle: '@lanternfishbistro',
  hashtag: '#lanternfish',
};

/** Its boats are late. */
export const QUILLBY: DemoBrand = {
  name: "Captain Quillby's Boat Kitchen",
  kind: 'competitor',
  short: "Captain Quillby's",
  handle: '@quillbyboats',
  hashtag: '#quillbys',
  weakSpot: 'delivery',
};

/** Its waiters are rude. */
export const SALTFERN: DemoBrand = {
  name: 'Saltfern Harbour Dining',
  kind: 'competitor',
  short: 'Saltfern',
  handle: '@saltfernharbour',
  hashtag: '#saltfern',
  weakSpot: 'staff',
};

export const COMPETITORS: readonly DemoBrand[] = [QUILLBY, SALTFERN];

export const DEMO_BRANDS: readonly DemoBrand[] = [OWN_BRAND, ...COMPETITORS];
