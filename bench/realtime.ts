/**
 * Agent realtime benchmark: how long after a reply is posted over REST do the agents of the ticket's
 * vendor see it on their WebSocket, with 50 agent connections of 5 vendors open. Printed beside the
 * same run's baseline: the REST round trip of the post itself (commit included).
 *
 *   npm run bench:realtime                                   embedded PGlite in a temp dir
 *   TANDEM_DATABASE_URL=postgres://… npm run bench:realtime  a throwaway database on that server
 */
import { randomUUID } from 'node:crypto';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/platform/config.js';
import { withSystem } from '../server/src/platform/db/transaction.js';
import { createLogger } from '../server/src/platform/logging.js';
import { startEventBus } from '../server/src/platform/realtime/event-bus.js';
import { factories, type TestUser } from '../server/test/harness.js';
import { connectRealtime, type RealtimeClient } from '../server/test/realtime-client.js';
import { openBenchDatabase, percentile } from './support.js';

const VENDORS = 5;
const AGENTS_PER_VENDOR = 10;
const RATE_PER_SECOND = 20;
const SECONDS = 8;

function line(label: string, values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');
  return `${label.padEnd(44)} p50 ${fmt(percentile(sorted, 50)).padStart(7)} ms   p99 ${fmt(percentile(sorted, 99)).padStart(7)} ms   n=${sorted.length}`;
}

async function main() {
  const guard = setTimeout(() => {
    console.error('bench:realtime exceeded its time budget; exiting');
    process.exit(1);
  }, 120_000);
  guard.unref();

  const { database, cleanup, label } = await openBenchDatabase();
  const config = loadConfig({
    TANDEM_LOG_LEVEL: 'silent',
    TANDEM_DEMO_SEED: 'never',
    TANDEM_DATA_DIR: ':memory:',
  });
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  const bus = await startEventBus(database, logger);
  const app = await buildApp({ database, config, logger, bus });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  const clients: RealtimeClient[] = [];
  try {
    const org = await withSystem(database.db, (tx) =>
      tx
        .insertInto('organizations')
        .values({ name: 'Bench Brand', slug: `bench-${randomUUID().slice(0, 8)}` })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const make = factories(database, org.id);
    const vendors: Array<{ id: string; agents: TestUser[]; sockets: RealtimeClient[]; ticketId: string }> =
      [];
    for (let v = 0; v < VENDORS; v++) {
      const vendor = await make.vendor();
      const agents: TestUser[] = [];
      for (let a = 0; a < AGENTS_PER_VENDOR; a++) agents.push(await make.user('agent', vendor.id));
      const ticketId = await make.ticket(await make.customer(vendor.id), vendor.id);
      const sockets = await Promise.all(
        agents.map((agent) => connectRealtime(address, { token: agent.token })),
      );
      clients.push(...sockets);
      vendors.push({ id: vendor.id, agents, sockets, ticketId });
    }
    console.log(
      `bench:realtime — ${label}; ${VENDORS * AGENTS_PER_VENDOR} agent sockets (${VENDORS} vendors × ${AGENTS_PER_VENDOR}); ${RATE_PER_SECOND} replies/s for ${SECONDS}s over HTTP on ${address}`,
    );

    // Arrival time of each message id on each socket.
    const arrivals = new Map<string, number[]>();
    for (const socket of clients) {
      socket.socket.on('message', (data) => {
        const m = JSON.parse(data.toString());
        if (m.type === 'event' && m.event.type === 'message.created') {
          const list = arrivals.get(m.event.subject_id) ?? [];
          list.push(performance.now());
          arrivals.set(m.event.subject_id, list);
        }
      });
    }

    const sent: Array<{ id: string; at: number; vendor: number }> = [];
    const roundTrips: number[] = [];
    let errors = 0;
    const total = RATE_PER_SECOND * SECONDS;
    const started = performance.now();
    const inFlight: Promise<void>[] = [];
    for (let i = 0; i < total; i++) {
      const due = started + (i * 1000) / RATE_PER_SECOND;
      const wait = due - performance.now();
      if (wait > 1) await new Promise((r) => setTimeout(r, wait));
      const v = i % VENDORS;
      const vendor = vendors[v]!;
      const author = vendor.agents[i % AGENTS_PER_VENDOR]!;
      const at = performance.now();
      inFlight.push(
        fetch(`${address}/api/v1/tickets/${vendor.ticketId}/messages`, {
          method: 'POST',
          headers: { authorization: `Bearer ${author.token}`, 'content-type': 'application/json' },
          body: JSON.stringify({ body_text: `Reply ${i}` }),
        }).then(async (res) => {
          const body = (await res.json()) as { id: string };
          if (res.status !== 201) {
            errors++;
            return;
          }
          roundTrips.push(performance.now() - at);
          sent.push({ id: body.id, at, vendor: v });
        }),
      );
    }
    await Promise.all(inFlight);
    await new Promise((r) => setTimeout(r, 1000)); // let the last pushes land

    const toAll: number[] = [];
    const toEach: number[] = [];
    let missing = 0;
    let foreign = 0;
    for (const s of sent) {
      const times = arrivals.get(s.id) ?? [];
      // Exactly the vendor's sockets may have it; any more arrivals would be a leak.
      if (times.length > AGENTS_PER_VENDOR) foreign += times.length - AGENTS_PER_VENDOR;
      if (times.length < AGENTS_PER_VENDOR) {
        missing += AGENTS_PER_VENDOR - times.length;
        continue;
      }
      for (const t of times) toEach.push(t - s.at);
      toAll.push(Math.max(...times) - s.at);
    }
    console.log(line('baseline: REST reply round trip (201)', roundTrips));
    console.log(line('push: POST sent → one agent socket has it', toEach));
    console.log(line('push: POST sent → all 10 vendor agents have it', toAll));
    const p50 = (xs: number[]) =>
      percentile(
        [...xs].sort((a, b) => a - b),
        50,
      );
    console.log(`ratio push-to-all p50 / REST round trip p50: ${(p50(toAll) / p50(roundTrips)).toFixed(2)}`);
    console.log(
      `deliveries missing: ${missing}; deliveries to another vendor's agents: ${foreign}; errors: ${errors}`,
    );
  } finally {
    await Promise.all(clients.map((c) => c.close()));
    await app.close();
    await bus.close();
    await cleanup();
  }
}

await main();
