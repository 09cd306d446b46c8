import { readFile } from 'node:fs/promises';
import { Option, type Command } from 'commander';

import { createAnalyzer } from '../analysis/index.js';
import { AIRLINE_TOUCHPOINTS } from '../eval/mappings.js';
import { csvRecords } from '../eval/datasets/source.js';
import { DatasetError } from '../eval/datasets/types.js';
import { toIsoDateTime } from '../importers/dates.js';
import {
  DEFAULT_DETECTOR_OPTIONS,
  MINUTE,
  alertPeriods,
  injectionBacktest,
  profileBackground,
  replay,
  scoreAlerts,
  syntheticEvents,
  type DetectorOptions,
  type Incident,
  type InjectionReport,
  type KeyFinding,
  type WarnAlert,
  type WarnEvent,
} from '../warn/index.js';
import { CliError } from './context.js';

export interface BacktestCliOptions {
  dataset: 'airline' | 'synthetic';
  incidents?: string;
  inject?: number;
  size: string;
  duration: number;
  shape: 'flat' | 'ramp';
  target: 'touchpoint' | 'brand' | 'workspace';
  seed: number;
  perReplay: number;
  own?: string;
  alpha?: number;
  minCount?: number;
  minRatio?: number;
  persist?: number;
  dispersion?: number;
  riskThreshold?: number;
  json?: boolean;
}

export interface ReadEvents {
  events: WarnEvent[];
  skipped: number;
  /** UTC offset of the file's times, minutes (−480 for the airline file's `-0800`). */
  utcOffsetMinutes: number;
  brands: string[];
}

/**
 * Reads the Twitter US Airline Sentiment CSV as warn events: time = `tweet_created`, brand =
 * `airline`, negative = the crowd's `airline_sentiment` (gold), touchpoints = those the real analyser
 * (`createAnalyzer()`, default taxonomy + luggage and queues) finds in the text, engagement =
 * `retweet_count`; reach is unknown (the file has no follower counts). Repeated `tweet_id`s are skipped.
 */
export async function readAirlineEvents(file: string, own: string | undefined): Promise<ReadEvents> {
  const analyzer = createAnalyzer();
  const events: WarnEvent[] = [];
  const seen = new Set<string>();
  let columns: Map<string, number> | undefined;
  let skipped = 0;
  let utcOffsetMinutes: number | undefined;
  for await (const { line, fields } of csvRecords(file)) {
    if (!columns) {
      columns = new Map(fields.map((name, i) => [name.trim(), i]));
      for (const c of ['airline', 'airline_sentiment', 'text', 'tweet_created'])
        if (!columns.has(c))
          throw new DatasetError(file, line, c, 'missing from the header (is this the airline CSV?)');
      continue;
    }
    const get = (name: string) => fields[columns?.get(name) ?? -1]?.trim() ?? '';
    const id = get('tweet_id') || `line-${line}`;
    const iso = toIsoDateTime(get('tweet_created'));
    if (seen.has(id) || !iso || get('airline') === '') {
      skipped++;
      continue;
    }
    seen.add(id);
    utcOffsetMinutes ??= offsetOf(iso);
    const text = get('text');
    const analysis = analyzer.analyze({ text }, { taxonomy: AIRLINE_TOUCHPOINTS });
    const brand = get('airline');
    const retweets = Number(get('retweet_count'));
    events.push({
      time: Date.parse(iso),
      brand,
      brandKind: own === undefined || own === brand ? 'own' : 'competitor',
      touchpoints: [...new Set(analysis.touchpoints.map((t) => t.key))],
      platform: 'twitter',
      negative: get('airline_sentiment') === 'negative',
      reach: undefined,
      itemId: id,
      urgency: analysis.urgency.score,
      intents: analysis.intents.map((i) => i.intent),
      engagement: Number.isFinite(retweets) ? retweets : undefined,
      sentimentScore: analysis.sentiment.score,
      text,
    });
  }
  events.sort((a, b) => a.time - b.time);
  return {
    events,
    skipped,
    utcOffsetMinutes: utcOffsetMinutes ?? 0,
    brands: [...new Set(events.map((e) => e.brand))].sort(),
  };
}

/**
 * `--dataset synthetic`: FILE is a number, the mean negatives per hour of each of three brands
 * (× 0.5, 1 and 2), over 14 days with a daily cycle (night 0.3, day 1.7 of the mean), as many other
 * items as negatives. For the question "how busy must a series be for a 3× storm to be caught fast?".
 */
export function syntheticBackground(spec: string, seed: number): ReadEvents {
  const perHour = Number(spec);
  if (!(perHour > 0))
    throw new CliError(`--dataset synthetic: FILE is the negatives per hour, e.g. 20; got ${spec}`);
  const from = Date.parse('2026-03-02T00:00:00Z');
  const cycle = (h: number) => (h >= 8 && h < 20 ? 1.7 : 0.3);
  const events = [0.5, 1, 2]
    .flatMap((k, i) =>
      syntheticEvents({
        brand: `Brand ${k}x`,
        touchpoints: { delivery: 3, support: 2, price: 1 },
        from,
        to: from + 14 * 24 * 60 * MINUTE,
        negativesPerHour: perHour * k,
        hourFactor: cycle,
        seed: seed * 100 + i,
      }),
    )
    .sort((a, b) => a.time - b.time);
  return { events, skipped: 0, utcOffsetMinutes: 0, brands: [...new Set(events.map((e) => e.brand))].sort() };
}

function offsetOf(iso: string): number {
  const m = /([+-])(\d{2}):(\d{2})$/.exec(iso);
  return m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** `2015-02-22 06:35 -0800`: data time in the file's own offset. */
export function formatTime(t: number, offsetMinutes: number): string {
  const local = new Date(t + offsetMinutes * MINUTE).toISOString().slice(0, 16).replace('T', ' ');
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${local} ${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

function readIncidents(text: string, file: string): Incident[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new CliError(`${file}: not JSON`);
  }
  if (!Array.isArray(data)) throw new CliError(`${file}: expected an array of {brand, start, end}`);
  return data.map((d: unknown, i) => {
    const o = d as Record<string, unknown>;
    const start = Date.parse(String(o.start));
    const end = Date.parse(String(o.end));
    if (typeof o.brand !== 'string' || !Number.isFinite(start) || !Number.isFinite(end))
      throw new CliError(`${file}: incident ${i + 1} needs brand, start and end (ISO 8601 times)`);
    return {
      brand: o.brand,
      start,
      end,
      ...(Array.isArray(o.touchpoints) ? { touchpoints: o.touchpoints.map(String) } : {}),
      ...(typeof o.label === 'string' ? { label: o.label } : {}),
    };
  });
}

function detectorOptions(opts: BacktestCliOptions, utcOffsetMinutes: number): Partial<DetectorOptions> {
  return {
    ...(opts.alpha !== undefined ? { alpha: opts.alpha } : {}),
    ...(opts.minCount !== undefined ? { minCount: opts.minCount } : {}),
    ...(opts.minRatio !== undefined ? { minRatio: opts.minRatio } : {}),
    ...(opts.persist !== undefined ? { persistSteps: opts.persist } : {}),
    ...(opts.dispersion !== undefined ? { dispersion: opts.dispersion } : {}),
    ...(opts.riskThreshold !== undefined ? { riskThreshold: opts.riskThreshold } : {}),
    baseline: { utcOffsetMinutes },
  };
}

function formatFinding(f: KeyFinding): string {
  return `${f.observed} negative vs ${f.expected.toFixed(1)} expected in ${f.windowMinutes} min on ${f.touchpoint ?? f.platform ?? 'the brand total'} (p ${f.pValue.toExponential(1)})`;
}

function formatAlert(a: WarnAlert, offset: number): string {
  const what =
    a.kind === 'risky_item'
      ? `risk ${a.risk?.toFixed(2)}: ${(a.reasons ?? []).join('; ')}`
      : [
          a.opening ? `opened on ${formatFinding(a.opening)}` : '',
          a.strongest && a.strongest !== a.opening ? `strongest ${formatFinding(a.strongest)}` : '',
          `firing until ${formatTime(a.lastFiringAt, offset).slice(5, 16)}`,
        ]
          .filter(Boolean)
          .join('; ');
  const items = a.topItems.map((i) => i.itemId + (i.engagement ? ` (${i.engagement} RT)` : '')).join(', ');
  return [
    `${formatTime(a.openedAt, offset)}  ${a.kind.padEnd(16)} ${a.brand.padEnd(15)} severity ${String(a.severity).padStart(2)}  ${a.touchpoints.join(', ') || '(brand total)'}`,
    `    ${what}`,
    `    top items: ${items || '-'}`,
  ].join('\n');
}

function formatInjection(r: InjectionReport): string {
  const med = (x: number | null) => (x === null ? '-' : String(x));
  return [
    `  ${r.size}× over ${r.durationMinutes} min (${r.shape}): ${r.detected}/${r.injections} detected (${(100 * r.detectionRate).toFixed(1)} %), median delay ${med(r.medianDelayMinutes)} min, p90 ${med(r.p90DelayMinutes)} min; ${r.falseAlarms} alerts outside storms = ${r.falseAlarmsPerBrandWeek.toFixed(2)} per brand-week`,
    `    by extra items: ${r.byExtra.map((g) => `${g.extra}: ${g.detected}/${g.injections} (median ${med(g.medianDelayMinutes)} min)`).join('; ')}`,
    `    by normal negatives per 15 min: ${r.byNormal.map((g) => `${g.normalPer15}: ${g.detected}/${g.injections} (median ${med(g.medianDelayMinutes)} min)`).join('; ')}`,
    `    by brand: ${r.byBrand.map((g) => `${g.brand} ${g.detected}/${g.injections}`).join('; ')}`,
    `    within 15 min: ${r.detectedWithin15}/${r.injections} (${((100 * r.detectedWithin15) / Math.max(1, r.injections)).toFixed(1)} %); bound: an oracle that knows the normal rate exactly would see ${(100 * r.oracleWithin15).toFixed(1)} % within 15 min at 1 false alarm per brand-week`,
  ].join('\n');
}

/** Runs `touchpoint backtest` and returns what it prints. */
export async function backtestCommand(file: string, opts: BacktestCliOptions): Promise<string> {
  let read: ReadEvents;
  try {
    read =
      opts.dataset === 'synthetic'
        ? syntheticBackground(file, opts.seed)
        : await readAirlineEvents(file, opts.own);
  } catch (e) {
    if (e instanceof DatasetError) throw new CliError(e.message);
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'EACCES')
      throw new CliError(`cannot read ${file} (${code})`);
    throw e;
  }
  const offset = read.utcOffsetMinutes;
  const detector = detectorOptions(opts, offset);
  const background = replay(read.events, detector);
  const spikes = background.alerts.filter((a) => a.kind !== 'risky_item');
  const risky = background.alerts.filter((a) => a.kind === 'risky_item');
  const first = read.events[0]?.time ?? 0;
  const last = read.events[read.events.length - 1]?.time ?? 0;
  const firstSeen = read.brands.map((b) => ({
    brand: b,
    first: read.events.find((e) => e.brand === b)?.time ?? 0,
  }));

  const incidents = opts.incidents
    ? readIncidents(await readFile(opts.incidents, 'utf8'), opts.incidents)
    : undefined;
  const score = incidents ? scoreAlerts(background, incidents) : undefined;
  const brandWeeks =
    [...profileBackground(read.events).brands.values()].reduce((a, b) => a + b.activeDays, 0) / 7;

  const sizes = opts.size.split(',').map(Number);
  if (sizes.some((s) => !(s > 1)))
    throw new CliError(`--size: multiples of the normal rate above 1, e.g. 3 or 2,3,5`);
  const injections =
    opts.inject === undefined
      ? undefined
      : sizes.map((size) =>
          injectionBacktest(read.events, {
            size,
            durationMinutes: opts.duration,
            shape: opts.shape,
            target: opts.target,
            injections: opts.inject ?? 0,
            perReplay: opts.perReplay,
            seed: opts.seed,
            warmupHours: 24,
            avoid: alertPeriods(spikes, 60),
            detector,
            graceMinutes: 60,
          }),
        );

  if (opts.json)
    return JSON.stringify({
      file,
      items: read.events.length,
      skipped: read.skipped,
      from: new Date(first).toISOString(),
      to: new Date(last).toISOString(),
      detector: { ...DEFAULT_DETECTOR_OPTIONS, ...detector },
      brandWeeks,
      alerts: background.alerts,
      ...(score ? { incidents: score.incidents, falseAlarms: score.falseAlarms.map((a) => a.id) } : {}),
      ...(injections ? { injections: injections.map(({ scores: _s, ...r }) => r) } : {}),
    });

  const out: string[] = [];
  out.push(
    `${read.events.length} items (${read.skipped} skipped) from ${formatTime(first, offset)} to ${formatTime(last, offset)}; brands: ${read.brands.join(', ')}`,
  );
  out.push(
    opts.dataset === 'synthetic'
      ? 'synthetic: Poisson negatives with a daily cycle, three brands at 0.5×, 1× and 2× the rate'
      : `touchpoints: the analyser's (default taxonomy + luggage, queues); negative: the file's airline_sentiment`,
  );
  out.push(
    `first item per brand: ${firstSeen.map((b) => `${b.brand} ${formatTime(b.first, offset).slice(0, 16)}`).join('; ')}`,
  );
  out.push(
    '',
    `Spike alerts (${spikes.length}; ${(spikes.length / brandWeeks).toFixed(2)} per brand-week over ${brandWeeks.toFixed(2)} brand-weeks of active data):`,
  );
  for (const a of spikes) out.push(formatAlert(a, offset));
  out.push(
    '',
    `Risky single items (${risky.length}, risk ≥ ${opts.riskThreshold ?? DEFAULT_DETECTOR_OPTIONS.riskThreshold}):`,
  );
  for (const a of risky) out.push(formatAlert(a, offset));
  if (score) {
    out.push('', 'Incidents:');
    for (const s of score.incidents)
      out.push(
        `  ${s.incident.label ?? ''} ${s.incident.brand} ${formatTime(s.incident.start, offset)}: ${s.delayMinutes === null ? 'missed' : `detected after ${s.delayMinutes} min`}`,
      );
    out.push(
      `  alerts outside every incident: ${score.falseAlarms.length} = ${(score.falseAlarms.length / brandWeeks).toFixed(2)} per brand-week`,
    );
    for (const a of score.falseAlarms)
      out.push(`    ${formatTime(a.openedAt, offset)} ${a.brand} ${a.touchpoints.join(', ')}`);
  }
  if (injections) {
    out.push(
      '',
      `Injected storms (seed ${opts.seed}, on the ${opts.target}'s normal negative rate, placed away from the background's own alerts; false alarms = alerts overlapping neither a storm nor a background alert):`,
    );
    for (const r of injections) out.push(formatInjection(r));
  }
  return out.join('\n');
}

function number(name: string) {
  return (value: string): number => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n)) throw new CliError(`${name}: not a number: ${value}`);
    return n;
  };
}

/** Registers `touchpoint backtest`. */
export function registerBacktest(program: Command): void {
  program
    .command('backtest <file>')
    .description(
      'Replay a timestamped file through the early-warning detector; report alerts, delays, false alarms',
    )
    .addOption(
      new Option(
        '--dataset <name>',
        'airline: the Twitter airline CSV; synthetic: FILE is negatives per hour',
      )
        .choices(['airline', 'synthetic'])
        .default('airline'),
    )
    .option(
      '--incidents <file>',
      'JSON list of known incidents [{brand, start, end, label?}] to score against',
    )
    .option('--inject <n>', 'inject this many synthetic storms per size into the file', number('--inject'))
    .option('--size <sizes>', 'storm rate as a multiple of the normal negative rate, e.g. 3 or 2,3,5', '3')
    .option('--duration <minutes>', 'storm duration', number('--duration'), 30)
    .addOption(new Option('--shape <shape>', 'storm shape').choices(['flat', 'ramp']).default('flat'))
    .addOption(
      new Option(
        '--target <target>',
        "a storm on one touchpoint's normal rate, on the brand's, or on the whole file's (all brands), hitting one brand",
      )
        .choices(['touchpoint', 'brand', 'workspace'])
        .default('touchpoint'),
    )
    .option('--seed <n>', 'seed of the injections', number('--seed'), 1)
    .option('--per-replay <n>', 'storms injected per replay of the file', number('--per-replay'), 10)
    .option('--own <brand>', 'the workspace’s own brand; the others are competitors (default: all own)')
    .option('--alpha <p>', 'p-value threshold of a window', number('--alpha'))
    .option('--min-count <n>', 'least negatives in a window', number('--min-count'))
    .option('--min-ratio <r>', 'least observed / expected', number('--min-ratio'))
    .option('--persist <steps>', 'consecutive 5-minute steps before a series fires', number('--persist'))
    .option('--dispersion <r>', 'negative-binomial size at full history', number('--dispersion'))
    .option('--risk-threshold <risk>', 'virality risk of a risky-item alert', number('--risk-threshold'))
    .option('--json', 'print one JSON object')
    .action(async (file: string, opts: BacktestCliOptions) => {
      process.stdout.write(`${await backtestCommand(file, opts)}\n`);
    });
}
