/**
 * Scorecard benchmark: a year of a brand's work — 1,000,000 tickets and 5,000,000 messages over 12
 * months, 3 vendors, 8 sites — and the real server answering the cockpit's questions through its
 * HTTP API: the vendors overview for one month (the KPI table for the month and the month before,
 * the backlog by age and the month's contract levels, as the page asks them together) and a vendor's
 * 90-day daily trend. Printed beside the same run's baseline, one count(*) over the same tickets,
 * and the process's peak RSS (the server runs in this process).
 *
 *   TANDEM_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench:scorecard
 *   npm run bench:scorecard -- --tickets 100000 --runs 20      a smaller year
 *
 * The tickets, messages and SLA timers are written by SQL (generate_series), not through the
 * intake, and the hourly rollup is filled by one SQL aggregate of those tickets with the rollup's
 * own row shape (hour × vendor × site × team × agent × queue × channel × language × priority):
 * this measures reading the rollup at a year's size. That the rollup's sums equal the raw rows is
 * what analytics/report.property.test.ts proves, not this benchmark.
 */
import { randomUUID } from 'node:crypto';
import { buildApp } from '../server/src/app.js';
import { loadConfig } from '../server/src/platform/config.js';
import { withSystem } from '../server/src/platform/db/transaction.js';
import { createLogger } from '../server/src/platform/logging.js';
import { startEventBus } from '../server/src/platform/realtime/event-bus.js';
import { factories } from '../server/test/harness.js';
import { openBenchDatabase, percentile } from './support.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const TICKETS = arg('tickets', 1_000_000);
const MESSAGES_PER_TICKET = arg('messages-per-ticket', 5);
const RUNS = Math.max(10, arg('runs', 30));
const CHUNK = 100_000;
const TARGET = { p50: 300, p99: 500 };

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 25);
sampler.unref();

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;

function line(label: string, values: number[]) {
  const sorted = [...values].sort((a, b) => a - b);
  return `${label.padEnd(58)} p50 ${percentile(sorted, 50).toFixed(1).padStart(8)} ms   p99 ${percentile(sorted, 99).toFixed(1).padStart(8)} ms   n=${sorted.length}`;
}

async function main() {
  const started = Date.now();
  const { database, cleanup, label } = await openBenchDatabase();
  const config = loadConfig({
    TANDEM_LOG_LEVEL: 'silent',
    TANDEM_DEMO_SEED: 'never',
    TANDEM_DATA_DIR: ':memory:',
  });
  const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
  const bus = await startEventBus(database, logger);
  const app = await buildApp({ database, config, logger, bus });
  const q = (text: string, values: unknown[] = []) => database.pool.query(text, values);
  try {
    const org = await withSystem(database.db, (tx) =>
      tx
        .insertInto('organizations')
        .values({ name: 'Bench Brand', slug: `bench-${randomUUID().slice(0, 8)}` })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const make = factories(database, org.id);
    const admin = await make.user('brand_admin');
    // 3 vendors (one the in-house team), 8 sites, 2 teams per site, 4 agents per team.
    const handlings: { vendor: string; site: string; team: string; agent: string }[] = [];
    const vendors: string[] = [];
    for (const [v, siteCount] of [3, 3, 2].entries()) {
      const vendor = (
        await make.vendor({ name: `Vendor ${v + 1}`, kind: v === 2 ? 'internal' : 'outsourced' })
      ).id;
      vendors.push(vendor);
      for (let s = 0; s < siteCount; s++) {
        const site = (await make.site(vendor, { name: `Site ${v + 1}.${s + 1}` })).id;
        for (let tm = 0; tm < 2; tm++) {
          const team = (await make.team(vendor, site)).id;
          for (let a = 0; a < 4; a++)
            handlings.push({ vendor, site, team, agent: (await make.user('agent', vendor)).userId });
        }
      }
    }
    await q(
      `insert into customers (organization_id, display_name)
       select $1, 'Customer ' || g from generate_series(1, 20000) g`,
      [org.id],
    );
    const end = new Date();
    end.setUTCMinutes(0, 0, 0);
    const yearStart = new Date(end.getTime() - 365 * 86_400_000);

    // Tickets: spread evenly over the year; 85 % solved, with first replies and solve times.
    const seedStart = Date.now();
    const h = (k: keyof (typeof handlings)[number]) => handlings.map((x) => x[k]);
    for (let from = 1; from <= TICKETS; from += CHUNK) {
      const to = Math.min(TICKETS, from + CHUNK - 1);
      await q(
        `with c as (select id, (row_number() over (order by id) - 1)::int as n
                    from customers where organization_id = $1),
         g as (
           select g, $9::timestamptz + (g::float8 / $10) * ($11::timestamptz - $9::timestamptz) as created
           from generate_series($2::int, $3::int) g)
         insert into tickets (organization_id, subject, channel, status, priority, language, queue, customer_id,
                              vendor_id, site_id, team_id, agent_id, custom_fields, created_at, updated_at,
                              first_response_at, solved_at)
         select $1, 'Order ' || g || ' has not arrived',
           (array['email','chat','phone','web','social'])[1 + g % 5]::text,
           case when g % 20 < 17 then 'solved' else 'open' end,
           (array['low','normal','normal','high','urgent'])[1 + g % 5]::text,
           (array['en','de','fr','es'])[1 + g % 4]::text,
           (array['billing','technical','orders'])[1 + g % 3]::text,
           c.id,
           ($4::uuid[])[1 + g % $8], ($5::uuid[])[1 + g % $8], ($6::uuid[])[1 + g % $8], ($7::uuid[])[1 + g % $8],
           '{}', created, created,
           created + ((g % 240) || ' minutes')::interval,
           case when g % 20 < 17 then created + ((g % 72) || ' hours')::interval end
         from g join c on c.n = g.g % 20000`,
        [
          org.id,
          from,
          to,
          h('vendor'),
          h('site'),
          h('team'),
          h('agent'),
          handlings.length,
          yearStart.toISOString(),
          TICKETS,
          end.toISOString(),
        ],
      );
      process.stdout.write(`\rtickets ${to.toLocaleString('en')}`);
    }
    const phases: string[] = [`tickets ${((Date.now() - seedStart) / 1000).toFixed(0)} s`];
    let phaseStart = Date.now();
    const phaseDone = (name: string) => {
      phases.push(`${name} ${((Date.now() - phaseStart) / 1000).toFixed(0)} s`);
      phaseStart = Date.now();
    };
    // Messages: the customer's question, then agent and customer in turn.
    const { rows: bounds } = await q(
      'select min(number) lo, max(number) hi from tickets where organization_id = $1',
      [org.id],
    );
    const lo = Number(bounds[0].lo);
    const hi = Number(bounds[0].hi);
    for (let from = lo; from <= hi; from += CHUNK) {
      await q(
        `insert into messages (organization_id, ticket_id, author_kind, author_customer_id, author_user_id,
                               body_text, attachments, created_at)
         select t.organization_id, t.id, case when m % 2 = 1 then 'customer' else 'agent' end,
                case when m % 2 = 1 then t.customer_id end, case when m % 2 = 0 then t.agent_id end,
                'Message ' || m || ' about order ' || t.number, '[]', t.created_at + (m || ' minutes')::interval
         from tickets t, generate_series(1, $4::int) m
         where t.organization_id = $1 and t.number between $2 and $3`,
        [org.id, from, Math.min(hi, from + CHUNK - 1), MESSAGES_PER_TICKET],
      );
      process.stdout.write(`\rmessages for tickets up to #${Math.min(hi, from + CHUNK - 1)}        `);
    }
    phaseDone('messages');
    // One first-reply SLA timer per ticket, decided when answered: breached past 3 hours.
    await q(
      `insert into sla_timers (ticket_id, metric, organization_id, cycle, state, target_minutes, business,
                               started_at, elapsed_ms, stopped_at, breached_at, breached_cycles, updated_at)
       select id, 'first_reply', organization_id, 1,
              case when first_response_at - created_at > interval '3 hours' then 'breached' else 'achieved' end,
              180, false, created_at, extract(epoch from first_response_at - created_at) * 1000,
              case when first_response_at - created_at <= interval '3 hours' then first_response_at end,
              case when first_response_at - created_at > interval '3 hours' then created_at + interval '3 hours' end,
              case when first_response_at - created_at > interval '3 hours' then 1 else 0 end, now()
       from tickets where organization_id = $1`,
      [org.id],
    );
    phaseDone('SLA timers');
    // The rollup at a year's size: created and first-reply counters in the hour created, solve
    // counters in the hour solved, by every dimension the rollup keeps.
    await q(
      `insert into kpi_hourly (organization_id, hour, vendor_id, site_id, team_id, agent_id, queue, channel, language,
                               priority, tickets_created, first_responses, first_response_ms, solved_first,
                               resolution_first_ms, resolved_last, resolution_last_ms, handled, fcr_resolved, fcr_met,
                               sla_decided, sla_met)
       select organization_id, hour, vendor_id, site_id, team_id, agent_id, queue, channel, language, priority,
              sum(created), sum(created), sum(frt_ms), sum(solved), sum(res_ms), sum(solved), sum(res_ms),
              sum(created), sum(solved), sum(solved), sum(decided), sum(met)
       from (
         select organization_id, date_trunc('hour', created_at) as hour, vendor_id, site_id, team_id, agent_id, queue,
                channel, language, priority, 1 created,
                extract(epoch from first_response_at - created_at) * 1000 frt_ms, 0 solved, 0 res_ms, 0 decided, 0 met
         from tickets where organization_id = $1
         union all
         select organization_id, date_trunc('hour', solved_at), vendor_id, site_id, team_id, agent_id, queue,
                channel, language, priority, 0, 0, 1, extract(epoch from solved_at - created_at) * 1000, 0, 0
         from tickets where organization_id = $1 and solved_at is not null
         union all
         select t.organization_id,
                date_trunc('hour', case when st.state = 'achieved' then st.stopped_at else st.breached_at end),
                t.vendor_id, t.site_id, t.team_id, t.agent_id, t.queue, t.channel, t.language, t.priority, 0, 0, 0, 0,
                1, case when st.state = 'achieved' then 1 else 0 end
         from sla_timers st join tickets t on t.id = st.ticket_id
         where t.organization_id = $1 and st.state in ('achieved', 'breached')
       ) x
       group by organization_id, hour, vendor_id, site_id, team_id, agent_id, queue, channel, language, priority`,
      [org.id],
    );
    // The overview's grain, as the consumer keeps it: the same rows summed by vendor.
    await q(
      `insert into kpi_vendor_hourly (organization_id, hour, vendor_id, tickets_created, first_responses,
                                      first_response_ms, solved_first, resolution_first_ms, resolved_last,
                                      resolution_last_ms, handled, fcr_resolved, fcr_met, sla_decided, sla_met)
       select organization_id, hour, vendor_id, sum(tickets_created), sum(first_responses), sum(first_response_ms),
              sum(solved_first), sum(resolution_first_ms), sum(resolved_last), sum(resolution_last_ms), sum(handled),
              sum(fcr_resolved), sum(fcr_met), sum(sla_decided), sum(sla_met)
       from kpi_hourly where organization_id = $1
       group by organization_id, hour, vendor_id`,
      [org.id],
    );
    phaseDone('rollup');
    // As autovacuum leaves a table some time after a load: statistics and the visibility map (which
    // lets the backlog's index-only scan skip the heap).
    await q('vacuum analyze');
    phaseDone('vacuum analyze');
    const counts = await q(
      `select (select count(*) from tickets) tickets, (select count(*) from messages) messages,
              (select count(*) from kpi_hourly) rollup, (select count(*) from sla_timers) timers`,
    );
    const c = counts.rows[0];
    console.log(
      `\rbench:scorecard — ${label}; ${Number(c.tickets).toLocaleString('en')} tickets, ${Number(c.messages).toLocaleString('en')} messages, ${Number(c.timers).toLocaleString('en')} SLA timers, ${Number(c.rollup).toLocaleString('en')} rollup rows over 12 months; 3 vendors, 8 sites, ${handlings.length} agents (seeded in ${((Date.now() - seedStart) / 1000).toFixed(0)} s: ${phases.join(', ')}); ${RUNS} runs each`,
    );

    const get = async (url: string) => {
      const res = await app.inject({
        method: 'GET',
        url,
        headers: { authorization: `Bearer ${admin.token}` },
      });
      if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body.slice(0, 300)}`);
      return res;
    };
    const month = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 1, 1));
    const monthEnd = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth(), 1));
    const before = new Date(Date.UTC(end.getUTCFullYear(), end.getUTCMonth() - 2, 1));
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const overviewUrls = [
      `/api/v1/analytics/kpis?from=${day(month)}&to=${day(monthEnd)}&group_by=vendor&tz=Europe/Copenhagen`,
      `/api/v1/analytics/kpis?from=${day(before)}&to=${day(month)}&group_by=vendor&tz=Europe/Copenhagen`,
      '/api/v1/analytics/backlog?group_by=vendor',
      `/api/v1/service-levels/attainment?month=${month.toISOString().slice(0, 7)}`,
    ];
    const trendUrl = `/api/v1/analytics/kpis/trend?from=${day(new Date(end.getTime() - 90 * 86_400_000))}&to=${day(end)}&interval=day&tz=Europe/Copenhagen&vendor_id=${vendors[0]}`;
    const check = JSON.parse((await get(overviewUrls[0]!)).body) as {
      rows: { kpis: { contacts: number } }[];
    };
    const monthContacts = check.rows.reduce((s, r) => s + r.kpis.contacts, 0);

    const measure = async (fn: () => Promise<unknown>) => {
      const out: number[] = [];
      for (let run = 0; run <= RUNS; run++) {
        const t0 = process.hrtime.bigint();
        await fn();
        if (run > 0) out.push(ms(t0)); // run 0 warms caches and plans
      }
      return out;
    };
    const baseline = await measure(() =>
      q('select count(*) from tickets where organization_id = $1', [org.id]),
    );
    const rollupCount = await measure(() =>
      q('select count(*) from kpi_hourly where organization_id = $1', [org.id]),
    );
    const overview = await measure(() => Promise.all(overviewUrls.map(get)));
    const overviewParts = await Promise.all(overviewUrls.map((u) => measure(() => get(u))));
    const trend = await measure(() => get(trendUrl));

    console.log(line('baseline: select count(*) from tickets', baseline));
    console.log(line('baseline: select count(*) from kpi_hourly', rollupCount));
    console.log(line('vendors overview, one month (its 4 API calls together)', overview));
    const names = [
      '  KPI table, the month',
      '  KPI table, the month before',
      '  backlog by age',
      '  contract levels, the month',
    ];
    for (const [i, v] of overviewParts.entries()) console.log(line(names[i]!, v));
    console.log(line('90-day daily trend of one vendor', trend));
    console.log(`the month's contacts in the overview: ${monthContacts.toLocaleString('en')}`);
    console.log(`peak RSS of this process (server + seeding): ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
    const p = (v: number[], n: number) =>
      percentile(
        [...v].sort((a, b) => a - b),
        n,
      );
    for (const [name, v] of [
      ['overview', overview],
      ['trend', trend],
    ] as const) {
      const ok = p(v, 50) < TARGET.p50 && p(v, 99) < TARGET.p99;
      console.log(`target ${name} p50 < ${TARGET.p50} ms, p99 < ${TARGET.p99} ms: ${ok ? 'met' : 'NOT met'}`);
    }
    console.log(`total ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    await app.close();
    await bus.close();
    await cleanup();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
