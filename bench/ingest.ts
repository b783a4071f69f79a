/**
 * Ticket ingest benchmark: how many tickets (customer resolution + ticket + first message + history +
 * outbox, with an Idempotency-Key) the API takes per second over real HTTP on loopback, against a
 * baseline of plain single-row insert transactions through the same pool. The load comes from a child
 * process, as clients would from elsewhere, so the server's event loop does only the server's work; its
 * utilisation is printed beside each figure.
 *
 *   npm run bench:ingest                                   embedded PGlite in a temp dir
 *   TANDEM_DATABASE_URL=postgres://… npm run bench:ingest  a throwaway database on that server
 */

import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/platform/config.js';
import { withSystem } from '../server/src/platform/db/transaction.js';
import { createLogger } from '../server/src/platform/logging.js';
import { startEventBus } from '../server/src/platform/realtime/event-bus.js';
import { factories } from '../server/test/harness.js';
import { countStatements, openBenchDatabase, type Throughput, throughput } from './support.js';

const LEVELS = [1, 4, 16, 64];
const LEVEL_SECONDS = 7;
const BASELINE_SECONDS = 3;
const FIXED_RATE_SECONDS = 8;
const WARMUP_SECONDS = 2;
/** One request in five comes from a returning customer, so both resolution paths are exercised. */
const RETURNING_SHARE = 0.2;

const statements = countStatements();

type Result = Throughput;

/** Runs `concurrency` workers calling op back to back for `seconds`. */
async function closedLoop(concurrency: number, seconds: number, op: () => Promise<boolean>) {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const deadline = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < deadline) {
        const t0 = performance.now();
        if (await op()) latencies.push(performance.now() - t0);
        else errors++;
      }
    }),
  );
  return throughput(latencies, errors, (performance.now() - started) / 1000);
}

/**
 * Sends at a fixed rate regardless of how fast answers come back, timing each request from when it was
 * due (not when it went out), so a stall shows up in p99 instead of quietly lowering the rate.
 */
async function fixedRate(perSecond: number, seconds: number, op: () => Promise<boolean>) {
  const latencies: number[] = [];
  let errors = 0;
  const total = Math.floor(perSecond * seconds);
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / perSecond;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      op().then((ok) => {
        if (ok) latencies.push(performance.now() - due);
        else errors++;
      }),
    );
  }
  await Promise.all(inFlight);
  return throughput(latencies, errors, (performance.now() - started) / 1000);
}

function row(label: string, r: Result) {
  const fmt = (v: number) => (Number.isFinite(v) ? v.toFixed(1) : '-');
  return `${label.padEnd(22)} ${fmt(r.perSecond).padStart(9)}/s   p50 ${fmt(r.p50).padStart(7)} ms   p99 ${fmt(r.p99).padStart(7)} ms   n=${r.ops}${r.errors ? `  errors=${r.errors}` : ''}`;
}

async function main() {
  const guard = setTimeout(() => {
    console.error('bench:ingest exceeded its time budget; exiting');
    process.exit(1);
  }, 175_000);
  guard.unref();

  const { database, cleanup, label } = await openBenchDatabase();
  const config = loadConfig({
    TANDEM_LOG_LEVEL: 'silent',
    TANDEM_DEMO_SEED: 'never',
    TANDEM_DATA_DIR: ':memory:',
  });
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  // The bus runs as in production: every ticket's events are announced and heard.
  const bus = await startEventBus(database, logger);
  const app = await buildApp({ database, config, logger, bus });
  const address = await app.listen({ host: '127.0.0.1', port: 0 });
  try {
    const org = await withSystem(database.db, (tx) =>
      tx
        .insertInto('organizations')
        .values({ name: 'Bench Brand', slug: `bench-${randomUUID().slice(0, 8)}` })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const admin = await factories(database, org.id).user('brand_admin');
    const load = startLoadWorker({ address, token: admin.token, run: randomUUID().slice(0, 8) });
    console.log(
      `bench:ingest — ${label}; HTTP on ${address}; ${Math.round(RETURNING_SHARE * 100)}% returning customers`,
    );
    await load.closed(4, WARMUP_SECONDS);

    console.log('\nticket creates (POST /api/v1/tickets, first message, Idempotency-Key)');
    const tickets: Record<number, Result> = {};
    for (const c of LEVELS) {
      const before = statements();
      const loop = performance.eventLoopUtilization();
      tickets[c] = await load.closed(c, LEVEL_SECONDS);
      const ops = Math.max(1, tickets[c]!.ops);
      const busy = performance.eventLoopUtilization(loop);
      // The server's own event loop: busy share, and busy milliseconds per ticket.
      console.log(
        `${row(`  concurrency ${c}`, tickets[c]!)}   ${((statements() - before) / ops).toFixed(1)} stmts   server loop ${(busy.utilization * 100).toFixed(0)}% busy, ${(busy.active / ops).toFixed(2)} ms/ticket`,
      );
    }

    await database.pool.query(
      'create table bench_baseline (id bigserial primary key, payload text not null)',
    );
    const insertOne = async () => {
      const client = await database.pool.connect();
      try {
        await client.query('begin');
        await client.query('insert into bench_baseline (payload) values ($1)', ['x'.repeat(100)]);
        await client.query('commit');
        return true;
      } finally {
        client.release();
      }
    };
    console.log('\nbaseline (begin; insert one row; commit — same pool)');
    const baseline: Record<number, Result> = {};
    for (const c of LEVELS) {
      baseline[c] = await closedLoop(c, BASELINE_SECONDS, insertOne);
      console.log(row(`  concurrency ${c}`, baseline[c]!));
    }

    const best = Math.max(...LEVELS.map((c) => tickets[c]!.perSecond));
    const bestBaseline = Math.max(...LEVELS.map((c) => baseline[c]!.perSecond));
    console.log('\nratio ticket creates / baseline inserts');
    for (const c of LEVELS) {
      console.log(
        `  concurrency ${c}`.padEnd(22),
        (tickets[c]!.perSecond / baseline[c]!.perSecond).toFixed(3),
      );
    }
    console.log(
      `  best vs best`.padEnd(22),
      (best / bestBaseline).toFixed(3),
      `(${best.toFixed(1)}/s vs ${bestBaseline.toFixed(1)}/s)`,
    );

    const rate = Math.max(1, Math.round(best / 2));
    console.log(
      `\nfixed rate at half the best throughput (${rate}/s for ${FIXED_RATE_SECONDS}s, latency from due time)`,
    );
    console.log(row('  fixed rate', await load.fixed(rate, FIXED_RATE_SECONDS)));
    await load.stop();
  } finally {
    await app.close();
    await bus.close();
    await cleanup();
  }
}

interface LoadTarget {
  address: string;
  token: string;
  run: string;
}

type LoadCommand =
  | { kind: 'closed'; concurrency: number; seconds: number }
  | { kind: 'fixed'; rate: number; seconds: number };

/**
 * The load generator in a child process (forked with the same tsx loader), driven one command at a
 * time over IPC, so its CPU is not the server's.
 */
function startLoadWorker(target: LoadTarget) {
  const child = fork(fileURLToPath(import.meta.url), [], {
    env: { ...process.env, TANDEM_BENCH_LOAD: JSON.stringify(target) },
  });
  const send = (command: LoadCommand) =>
    new Promise<Result>((resolve, reject) => {
      child.once('message', (result) => resolve(result as Result));
      child.once('error', reject);
      child.send(command);
    });
  return {
    closed: (concurrency: number, seconds: number) => send({ kind: 'closed', concurrency, seconds }),
    fixed: (rate: number, seconds: number) => send({ kind: 'fixed', rate, seconds }),
    stop: async () => {
      child.kill();
    },
  };
}

function runLoadWorker({ address, token, run }: LoadTarget) {
  let seq = 0;
  const createTicket = async () => {
    const i = ++seq;
    const returning = Math.random() < RETURNING_SHARE;
    const email = returning ? `regular${i % 100}-${run}@bench.test` : `c${i}-${run}@bench.test`;
    const res = await fetch(`${address}/api/v1/tickets`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token}`,
        'content-type': 'application/json',
        'idempotency-key': `bench-${run}-${i}`,
      },
      body: JSON.stringify({
        subject: `Order ${i} arrived damaged`,
        channel: 'email',
        priority: i % 10 === 0 ? 'high' : 'normal',
        tags: ['damaged'],
        customer: { email, name: `Customer ${i}` },
        message: {
          body_text: 'The box was crushed and the mug inside is broken. Can you send a new one?',
          body_html:
            '<p>The box was <b>crushed</b> and the mug inside is broken.</p><p>Can you send a new one?</p>',
        },
      }),
    });
    await res.arrayBuffer();
    return res.status === 201;
  };
  process.on('message', async (command: LoadCommand) => {
    const result =
      command.kind === 'closed'
        ? await closedLoop(command.concurrency, command.seconds, createTicket)
        : await fixedRate(command.rate, command.seconds, createTicket);
    process.send!(result);
  });
}

const loadTarget = process.env.TANDEM_BENCH_LOAD;
if (loadTarget) runLoadWorker(JSON.parse(loadTarget) as LoadTarget);
else await main();
