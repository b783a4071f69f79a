import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';

/** SQL for ticket activity rows: one per user on a ticket, counted until it expires. */

export function ticketVendor(tx: Tx, ticketId: string) {
  return tx.selectFrom('tickets').select(['id', 'vendor_id']).where('id', '=', ticketId).executeTakeFirst();
}

export function displayName(tx: Tx, userId: string) {
  return tx.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
}

/** Drops the ticket's expired rows (anyone who sees the ticket may sweep them). */
export async function sweep(tx: Tx, ticketId: string) {
  await tx
    .deleteFrom('ticket_activity')
    .where('ticket_id', '=', ticketId)
    .where('expires_at', '<', sql<string>`now()`)
    .execute();
}

export async function upsert(
  tx: Tx,
  v: {
    ticketId: string;
    userId: string;
    organizationId: string;
    state: 'viewing' | 'typing';
    ttlSeconds: number;
  },
) {
  const expires = sql<string>`now() + make_interval(secs => ${v.ttlSeconds})`;
  await tx
    .insertInto('ticket_activity')
    .values({
      ticket_id: v.ticketId,
      user_id: v.userId,
      organization_id: v.organizationId,
      state: v.state,
      expires_at: expires,
    })
    .onConflict((oc) =>
      oc
        .columns(['ticket_id', 'user_id'])
        .doUpdateSet({ state: v.state, updated_at: sql`now()`, expires_at: expires }),
    )
    .execute();
}

export async function remove(tx: Tx, ticketId: string, userId: string) {
  await tx
    .deleteFrom('ticket_activity')
    .where('ticket_id', '=', ticketId)
    .where('user_id', '=', userId)
    .execute();
}

export function current(tx: Tx, ticketId: string) {
  return tx
    .selectFrom('ticket_activity as a')
    .leftJoin('users as u', 'u.id', 'a.user_id')
    .select(['a.user_id', 'a.state', 'a.updated_at', 'a.expires_at'])
    .select((eb) => eb.fn.coalesce('u.display_name', sql<string>`''`).as('display_name'))
    .where('a.ticket_id', '=', ticketId)
    .where('a.expires_at', '>', sql<string>`now()`)
    .orderBy('a.updated_at', 'desc')
    .execute();
}
