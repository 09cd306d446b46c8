/**
 * Which B-trees a running SQLite import writes (issue #13): reads the frames of the database's WAL and
 * names the table or index each page belongs to (SQLite's `dbstat`), so the B-trees that take the
 * most page writes per commit stand out. Run it beside an import; figures only.
 *
 *   node --import tsx bench/sqlite-wal-pages.ts /tmp/tp/scale/sqlite-1m/touchpoint.db [--top 30] [--all]
 *
 * Without `--all` only the frames of the WAL's current generation count (those since the last
 * checkpoint reset); `--all` also counts the older frames still in the file, a larger sample of the
 * recent commits. Mapping the pages reads the whole database (a minute at 10 GB), and the checkpoint
 * cannot reset the WAL meanwhile, so the WAL grows by what the import writes in that minute.
 */
import fs from 'node:fs';
import Database from 'better-sqlite3';

const argv = process.argv.slice(2);
const file = argv.find((a) => !a.startsWith('--') && !/^\d+$/.test(a));
if (!file) throw new Error('usage: bench/sqlite-wal-pages.ts DB [--top N] [--all]');
const top = Number(argv[argv.indexOf('--top') + 1]) || 30;
const all = argv.includes('--all');

const wal = fs.readFileSync(`${file}-wal`);
if (wal.length < 32) throw new Error(`${file}-wal: no WAL frames (is an import running?)`);
const pageSize = wal.readUInt32BE(8);
const [salt1, salt2] = [wal.readUInt32BE(16), wal.readUInt32BE(20)];
const frames: number[] = [];
let commits = 0;
for (let at = 32; at + 24 + pageSize <= wal.length; at += 24 + pageSize) {
  const current = wal.readUInt32BE(at + 8) === salt1 && wal.readUInt32BE(at + 12) === salt2;
  if (!current && !all) break;
  frames.push(wal.readUInt32BE(at));
  if (wal.readUInt32BE(at + 4) > 0) commits++;
}

const db = new Database(file, { readonly: true });
const owner = new Map<number, string>();
for (const r of db.prepare('select name, pageno from dbstat').iterate() as Iterable<{
  name: string;
  pageno: number;
}>)
  owner.set(r.pageno, r.name);
db.close();

const byTree = new Map<string, number>();
for (const page of frames) {
  const name = owner.get(page) ?? '(new or free page)';
  byTree.set(name, (byTree.get(name) ?? 0) + 1);
}
console.log(
  `${frames.length} frames (${new Set(frames).size} pages) in ${commits} commits: ${Math.round(frames.length / Math.max(1, commits))} a commit, ${pageSize}-byte pages`,
);
for (const [name, n] of [...byTree].sort((a, b) => b[1] - a[1]).slice(0, top))
  console.log(`${String(n).padStart(8)} ${((100 * n) / frames.length).toFixed(1).padStart(5)} %  ${name}`);
