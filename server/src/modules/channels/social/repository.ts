import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/transaction.js';

/** SQL for social threads: which ticket a network's conversation continues. */

/** Serialises deliveries of one conversation, so a thread opens one ticket and a message is stored once. */
export async function lockThread(tx: Tx, organizationId: string, network: string, threadId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`social:${organizationId}:${network}:${threadId}`}, 0))`.execute(
    tx,
  );
}

export function findThread(tx: Tx, organizationId: string, network: string, threadId: string) {
  return tx
    .selectFrom('social_threads')
    .select('ticket_id')
    .where('organization_id', '=', organizationId)
    .where('network', '=', network)
    .where('thread_id', '=', threadId)
    .executeTakeFirst();
}

export async function saveThread(
  tx: Tx,
  row: { organization_id: string; network: string; thread_id: string; ticket_id: string },
) {
  await tx
    .insertInto('social_threads')
    .values(row)
    .onConflict((c) =>
      c.columns(['organization_id', 'network', 'thread_id']).doUpdateSet({ ticket_id: row.ticket_id }),
    )
    .execute();
}

/** Threads of tickets, for the outbound consumer (owner transaction). */
export function threadsOfTickets(tx: Tx, ticketIds: string[]) {
  if (!ticketIds.length) return Promise.resolve([]);
  return tx
    .selectFrom('social_threads')
    .select(['ticket_id', 'network', 'thread_id', 'created_at'])
    .where('ticket_id', 'in', ticketIds)
    .orderBy('created_at', 'desc')
    .execute();
}
