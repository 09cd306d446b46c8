/** What outreach needs from storage (implemented in src/store/repos/outreach.ts, migration 0022). */
import type {
  AskFacts,
  AskKind,
  ConsentSource,
  ConsentStatus,
  ContactChannel,
  ContactSettings,
  SendReason,
  SendStatus,
} from './rules.js';

/** One row of the send log. `detail` never holds customer text. */
export interface ContactSend {
  id: string;
  workspaceId: string;
  /** Null once the customer is erased. */
  customerId: string | null;
  kind: AskKind;
  /** The invitation (survey) or request (review_request, referral) id. */
  refId: string;
  channel: ContactChannel;
  status: SendStatus;
  reason: SendReason | null;
  detail: string | null;
  sendAfter: string;
  createdAt: string;
  sentAt: string | null;
  /** Tries that ended in a passing SMTP failure (each put the send back for a later job). */
  attempts: number;
}

export interface NewContactSend {
  kind: AskKind;
  refId: string;
  customerId: string;
  status: 'scheduled' | 'suppressed';
  reason: SendReason | null;
  sendAfter: string;
}

export interface Consent {
  channel: ContactChannel;
  status: ConsentStatus;
  source: ConsentSource;
  updatedAt: string;
}

export interface SendLogFilter {
  kind?: AskKind | undefined;
  status?: SendStatus | undefined;
  reason?: SendReason | undefined;
  customerId?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

export interface SendOutcome {
  id: string;
  status: 'sent' | 'suppressed' | 'failed';
  reason: SendReason | null;
  detail?: string | null | undefined;
  sentAt?: string | null | undefined;
}

export interface OutreachRepo {
  /** The workspace's contact rules (the defaults when never saved) and when they were saved. */
  settings(workspaceId: string): Promise<ContactSettings & { updatedAt: string | null }>;
  saveSettings(workspaceId: string, settings: ContactSettings, now: string): Promise<void>;
  /**
   * The facts of a batch of customers on a channel, in a few queries per 500 customers (never one
   * per customer): last ask (`sent`, and `scheduled` too when `includeScheduled`, leaving out the
   * sends `excludeSendIds`), open cases, consent, whether they have an address, erased/unknown.
   * The records merged into a customer (down the merge chain) count for it: the latest last ask and
   * the strictest consent (`unsubscribed` wins over `granted`); their rows stay where they are, so
   * undoing a merge leaves each record its own.
   */
  facts(
    workspaceId: string,
    customerIds: readonly string[],
    channel: ContactChannel,
    options: { includeScheduled: boolean; excludeSendIds?: readonly string[] },
  ): Promise<Map<string, AskFacts>>;
  /** The survivor of each customer: `merged_into` followed to the end (itself when not merged). */
  survivors(workspaceId: string, customerIds: readonly string[]): Promise<Map<string, string>>;
  /** The customers' e-mail addresses (the oldest e-mail identity of each). */
  emailsOf(workspaceId: string, customerIds: readonly string[]): Promise<Map<string, string>>;
  /** Writes send-log rows; returns them with their ids, in order. */
  insertSends(workspaceId: string, sends: readonly NewContactSend[], now: string): Promise<ContactSend[]>;
  getSends(workspaceId: string, ids: readonly string[]): Promise<ContactSend[]>;
  /** A send by id in any workspace: the unsubscribe link's token names only the send. */
  sendById(id: string): Promise<ContactSend | undefined>;
  /** Takes `scheduled` sends for mailing (→ `sending`, `claimed_at` = now); returns those this call took. */
  claim(workspaceId: string, ids: readonly string[], now: string): Promise<ContactSend[]>;
  /**
   * Puts claimed sends back to `scheduled` and counts the failed try in `attempts` (a passing SMTP
   * failure: a later job tries again).
   */
  release(workspaceId: string, ids: readonly string[]): Promise<void>;
  /** Records outcomes (sent, suppressed, failed with a reason). */
  finish(workspaceId: string, outcomes: readonly SendOutcome[]): Promise<void>;
  /**
   * Sets the status and reason of the asks' own rows (`survey_invitations` for surveys,
   * `review_requests` for review requests and referrals), in one statement per status and reason;
   * `email` (surveys) is the address it went to. Rows already answered, clicked or converted keep
   * their status.
   */
  markRefs(
    workspaceId: string,
    kind: AskKind,
    updates: readonly {
      refId: string;
      status: 'sent' | 'suppressed' | 'failed';
      reason: string | null;
      email?: string | null;
    }[],
    now: string,
  ): Promise<void>;
  /**
   * Sends claimed (`sending`) before `before` and never finished (a worker died between claim and
   * outcome, any workspace) become `failed` with `interrupted`, and so do their invitation / request
   * rows: never mailed twice, never stuck. Returns how many.
   */
  failInterrupted(before: string, limit: number, now: string): Promise<number>;
  /** Scheduled sends due before `before` (any workspace), oldest first: the sweep's lost jobs. */
  due(before: string, limit: number): Promise<{ workspaceId: string; id: string; sendAfter: string }[]>;
  /** The send log, newest first, keyset-paged by (created_at, id). */
  list(
    workspaceId: string,
    filter: SendLogFilter,
    page: { limit: number; after?: [string, string] | undefined },
  ): Promise<ContactSend[]>;
  /** Counts by kind, status and reason of the sends created in [from, to) (no `to`: up to now). */
  summary(
    workspaceId: string,
    from: string,
    to: string | undefined,
  ): Promise<{ kind: AskKind; status: SendStatus; reason: SendReason | null; count: number }[]>;
  consents(workspaceId: string, customerId: string): Promise<Consent[]>;
  setConsent(
    workspaceId: string,
    customerId: string,
    channel: ContactChannel,
    status: ConsentStatus,
    source: ConsentSource,
    now: string,
  ): Promise<Consent>;
}
