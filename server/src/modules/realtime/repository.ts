import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';

/** SQL for the event stream: the outbox read back for catch-up, and what a signal needs to know. */

const eventColumns = [
  'id',
  'organization_id',
  'vendor_id',
  'type',
  'subject_id',
  'payload',
  'created_at',
] as const;

/** Outbox rows after an id, oldest first. Row-level security leaves only the actor's vendor's rows. */
export function eventsAfter(tx: Tx, afterId: number, limit: number) {
  return tx
    .selectFrom('domain_events')
    .select(eventColumns)
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
}

/**
 * Ids of ticket events that moved a ticket away from this vendor (they belong to the new vendor, so
 * row-level security hides them). Run as the owner: returns ids and times only, never the payload.
 */
export function movedAwayAfter(
  tx: Tx,
  organizationId: string,
  vendorId: string,
  afterId: number,
  limit: number,
) {
  return tx
    .selectFrom('domain_events')
    .select(['id', 'subject_id', 'created_at'])
    .where('organization_id', '=', organizationId)
    .where('id', '>', afterId)
    .where('type', 'like', 'ticket.%')
    .where(sql<string>`payload->>'previousVendorId'`, '=', vendorId)
    .where((eb) => eb.or([eb('vendor_id', 'is', null), eb('vendor_id', '<>', vendorId)]))
    .orderBy('id')
    .limit(limit)
    .execute();
}

/** The newest outbox id (0 when empty): where a fresh client starts catching up from. */
export async function latestEventId(tx: Tx): Promise<number> {
  const row = await tx
    .selectFrom('domain_events')
    .select((eb) => eb.fn.max('id').as('id'))
    .executeTakeFirst();
  return Number(row?.id ?? 0);
}

export function displayName(tx: Tx, userId: string) {
  return tx.selectFrom('users').select('display_name').where('id', '=', userId).executeTakeFirst();
}
