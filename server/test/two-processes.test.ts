import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../src/platform/db/database.js';
import { createScratchDatabase } from '../src/platform/db/scratch-database.js';
import { withSystem } from '../src/platform/db/transaction.js';
import { createLogger } from '../src/platform/logging.js';
import { factories, testConfig } from './harness.js';
import { connectRealtime, type RealtimeClient } from './realtime-client.js';

/**
 * Scaling out for real: two `tandem start --role api` processes on one PostgreSQL. A message written
 * through process A must reach an agent whose WebSocket is held by process B (LISTEN/NOTIFY). Needs a
 * real PostgreSQL: embedded PGlite is one process by design.
 */

const serverUrl = process.env.TANDEM_TEST_DATABASE_URL;
const serverDir = fileURLToPath(new URL('..', import.meta.url));
// Processes sharing an external database share its KEK; without one `tandem start` refuses.
const kek = randomBytes(32).toString('base64');

interface Started {
  child: ChildProcess;
  url: string;
}

function startProcess(databaseUrl: string): Promise<Started> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TANDEM_DATABASE_URL: databaseUrl,
    TANDEM_KEK: kek,
    TANDEM_ROLE: 'api',
    PORT: '0',
    HOST: '127.0.0.1',
    // Each process runs its own SMTP intake; two on one port would collide.
    TANDEM_SMTP_PORT: '0',
    TANDEM_SMTP_HOST: '127.0.0.1',
    TANDEM_DEMO_SEED: 'never',
    TANDEM_LOG_LEVEL: 'warn',
  };
  delete env.TANDEM_PUBLIC_URL;
  delete env.TANDEM_CONFIG_FILE;
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', 'start'], {
    cwd: serverDir,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`no URL printed in 30 s:\n${output}`)), 30_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /Tandem is running at (\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1]! });
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
}

function stop(started: Started | undefined): Promise<void> {
  if (!started || started.child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    started.child.once('exit', () => resolve());
    started.child.kill('SIGTERM');
  });
}

describe.skipIf(!serverUrl)('two server processes on one PostgreSQL', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let database: Database;
  let a: Started | undefined;
  let b: Started | undefined;
  let client: RealtimeClient | undefined;

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl!, 'tandem_test');
    database = await openDatabase(
      { ...testConfig(), TANDEM_DATABASE_URL: scratch.url },
      createLogger({ TANDEM_LOG_LEVEL: 'silent' }),
      { migrate: true },
    );
    [a, b] = await Promise.all([startProcess(scratch.url), startProcess(scratch.url)]);
  }, 60_000);
  afterAll(async () => {
    await client?.close();
    await Promise.all([stop(a), stop(b)]);
    await database?.close();
    await scratch?.drop();
  }, 30_000);

  it('a message created through process A reaches a WebSocket client connected to process B', async () => {
    const org = await withSystem(database.db, (tx) =>
      tx
        .insertInto('organizations')
        .values({ name: 'Two Processes', slug: 'two-processes' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const make = factories(database, org.id);
    const vendor = await make.vendor();
    const writer = await make.user('agent', vendor.id);
    const reader = await make.user('team_lead', vendor.id);
    expect(a!.url).not.toBe(b!.url);
    client = await connectRealtime(b!.url, { token: reader.token });

    const post = (url: string, body: unknown) =>
      fetch(`${a!.url}${url}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${writer.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (res) => ({ status: res.status, body: (await res.json()) as any }));
    const ticket = await post('/api/v1/tickets', {
      subject: 'Across processes',
      channel: 'email',
      customer: { email: 'across@customer.test' },
      message: { body_text: 'Hello from process A' },
    });
    expect(ticket.status).toBe(201);
    const reply = await post(`/api/v1/tickets/${ticket.body.id}/messages`, { body_text: 'Answered on A' });
    expect(reply.status).toBe(201);

    const pushed = await client.waitFor(
      (m) => m.type === 'event' && m.event.type === 'message.created' && m.event.subject_id === reply.body.id,
      10_000,
    );
    expect(pushed.event.ticket_id).toBe(ticket.body.id);

    // Collision state too: viewing reported to A is signalled to B's socket and listed by B.
    const viewing = await post(`/api/v1/tickets/${ticket.body.id}/activity`, { state: 'viewing' });
    expect(viewing.status).toBe(200);
    const signal = await client.waitFor(
      (m) =>
        m.type === 'signal' &&
        m.signal.type === 'ticket.agent_viewing' &&
        m.signal.ticket_id === ticket.body.id,
      10_000,
    );
    expect(signal.signal.payload).toMatchObject({ user_id: writer.userId, state: 'viewing' });
    const here = await fetch(`${b!.url}/api/v1/tickets/${ticket.body.id}/activity`, {
      headers: { authorization: `Bearer ${reader.token}` },
    }).then((res) => res.json() as Promise<any>);
    expect(here.items.map((i: any) => i.user_id)).toEqual([writer.userId]);
  }, 30_000);
});
