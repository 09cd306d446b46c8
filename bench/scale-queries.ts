import type { ScaleArgs } from './scale.js';

/** The query benchmark at scale (filled in below). */
export async function runQueries(args: ScaleArgs): Promise<void> {
  console.log(`queries on ${args.db}: not yet`);
  await Promise.resolve();
}
