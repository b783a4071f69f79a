// Fails when the JavaScript a first page load needs exceeds the budget (gzipped). It reads what
// web/dist/index.html loads eagerly: its module script and modulepreload links; lazy chunks are free.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const dist = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
let html;
try {
  html = readFileSync(join(dist, 'index.html'), 'utf8');
} catch {
  console.error('bundle budget: web/dist/index.html is missing; run `npm run build -w web` first');
  process.exit(1);
}
const urls = [
  ...html.matchAll(/<script[^>]*\bsrc="([^"]+\.js)"/g),
  ...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+\.js)"/g),
].map((m) => m[1]);
if (urls.length === 0) {
  console.error('bundle budget: index.html loads no script; is this the built page?');
  process.exit(1);
}
let total = 0;
for (const url of new Set(urls)) {
  const bytes = gzipSync(readFileSync(join(dist, url.replace(/^\//, '')))).length;
  total += bytes;
  console.log(`  ${url}  ${(bytes / 1024).toFixed(1)} KB gzipped`);
}
const kb = total / 1024;
console.log(`bundle budget: initial JS ${kb.toFixed(1)} KB gzipped (budget ${BUDGET_KB} KB)`);
if (kb > BUDGET_KB) {
  console.error(`bundle budget exceeded by ${(kb - BUDGET_KB).toFixed(1)} KB`);
  process.exit(1);
}

// Forms import the server's zod schemas (src/api/server-schemas.ts); nothing server-only may follow
// (a bare Buffer.from: csv-stringify, the CSV writer, once came along and a page failed to load).
const SERVER_ONLY =
  /\bkysely\b|pg-boss|argon2|fastify|(?:^|[^.\w])Buffer\.(?:from|alloc)\(|from\s*["']node:|require\(["']node:/;
for (const file of readdirSync(join(dist, 'assets')).filter((f) => f.endsWith('.js'))) {
  const match = readFileSync(join(dist, 'assets', file), 'utf8').match(SERVER_ONLY);
  if (match) {
    console.error(`bundle: server-only code (${match[0]}) in assets/${file}`);
    process.exit(1);
  }
}
console.log('bundle: no server-only code in the assets');
