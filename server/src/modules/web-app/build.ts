import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { WEB_DIST } from './routes.js';

const WEB_DIR = fileURLToPath(new URL('../../../../web/', import.meta.url));

/** For tests run on their own: builds web/dist unless `npm test` (or a previous run) built it. */
export async function ensureWebBuilt(): Promise<void> {
  const built = await stat(`${WEB_DIST}index.html`).then(
    () => true,
    () => false,
  );
  if (built) return;
  const vite = fileURLToPath(new URL('../../../../node_modules/vite/bin/vite.js', import.meta.url));
  await promisify(execFile)(process.execPath, [vite, 'build'], { cwd: WEB_DIR });
}
