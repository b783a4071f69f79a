// Bundles src/widget.ts into dist/widget.js: one minified IIFE, no runtime dependencies. The server
// serves it at /widget.js and runs this script itself when the file is missing.
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = fileURLToPath(new URL('.', import.meta.url));
export const OUTFILE = `${here}dist/widget.js`;

export async function buildWidget() {
  mkdirSync(`${here}dist`, { recursive: true });
  await build({
    entryPoints: [`${here}src/widget.ts`],
    outfile: OUTFILE,
    bundle: true,
    format: 'iife',
    minify: true,
    // Brands' visitors use whatever browser they have: ES2020 runs in every browser of the last five years.
    target: ['es2020'],
    legalComments: 'none',
    logLevel: 'warning',
  });
  const code = readFileSync(OUTFILE);
  return { bytes: code.length, gzipBytes: gzipSync(code).length };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { bytes, gzipBytes } = await buildWidget();
  console.log(`widget/dist/widget.js: ${bytes} bytes, ${gzipBytes} gzipped`);
}
