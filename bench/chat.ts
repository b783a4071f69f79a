/**
 * Chat round trip benchmark: 500 visitor WebSockets with a chat each, and 50 agents replying over
 * the REST API, all at once. Measures
 *   - visitor → server: a visitor's message until its ack (stored, numbered, committed), and
 *   - agent → visitor: an agent's POST /tickets/:id/messages until the visitor's socket has it
 *     (commit → NOTIFY → event bus → read from the database → push),
 * next to a baseline measured in the same run on the same stack without the database: a bare echo
 * over @fastify/websocket, and a bare HTTP POST relayed to a socket in the same process.
 *
 *   TANDEM_DATABASE_URL=postgres://… npm run bench:chat   a throwaway database on that server
 *   npm run bench:chat                                   embedded PGlite in a temp dir (slow)
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { WebSocket } from 'ws';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/platform/config.js';
import { type Database, openDatabase } from '../server/src/platform/db/database.js';
import { createScratchDatabase } from '../server/src/platform/db/scratch-database.js';
import { withSystem } from '../server/src/platform/db/transaction.js';
import { createLogger } from '../server/src/platform/logging.js';
import { startEventBus } from '../server/src/platform/realtime/event-bus.js';
import { factories, type TestUser } from '../server/test/harness.js';

/** `npm run bench:chat -- --visitors 100 --agents 10` for a lighter run; the issue asks for 500 and 50. */
function arg(name: string, fallback: number) {
  const i = process.argv.indexOf(`--${name}`);
  const value = i >= 0 ? Number(process.argv[i + 1]) : fallback;
  return Number.isInteger(value) && value > 0 ? value : fallback;
}
const VISITORS = arg('visitors', 500);
const AGENTS = arg('agents', 50);
const RUN_SECONDS = 20;
/** Each visitor writes about once every 10 s (50 messages/s in all); each agent replies every 2 s (25/s). */
const VISITOR_INTERVAL_MS = 10_000;
const AGENT_INTERVAL_MS = 2000;

function percentile(sorted: number[], p: number) {
  if (!sorted.length) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface Result {
  n: number;
  lost: number;
  p50: number;
  p99: number;
}

function summarise(latencies: number[], lost: number): Result {
  const sorted = [...latencies].sort((a, b) => a - b);
  return { n: sorted.length, lost, p50: percentile(sorted, 50), p99: percentile(sorted, 99) };
}

function row(label: string, r: Result) {
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');
  return `${label.padEnd(34)} p50 ${fmt(r.p50).padStart(7)} ms   p99 ${fmt(r.p99).padStart(7)} ms   n=${r.n}${r.lost ? `  unanswered=${r.lost}` : ''}`;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A socket that resolves waiters by a key taken from each incoming frame. */
class Socket {
  private readonly waiting = new Map<string, (at: number) => void>();
  /** The chat (ticket) id from the last conversation frame. */
  conversationId: string | null = null;
  constructor(
    readonly ws: WebSocket,
    keyOf: (frame: any) => string | null,
  ) {
    ws.on('message', (data) => {
      const at = performance.now();
      const frame = JSON.parse(String(data));
      if (frame.type === 'conversation') this.conversationId = frame.conversation.id;
      const key = keyOf(frame);
      if (key === null) return;
      const done = this.waiting.get(key);
      if (done) {
        this.waiting.delete(key);
        done(at);
      }
    });
  }
  static open(url: string, keyOf: (frame: any) => string | null) {
    return new Promise<Socket>((resolve, reject) => {
      const ws = new WebSocket(url);
      ws.once('open', () => resolve(new Socket(ws, keyOf)));
      ws.once('error', reject);
    });
  }
  /** Resolves with the arrival time of the frame with this key, or null after timeoutMs. */
  expect(key: string, timeoutMs = 15_000): Promise<number | null> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        resolve(null);
      }, timeoutMs);
      this.waiting.set(key, (at) => {
        clearTimeout(timer);
        resolve(at);
      });
    });
  }
  send(frame: unknown) {
    this.ws.send(JSON.stringify(frame));
  }
}

/** Runs fn every intervalMs (first call at a random phase) until the deadline; waits for the last. */
async function paced(intervalMs: number, deadline: number, fn: () => Promise<void>) {
  await sleep(Math.random() * intervalMs);
  const pending: Promise<void>[] = [];
  while (performance.now() < deadline) {
    pending.push(fn());
    await sleep(intervalMs);
  }
  await Promise.all(pending);
}

async function openBenchDatabase(): Promise<{ database: Database; cleanup(): Promise<void>; label: string }> {
  const config = loadConfig({ ...process.env, TANDEM_LOG_LEVEL: 'silent', TANDEM_DEMO_SEED: 'never' });
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  if (!config.TANDEM_DATABASE_URL) {
    const dir = mkdtempSync(join(tmpdir(), 'tandem-bench-'));
    const database = await openDatabase({ ...config, TANDEM_DATA_DIR: dir }, logger, {
      migrate: true,
      dataDir: dir,
    });
    return {
      database,
      label: 'embedded PGlite (one connection)',
      async cleanup() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const scratch = await createScratchDatabase(config.TANDEM_DATABASE_URL, 'tandem_bench');
  const database = await openDatabase({ ...config, TANDEM_DATABASE_URL: scratch.url }, logger, {
    migrate: true,
  });
  return {
    database,
    label: `PostgreSQL ${new URL(scratch.url).host}/${scratch.name} (pool ${config.TANDEM_DB_POOL_MAX})`,
    async cleanup() {
      await database.close();
      await scratch.drop();
    },
  };
}

/** The same mixed load on the same HTTP + WebSocket stack, with no database behind it. */
async function baseline(): Promise<{ visitor: Result; agent: Result }> {
  const app = Fastify();
  await app.register(websocket);
  const sockets = new Map<string, import('ws').WebSocket>();
  app.get('/echo', { websocket: true }, (socket, request) => {
    const n = String((request.query as { n?: string }).n);
    sockets.set(n, socket);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data));
      socket.send(JSON.stringify({ type: 'ack', client_id: frame.client_id }));
    });
  });
  app.post('/relay/:n', async (request) => {
    const { n } = request.params as { n: string };
    sockets.get(n)?.send(JSON.stringify({ type: 'message', text: (request.body as { text: string }).text }));
    return { ok: true };
  });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const visitors = await Promise.all(
      Array.from({ length: VISITORS }, (_, n) =>
        Socket.open(`${address.replace('http', 'ws')}/echo?n=${n}`, (f) =>
          f.type === 'ack' ? `ack:${f.client_id}` : f.type === 'message' ? `msg:${f.text}` : null,
        ),
      ),
    );
    return await mixedLoad(
      visitors,
      async (v, clientId) =>
        v.send({ type: 'message', client_id: clientId, text: 'Is my order on its way?' }),
      async (n, text) => {
        const res = await fetch(`${address}/relay/${n}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ text }),
        });
        await res.arrayBuffer();
      },
    );
  } finally {
    await app.close();
  }
}

/** Visitors write and agents reply at the configured paces for RUN_SECONDS; both round trips timed. */
async function mixedLoad(
  visitors: Socket[],
  sendVisitor: (v: Socket, clientId: string) => Promise<void>,
  sendAgent: (visitorIndex: number, text: string, agent: number) => Promise<void>,
) {
  const visitorMs: number[] = [];
  const agentMs: number[] = [];
  let visitorLost = 0;
  let agentLost = 0;
  const deadline = performance.now() + RUN_SECONDS * 1000;
  await Promise.all([
    ...visitors.map((v) =>
      paced(VISITOR_INTERVAL_MS, deadline, async () => {
        const clientId = randomUUID().replaceAll('-', '');
        const arrived = v.expect(`ack:${clientId}`);
        const t0 = performance.now();
        await sendVisitor(v, clientId);
        const at = await arrived;
        if (at === null) visitorLost++;
        else visitorMs.push(at - t0);
      }),
    ),
    ...Array.from({ length: AGENTS }, (_, agent) =>
      paced(AGENT_INTERVAL_MS, deadline, async () => {
        // Each agent works its own tenth of the chats.
        const n = agent + AGENTS * Math.floor(Math.random() * (visitors.length / AGENTS));
        const text = `Reply ${randomUUID()}`;
        const arrived = visitors[n]!.expect(`msg:${text}`);
        const t0 = performance.now();
        await sendAgent(n, text, agent);
        const at = await arrived;
        if (at === null) agentLost++;
        else agentMs.push(at - t0);
      }),
    ),
  ]);
  return { visitor: summarise(visitorMs, visitorLost), agent: summarise(agentMs, agentLost) };
}

async function main() {
  const guard = setTimeout(() => {
    console.error('bench:chat exceeded its time budget; exiting');
    process.exit(1);
  }, 240_000);
  guard.unref();

  const { database, cleanup, label } = await openBenchDatabase();
  // Chats stay live for the whole run: the wait for an agent does not expire under measurement.
  const config = loadConfig({
    TANDEM_LOG_LEVEL: 'silent',
    TANDEM_DEMO_SEED: 'never',
    TANDEM_DATA_DIR: ':memory:',
    TANDEM_CHAT_WAIT_SECONDS: '3600',
    ...(process.env.TANDEM_DB_POOL_MAX ? { TANDEM_DB_POOL_MAX: process.env.TANDEM_DB_POOL_MAX } : {}),
  });
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  const bus = await startEventBus(database, logger);
  const app = await buildApp({ database, config, logger, bus });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const org = await withSystem(database.db, (tx) =>
      tx
        .insertInto('organizations')
        .values({ name: 'Bench Brand', slug: `bench-${randomUUID().slice(0, 8)}` })
        .returningAll()
        .executeTakeFirstOrThrow(),
    );
    const make = factories(database, org.id);
    const admin = await make.user('brand_admin');
    const inHouse = await make.vendor({ name: 'In-house', kind: 'internal' });
    const agents: TestUser[] = [];
    for (let i = 0; i < AGENTS; i++) agents.push(await make.user('agent', inHouse.id));
    await withSystem(database.db, async (tx) => {
      await tx
        .insertInto('agent_capacities')
        .values(agents.map((a) => ({ user_id: a.userId, channel: 'chat' as const, max_concurrent: 10 })))
        .execute();
      await tx
        .insertInto('agent_presence')
        .values(
          agents.map((a) => ({
            user_id: a.userId,
            organization_id: org.id,
            vendor_id: inHouse.id,
            status: 'online' as const,
          })),
        )
        .execute();
    });

    console.log(
      `machine: ${cpus().length} cores, load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
    console.log(
      `bench:chat — ${label}; ${VISITORS} visitor sockets, ${AGENTS} agents (REST); visitors write every ${VISITOR_INTERVAL_MS / 1000}s, agents reply every ${AGENT_INTERVAL_MS / 1000}s, ${RUN_SECONDS}s per phase`,
    );
    const socketUrl = `${address.replace('http', 'ws')}/api/v1/chat/socket`;
    const setupStarted = performance.now();
    const visitors = await Promise.all(
      Array.from({ length: VISITORS }, async (_, n) => {
        const socket = await Socket.open(socketUrl, (f) =>
          f.type === 'ack'
            ? `ack:${f.client_id}`
            : f.type === 'message'
              ? `msg:${f.text}`
              : f.type === 'conversation'
                ? 'conversation'
                : null,
        );
        const started = socket.expect('conversation', 60_000);
        socket.send({ type: 'hello', org: org.slug });
        socket.send({
          type: 'start',
          client_id: randomUUID().replaceAll('-', ''),
          name: `Visitor ${n}`,
          text: 'Hi, I need help with my order',
        });
        if ((await started) === null) throw new Error(`visitor ${n} could not start a chat`);
        return socket;
      }),
    );
    // Routing comes later (issue #5): assign every chat to the in-house vendor so its agents see it.
    await withSystem(database.db, (tx) =>
      tx
        .updateTable('tickets')
        .set({ vendor_id: inHouse.id })
        .where('organization_id', '=', org.id)
        .execute(),
    );
    console.log(`  ${VISITORS} chats started in ${((performance.now() - setupStarted) / 1000).toFixed(1)}s`);

    const cpu = process.cpuUsage();
    const tandem = await mixedLoad(
      visitors,
      async (v, clientId) =>
        v.send({ type: 'message', client_id: clientId, text: 'Is my order on its way?' }),
      async (n, text, agent) => {
        const res = await fetch(`${address}/api/v1/tickets/${visitors[n]!.conversationId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${agents[agent]!.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ body_text: text, visibility: 'public' }),
        });
        await res.arrayBuffer();
        if (res.status !== 201) throw new Error(`agent reply failed: ${res.status}`);
      },
    );
    const used = process.cpuUsage(cpu);
    const handled = tandem.visitor.n + tandem.agent.n;
    for (const v of visitors) v.ws.close();
    const bare = await baseline();

    console.log(
      `\nTandem (database, bus, RLS): ${(handled / RUN_SECONDS).toFixed(1)} round trips/s, node cpu ${((used.user + used.system) / 1000 / Math.max(1, handled)).toFixed(2)} ms each (server and load generator in one process)`,
    );
    console.log(row('  visitor message → ack', tandem.visitor));
    console.log(row('  agent REST reply → visitor', tandem.agent));
    console.log('baseline (same ws + HTTP stack, no database)');
    console.log(row('  bare echo', bare.visitor));
    console.log(row('  bare HTTP → socket relay', bare.agent));
    console.log('ratio Tandem / baseline (p50, p99)');
    for (const [name, a, b] of [
      ['  visitor → ack', tandem.visitor, bare.visitor],
      ['  agent → visitor', tandem.agent, bare.agent],
    ] as const) {
      console.log(`${name.padEnd(34)} ${(a.p50 / b.p50).toFixed(1)}x   ${(a.p99 / b.p99).toFixed(1)}x`);
    }
  } finally {
    await app.close();
    await bus.close();
    await cleanup();
  }
}

await main();
