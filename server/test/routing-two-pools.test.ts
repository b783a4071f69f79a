import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeDue, SweepContext } from '../src/modules/routing/index.js';
import { type Database, openDatabase } from '../src/platform/db/database.js';
import { createScratchDatabase } from '../src/platform/db/scratch-database.js';
import { withSystem } from '../src/platform/db/transaction.js';
import { createLogger } from '../src/platform/logging.js';
import { factories, testConfig } from './harness.js';

/**
 * Two independent pools on one PostgreSQL (as two server processes would have), each running four
 * routers at once over the same waiting contacts. More contacts than capacity: no ticket may be
 * assigned twice and no agent may pass capacity. Real PostgreSQL only: PGlite is one connection.
 */
const serverUrl = process.env.TANDEM_TEST_DATABASE_URL;

describe.skipIf(!serverUrl)('routing from two pools at once', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let pools: Database[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(serverUrl!, 'tandem_test');
    const logger = createLogger({ TANDEM_LOG_LEVEL: 'silent' });
    const config = { ...testConfig(), TANDEM_DATABASE_URL: scratch.url, TANDEM_DB_POOL_MAX: 5 };
    pools = [await openDatabase(config, logger, { migrate: true })];
    pools.push(await openDatabase(config, logger, { migrate: false }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
    await scratch?.drop();
  }, 30_000);

  it('never assigns a ticket twice nor an agent past capacity', async () => {
    const db = pools[0]!.db;
    const org = await withSystem(db, (tx) =>
      tx
        .insertInto('organizations')
        .values({ name: 'Pools', slug: 'pools' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    );
    const make = factories(pools[0]!, org.id);
    const vendors = [await make.vendor(), await make.vendor()];
    const sites: { id: string; vendor_id: string }[] = [];
    for (const v of vendors) for (let i = 0; i < 2; i++) sites.push(await make.site(v.id));
    const agents: string[] = [];
    for (let i = 0; i < 40; i++) {
      const site = sites[i % sites.length]!;
      const u = await make.user('agent', site.vendor_id, { siteId: site.id });
      agents.push(u.userId);
    }
    await withSystem(db, async (tx) => {
      await tx
        .insertInto('agent_capacities')
        .values(agents.map((id) => ({ user_id: id, channel: 'chat' as const, max_concurrent: 2 })))
        .execute();
      await tx
        .insertInto('agent_presence')
        .values(
          agents.map((id, i) => ({
            user_id: id,
            organization_id: org.id,
            vendor_id: sites[i % sites.length]!.vendor_id,
            status: 'online' as const,
          })),
        )
        .execute();
      const queue = await tx
        .insertInto('routing_queues')
        .values({ organization_id: org.id, name: 'Chat', required_skills: '[]' })
        .returning('id')
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('routing_rules')
        .values({ organization_id: org.id, position: 0, queue_id: queue.id, conditions: '{}' })
        .execute();
      await tx
        .insertInto('queue_allocations')
        .values(
          vendors.map((v, i) => ({
            queue_id: queue.id,
            vendor_id: v.id,
            organization_id: org.id,
            share: i ? 40 : 60,
            updated_at: new Date().toISOString(),
          })),
        )
        .execute();
      const customer = await tx
        .insertInto('customers')
        .values({ organization_id: org.id })
        .returning('id')
        .executeTakeFirstOrThrow();
      const tickets = await tx
        .insertInto('tickets')
        .values(
          Array.from({ length: 200 }, (_, i) => ({
            organization_id: org.id,
            subject: `Chat ${i}`,
            channel: 'chat' as const,
            customer_id: customer.id,
            custom_fields: '{}',
          })),
        )
        .returning(['id'])
        .execute();
      await tx
        .insertInto('ticket_routing')
        .values(
          tickets.map((t) => ({
            ticket_id: t.id,
            organization_id: org.id,
            state: 'pending' as const,
            waiting_since: new Date().toISOString(),
            next_attempt_at: new Date().toISOString(),
            updated_at: new Date().toISOString(),
          })),
        )
        .execute();
    });

    // 2 pools × 4 routers, each sweeping until a pass assigns nothing
    const router = async (database: Database) => {
      for (let pass = 0; pass < 20; pass++) {
        const r = await routeDue(new SweepContext(database.db, { retrySeconds: 0 }), {
          all: true,
          limit: 60,
        });
        if (r.assigned === 0 && r.skipped === 0) break;
      }
    };
    await Promise.all(pools.flatMap((p) => [router(p), router(p), router(p), router(p)]));

    const check = await withSystem(db, async (tx) => {
      const perAgent = await sql<{ agent_id: string; n: number }>`
        select agent_id, count(*)::int n from tickets where organization_id = ${org.id} and agent_id is not null group by agent_id`.execute(
        tx,
      );
      const twice = await sql<{ n: number }>`
        select count(*)::int n from (select ticket_id from routing_decisions where outcome = 'assigned'
          group by ticket_id having count(*) > 1) x`.execute(tx);
      const history = await sql<{ n: number }>`
        select count(*)::int n from (select ticket_id from ticket_events where field = 'assignment'
          group by ticket_id having count(*) > 1) x`.execute(tx);
      const loads = await sql<{ bad: number }>`
        select count(*)::int bad from agent_loads l where l.organization_id = ${org.id}
          and l.chat <> (select count(*) from tickets t where t.agent_id = l.user_id and t.status in ('new', 'open'))`.execute(
        tx,
      );
      const states = await sql<{ state: string; n: number }>`
        select state, count(*)::int n from ticket_routing where organization_id = ${org.id} group by state`.execute(
        tx,
      );
      return {
        perAgent: perAgent.rows,
        twice: twice.rows[0]!.n,
        history: history.rows[0]!.n,
        badLoads: loads.rows[0]!.bad,
        states: Object.fromEntries(states.rows.map((s) => [s.state, s.n])),
      };
    });
    expect(check.twice).toBe(0);
    expect(check.history).toBe(0);
    expect(check.badLoads).toBe(0);
    expect(Math.max(...check.perAgent.map((a) => a.n))).toBeLessThanOrEqual(2);
    // capacity 40 × 2 = 80 is used in full; the other 120 wait visibly
    expect(check.perAgent.reduce((s, a) => s + a.n, 0)).toBe(80);
    expect(check.states).toEqual({ assigned: 80, waiting: 120 });
  }, 120_000);
});
