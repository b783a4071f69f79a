import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** `tandem start` as a real process: embedded database on disk, demo seed, HTTP, and a clean SIGTERM. */

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..');
// The bin registers tsx in-process, as `npm start` runs it: SIGTERM reaches Tandem itself. (tsx's
// CLI relays signals and SIGKILLs a child that does not acknowledge within 30 ms, which a busy
// event loop on a loaded machine does not.)
const bin = join(serverDir, 'bin', 'tandem.js');
const dataDir = mkdtempSync(join(tmpdir(), 'tandem-cli-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

interface Started {
  child: ChildProcess;
  url: string;
  output: () => string;
  exited: Promise<number | null>;
}

function startTandem(): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TANDEM_DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    TANDEM_SMTP_PORT: '0',
    TANDEM_SMTP_HOST: '127.0.0.1',
    TANDEM_LOG_LEVEL: 'warn',
    TANDEM_DEMO_SEED: 'auto',
  };
  delete env.TANDEM_DATABASE_URL;
  delete env.TANDEM_PUBLIC_URL;
  const child = spawn(process.execPath, [bin, 'start'], { cwd: serverDir, env });
  let output = '';
  child.stdout.on('data', (chunk) => {
    output += chunk;
  });
  child.stderr.on('data', (chunk) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    // Generous: the first start seeds the demo on PGlite, which a loaded CI machine makes slow.
    const timer = setTimeout(() => reject(new Error(`tandem start printed no URL:\n${output}`)), 180_000);
    const check = () => {
      const match = /Tandem is running at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]!, output: () => output, exited });
      }
    };
    child.stdout.on('data', check);
    exited.then((code) => reject(new Error(`tandem start exited with ${code}:\n${output}`)));
  });
}

async function signIn(url: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'admin@demo.tandem.test', password: 'tandem-demo-2026' }),
  });
  expect(res.status).toBe(200);
  const body = (await res.json()) as { actor: { organizationId: string } };
  return body.actor.organizationId;
}

describe('tandem start', () => {
  it('seeds an empty data directory once, serves, stops cleanly on SIGTERM and keeps the data', async () => {
    const first = await startTandem();
    expect(first.output()).toContain('Seeded the demo brand');
    expect(first.output()).toContain('admin@demo.tandem.test');
    expect((await fetch(`${first.url}/healthz`)).status).toBe(200);
    const organizationId = await signIn(first.url);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);

    const second = await startTandem();
    expect(second.output()).not.toContain('Seeded the demo brand');
    expect(await signIn(second.url)).toBe(organizationId);
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  }, 420_000);
});
