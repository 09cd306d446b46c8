#!/usr/bin/env node
// The `touchpoint` binary: runs the compiled CLI (`npm run build` makes it).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/server/cli/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('touchpoint: not built yet. Run `npm run build` (or `npm start`) first.\n');
  process.exit(1);
}
await import(entry.href);
