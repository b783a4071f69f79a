import type { Tx } from '../../platform/db/transaction.js';
import { type FieldChange, planTicketChange } from './changes.js';
import * as repo from './repository.js';
import { getTicket } from './service.js';

/**
 * A change the system makes to a ticket on its own (an SLA breach raising the priority, moving the
 * ticket to another queue or a backup vendor): the same plan and history as a user's PATCH, recorded
 * with actor_kind 'system', plus the caller's extra outbox events (e.g. ticket.requeued).
 * Runs as the owner (the breach scanner), so it is never an actor's row-level view.
 */
export async function changeTicketAsSystem(
  tx: Tx,
  organizationId: string,
  id: string,
  fields: Parameters<typeof planTicketChange>[1],
  extraEvents: { type: string; payload: Record<string, unknown> }[] = [],
) {
  const current = await getTicket(tx, id, { lock: true });
  const now = new Date().toISOString();
  const { values, changes } = planTicketChange(current, fields, now);
  if (!changes.length) return { ticket: current, changes: [] as FieldChange[] };
  const { custom_fields, ...rest } = values;
  const ticket = await repo.updateTicket(tx, id, {
    ...rest,
    ...(custom_fields ? { custom_fields: JSON.stringify(custom_fields) } : {}),
    updated_at: now,
  });
  await repo.recordTicketWrite(tx, {
    organizationId,
    ticketId: id,
    vendorId: ticket!.vendor_id,
    actorUserId: null,
    actorKind: 'system',
    history: changes,
    outbox: [
      {
        type: 'ticket.updated',
        subjectId: id,
        payload: {
          changes: changes.map((c) => c.field),
          status: ticket!.status,
          previousVendorId: current.vendor_id,
        },
      },
      ...extraEvents.map((e) => ({ type: e.type, subjectId: id, payload: e.payload })),
    ],
  });
  return { ticket: ticket!, changes };
}

/**
 * A deactivated agent's tickets not yet solved go back to routing: each loses its agent (keeping its
 * vendor, site and team) through the same system change as above, whose `ticket.updated` naming
 * agent_id makes the routing consumer queue the new and open ones again. Returns their ids.
 */
export async function returnAgentTickets(tx: Tx, organizationId: string, agentId: string, reason: string) {
  const ids = await repo.openTicketIdsOfAgent(tx, agentId);
  for (const id of ids)
    await changeTicketAsSystem(tx, organizationId, id, { agent_id: null }, [
      { type: 'ticket.requeued', payload: { reason, previousAgentId: agentId } },
    ]);
  return ids;
}
