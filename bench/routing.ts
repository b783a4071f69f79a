/**
 * Routing benchmark: decision latency and assignments per second with 5,000 online agents across
 * 3 vendors and 6 sites, 200 queues with skills and shares, on real PostgreSQL. Each decision is the
 * whole routing transaction for one contact (claim, classify into a queue, allocate, pick and lock
 * an agent, assign, record the explanation). The baseline is the same number of single-row update
 * transactions through the same pool at the same concurrency.
 *
 *   npm run bench:routing     a throwaway database on TANDEM_DATABASE_URL (default 127.0.0.1:5432)
 */
import { performance } from 'node:perf_hooks';
import { sql } from 'kysely';
import { routeTicket, SweepContext } from '../server/src/modules/routing/index.js';
import { withSystem } from '../server/src/platform/db/transaction.js';
import { countStatements, openBenchDatabase, throughput } from './support.js';

process.env.TANDEM_DATABASE_URL ??= 'postgres://postgres@127.0.0.1:5432/postgres';
process.env.TANDEM_DB_POOL_MAX ??= '8';

const AGENTS = 5_000;
const QUEUES = 200;
const CONTACTS = Number(process.env.BENCH_CONTACTS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const statements = countStatements();

async function main() {
  const { database, cleanup, label } = await openBenchDatabase();
  const { db } = database;
  try {
    const setupStart = performance.now();
    const orgId = await withSystem(db, async (tx) => {
      const org = await tx
        .insertInto('organizations')
        .values({ name: 'Bench', slug: 'bench' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`
        with v as (
          insert into vendors (organization_id, name, kind)
          select ${org.id}, 'Vendor ' || i, case when i = 3 then 'internal' else 'outsourced' end
          from generate_series(1, 3) i returning id, name
        )
        insert into sites (organization_id, vendor_id, name, country, time_zone, languages)
        select ${org.id}, v.id, v.name || ' site ' || s, 'PH', 'Asia/Manila', '{en}' from v, generate_series(1, 2) s`.execute(
        tx,
      );
      await sql`
        insert into users (organization_id, email, display_name, role, vendor_id, site_id, languages)
        select ${org.id}, 'agent' || i || '@bench.test', 'Agent ' || i, 'agent', s.vendor_id, s.id,
          case when i % 5 = 0 then '{en,es}'::text[] else '{en}'::text[] end
        from generate_series(1, ${AGENTS}) i
        join lateral (select id, vendor_id from sites where organization_id = ${org.id} order by id offset (i % 6) limit 1) s on true`.execute(
        tx,
      );
      await sql`
        insert into agent_skills (user_id, skill, proficiency)
        select u.id, sk.skill, 1 + (abs(hashtext(u.id::text || sk.skill)) % 5)
        from users u cross join (values ('billing'), ('tech'), ('returns')) sk(skill) where u.organization_id = ${org.id}`.execute(
        tx,
      );
      await sql`
        insert into agent_capacities (user_id, channel, max_concurrent)
        select u.id, c.channel, c.max from users u
        cross join (values ('chat', 3), ('email', 5)) c(channel, max) where u.organization_id = ${org.id}`.execute(
        tx,
      );
      await sql`
        insert into agent_presence (user_id, organization_id, vendor_id, status)
        select id, organization_id, vendor_id, 'online' from users where organization_id = ${org.id}`.execute(
        tx,
      );
      await sql`
        with q as (
          insert into routing_queues (organization_id, name, required_skills)
          select ${org.id}, 'Queue ' || i,
            jsonb_build_array(jsonb_build_object('skill', (array['billing','tech','returns'])[1 + i % 3], 'min', 1 + i % 3))
          from generate_series(1, ${QUEUES}) i returning id, name
        ), r as (
          insert into routing_rules (organization_id, position, queue_id, conditions)
          select ${org.id}, row_number() over (order by q.name), q.id,
            jsonb_build_object('tags_any', jsonb_build_array(lower(replace(q.name, ' ', '-'))))
          from q
        )
        insert into queue_allocations (queue_id, vendor_id, organization_id, share)
        select q.id, v.id, ${org.id}, case v.kind when 'internal' then 10 else case when v.name = 'Vendor 1' then 60 else 30 end end
        from q cross join vendors v where v.organization_id = ${org.id}`.execute(tx);
      const customer = await tx
        .insertInto('customers')
        .values({ organization_id: org.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      await sql`
        with t as (
          insert into tickets (organization_id, subject, channel, customer_id, custom_fields, tags, language)
          select ${org.id}, 'Contact ' || i, case when i % 2 = 0 then 'chat' else 'email' end, ${customer.id}, '{}',
            array['queue-' || (1 + i % ${QUEUES})], case when i % 10 = 0 then 'es' else 'en' end
          from generate_series(1, ${CONTACTS * 2}) i returning id, organization_id, created_at
        )
        insert into ticket_routing (ticket_id, organization_id, state, waiting_since, next_attempt_at)
        select id, organization_id, 'pending', created_at, now() from t`.execute(tx);
      return org.id;
    });
    await sql`analyze`.execute(db);
    const setupSeconds = (performance.now() - setupStart) / 1000;

    const all = await withSystem(db, (tx) =>
      tx
        .selectFrom('ticket_routing')
        .select('ticket_id')
        .where('organization_id', '=', orgId)
        .orderBy('ticket_id')
        .execute(),
    );
    const ids = all.map((r) => r.ticket_id);
    const routed = ids.slice(0, CONTACTS);
    const baselineIds = ids.slice(CONTACTS);

    // Warm up: the sweep context (rules, queues, sites) and prepared statements on every connection.
    const ctx = new SweepContext(db, { retrySeconds: 15 });
    for (const id of routed.splice(0, 200)) await routeTicket(ctx, orgId, id, 'bench');

    const outcomes = { assigned: 0, waiting: 0, skipped: 0 };
    const latencies: number[] = [];
    const s0 = statements();
    let next = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < routed.length) {
          const id = routed[next++]!;
          const t0 = performance.now();
          outcomes[await routeTicket(ctx, orgId, id, 'bench')]++;
          latencies.push(performance.now() - t0);
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const perDecision = (statements() - s0) / latencies.length;
    const routing = throughput(latencies, 0, seconds);

    const base: number[] = [];
    let b = 0;
    const bStarted = performance.now();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (b < routing.ops) {
          const id = baselineIds[b++ % baselineIds.length]!;
          const t0 = performance.now();
          await withSystem(db, (tx) =>
            tx
              .updateTable('tickets')
              .set({ updated_at: new Date().toISOString() })
              .where('id', '=', id)
              .execute(),
          );
          base.push(performance.now() - t0);
        }
      }),
    );
    const baseline = throughput(base, 0, (performance.now() - bStarted) / 1000);

    const check = await withSystem(db, async (tx) => {
      const over = await sql<{ n: number }>`
        select count(*)::int n from agent_loads l join agent_capacities c on c.user_id = l.user_id
        where (c.channel = 'chat' and l.chat > c.max_concurrent) or (c.channel = 'email' and l.email > c.max_concurrent)`.execute(
        tx,
      );
      const shares = await sql<{ name: string; n: number }>`
        select v.name, count(*)::int n from routing_decisions d join vendors v on v.id = d.vendor_id
        where d.counted group by v.name order by v.name`.execute(tx);
      return { over: over.rows[0]!.n, shares: shares.rows };
    });

    const total = check.shares.reduce((s, r) => s + r.n, 0);
    console.log(`routing benchmark on ${label}`);
    console.log(
      `  setup: ${AGENTS} online agents, 3 vendors, 6 sites, ${QUEUES} queues, ${CONTACTS} contacts (${setupSeconds.toFixed(1)} s)`,
    );
    console.log(
      `  concurrency ${CONCURRENCY}; outcomes ${JSON.stringify(outcomes)}; agents over capacity: ${check.over}`,
    );
    console.log(
      `  shares (target 60/30/10): ${check.shares.map((s) => `${s.name} ${((100 * s.n) / total).toFixed(1)}%`).join(', ')}`,
    );
    console.log('');
    console.log('  what                          per second    p50 ms   p99 ms   statements');
    const row = (name: string, r: typeof routing, st: string) =>
      console.log(
        `  ${name.padEnd(28)} ${r.perSecond.toFixed(0).padStart(10)}  ${r.p50.toFixed(2).padStart(8)} ${r.p99.toFixed(2).padStart(8)}   ${st}`,
      );
    row('routing decision (assign)', routing, perDecision.toFixed(1));
    row('baseline: 1-row update tx', baseline, '3');
    console.log('');
    console.log(`  routing / baseline throughput: ${(routing.perSecond / baseline.perSecond).toFixed(2)}`);
    console.log(
      `  targets: p99 < 5 ms ${routing.p99 < 5 ? 'met' : 'NOT met'}; >= 1000 assignments/s ${routing.perSecond >= 1000 ? 'met' : 'NOT met'}`,
    );
    if (process.env.BENCH_EXPLAIN) {
      const site = await withSystem(db, (tx) =>
        tx.selectFrom('sites').select('id').limit(1).executeTakeFirstOrThrow(),
      );
      for (const q of [
        sql`explain analyze select l.user_id from agent_loads l join users u on u.id = l.user_id
          where l.site_id = ${site.id} and l.online and u.active and l.phone = 0
          and l.chat < coalesce((select c.max_concurrent from agent_capacities c where c.user_id = l.user_id and c.channel = 'chat'), 0)
          and not exists (select 1 from jsonb_to_recordset('[{"skill":"tech","min":3}]'::jsonb) as need(skill text, min int)
            where not exists (select 1 from agent_skills s where s.user_id = l.user_id and s.skill = need.skill and s.proficiency >= need.min))
          order by l.total, l.last_assigned_at nulls first limit 5`,
      ]) {
        const { rows } = await withSystem(db, (tx) => q.execute(tx));
        console.log((rows as Record<string, string>[]).map((r) => Object.values(r)[0]).join('\n'));
      }
    }
  } finally {
    await cleanup();
  }
}

await main();
