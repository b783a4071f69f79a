/**
 * Chat round trip benchmark: 500 visitor WebSockets with a chat each, and 50 agents who each hold an
 * agent realtime WebSocket (GET /api/v1/realtime, bearer token) and reply over the REST API, all at
 * once. All chats belong to the agents' vendor, so every agent socket is pushed every chat's events.
 * Measures
 *   - visitor → server: a visitor's message until its ack (stored, numbered, committed),
 *   - agent → visitor: an agent's POST /tickets/:id/messages until the visitor's socket has it
 *     (commit → NOTIFY → event bus → read from the database → push), and
 *   - visitor → agent socket: a visitor's message (timed from the send) until the realtime socket of
 *     the agent who works that chat has its `message.created` event, matched by ticket id and by the
 *     message id from the visitor's ack, author kind customer (commit → NOTIFY → bus → push),
 * next to a baseline measured in the same run on the same stack without the database: a bare echo
 * over @fastify/websocket, a bare HTTP POST relayed to a socket, and a bare relay of each visitor
 * frame to all agent sockets, in the same process. A visitor message with no ack, or whose event
 * does not reach the agent socket within 15 s of the send, counts as unanswered.
 *
 *   TANDEM_DATABASE_URL=postgres://… npm run bench:chat   a throwaway database on that server
 *   npm run bench:chat                                   embedded PGlite in a temp dir (slow)
 */
import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import websocket from '@fastify/websocket';
import Fastify from 'fastify';
import { WebSocket } from 'ws';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/platform/config.js';
import { withSystem } from '../server/src/platform/db/transaction.js';
import { createLogger } from '../server/src/platform/logging.js';
import { startEventBus } from '../server/src/platform/realtime/event-bus.js';
import { factories, type TestUser } from '../server/test/harness.js';
import { openBenchDatabase, percentile } from './support.js';

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

/** When a frame arrived, and the frame. */
interface Arrival {
  at: number;
  frame: any;
}

/** A socket that resolves waiters by a key taken from each incoming frame. */
class Socket {
  private readonly waiting = new Map<string, (arrival: Arrival) => void>();
  /** Keyed frames that arrived before anyone waited for them (kept only with `remember`). */
  private readonly unclaimed = new Map<string, Arrival>();
  /** The chat (ticket) id from the last conversation frame. */
  conversationId: string | null = null;
  constructor(
    readonly ws: WebSocket,
    keyOf: (frame: any) => string | null,
    private readonly remember: boolean,
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
        done({ at, frame });
      } else if (this.remember && !this.unclaimed.has(key)) {
        this.unclaimed.set(key, { at, frame });
      }
    });
  }
  /**
   * `remember`: keep keyed frames nobody waits for yet, for a frame that may arrive before its key is
   * known (an agent socket can get a message's event before the visitor has the message id).
   */
  static open(
    url: string,
    keyOf: (frame: any) => string | null,
    options: { headers?: Record<string, string>; remember?: boolean } = {},
  ) {
    return new Promise<Socket>((resolve, reject) => {
      const ws = new WebSocket(url, { headers: options.headers });
      const socket = new Socket(ws, keyOf, options.remember ?? false);
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }
  /** Resolves with the frame with this key and its arrival time, or null after timeoutMs. */
  expect(key: string, timeoutMs = 15_000): Promise<Arrival | null> {
    const early = this.unclaimed.get(key);
    if (early) {
      this.unclaimed.delete(key);
      return Promise.resolve(early);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        resolve(null);
      }, timeoutMs);
      this.waiting.set(key, (arrival) => {
        clearTimeout(timer);
        resolve(arrival);
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

/**
 * The same mixed load on the same HTTP + WebSocket stack, with no database behind it: like Tandem's
 * bus, the server pushes each visitor frame and each agent reply to every agent socket.
 */
async function baseline(): Promise<Measured> {
  const app = Fastify();
  await app.register(websocket);
  const sockets = new Map<string, import('ws').WebSocket>();
  const agentSockets = new Set<import('ws').WebSocket>();
  const toAgents = (frame: unknown) => {
    const text = JSON.stringify(frame);
    for (const a of agentSockets) a.send(text);
  };
  app.get('/agent', { websocket: true }, (socket) => {
    agentSockets.add(socket);
    socket.on('close', () => agentSockets.delete(socket));
  });
  app.get('/echo', { websocket: true }, (socket, request) => {
    const n = String((request.query as { n?: string }).n);
    sockets.set(n, socket);
    socket.on('message', (data) => {
      const frame = JSON.parse(String(data));
      socket.send(JSON.stringify({ type: 'ack', client_id: frame.client_id }));
      toAgents({ type: 'visitor_message', client_id: frame.client_id, n });
    });
  });
  app.post('/relay/:n', async (request) => {
    const { n } = request.params as { n: string };
    const text = (request.body as { text: string }).text;
    sockets.get(n)?.send(JSON.stringify({ type: 'message', text }));
    toAgents({ type: 'agent_message', n });
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
    const agents = await Promise.all(
      Array.from({ length: AGENTS }, () =>
        Socket.open(
          `${address.replace('http', 'ws')}/agent`,
          (f) => (f.type === 'visitor_message' ? `seen:${f.client_id}` : null),
          { remember: true },
        ),
      ),
    );
    return await mixedLoad(
      visitors,
      async (v, clientId) =>
        v.send({ type: 'message', client_id: clientId, text: 'Is my order on its way?' }),
      (n, ack) => ({ socket: agents[n % AGENTS]!, key: `seen:${ack.client_id}` }),
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

interface Measured {
  visitor: Result;
  agent: Result;
  /** Visitor message → the agent socket of the agent who works that chat. */
  toAgent: Result;
}

/** Visitors write and agents reply at the configured paces for RUN_SECONDS; both round trips timed. */
async function mixedLoad(
  visitors: Socket[],
  sendVisitor: (v: Socket, clientId: string) => Promise<void>,
  /** Where the visitor's message shows up on the agent side, given the visitor's ack frame. */
  agentSees: (visitorIndex: number, ack: any) => { socket: Socket; key: string },
  sendAgent: (visitorIndex: number, text: string, agent: number) => Promise<void>,
): Promise<Measured> {
  const visitorMs: number[] = [];
  const agentMs: number[] = [];
  const toAgentMs: number[] = [];
  let visitorLost = 0;
  let agentLost = 0;
  let toAgentLost = 0;
  const deadline = performance.now() + RUN_SECONDS * 1000;
  await Promise.all([
    ...visitors.map((v, n) =>
      paced(VISITOR_INTERVAL_MS, deadline, async () => {
        const clientId = randomUUID().replaceAll('-', '');
        const arrived = v.expect(`ack:${clientId}`);
        const t0 = performance.now();
        await sendVisitor(v, clientId);
        const ack = await arrived;
        if (ack === null) {
          // Without an ack there is no message id to match the agent side by: lost on both counts.
          visitorLost++;
          toAgentLost++;
          return;
        }
        visitorMs.push(ack.at - t0);
        // The event may have reached the agent socket before the ack reached the visitor: the agent
        // socket keeps it until claimed. Within 15 s of the send, or it counts as lost.
        const { socket, key } = agentSees(n, ack.frame);
        const seen = await socket.expect(key, Math.max(0, 15_000 - (ack.at - t0)));
        if (seen === null) toAgentLost++;
        else toAgentMs.push(seen.at - t0);
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
        const arrival = await arrived;
        if (arrival === null) agentLost++;
        else agentMs.push(arrival.at - t0);
      }),
    ),
  ]);
  return {
    visitor: summarise(visitorMs, visitorLost),
    agent: summarise(agentMs, agentLost),
    toAgent: summarise(toAgentMs, toAgentLost),
  };
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
    // Every bench visitor connects from loopback: no per-address cap on chat starts.
    TANDEM_CHAT_STARTS_PER_HOUR: '0',
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
    await make.user('brand_admin');
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
      `bench:chat — ${label}; ${VISITORS} visitor sockets, ${AGENTS} agents (REST + realtime socket each); visitors write every ${VISITOR_INTERVAL_MS / 1000}s, agents reply every ${AGENT_INTERVAL_MS / 1000}s, ${RUN_SECONDS}s per phase`,
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
    // Each agent's live feed, as the agent console holds it. Only a visitor's message counts: a
    // message.created event (payload: ticketId, authorKind) by the customer, keyed by ticket and
    // message id (the subject); agents' own replies and other events are ignored.
    const agentSockets = await Promise.all(
      agents.map(async (a, i) => {
        const socket = await Socket.open(
          `${address.replace('http', 'ws')}/api/v1/realtime`,
          (f) =>
            f.v !== 1
              ? null
              : f.type === 'hello'
                ? 'hello'
                : f.type === 'event' &&
                    f.event.type === 'message.created' &&
                    f.event.payload?.authorKind === 'customer'
                  ? `created:${f.event.ticket_id}:${f.event.subject_id}`
                  : null,
          { headers: { authorization: `Bearer ${a.token}` }, remember: true },
        );
        if ((await socket.expect('hello', 60_000)) === null) throw new Error(`agent ${i}: no realtime hello`);
        return socket;
      }),
    );

    const cpu = process.cpuUsage();
    const tandem = await mixedLoad(
      visitors,
      async (v, clientId) =>
        v.send({ type: 'message', client_id: clientId, text: 'Is my order on its way?' }),
      (n, ack) => ({
        socket: agentSockets[n % AGENTS]!,
        key: `created:${visitors[n]!.conversationId}:${ack.id}`,
      }),
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
    for (const a of agentSockets) a.ws.close();
    const bare = await baseline();

    console.log(
      `\nTandem (database, bus, RLS): ${(handled / RUN_SECONDS).toFixed(1)} round trips/s, node cpu ${((used.user + used.system) / 1000 / Math.max(1, handled)).toFixed(2)} ms each (server and load generator in one process)`,
    );
    console.log(row('  visitor message → ack', tandem.visitor));
    console.log(row('  agent REST reply → visitor', tandem.agent));
    console.log(row('  visitor message → agent socket', tandem.toAgent));
    console.log('baseline (same ws + HTTP stack, no database)');
    console.log(row('  bare echo', bare.visitor));
    console.log(row('  bare HTTP → socket relay', bare.agent));
    console.log(row('  bare ws → agent sockets relay', bare.toAgent));
    console.log('ratio Tandem / baseline (p50, p99)');
    for (const [name, a, b] of [
      ['  visitor → ack', tandem.visitor, bare.visitor],
      ['  agent → visitor', tandem.agent, bare.agent],
      ['  visitor → agent socket', tandem.toAgent, bare.toAgent],
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
