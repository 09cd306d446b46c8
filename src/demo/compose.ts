import type { Rng } from './random.js';
import type { DemoTopic, LanguagePack } from './templates/index.js';

/** What an item says, before it is dressed for its channel. */
export const DEMO_KINDS = [
  'praise',
  'complaint',
  'mixed',
  'question',
  'suggestion',
  'churn',
  'legal',
  'safety',
  'public',
] as const;
export type DemoKind = (typeof DEMO_KINDS)[number];

export interface ComposeInput {
  kind: DemoKind;
  /**
   * The touchpoint the item is mostly about (for a mixed item: the one that went wrong), and a
   * second one for longer items or for what went well in a mixed one.
   */
  topic: DemoTopic;
  second: DemoTopic;
  brand: string;
  competitor: string;
  /** One or two sentences, for social posts and chat. */
  short: boolean;
}

export interface Composed {
  text: string;
  /** For mixed items: the last impression, which weighs most in the rating. */
  endsNegative: boolean;
}

/** Writes the body of an item from the phrases of one language. */
export function compose(pack: LanguagePack, rng: Rng, input: ComposeInput): Composed {
  const fill = (s: string) =>
    s.replaceAll('{brand}', input.brand).replaceAll('{competitor}', input.competitor);
  const clause = (topic: DemoTopic, pos: boolean) => rng.pick(pack.clauses[topic][pos ? 'pos' : 'neg']);
  const sentence = (c: string) => c.charAt(0).toUpperCase() + c.slice(1) + pack.stop;
  const maybe = (p: number, list: string[]) => (!input.short && rng.chance(p) ? [rng.pick(list)] : []);
  const longer = (pos: boolean) =>
    !input.short && input.second !== input.topic && rng.chance(0.45)
      ? [sentence(clause(input.second, pos))]
      : [];

  let parts: string[];
  let endsNegative = true;
  switch (input.kind) {
    case 'praise':
      parts = [...maybe(0.4, pack.openers.pos), sentence(clause(input.topic, true)), ...longer(true)];
      parts.push(...maybe(0.5, pack.closers.pos));
      endsNegative = false;
      break;
    case 'complaint':
      parts = [...maybe(0.35, pack.openers.neg), sentence(clause(input.topic, false)), ...longer(false)];
      parts.push(...maybe(0.4, pack.closers.neg));
      break;
    case 'mixed': {
      // `topic` is the sore point, `second` what went well; the order decides the last impression.
      endsNegative = rng.chance(0.6);
      const good = clause(input.second, true);
      const bad = clause(input.topic, false);
      const [a, b] = endsNegative ? [good, bad] : [bad, good];
      parts = [sentence(rng.pick(pack.contrast).replace('{a}', a).replace('{b}', b))];
      break;
    }
    case 'question':
      parts = [...(rng.chance(0.25) ? [sentence(clause(input.topic, true))] : []), rng.pick(pack.questions)];
      endsNegative = false;
      break;
    case 'suggestion':
      parts = [...(rng.chance(0.5) ? [sentence(clause(input.topic, true))] : []), rng.pick(pack.suggestions)];
      endsNegative = false;
      break;
    case 'churn':
      parts = [sentence(clause(input.topic, false)), rng.pick(pack.churn)];
      break;
    case 'legal':
      parts = [sentence(clause(input.topic, false)), rng.pick(pack.legal)];
      break;
    case 'safety':
      parts = [rng.pick(pack.safety), ...(rng.chance(0.3) ? [rng.pick(pack.legal)] : [])];
      break;
    case 'public':
      parts = [sentence(clause(input.topic, false)), rng.pick(pack.goPublic)];
      break;
  }
  return { text: fill(parts.join(pack.space)), endsNegative };
}
