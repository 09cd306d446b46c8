/**
 * The customers generator (issue #14): a CRM export of N fictional customers as CSV, in the format
 * `touchpoint customers import` reads (docs/customers.md), and feedback items written by them as JSON
 * lines that `touchpoint import` reads, each item carrying the identities that link it to its
 * customer. The same files for the same seed. No third-party data: names, cities and domains below
 * were written for this file; e-mail domains are reserved ones (RFC 2606), phone numbers are only
 * well-formed.
 *
 *   node --import tsx bench/customers-data.ts --customers 500000 --items 1000000 [--dir /tmp/tp/customers]
 *     [--seed 14] [--bad-every 50000] [--spread]
 *
 * - **Customers** (`customers-<N>.csv`): crm id, name, one or two e-mails, a phone for 75 % (German,
 *   Spanish, French or British mobile numbers; German ones often written nationally, `0151 …`, so the
 *   import's default region matters), an X/Twitter handle for 35 %, Instagram 20 %, Facebook 15 %, an
 *   Amazon marketplace id 25 %, a Google reviewer handle 10 %, a city of 40, birthday 80 %,
 *   anniversary 20 %, first purchase 90 %, lifetime value (long-tailed, EUR mostly), 0–3 tags,
 *   language, referrals. Cells are written the way exports write them: mixed-case e-mails,
 *   `@Handles`, spaces in phone numbers. Names repeat (180 first × 900 last names), and the same
 *   name in the same city happens, as it does in life (the `name_city` suggestion's case).
 *   Every `--bad-every`-th row has one bad field (a birthday of month 13, an e-mail without `@`, a
 *   lifetime value `n/a`): the import must report it by line and field and go on.
 * - **Items** (`customer-items-<N>-<M>.jsonl`): the texts, ratings, scores and times of the scale
 *   generator (bench/scale-data.ts, two years ending 2026-12-01), each given to a customer drawn by
 *   activity: 55 % of customers are one-off (weight 1), 30 % occasional (3), 12 % regulars (10), 3 %
 *   very regular (30); a fifth of the regulars stop at a random time (the lapsed ones). 10 % of the
 *   items are anonymous. The identity an item carries follows its platform: e-mail, chat and
 *   survey items the customer's e-mail (phone for a `call`), X and Facebook posts the handle,
 *   Google reviews the Google handle, an app-store review becomes an Amazon review with the
 *   marketplace id when the customer has one; other reviews carry the e-mail 60 % of the time
 *   (review invitations) and are anonymous otherwise. A customer without the platform's identity
 *   writes an e-mail instead.
 * - **The first item of each customer carries all their identities** (as a help-desk ticket sends
 *   the contact card), so items imported before the CRM file make one customer per person and the
 *   CRM import then updates them; for 2 % of customers it carries only its own identity, so those
 *   people exist as several customers until the CRM row joins them (the `crm_import` merge at scale).
 *   Identity values in items are normalised already (lowercase e-mail, handle without `@`, phone in
 *   E.164), the way an integration sends them.
 * - `--spread` writes the items in blocks of 500 in bit-reversed time order (`…-spread.jsonl`): any
 *   prefix of the file spans the whole two years, so an import stopped early still has today's
 *   regulars and lapsed ones.
 *
 * A CSV row is ~190 bytes, an item line ~520 bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { createRng, type Rng } from '../src/demo/random.js';
import type { FeedbackInput } from '../src/core/feedback/schema.js';
import { scaleItems } from './scale-data.js';

/** The CRM columns, in file order (docs/customers.md, "Import format"). */
export const CRM_COLUMNS = [
  'crm_id',
  'name',
  'email',
  'phone',
  'twitter',
  'instagram',
  'facebook',
  'amazon',
  'google',
  'city',
  'birthday',
  'anniversary',
  'first_purchase',
  'lifetime_value',
  'currency',
  'tags',
  'language',
  'referrals',
] as const;

const FIRST = (
  'Anna Ben Chen Dana Emil Fatima Goran Hana Ivo Jun Kofi Lena Marta Nils Omar Pia Quentin ' +
  'Rosa Sami Tilda Umut Vera Wen Ximena Yusuf Zoe Adele Bruno Carla Dario Elif Felix Greta ' +
  'Hugo Ines Jonas Karin Lukas Mila Noah Olga Paul Rahel Sven Tomas Ulla Viktor Wiebke Yara ' +
  'Zeno Aisha Bilal Chiara Diego Esra Finn Gabriel Helga Ilse Jakob Kemal Leonie Mateo ' +
  'Nadia Oskar Priya Rafael Selin Theo Uwe Valentina Wolfgang Yasmin Zofia Amélie Björn ' +
  'Célia Dörte Éric Frida Gül Hélène Iñigo Jürgen Katarzyna Lucía Malte Nuria Ólafur Pål ' +
  'Renée Sören Thérèse Ümit Vítor Wojciech Alba Boris Clara David Eva Farid Gisela Hamid ' +
  'Irene Jana Klaus Lara Mehmet Nora Otto Paula Rita Stefan Tanja Ursula Vincent Wanda ' +
  'Xaver Yves Zainab Arne Bea Cem Doris Enzo Fiona Georg Hilde Ida Jan Kai Lotte Mario Nina ' +
  'Ole Petra Ruth Simon Tina Ugo Vanessa Walter Yann Zlatan Agnes Bernd Dilara Edith ' +
  'Florian Gunnar Heidi Igor Julia Kerstin Leon Miriam Nele Pedro Rolf Sofia Tobias Uta ' +
  'Volker Wilma Amir Birgit Carmen Dieter Emma Franz Hanna Ingrid Joao Lina Marek Nico ' +
  'Pablo Sara Tim Ana Max Lea'
).split(' ');
const LAST_HEAD = (
  'Berg Stein Wald Hof Brun Feld Lind Ros Falk Weiß Kirch Hart Holm Sand Mar Gar Fer Mon ' +
  'Dal Vil Cas Alm Bel Cor Esp Lun Nord Ost Sil Tor'
).split(' ');
const LAST_TAIL = (
  'mann|er|ström|berg|ez|eira|ini|ard|ov|sen|hauser|inger|ado|oni|quist|ier|land|ić|eau|et|' +
  'ski|holz|lund|ez de la Cruz|ani|ker|dorf|aro|ell'
).split('|');
type Country = 'DE' | 'ES' | 'FR' | 'GB';
/** Cities per country of the phone number (the customer's home). */
const CITIES: Record<Country, string[]> = {
  DE: 'Berlin|Hamburg|München|Köln|Leipzig|Dresden|Bremen|Hannover|Nürnberg|Stuttgart|Bonn|Kiel'.split('|'),
  ES: 'Madrid|Sevilla|Valencia|Barcelona|Bilbao|Málaga'.split('|'),
  FR: 'Paris|Lyon|Marseille|Toulouse|Nantes|Lille'.split('|'),
  GB: 'London|Leeds|Manchester|Bristol|Glasgow|Cardiff'.split('|'),
};
const DOMAINS = 'example.com example.org example.net mail.example post.example'.split(' ');
const TAGS = 'vip newsletter business family frequent-flyer student corporate loyalty-gold'.split(' ');

type Activity = 'one_off' | 'occasional' | 'regular' | 'very_regular';
const WEIGHT: Record<Activity, number> = { one_off: 1, occasional: 3, regular: 10, very_regular: 30 };

/** One generated customer, with identity values normalised (how ingest and the import store them). */
export interface GeneratedCustomer {
  /** 1-based position in the CSV (its line is index + 1, the header being line 1). */
  index: number;
  crmId: string;
  name: string;
  emails: string[];
  /** E.164. */
  phones: string[];
  country: Country;
  twitter?: string;
  instagram?: string;
  facebook?: string;
  amazon?: string;
  google?: string;
  city: string;
  birthday?: string;
  anniversary?: string;
  firstPurchase?: string;
  lifetimeValue: number;
  currency: string;
  tags: string[];
  language: 'en' | 'de' | 'es' | 'fr';
  referrals: number;
  /** Followers of their social accounts (0 without one). */
  reach: number;
  activity: Activity;
  /** Writes no item after this time (ms), for the regulars who lapse. */
  stopsAt?: number;
  /** Their first item carries only its own identity: several customers until the CRM row joins them. */
  split: boolean;
}

const END = Date.parse('2026-12-01T00:00:00Z');
const START = END - 730 * 86_400_000;

/** A generator of its own for each customer, so the items can rebuild any customer by index. */
const rngOf = (seed: number, index: number) =>
  createRng((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index, 0x85ebca6b)) >>> 0);

const ascii = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/ß/g, 'ss')
    .replace(/[^A-Za-z0-9]+/g, '')
    .toLowerCase();

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dayBetween = (rng: Rng, from: string, to: string) =>
  isoDay(Date.parse(from) + Math.floor(rng.next() * (Date.parse(to) - Date.parse(from))));

/** A mobile number of the country for the customer, in E.164 (unique per index and slot). */
function phoneOf(country: Country, index: number, slot: number): string {
  const n = String(index * 2 + slot).padStart(8, '0');
  if (country === 'DE') return `+49${['151', '152', '157', '160'][index % 4]}${n}`;
  if (country === 'ES') return `+346${n}`;
  if (country === 'FR') return `+336${n}`;
  return `+4479${n}`;
}

/**
 * The `index`-th customer (1-based) of a seed.
 * @example generatedCustomer(1, 14).emails[0] // 'anna.bergmann1@example.com'
 */
export function generatedCustomer(index: number, seed = 14): GeneratedCustomer {
  const rng = rngOf(seed, index);
  const first = rng.pick(FIRST);
  const last = rng.chance(0.01) ? "O'Neill" : `${rng.pick(LAST_HEAD)}${rng.pick(LAST_TAIL)}`;
  const name = `${first} ${last}`;
  const local = `${ascii(first)}.${ascii(last)}${index}`;
  const emails = [`${local}@${rng.pick(DOMAINS)}`];
  if (rng.chance(0.1)) emails.push(`${ascii(first)}${index}@${rng.pick(DOMAINS)}`);
  const country = rng.weighted<Country>({ DE: 55, ES: 15, FR: 15, GB: 15 });
  const phones = rng.chance(0.75) ? [phoneOf(country, index, 0)] : [];
  if (phones.length > 0 && rng.chance(0.05)) phones.push(phoneOf(country, index, 1));
  const handle = `${ascii(first)}_${ascii(last).slice(0, 6)}${index}`;
  const activity = rng.weighted<Activity>({ one_off: 55, occasional: 30, regular: 12, very_regular: 3 });
  const social = rng.next();
  const reach = rng.chance(0.002) ? rng.int(10_000, 900_000) : Math.round(Math.exp(social * 7)) - 1; // 0 … ~1,100, long-tailed
  const c: GeneratedCustomer = {
    index,
    crmId: `CRM-${String(index).padStart(7, '0')}`,
    name,
    emails,
    phones,
    country,
    city: rng.pick(CITIES[country]),
    lifetimeValue: Math.round(Math.exp(3 + rng.next() * 5 + rng.next() * 2) * 100) / 100,
    currency: rng.chance(0.9) ? 'EUR' : rng.pick(['GBP', 'USD', 'CHF']),
    tags: rng.shuffle([...TAGS]).slice(0, Number(rng.weighted({ 0: 40, 1: 35, 2: 18, 3: 7 }))),
    language: country === 'DE' ? 'de' : country === 'ES' ? 'es' : country === 'FR' ? 'fr' : 'en',
    referrals: rng.chance(0.85) ? 0 : rng.chance(0.9) ? rng.int(1, 5) : rng.int(6, 30),
    reach: 0,
    activity,
    split: rng.chance(0.02),
  };
  if (rng.chance(0.35)) c.twitter = handle;
  if (rng.chance(0.2)) c.instagram = `${handle}.ig`;
  if (rng.chance(0.15)) c.facebook = `${ascii(first)}.${ascii(last)}.${index}`;
  if (rng.chance(0.25)) c.amazon = `A${(index * 2_654_435_761).toString(36).toUpperCase().padStart(12, '0')}`;
  if (rng.chance(0.1)) c.google = `${ascii(first)}${ascii(last).slice(0, 1)}${index}`;
  if (c.twitter || c.instagram || c.facebook) c.reach = reach;
  if (rng.chance(0.8)) c.birthday = dayBetween(rng, '1950-01-01', '2006-12-31');
  if (rng.chance(0.2)) c.anniversary = dayBetween(rng, '1980-01-01', '2025-12-31');
  if (rng.chance(0.9)) c.firstPurchase = dayBetween(rng, '2012-01-01', '2026-11-30');
  if (activity === 'regular' || activity === 'very_regular') {
    if (rng.chance(0.2)) c.stopsAt = START + Math.floor((0.3 + 0.6 * rng.next()) * (END - START));
  }
  return c;
}

/** How a CRM export writes a phone number: international with spaces, national, or packed. */
function writtenPhone(rng: Rng, e164: string, country: Country): string {
  const r = rng.next();
  if (country === 'DE' && r < 0.35) return `0${e164.slice(3, 6)} ${e164.slice(6)}`;
  if (r < 0.75) return `${e164.slice(0, 3)} ${e164.slice(3, 6)} ${e164.slice(6, 10)} ${e164.slice(10)}`;
  return e164;
}
const writtenHandle = (rng: Rng, h: string) => {
  const r = rng.next();
  const cased = r < 0.3 ? h.replace(/^(.)|_(.)/g, (m) => m.toUpperCase()) : h;
  return rng.chance(0.5) ? `@${cased}` : cased;
};
const writtenEmail = (rng: Rng, e: string) => {
  const r = rng.next();
  if (r < 0.2) return e.replace(/^(.)|\.(.)|@(.)/g, (m) => m.toUpperCase());
  if (r < 0.25) return ` ${e} `;
  return e;
};

const csvCell = (v: string) => (/[",\n\r]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);

/**
 * The CSV cells of a customer as an export writes them; `bad` spoils one field.
 * @example crmRow(generatedCustomer(1)).join(',')
 */
export function crmRow(c: GeneratedCustomer, seed = 14, bad = false): string[] {
  const rng = rngOf(seed ^ 0x5bd1e995, c.index);
  const cells: Record<(typeof CRM_COLUMNS)[number], string> = {
    crm_id: c.crmId,
    name: c.name,
    email: c.emails.map((e) => writtenEmail(rng, e)).join(';'),
    phone: c.phones.map((p) => writtenPhone(rng, p, c.country)).join(';'),
    twitter: c.twitter ? writtenHandle(rng, c.twitter) : '',
    instagram: c.instagram ? writtenHandle(rng, c.instagram) : '',
    facebook: c.facebook ?? '',
    amazon: c.amazon ?? '',
    google: c.google ?? '',
    city: c.city,
    birthday: c.birthday ?? '',
    anniversary: c.anniversary ?? '',
    first_purchase: c.firstPurchase ?? '',
    lifetime_value: c.lifetimeValue.toFixed(2),
    currency: c.currency,
    tags: c.tags.join(';'),
    language: c.language,
    referrals: String(c.referrals),
  };
  if (bad) {
    const kind = c.index % 3;
    if (kind === 0) cells.birthday = '1985-13-45';
    else if (kind === 1) cells.email = 'no-at-sign.example.com';
    else cells.lifetime_value = 'n/a';
  }
  return CRM_COLUMNS.map((k) => csvCell(cells[k]));
}

/** The lines a bad row was given to, and its field, for checking the import's report. */
export function badRows(customers: number, badEvery: number): { line: number; field: string }[] {
  if (badEvery <= 0) return [];
  const out: { line: number; field: string }[] = [];
  for (let i = badEvery; i <= customers; i += badEvery) {
    const field = ['birthday', 'email', 'lifetime_value'][i % 3] as string;
    out.push({ line: i + 1, field });
  }
  return out;
}

/** All identities of a customer as an item sends them (normalised). */
function allIdentities(c: GeneratedCustomer): NonNullable<FeedbackInput['customer']>['identities'] {
  return [
    ...c.emails.map((value) => ({ kind: 'email' as const, value })),
    ...c.phones.map((value) => ({ kind: 'phone' as const, value })),
    ...(c.twitter ? [{ kind: 'handle' as const, platform: 'twitter', value: c.twitter }] : []),
    ...(c.instagram ? [{ kind: 'handle' as const, platform: 'instagram', value: c.instagram }] : []),
    ...(c.facebook ? [{ kind: 'handle' as const, platform: 'facebook', value: c.facebook }] : []),
    ...(c.amazon ? [{ kind: 'marketplace_id' as const, platform: 'amazon', value: c.amazon }] : []),
    ...(c.google ? [{ kind: 'handle' as const, platform: 'google', value: c.google }] : []),
  ];
}

/**
 * Yields `total` items written by the first `customers` customers, in time order.
 * @example for (const item of customerItems(1000, 200)) console.log(JSON.stringify(item));
 */
export function* customerItems(
  total: number,
  customers: number,
  seed = 14,
  spread = false,
): Generator<FeedbackInput> {
  const drafts = itemDrafts(total, customers, seed);
  const seen = new Uint8Array(customers);
  const finish = (d: ItemDraft): FeedbackInput => {
    if (d.who < 0 || !d.identity) return d.item;
    const c = generatedCustomer(d.who + 1, seed);
    const first = seen[d.who] === 0;
    seen[d.who] = 1;
    return {
      ...d.item,
      customer: { name: c.name, identities: first && !c.split ? allIdentities(c) : [d.identity] },
    };
  };
  if (!spread) {
    for (const d of drafts) yield finish(d);
    return;
  }
  // Any prefix of the file spans the whole two years: blocks of one import batch (500 items, a few
  // hours) in bit-reversed order. Whole blocks keep each batch to a day or two, as in a time-ordered
  // file: single items in random order made each batch touch ~400 days of rollups (half the rate).
  const all = [...drafts];
  const blocks = Math.ceil(all.length / SPREAD_BLOCK);
  const bits = Math.max(1, Math.ceil(Math.log2(blocks)));
  for (let k = 0; k < 2 ** bits; k++) {
    let r = 0;
    for (let b = 0; b < bits; b++) r |= ((k >> b) & 1) << (bits - 1 - b);
    for (const d of all.slice(r * SPREAD_BLOCK, (r + 1) * SPREAD_BLOCK)) yield finish(d);
  }
}

/** Items kept together by `spread`: one batch of the feedback import. */
const SPREAD_BLOCK = 500;

interface ItemDraft {
  item: FeedbackInput;
  /** The customer's index − 1, or −1 for an anonymous item. */
  who: number;
  identity: NonNullable<FeedbackInput['customer']>['identities'][number] | undefined;
}

/** The items in time order with the customer each is by and the identity it carries on its platform. */
function* itemDrafts(total: number, customers: number, seed: number): Generator<ItemDraft> {
  // Cumulative activity weights, for drawing a customer in O(log n).
  const cumulative = new Float64Array(customers);
  const activity = new Uint8Array(customers);
  const stops = new Float64Array(customers);
  let sum = 0;
  for (let i = 0; i < customers; i++) {
    const c = generatedCustomer(i + 1, seed);
    sum += WEIGHT[c.activity];
    cumulative[i] = sum;
    activity[i] = WEIGHT[c.activity];
    stops[i] = c.stopsAt ?? Infinity;
  }
  const rng = createRng(seed * 7919);
  const draw = () => {
    const r = rng.next() * sum;
    let lo = 0;
    let hi = customers - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((cumulative[mid] as number) <= r) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  let n = 0;
  for (const s of scaleItems(total, seed, 'platform')) {
    n++;
    const at = Date.parse(s.postedAt);
    let who = -1;
    if (!rng.chance(0.1)) {
      for (let tries = 0; tries < 3 && who < 0; tries++) {
        const i = draw();
        if ((stops[i] as number) > at) who = i;
      }
    }
    const item: FeedbackInput = {
      externalId: `cust-${String(n).padStart(8, '0')}`,
      platform: s.platform,
      brand: s.brand,
      text: s.text,
      postedAt: s.postedAt,
      ...(s.rating !== undefined ? { rating: s.rating } : {}),
      ...(s.score ? { score: s.score } : {}),
      ...(s.title ? { title: s.title } : {}),
    };
    if (who < 0) {
      item.author = { name: s.author.name };
      yield { item, who: -1, identity: undefined };
      continue;
    }
    const c = generatedCustomer(who + 1, seed);
    item.author = { name: c.name };
    const email = c.emails[0] ?? '';
    let identity: NonNullable<FeedbackInput['customer']>['identities'][number] | undefined;
    const p = item.platform;
    if (p === 'twitter' && c.twitter) identity = { kind: 'handle', platform: 'twitter', value: c.twitter };
    else if (p === 'facebook' && c.facebook)
      identity = { kind: 'handle', platform: 'facebook', value: c.facebook };
    else if (p === 'google' && c.google) identity = { kind: 'handle', platform: 'google', value: c.google };
    else if ((p === 'appstore' || p === 'playstore') && c.amazon) {
      item.platform = 'amazon';
      identity = { kind: 'marketplace_id', platform: 'amazon', value: c.amazon };
    } else if (['tripadvisor', 'trustpilot', 'google', 'appstore', 'playstore'].includes(p)) {
      if (rng.chance(0.6)) identity = { kind: 'email', value: email };
    } else if (c.phones[0] && rng.chance(0.1)) {
      item.platform = 'call';
      identity = { kind: 'phone', value: c.phones[0] };
    } else {
      if (!['email', 'chat', 'survey'].includes(p)) item.platform = 'email';
      identity = { kind: 'email', value: email };
    }
    if (identity?.kind === 'handle') {
      item.author = { name: c.name, handle: identity.value, reach: c.reach };
    }
    // Without an identity: an anonymous review by a customer, linked to nobody.
    yield { item, who: identity ? who : -1, identity };
  }
}

async function writeLines(file: string, lines: Iterable<string>): Promise<number> {
  const out = fs.createWriteStream(`${file}.part`);
  let chunk = '';
  for (const line of lines) {
    chunk += `${line}\n`;
    if (chunk.length > 1 << 20) {
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  out.end(chunk);
  await once(out, 'finish');
  fs.renameSync(`${file}.part`, file);
  return fs.statSync(file).size;
}

const sizeName = (n: number) =>
  n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n);

export interface CustomerFilesOptions {
  customers: number;
  items?: number;
  dir?: string;
  seed?: number;
  badEvery?: number;
  /** Blocks of 500 items in bit-reversed time order, so that any prefix spans the whole two years. */
  spread?: boolean;
}

/** Writes the CSV (and the items when asked) once per size and seed; returns their paths. */
export async function ensureCustomerFiles(o: CustomerFilesOptions): Promise<{ csv: string; items?: string }> {
  const dir = o.dir ?? '/tmp/tp/customers';
  const seed = o.seed ?? 14;
  const badEvery = o.badEvery ?? 50_000;
  fs.mkdirSync(dir, { recursive: true });
  const suffix = seed === 14 ? '' : `-s${seed}`;
  const csv = path.join(dir, `customers-${sizeName(o.customers)}${suffix}${badEvery ? '' : '-clean'}.csv`);
  if (!fs.existsSync(csv)) {
    const started = performance.now();
    const rows = function* () {
      yield CRM_COLUMNS.join(',');
      for (let i = 1; i <= o.customers; i++)
        yield crmRow(generatedCustomer(i, seed), seed, badEvery > 0 && i % badEvery === 0).join(',');
    };
    const bytes = await writeLines(csv, rows());
    console.log(
      `generated ${csv}: ${o.customers} customers, ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  if (!o.items) return { csv };
  const items = path.join(
    dir,
    `customer-items-${sizeName(o.customers)}-${sizeName(o.items)}${suffix}${o.spread ? '-spread' : ''}.jsonl`,
  );
  if (!fs.existsSync(items)) {
    const started = performance.now();
    const lines = function* () {
      for (const item of customerItems(o.items as number, o.customers, seed, o.spread))
        yield JSON.stringify(item);
    };
    const bytes = await writeLines(items, lines());
    console.log(
      `generated ${items}: ${o.items} items, ${(bytes / 1e6).toFixed(0)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
  }
  return { csv, items };
}

const invoked = process.argv[1] ?? '';
if (invoked.endsWith('customers-data.ts') || invoked.endsWith('customers-data.js')) {
  const argv = process.argv.slice(2);
  const value = (n: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : undefined);
  const files = await ensureCustomerFiles({
    customers: Number(value('--customers') ?? 500_000),
    items: Number(value('--items') ?? 0) || undefined,
    ...(value('--dir') ? { dir: value('--dir') } : {}),
    seed: Number(value('--seed') ?? 14),
    badEvery: Number(value('--bad-every') ?? 50_000),
    spread: argv.includes('--spread'),
  });
  console.log(JSON.stringify(files));
}
