import { AppError, type FieldIssue } from '../core/errors.js';
import { toIsoDateTime } from './dates.js';
import { decodeEntities } from './entities.js';
import { finishRow, stableId, textOf } from './rows.js';
import { noDateNote, type ImportRow, type ReadContext } from './types.js';

/** The FeedbackInput fields a generic column can fill (`email` becomes the customer's identity). */
const TARGETS = [
  'text',
  'rating',
  'postedAt',
  'author.name',
  'author.handle',
  'externalId',
  'title',
  'url',
  'brand',
  'platform',
  'channel',
  'email',
] as const;
type Target = (typeof TARGETS)[number];

/** Column names recognised without a map, best first, compared lowercase without spaces, `_` or `-`. */
const CANDIDATES: Record<Target, readonly string[]> = {
  text: ['text', 'review', 'comment', 'body', 'content', 'message', 'feedback'],
  rating: ['rating', 'stars', 'score'],
  postedAt: ['date', 'postedat', 'createdat', 'time', 'timestamp'],
  'author.name': ['author', 'name'],
  'author.handle': ['handle', 'username', 'user'],
  externalId: ['id', 'externalid', 'reviewid'],
  title: ['title', 'summary', 'subject'],
  url: ['url', 'link'],
  brand: ['brand'],
  platform: ['platform'],
  channel: ['channel'],
  email: ['email'],
};

/** `author` in a map means the handle (`author=user`). */
const ALIASES: Record<string, Target> = { author: 'author.handle' };

const normalize = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, '');

function targetOf(field: string): Target | undefined {
  return ALIASES[field] ?? TARGETS.find((t) => t === field);
}

/**
 * Parses a `--map` spec: comma-separated `field=column` pairs, fields being FeedbackInput field names
 * (`text`, `rating`, `postedAt`, `author`, `author.name`, `externalId`, …, and `email`).
 * @example parseMap('text=body,rating=stars') // { text: 'body', rating: 'stars' }
 * @throws AppError `validation_failed` naming the bad pair and the fields that are allowed.
 */
export function parseMap(spec: string): Record<string, string> {
  const map: Record<string, string> = {};
  const pairs = spec.split(',').map((p) => p.trim());
  if (pairs.every((p) => p === ''))
    throw new AppError('validation_failed', 'invalid map: empty (expected field=column[,field=column…])');
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    const field = pair.slice(0, eq).trim();
    const column = pair.slice(eq + 1).trim();
    if (eq === -1 || field === '' || column === '') {
      throw new AppError(
        'validation_failed',
        `invalid map: "${pair}" is not field=column (e.g. text=body,rating=stars)`,
      );
    }
    if (field in map) throw new AppError('validation_failed', `invalid map: "${field}" is mapped twice`);
    map[field] = column;
  }
  checkMap(map);
  return map;
}

/** Throws when a map names a field that a column cannot fill. */
export function checkMap(map: Record<string, string>): void {
  for (const field of Object.keys(map)) {
    if (!targetOf(field)) {
      throw new AppError(
        'validation_failed',
        `invalid map: unknown field "${field}"; expected one of author, ${TARGETS.join(', ')}`,
      );
    }
  }
}

/** Where each target's value is among the source's columns (or keys), and mapped columns not found. */
export interface Columns {
  index: Partial<Record<Target, number>>;
  notFound: Partial<Record<Target, string>>;
}

/** Finds each field's column among `names`: the map's choice (case-insensitive) first, else the heuristics. */
export function resolveColumns(names: readonly string[], map: Record<string, string> | undefined): Columns {
  const normalized = names.map(normalize);
  const index: Columns['index'] = {};
  const notFound: Columns['notFound'] = {};
  const mapped = new Map<Target, string>();
  for (const [field, column] of Object.entries(map ?? {})) {
    const target = targetOf(field);
    if (target) mapped.set(target, column);
  }
  for (const target of TARGETS) {
    const column = mapped.get(target);
    if (column !== undefined) {
      const lower = column.trim().toLowerCase();
      let at = names.findIndex((n) => n.trim().toLowerCase() === lower);
      if (at === -1) at = normalized.indexOf(normalize(column));
      if (at === -1) notFound[target] = column;
      else index[target] = at;
      continue;
    }
    for (const candidate of CANDIDATES[target]) {
      const at = normalized.indexOf(candidate);
      if (at !== -1) {
        index[target] = at;
        break;
      }
    }
  }
  return { index, notFound };
}

/** Builds the row of a generic record whose values are reached by column index. */
export function genericRow(
  line: number,
  valueAt: (index: number) => unknown,
  columns: Columns,
  ctx: ReadContext,
): ImportRow {
  const value = (target: Target): unknown => {
    const at = columns.index[target];
    return at === undefined ? undefined : valueAt(at);
  };
  const issues: FieldIssue[] = [];

  let text: string | undefined;
  if (columns.index.text === undefined) {
    const mapped = columns.notFound.text;
    issues.push({
      path: 'text',
      message: mapped ? `missing (no column "${mapped}")` : 'missing (no text/review/comment column)',
    });
  } else {
    text = textOf(value('text')) ?? '';
  }
  // The id stays the one the written text gave, so files imported before issue #12 keep their items.
  const writtenText = text;
  if (text !== undefined) text = decodeEntities(text);

  const rating = ratingOf(value('rating'), issues);
  const rawDate = value('postedAt');
  let postedAt: string | undefined;
  if (columns.index.postedAt === undefined) {
    // Exports often have no dates: the import time stands in rather than rejecting every row.
    postedAt = ctx.now.toISOString();
    ctx.notes.add(noDateNote(ctx.now));
  } else if (textOf(rawDate) === undefined) {
    // A date column with this row's cell empty: the import time would be a made-up date (issue #11).
    issues.push({ path: 'postedAt', message: 'empty (the file has a date column; this row has no date)' });
  } else {
    postedAt = toIsoDateTime(rawDate);
    if (!postedAt) {
      issues.push({
        path: 'postedAt',
        message: `unrecognised date "${textOf(rawDate)}" (use ISO 8601, YYYY-MM-DD[ HH:MM:SS] or unix time)`,
      });
    }
  }

  const title = textOf(value('title'));
  const name = textOf(value('author.name'));
  const handle = textOf(value('author.handle'));
  const email = textOf(value('email'));
  return finishRow(
    line,
    {
      // The id must not depend on `now`, or importing the same file twice would duplicate it.
      externalId: textOf(value('externalId')) ?? stableId(writtenText, handle ?? name, textOf(rawDate)),
      platform: textOf(value('platform')) ?? ctx.platform ?? 'other',
      channel: textOf(value('channel'))?.toLowerCase(),
      brand: textOf(value('brand')) ?? ctx.brand,
      author: { name, handle },
      rating,
      title: title === undefined ? undefined : decodeEntities(title),
      text,
      url: textOf(value('url')),
      postedAt,
      customer: email ? { name, identities: [{ kind: 'email', value: email }] } : undefined,
    },
    issues,
  );
}

function ratingOf(raw: unknown, issues: FieldIssue[]): number | undefined {
  if (typeof raw === 'number') return raw;
  const text = textOf(raw);
  if (text === undefined) return undefined;
  // A decimal comma too: "4,5" from European spreadsheets.
  if (/^[+-]?\d+(?:[.,]\d+)?$/.test(text)) return Number(text.replace(',', '.'));
  issues.push({ path: 'rating', message: `not a number ("${text}")` });
  return undefined;
}
