/**
 * The one guard of every request the server makes to a URL someone configured (alert targets,
 * notification targets, the reply webhook, Google, the LLM): http(s) only; no loopback, private,
 * link-local, metadata, unspecified, multicast or reserved address, in any spelling, unless the
 * operator allowed it (`TOUCHPOINT_OUTBOUND_ALLOW`).
 *
 * A name is resolved (every address, `dns.lookup`) and refused when any address is. The check runs
 * inside the connection's own lookup, so the socket goes to the address that was checked: a DNS
 * answer that changes between a check and the connect (rebinding) cannot slip a private address in.
 * Redirects are never followed (the 3xx is the answer), so a public URL cannot bounce the request
 * inward. Issue #11, finding 2: viewers pointed webhooks at 127.0.0.1 and 169.254.169.254 and read
 * the answers in `lastError`.
 */
import { promises as dns, type LookupAddress } from 'node:dns';
import type { LookupFunction } from 'node:net';
import { Agent, fetch, type Response } from 'undici';
import {
  addressAllowed,
  forbiddenName,
  forbiddenReason,
  ipLiteral,
  nameAllowed,
  normalName,
  parseAllowList,
  type AllowList,
} from './address.js';

/** Resolves a host name to every address it has (`dns.lookup` with `all`, by default). */
export type Resolve = (hostname: string) => Promise<readonly LookupAddress[]>;

export interface OutboundOptions {
  /** The operator's exceptions: addresses, CIDR ranges, host names, `*.domain` (see `parseAllowList`). */
  allow?: readonly string[];
  /** The resolver; tests inject one so a name can resolve to loopback without touching DNS. */
  resolve?: Resolve;
  /** Milliseconds a save-time `check` waits for DNS before it accepts the name as unresolved. */
  checkTimeoutMs?: number;
}

const DEFAULTS = {
  allow: [],
  resolve: (hostname: string) => dns.lookup(hostname, { all: true, verbatim: true }),
  checkTimeoutMs: 5_000,
} satisfies Required<OutboundOptions>;

/** Why a URL may not be called; `code` lets the HTTP client tell it from a network error. */
export class OutboundRefusedError extends Error {
  readonly code = 'ERR_OUTBOUND_REFUSED';
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'OutboundRefusedError';
  }
}

export interface OutboundRequest {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** What a check found: the URL, and the addresses its host has now (none for a name that does not resolve). */
export interface CheckedUrl {
  url: URL;
  addresses: string[];
}

export interface OutboundGuard {
  /**
   * Checks a URL before it is saved: scheme, name, every address the name resolves to now. Throws
   * `OutboundRefusedError`; a name that does not resolve (yet) passes, since sending checks again.
   */
  check: (url: string) => Promise<CheckedUrl>;
  /** `fetch` through the guard: checked, connected to the checked address, redirects not followed. */
  fetch: (url: string, init: OutboundRequest) => Promise<Response>;
  /** Closes the pooled connections. */
  close: () => Promise<void>;
}

const ALLOW_HINT = 'the operator can allow it with TOUCHPOINT_OUTBOUND_ALLOW';

/**
 * The outbound guard of this process; `src/runtime` makes one from the configuration.
 *
 * @example
 * const outbound = createOutboundGuard({ allow: ['127.0.0.1', 'hooks.internal'] });
 * await outbound.check('http://169.254.169.254/'); // throws OutboundRefusedError
 * const response = await outbound.fetch('https://hooks.slack.com/…', { method: 'POST', headers, body });
 */
export function createOutboundGuard(options: OutboundOptions = {}): OutboundGuard {
  const o = { ...DEFAULTS, ...options };
  const { list, problems } = parseAllowList(o.allow);
  if (problems.length > 0) throw new Error(`TOUCHPOINT_OUTBOUND_ALLOW: ${problems.join('; ')}`);

  /** The host of a URL when it is an IP literal (checked here) or a name (checked once resolved). */
  function checkUrl(raw: string): { url: URL; name: string | null } {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new OutboundRefusedError('not a valid URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new OutboundRefusedError(`only http:// and https:// URLs are called, not ${url.protocol}//`);
    }
    const literal = ipLiteral(url.hostname);
    if (literal !== null) {
      checkAddress(list, literal, `${url.hostname} is`);
      return { url, name: null };
    }
    const name = normalName(url.hostname);
    if (!nameAllowed(list, name)) {
      const why = forbiddenName(name);
      if (why) throw new OutboundRefusedError(`${name} is ${why}; ${ALLOW_HINT}`);
    }
    return { url, name };
  }

  /** Every address of `name`, each one checked; throws when any is refused. */
  async function resolveChecked(name: string): Promise<LookupAddress[]> {
    const addresses = [...(await o.resolve(name))];
    if (!nameAllowed(list, name)) {
      for (const a of addresses) checkAddress(list, a.address, `${name} resolves to`);
    }
    return addresses;
  }

  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    const family = lookupOptions.family === 4 || lookupOptions.family === 6 ? lookupOptions.family : 0;
    resolveChecked(normalName(hostname)).then(
      (all) => {
        const addresses = all.filter((a) => family === 0 || a.family === family);
        const first = addresses[0];
        if (first === undefined) {
          const e = Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          callback(e, '', 0);
        } else if (lookupOptions.all) {
          callback(null, addresses);
        } else {
          callback(null, first.address, first.family);
        }
      },
      (e: unknown) => callback(e as NodeJS.ErrnoException, '', 0),
    );
  };
  const agent = new Agent({ connect: { lookup } });

  return {
    async check(raw) {
      const { url, name } = checkUrl(raw);
      if (name === null) return { url, addresses: [url.hostname.replace(/^\[|\]$/g, '')] };
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<null>((resolve) => {
        // Unref'd: a slow resolver must not keep a CLI command alive.
        timer = setTimeout(() => resolve(null), o.checkTimeoutMs).unref();
      });
      try {
        const addresses = await Promise.race([
          resolveChecked(name).catch((e: unknown) => {
            if (e instanceof OutboundRefusedError) throw e;
            return null; // does not resolve now: sending checks again
          }),
          timeout,
        ]);
        return { url, addresses: (addresses ?? []).map((a) => a.address) };
      } finally {
        clearTimeout(timer);
      }
    },
    async fetch(raw, init) {
      const { url } = checkUrl(raw);
      return fetch(url, { ...init, redirect: 'manual', dispatcher: agent });
    },
    close: () => agent.close(),
  };
}

function checkAddress(list: AllowList, address: string, what: string): void {
  if (addressAllowed(list, address)) return;
  const why = forbiddenReason(address);
  if (why) throw new OutboundRefusedError(`${what} ${why}; ${ALLOW_HINT}`);
}

/** A message for each allow-list entry that is not an address, a CIDR range or a host name (for the config check). */
export function allowListProblems(entries: readonly string[]): string[] {
  return parseAllowList(entries).problems;
}
