/**
 * SLA benchmark, two figures:
 *
 * 1. Recompute: re-time every open ticket from its raw history (ticket, ticket_events, public messages,
 *    policy, business calendar) and store the timers and tickets.sla_due_at, walking the open tickets
 *    in id order in batches on two connections — memory stays bounded by the batch, whatever the
 *    number of tickets. Baseline, same run: reading the same rows in the same batches without
 *    evaluating or writing (the I/O floor). Prints peak RSS.
 * 2. Breach detection lag: a steady stream of timers coming due (BENCH_SLA_RATE per second) while the
 *    scanner runs as `tandem start` runs it (TANDEM_SLA_POLL_MS); lag = when the action row was written
 *    − when the timer came due, both on the database clock.
 *
 *   npm run bench:sla                                            embedded PGlite in a temp dir
 *   TANDEM_DATABASE_URL=postgres://… npm run bench:sla           a throwaway database on that server
 *   BENCH_SLA_TICKETS=100000 npm run bench:sla                   size (default 1,000,000)
 */

import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { evaluateTickets, startSlaScanner } from '../server/src/modules/sla/index.js';
import { loadConfig } from '../server/src/platform/config.js';
import { withSystem } from '../server/src/platform/db/transaction.js';
import { createLogger } from '../server/src/platform/logging.js';
import { loadTicketInputsForBench, openTicketIdsForBench } from './sla-support.js';
import { openBenchDatabase, percentile } from './support.js';

const TICKETS = Number(process.env.BENCH_SLA_TICKETS ?? 1_000_000);
const BATCH = Number(process.env.BENCH_SLA_BATCH ?? 1_000);
const WORKERS = Number(process.env.BENCH_SLA_WORKERS ?? 2);
const RATE = Number(process.env.BENCH_SLA_RATE ?? 100);
const STREAM_SECONDS = Number(process.env.BENCH_SLA_STREAM_SECONDS ?? 20);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 50);
const mb = (bytes: number) => `${Math.round(bytes / 1_048_576)} MB`;

const { database, cleanup, label } = await openBenchDatabase();
const { db } = database;
const config = loadConfig({ ...process.env, TANDEM_LOG_LEVEL: 'silent' });

async function seed(n: number) {
  return withSystem(db, async (tx) => {
    const org = await tx
      .insertInto('organizations')
      .values({ name: 'Bench brand', slug: `bench-${Date.now()}` })
      .returning('id')
      .executeTakeFirstOrThrow();
    const split = [
      { start: '09:00', end: '12:00' },
      { start: '13:00', end: '18:00' },
    ];
    const calendar = await tx
      .insertInto('business_calendars')
      .values({
        organization_id: org.id,
        name: 'Copenhagen',
        time_zone: 'Europe/Copenhagen',
        weekly_hours: JSON.stringify({ mon: split, tue: split, wed: split, thu: split, fri: split }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('calendar_holidays')
      .values({ calendar_id: calendar.id, name: 'Christmas', date: '2026-12-25', yearly: true })
      .execute();
    await sql`update organizations set calendar_id = ${calendar.id} where id = ${org.id}`.execute(tx);
    const vendor = await tx
      .insertInto('vendors')
      .values({ organization_id: org.id, name: 'Bench BPO', kind: 'outsourced' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const customer = await tx
      .insertInto('customers')
      .values({ organization_id: org.id, display_name: 'Bench customer' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const targets = ['low', 'normal', 'high', 'urgent'].flatMap((priority, i) => [
      { metric: 'first_reply', priority, minutes: 480 / 2 ** i, business: true },
      { metric: 'next_reply', priority, minutes: 240 / 2 ** i, business: true },
      { metric: 'full_resolution', priority, minutes: 4320 / 2 ** i, business: false },
    ]);
    const policy = await tx
      .insertInto('sla_policies')
      .values({
        organization_id: org.id,
        name: 'Default',
        position: 1,
        conditions: '{}',
        targets: JSON.stringify(targets),
        warn_percent: 75,
        breach_actions: JSON.stringify({ notify: true }),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return {
      orgId: org.id,
      vendorId: vendor.id,
      customerId: customer.id,
      calendarId: calendar.id,
      policyId: policy.id,
      n,
    };
  });
}

/**
 * n open tickets created over the last 30 days: each with the customer's first message; every third
 * with an agent reply and a customer follow-up (a next-reply cycle); every fifth put on pending.
 */
async function generate(s: Awaited<ReturnType<typeof seed>>) {
  const chunk = 50_000;
  for (let from = 0; from < s.n; from += chunk) {
    const to = Math.min(s.n, from + chunk) - 1;
    await withSystem(db, async (tx) => {
      await sql`
        with t as (
          insert into tickets (organization_id, subject, channel, priority, customer_id, vendor_id, custom_fields,
                               created_at, updated_at, status)
          select ${s.orgId}::uuid, 'Bench ' || g, 'email',
                 (array['low','normal','high','urgent'])[1 + g % 4], ${s.customerId}::uuid, ${s.vendorId}::uuid, '{}',
                 now() - (g % 43200) * interval '1 minute', now(), case when g % 5 = 0 then 'pending' else 'open' end
          from generate_series(${from}::int, ${to}::int) g
          returning id, created_at, (number % 3 = 0) as replied, (number % 5 = 0) as pending
        ), m as (
          insert into messages (organization_id, ticket_id, author_kind, visibility, body_text, attachments, created_at)
          select ${s.orgId}::uuid, t.id, k.kind, 'public', 'x', '[]', t.created_at + k.after
          from t cross join lateral (values ('customer', interval '0'), ('agent', interval '20 minutes'),
                                            ('customer', interval '40 minutes')) as k(kind, after)
          where k.after = interval '0' or t.replied
          returning 1
        )
        insert into ticket_events (organization_id, ticket_id, actor_kind, field, before, after, created_at)
        select ${s.orgId}::uuid, t.id, 'system', 'status', '"open"', '"pending"', t.created_at + interval '1 hour'
        from t where t.pending`.execute(tx);
    });
    process.stdout.write(
      `\r  generated ${Math.min(s.n, to + 1).toLocaleString()} / ${s.n.toLocaleString()} tickets`,
    );
  }
  process.stdout.write('\n');
  await sql`analyze`.execute(db);
}

/** Walks the open tickets in id order and runs `work` on each batch, WORKERS batches at a time. */
async function walk(orgId: string, work: (ids: string[]) => Promise<void>) {
  let after: string | null = null;
  let done = false;
  let count = 0;
  const nextBatch = async (): Promise<string[]> => {
    if (done) return [];
    const ids = await openTicketIdsForBench(db, orgId, after, BATCH);
    if (ids.length < BATCH) done = true;
    after = ids[ids.length - 1] ?? after;
    return ids;
  };
  // One cursor; each worker takes the next batch as soon as it is free.
  let queue = Promise.resolve<string[]>([]);
  const take = () => {
    queue = queue.then(() => nextBatch());
    return queue;
  };
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      for (let ids = await take(); ids.length; ids = await take()) {
        await work(ids);
        count += ids.length;
      }
    }),
  );
  return count;
}

console.log(`SLA benchmark on ${label}; ${cpus().length} CPUs (${cpus()[0]?.model}), ${mb(totalmem())} RAM`);
console.log(`Node ${process.version}; batch ${BATCH}, ${WORKERS} concurrent batches`);
const s = await seed(TICKETS);
const g0 = performance.now();
await generate(s);
console.log(
  `Generated ${TICKETS.toLocaleString()} open tickets in ${((performance.now() - g0) / 1000).toFixed(1)} s`,
);

// Baseline: the same reads, batch by batch, nothing evaluated or written.
peakRss = process.memoryUsage().rss;
const b0 = performance.now();
const scanned = await walk(s.orgId, async (ids) => {
  await withSystem(db, (tx) => loadTicketInputsForBench(tx, ids));
});
const baselineS = (performance.now() - b0) / 1000;
const baselineRss = peakRss;

peakRss = process.memoryUsage().rss;
const now = Date.now();
const r0 = performance.now();
const recomputed = await walk(s.orgId, async (ids) => {
  await withSystem(db, (tx) => evaluateTickets(tx, ids, now, { persist: true }));
});
const recomputeS = (performance.now() - r0) / 1000;
const recomputeRss = peakRss;
const stored = await withSystem(db, (tx) =>
  tx
    .selectFrom('sla_timers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow(),
);

console.log('\nRecompute SLA state of every open ticket (from raw history, timers + sla_due_at stored)');
console.log(
  `  baseline, same reads only:   ${scanned.toLocaleString()} tickets in ${baselineS.toFixed(1)} s (${Math.round(scanned / baselineS).toLocaleString()}/s), peak RSS ${mb(baselineRss)}`,
);
console.log(
  `  recompute:                   ${recomputed.toLocaleString()} tickets in ${recomputeS.toFixed(1)} s (${Math.round(recomputed / recomputeS).toLocaleString()}/s), peak RSS ${mb(recomputeRss)}`,
);
console.log(`  timers stored:               ${Number(stored.n).toLocaleString()}`);
console.log(
  `  ratio recompute / baseline:  ${(recomputeS / baselineS).toFixed(2)}×   target < 30 s for 1,000,000: ${recomputeS < 30 ? 'met' : 'NOT met'} at this size`,
);

// Breach detection lag under a steady stream of due timers.
await withSystem(db, async (tx) => {
  // The stream's tickets only: close the generated ones so the scanner sees just the stream.
  await sql`update sla_timers set next_action_at = null`.execute(tx);
  await sql`update sla_policies set targets = ${JSON.stringify([
    { metric: 'first_reply', priority: 'normal', minutes: 1, business: false },
  ])}, warn_percent = null`.execute(tx);
});
const streamCount = RATE * STREAM_SECONDS;
const streamIds: string[] = await withSystem(db, async (tx) => {
  // Created so that their one-minute first-reply target comes due 2 s from now, then RATE per second.
  const { rows } = await sql<{ id: string }>`
    insert into tickets (organization_id, subject, channel, customer_id, vendor_id, custom_fields, created_at, updated_at)
    select ${s.orgId}::uuid, 'Stream ' || g, 'chat', ${s.customerId}::uuid, ${s.vendorId}::uuid, '{}',
           clock_timestamp() - interval '1 minute' + interval '2 seconds' + (g * interval '1 second' / ${RATE}::int), now()
    from generate_series(0, ${streamCount - 1}::int) g returning id`.execute(tx);
  return rows.map((r) => r.id);
});
for (let i = 0; i < streamIds.length; i += BATCH) {
  await withSystem(db, (tx) =>
    evaluateTickets(tx, streamIds.slice(i, i + BATCH), Date.now(), { persist: true }),
  );
}
const scanner = startSlaScanner({
  database,
  logger: createLogger({ TANDEM_LOG_LEVEL: 'silent' }),
  pollMs: config.TANDEM_SLA_POLL_MS,
});
const deadline = Date.now() + (STREAM_SECONDS + 30) * 1000;
let fired = 0;
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 1000));
  const row = await withSystem(db, (tx) =>
    tx
      .selectFrom('sla_actions')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('kind', '=', 'breach')
      .executeTakeFirstOrThrow(),
  );
  fired = Number(row.n);
  if (fired >= streamCount) break;
}
await scanner.stop();
const lags = await withSystem(db, (tx) =>
  sql<{
    lag: number;
  }>`select extract(epoch from fired_at - due_at) * 1000 as lag from sla_actions where kind = 'breach' order by 1`.execute(
    tx,
  ),
);
const sorted = lags.rows.map((r) => Number(r.lag));
const dupes = await withSystem(db, (tx) =>
  sql<{
    n: string;
  }>`select count(*) - count(distinct (subject_id, payload->>'metric', payload->>'cycle')) as n
    from domain_events where type = 'sla.breached'`.execute(tx),
);
console.log(
  `\nBreach detection lag: ${streamCount.toLocaleString()} timers coming due at ${RATE}/s over ${STREAM_SECONDS} s, scanner polling every ${config.TANDEM_SLA_POLL_MS} ms`,
);
console.log(
  `  acted on: ${sorted.length.toLocaleString()} of ${streamCount.toLocaleString()}; duplicate breach events: ${Number(dupes.rows[0]?.n ?? 0)}`,
);
console.log(
  `  lag p50 ${percentile(sorted, 50).toFixed(0)} ms, p99 ${percentile(sorted, 99).toFixed(0)} ms, max ${(sorted[sorted.length - 1] ?? Number.NaN).toFixed(0)} ms   target p99 < 5000 ms: ${percentile(sorted, 99) < 5000 ? 'met' : 'NOT met'}`,
);
console.log(
  `  baseline: polling alone would give lag uniform in 0–${config.TANDEM_SLA_POLL_MS} ms (p99 ≈ ${Math.round(config.TANDEM_SLA_POLL_MS * 0.99)} ms); ratio p99 / poll = ${(percentile(sorted, 99) / config.TANDEM_SLA_POLL_MS).toFixed(2)}`,
);
console.log(`Peak RSS over the whole run: ${mb(Math.max(peakRss, process.resourceUsage().maxRSS * 1024))}`);

clearInterval(sampler);
await cleanup();
process.exit(0);
