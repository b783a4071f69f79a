import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { DB, Row } from '../db/schema.js';
import { type Tx, withSystem } from '../db/transaction.js';
import { retryDelayMs } from './backoff.js';

export type OutboxEvent = Row<'domain_events'>;

/**
 * Something that acts on committed domain events by writing its own delivery rows. consume() runs in
 * the dispatcher's transaction, which also marks the events dispatched: the rows exist exactly once
 * per event, whatever crashes or how many workers run. It must not do I/O outside the database.
 */
export interface OutboxConsumer {
  name: string;
  consume(tx: Tx, events: OutboxEvent[], config: Config): Promise<void>;
}

export const DISPATCH_BATCH = 200;
/** Attempts (the first included) before a failed event is left dead for an admin to replay. */
export const MAX_ATTEMPTS = 8;
/** The first retry comes after about this long; each further one waits twice as long (capped at 1 h). */
export const RETRY_BASE_MS = 10_000;

/**
 * Runs `work` inside a savepoint: on failure only its own writes are rolled back (the transaction
 * stays usable) and the error is returned instead of thrown.
 */
async function isolated(tx: Tx, work: () => Promise<void>): Promise<unknown | null> {
  await sql`savepoint outbox_consumer`.execute(tx);
  try {
    await work();
    await sql`release savepoint outbox_consumer`.execute(tx);
    return null;
  } catch (err) {
    await sql`rollback to savepoint outbox_consumer`.execute(tx);
    await sql`release savepoint outbox_consumer`.execute(tx);
    return err;
  }
}

const describe = (err: unknown) => (err instanceof Error ? err.message : String(err)).slice(0, 2000);

/**
 * Claims the oldest undispatched events (SKIP LOCKED, so concurrent workers take disjoint batches),
 * lets every consumer fan them out and marks them dispatched, all in one owner transaction. A
 * consumer that fails on the batch is given the events one at a time, so only the events it cannot
 * handle are set aside (outbox_failures, retried with backoff); every other consumer and event goes
 * on. Returns how many events it dispatched (0: the outbox is empty).
 */
export async function dispatchOnce(
  db: Kysely<DB>,
  consumers: readonly OutboxConsumer[],
  config: Config,
  batchSize = DISPATCH_BATCH,
): Promise<number> {
  return withSystem(db, async (tx) => {
    const events = await tx
      .selectFrom('domain_events')
      .selectAll()
      .where('dispatched_at', 'is', null)
      .orderBy('id')
      .limit(batchSize)
      .forUpdate()
      .skipLocked()
      .execute();
    if (!events.length) return 0;
    for (const consumer of consumers) {
      const failed = await isolated(tx, () => consumer.consume(tx, events, config));
      if (failed === null) continue;
      for (const event of events) {
        const err = await isolated(tx, () => consumer.consume(tx, [event], config));
        if (err !== null) await recordFailure(tx, event, consumer.name, err);
      }
    }
    await tx
      .updateTable('domain_events')
      .set({ dispatched_at: sql<string>`now()` })
      .where(
        'id',
        'in',
        events.map((e) => e.id),
      )
      .execute();
    return events.length;
  });
}

async function recordFailure(tx: Tx, event: OutboxEvent, consumer: string, err: unknown) {
  await tx
    .insertInto('outbox_failures')
    .values({
      event_id: event.id,
      organization_id: event.organization_id,
      consumer,
      attempts: 1,
      last_error: describe(err),
      next_attempt_at: new Date(Date.now() + retryDelayMs(1, RETRY_BASE_MS)).toISOString(),
    })
    .onConflict((oc) => oc.columns(['event_id', 'consumer']).doNothing())
    .execute();
}

/**
 * One retry pass: the failures whose next attempt is due (SKIP LOCKED), each given to its consumer
 * alone. Success clears the failure; another failure waits longer, and the last allowed attempt
 * leaves it dead. Returns how many it tried.
 */
export async function retryFailedOnce(
  db: Kysely<DB>,
  consumers: readonly OutboxConsumer[],
  config: Config,
  now = () => Date.now(),
  limit = 50,
): Promise<number> {
  return withSystem(db, async (tx) => {
    const at = now();
    const due = await tx
      .selectFrom('outbox_failures')
      .selectAll()
      .where('dead_at', 'is', null)
      .where('next_attempt_at', '<=', new Date(at).toISOString())
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const failure of due) {
      const consumer = consumers.find((c) => c.name === failure.consumer);
      const event = await tx
        .selectFrom('domain_events')
        .selectAll()
        .where('id', '=', failure.event_id)
        .executeTakeFirstOrThrow();
      const err = consumer
        ? await isolated(tx, () => consumer.consume(tx, [event], config))
        : new Error(`no consumer named ${failure.consumer} runs here`);
      if (err === null) {
        await tx.deleteFrom('outbox_failures').where('id', '=', failure.id).execute();
        continue;
      }
      const attempts = failure.attempts + 1;
      const dead = attempts >= MAX_ATTEMPTS;
      await tx
        .updateTable('outbox_failures')
        .set({
          attempts,
          last_error: describe(err),
          last_failed_at: new Date(at).toISOString(),
          next_attempt_at: dead ? null : new Date(at + retryDelayMs(attempts, RETRY_BASE_MS)).toISOString(),
          dead_at: dead ? new Date(at).toISOString() : null,
        })
        .where('id', '=', failure.id)
        .execute();
    }
    return due.length;
  });
}
