import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/harness.js';
import { withSystem } from '../db/transaction.js';
import { emit } from '../events.js';
import { createLogger } from '../logging.js';
import { dispatchOnce, MAX_ATTEMPTS, type OutboxConsumer, retryFailedOnce } from './dispatcher.js';
import { startOutboxWorker } from './worker.js';

/** A consumer that writes one row per event it sees, in the dispatcher's transaction. */
const logConsumer = (failOn?: number): OutboxConsumer => ({
  name: 'log',
  async consume(tx, events) {
    for (const event of events) {
      if (Number(event.id) === failOn) throw new Error(`cannot handle event ${event.id}`);
      await sql`insert into dispatch_log (event_id) values (${event.id})`.execute(tx);
    }
  },
});

describe('outbox dispatcher', () => {
  let t: TestContext;

  beforeAll(async () => {
    t = await startTestApp();
    await sql`create table dispatch_log (event_id bigint not null)`.execute(t.database.db);
  });
  afterAll(() => t.close());

  async function emitEvents(count: number) {
    return withSystem(t.database.db, async (tx) => {
      for (let i = 0; i < count; i++) {
        await emit(tx, {
          organizationId: t.organizationId,
          vendorId: null,
          type: 'test.happened',
          subjectId: t.organizationId,
          payload: { i },
        });
      }
    });
  }

  async function logged() {
    const { rows } = await sql<{ event_id: string; n: string }>`
      select event_id, count(*) as n from dispatch_log group by event_id`.execute(t.database.db);
    return rows;
  }

  it('hands every event to its consumers exactly once across concurrent dispatchers', async () => {
    await emitEvents(300);
    const drain = async () => {
      let total = 0;
      for (;;) {
        const n = await dispatchOnce(t.database.db, [logConsumer()], t.config, 25);
        if (!n) return total;
        total += n;
      }
    };
    const counts = await Promise.all([drain(), drain(), drain(), drain()]);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    const rows = await logged();
    expect(rows).toHaveLength(300);
    expect(rows.every((r) => Number(r.n) === 1)).toBe(true);
    const { rows: left } = await sql<{ n: string }>`
      select count(*) as n from domain_events where dispatched_at is null`.execute(t.database.db);
    expect(Number(left[0]!.n)).toBe(0);
  });

  it('sets aside only the event a consumer fails on: the rest of the batch and every other consumer go on', async () => {
    await sql`delete from dispatch_log`.execute(t.database.db);
    await sql`create table other_log (event_id bigint not null)`.execute(t.database.db);
    const other: OutboxConsumer = {
      name: 'other',
      async consume(tx, events) {
        for (const e of events) await sql`insert into other_log (event_id) values (${e.id})`.execute(tx);
      },
    };
    await emitEvents(3);
    const { rows } = await sql<{ id: string }>`
      select id from domain_events where dispatched_at is null order by id`.execute(t.database.db);
    const ids = rows.map((r) => Number(r.id));
    const failing = ids[1]!;
    expect(await dispatchOnce(t.database.db, [logConsumer(failing), other], t.config)).toBe(3);
    expect((await logged()).map((r) => Number(r.event_id)).sort()).toEqual([ids[0], ids[2]]);
    const { rows: others } = await sql<{ event_id: string }>`select event_id from other_log`.execute(
      t.database.db,
    );
    expect(others.map((r) => Number(r.event_id)).sort()).toEqual(ids);
    const failures = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('outbox_failures').selectAll().execute(),
    );
    expect(failures).toHaveLength(1);
    expect(failures[0]).toMatchObject({ event_id: failing, consumer: 'log', attempts: 1, dead_at: null });
    expect(failures[0]!.last_error).toContain('cannot handle');
    expect(await dispatchOnce(t.database.db, [logConsumer()], t.config)).toBe(0);
  });

  it('retries a failed event with growing waits, leaves it dead after the last attempt, and a replay revives it', async () => {
    const [failure] = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('outbox_failures').selectAll().execute(),
    );
    const failing = Number(failure!.event_id);
    // Not due yet: nothing is tried.
    expect(await retryFailedOnce(t.database.db, [logConsumer(failing)], t.config, () => Date.now())).toBe(0);
    let clock = Date.parse(failure!.next_attempt_at!);
    const waits: number[] = [];
    for (let attempt = 2; attempt <= MAX_ATTEMPTS; attempt++) {
      expect(await retryFailedOnce(t.database.db, [logConsumer(failing)], t.config, () => clock)).toBe(1);
      const row = await withSystem(t.database.db, (tx) =>
        tx.selectFrom('outbox_failures').selectAll().where('id', '=', failure!.id).executeTakeFirstOrThrow(),
      );
      expect(row.attempts).toBe(attempt);
      if (attempt < MAX_ATTEMPTS) {
        waits.push(Date.parse(row.next_attempt_at!) - clock);
        clock = Date.parse(row.next_attempt_at!);
      } else {
        expect(row.dead_at).not.toBeNull();
        expect(row.next_attempt_at).toBeNull();
      }
    }
    // Each wait is at least the lower half of a window that doubles.
    for (let i = 1; i < waits.length; i++) expect(waits[i]!).toBeGreaterThanOrEqual(waits[i - 1]! / 2);
    // Dead: never tried again automatically.
    expect(await retryFailedOnce(t.database.db, [logConsumer()], t.config, () => clock + 86_400_000)).toBe(0);
    await withSystem(t.database.db, (tx) =>
      tx
        .updateTable('outbox_failures')
        .set({ attempts: 0, dead_at: null, next_attempt_at: new Date(clock).toISOString() })
        .where('id', '=', failure!.id)
        .execute(),
    );
    // The consumer is fixed: the replayed event is handled once and the failure is gone.
    expect(await retryFailedOnce(t.database.db, [logConsumer()], t.config, () => clock)).toBe(1);
    expect((await logged()).filter((r) => Number(r.event_id) === failing)).toHaveLength(1);
    const left = await withSystem(t.database.db, (tx) =>
      tx.selectFrom('outbox_failures').selectAll().execute(),
    );
    expect(left).toHaveLength(0);
  });

  it('catches up at start on events committed while no worker ran, then follows new ones as they commit', async () => {
    await sql`delete from dispatch_log`.execute(t.database.db);
    await emitEvents(5);
    const worker = startOutboxWorker({
      database: t.database,
      // A long poll: after the start-up catch-up, only the bus can wake the dispatcher in time.
      config: { ...t.config, TANDEM_OUTBOX_POLL_MS: 60_000 },
      logger: createLogger({ TANDEM_LOG_LEVEL: 'silent' }),
      bus: t.bus,
      consumers: [logConsumer()],
      senders: [],
    });
    try {
      const count = async () => (await logged()).length;
      const until = async (n: number) => {
        const deadline = Date.now() + 10_000;
        while ((await count()) < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
        return count();
      };
      expect(await until(5)).toBe(5);
      await emitEvents(2);
      expect(await until(7)).toBe(7);
    } finally {
      await worker.stop();
    }
  });
});
