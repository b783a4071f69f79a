import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Config } from '../config.js';
import type { DB, Row } from '../db/schema.js';
import { type Tx, withSystem } from '../db/transaction.js';

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

/**
 * Claims the oldest undispatched events (SKIP LOCKED, so concurrent workers take disjoint batches),
 * lets every consumer fan them out and marks them dispatched, all in one owner transaction.
 * Returns how many events it dispatched (0: the outbox is empty).
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
    for (const consumer of consumers) await consumer.consume(tx, events, config);
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
