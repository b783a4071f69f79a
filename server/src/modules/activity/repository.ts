import type { ActivityState } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/** SQL for console activity spans. */

export function visibleTickets(tx: Tx, ids: string[]) {
  return tx.selectFrom('tickets').select('id').where('id', 'in', ids).execute();
}

/** The agent's span on the ticket that began last at or before `at` (a replayed beat falls inside it). */
export function spanBefore(tx: Tx, agentId: string, ticketId: string, at: string) {
  return tx
    .selectFrom('activity_spans')
    .selectAll()
    .where('agent_id', '=', agentId)
    .where('ticket_id', '=', ticketId)
    .where('started_at', '<=', at)
    .orderBy('started_at', 'desc')
    .limit(1)
    .forUpdate()
    .executeTakeFirst();
}

export function extendSpan(tx: Tx, id: number, at: string) {
  return tx.updateTable('activity_spans').set({ last_at: at }).where('id', '=', id).execute();
}

export function startSpan(
  tx: Tx,
  span: {
    organizationId: string;
    vendorId: string | null;
    agentId: string;
    ticketId: string;
    state: ActivityState;
    at: string;
  },
) {
  return tx
    .insertInto('activity_spans')
    .values({
      organization_id: span.organizationId,
      vendor_id: span.vendorId,
      agent_id: span.agentId,
      ticket_id: span.ticketId,
      state: span.state,
      started_at: span.at,
      last_at: span.at,
    })
    .execute();
}
