/**
 * `touchpoint review-requests send|link|summary` (issue #15): ask customers (a segment, or the ids in
 * a file) for a review on a platform through the contact rules, save a platform's link, and print the
 * conversion per platform and touchpoint. A platform that forbids asking (Yelp) is refused with the
 * reason.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import { scheduleAsks } from '../core/outreach/index.js';
import {
  conversionSummary,
  requestReviews,
  savePlatformLink,
  type ConversionSummary,
  type RequestReviewsResult,
} from '../core/review-requests/index.js';
import type { Estimate } from '../core/metrics/stats.js';
import type { Runtime } from '../runtime/index.js';
import { CliError, resolveWorkspace, withRuntime } from './context.js';

const SYSTEM = { type: 'system', id: null } as const;
const out = (s: string) => process.stdout.write(`${s}\n`);

/** Customer ids from a file: one per line (blank lines and `#` comments ignored), or a JSON array. */
export function readCustomerIds(file: string): string[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read ${file}: ${(e as Error).message}`);
  }
  if (text.trimStart().startsWith('[')) {
    const parsed = JSON.parse(text) as unknown;
    if (!Array.isArray(parsed) || !parsed.every((x) => typeof x === 'string'))
      throw new CliError(`${file}: a JSON file must hold an array of customer ids`);
    return parsed;
  }
  return text
    .split(/\r?\n/)
    .map((l) => l.replace(/#.*/, '').trim())
    .filter((l) => l !== '');
}

/** `review-requests send`: requests for the customers of a segment or a file, handed to outreach. */
export async function sendReviewRequestsCli(
  rt: Runtime,
  opts: { platform: string; segment?: string; customers?: string; touchpoint?: string; workspace?: string },
): Promise<RequestReviewsResult> {
  if ((opts.segment === undefined) === (opts.customers === undefined))
    throw new CliError('give either --segment ID or --customers FILE');
  const w = await resolveWorkspace(rt.store, opts.workspace);
  return requestReviews(
    {
      store: rt.store,
      clock: rt.clock,
      scheduleAsks: async (workspaceId, asks) => {
        await scheduleAsks(rt.outreachDeps, workspaceId, asks, 'review_request', SYSTEM);
      },
    },
    w.id,
    SYSTEM,
    {
      platform: opts.platform,
      ...(opts.segment !== undefined ? { segmentId: opts.segment } : {}),
      ...(opts.customers !== undefined ? { customerIds: readCustomerIds(opts.customers) } : {}),
      touchpointKey: opts.touchpoint ?? null,
    },
  );
}

const pct = (e: Estimate) =>
  e.value === null
    ? '—'
    : `${(e.value * 100).toFixed(1)} % (95 % CI ${((e.low ?? 0) * 100).toFixed(1)}–${((e.high ?? 0) * 100).toFixed(1)} %)${e.enough ? '' : ' — not enough data'}`;

function printSummary(s: ConversionSummary): void {
  out(`All: ${s.total.delivered} delivered, ${s.total.converted} converted, ${pct(s.total.conversion)}`);
  for (const p of s.platforms)
    out(`  ${p.label.padEnd(20)} ${String(p.delivered).padStart(6)} delivered  ${pct(p.conversion)}`);
  for (const t of s.touchpoints)
    out(
      `  ${(t.touchpointKey ?? '(no touchpoint)').padEnd(20)} ${String(t.delivered).padStart(6)} delivered  ${pct(t.conversion)}`,
    );
}

export function registerReviewRequests(program: Command): void {
  const rr = program
    .command('review-requests')
    .description('Review requests: send to a segment or customers, save platform links, conversion');
  rr.command('send')
    .description('Ask customers for a review on a platform (same invitation to everyone; Yelp is refused)')
    .requiredOption(
      '--platform <platform>',
      'google, tripadvisor, trustpilot, facebook, appstore, playstore, amazon, referral',
    )
    .option('--segment <id>', 'the members of this segment')
    .option('--customers <file>', 'customer ids, one per line (or a JSON array)')
    .option('--touchpoint <key>', 'the touchpoint the request follows (conversion per touchpoint)')
    .option('--workspace <workspace>', 'workspace id or slug (default: the only one)')
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        platform: string;
        segment?: string;
        customers?: string;
        touchpoint?: string;
        workspace?: string;
        json?: boolean;
      }) => {
        await withRuntime(async (rt) => {
          const r = await sendReviewRequestsCli(rt, opts);
          if (opts.json) out(JSON.stringify(r, null, 2));
          else
            out(
              `Requested ${r.requested} (${r.platform}); ${r.alreadyAsked} asked in the last 30 days already, ${r.unknown} unknown ids. The contact rules decide each send: see the send log.`,
            );
        });
      },
    );
  rr.command('link')
    .description("Save the business's link for a platform (http(s))")
    .requiredOption('--platform <platform>', 'the platform')
    .requiredOption('--url <url>', 'your page on the platform')
    .option('--workspace <workspace>', 'workspace id or slug (default: the only one)')
    .action(async (opts: { platform: string; url: string; workspace?: string }) => {
      await withRuntime(async (rt) => {
        const w = await resolveWorkspace(rt.store, opts.workspace);
        const link = await savePlatformLink({ store: rt.store, clock: rt.clock }, w.id, SYSTEM, opts);
        out(`Saved ${link.platform}: ${link.url}`);
      });
    });
  rr.command('summary')
    .description('Conversion per platform and per touchpoint, with 95 % intervals')
    .option('--workspace <workspace>', 'workspace id or slug (default: the only one)')
    .option('--json', 'print JSON')
    .action(async (opts: { workspace?: string; json?: boolean }) => {
      await withRuntime(async (rt) => {
        const w = await resolveWorkspace(rt.store, opts.workspace);
        const s = await conversionSummary(rt.store, w.id, {});
        if (opts.json) out(JSON.stringify(s, null, 2));
        else printSummary(s);
      });
    });
}
