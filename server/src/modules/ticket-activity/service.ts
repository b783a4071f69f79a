import type { Actor, Tx } from '../../platform/db/transaction.js';
import { NotFound } from '../../platform/errors.js';
import type { EphemeralSignal } from '../../platform/realtime/event-bus.js';
import * as repo from './repository.js';
import { ACTIVITY_TTL_SECONDS } from './schemas.js';

/**
 * Collision signals: who is viewing or typing on a ticket. The state lives in short-lived rows (so any
 * server process answers "who is here"), and each change goes out on the event bus as the same
 * ephemeral signal the realtime socket sends (ticket.agent_viewing / _typing / _stopped), which the
 * audience rule delivers only to users who may see the ticket.
 */

const SIGNAL = {
  viewing: 'ticket.agent_viewing',
  typing: 'ticket.agent_typing',
  left: 'ticket.agent_stopped',
} as const;

export async function currentActivity(tx: Tx, ticketId: string) {
  if (!(await repo.ticketVendor(tx, ticketId))) throw new NotFound('Ticket', ticketId);
  return { items: await repo.current(tx, ticketId) };
}

/**
 * Stores the actor's state on a ticket they can see and returns the ticket's vendor (for the signal);
 * a ticket the actor cannot see is a 404. The realtime socket's viewing/typing messages use this too.
 */
export async function storeActivity(
  tx: Tx,
  actor: Actor,
  ticketId: string,
  state: 'viewing' | 'typing' | 'left',
) {
  const ticket = await repo.ticketVendor(tx, ticketId);
  if (!ticket) throw new NotFound('Ticket', ticketId);
  await repo.sweep(tx, ticketId);
  if (state === 'left') await repo.remove(tx, ticketId, actor.userId);
  else
    await repo.upsert(tx, {
      ticketId,
      userId: actor.userId,
      organizationId: actor.organizationId,
      state,
      ttlSeconds: ACTIVITY_TTL_SECONDS,
    });
  return ticket;
}

/** Records the actor's state on the ticket; returns who is there now and the signal to publish. */
export async function recordActivity(
  tx: Tx,
  actor: Actor,
  ticketId: string,
  state: 'viewing' | 'typing' | 'left',
): Promise<{ items: Awaited<ReturnType<typeof repo.current>>; signal: EphemeralSignal }> {
  const ticket = await storeActivity(tx, actor, ticketId, state);
  const name = (await repo.displayName(tx, actor.userId))?.display_name ?? '';
  return {
    items: await repo.current(tx, ticketId),
    signal: {
      organization_id: actor.organizationId,
      vendor_id: ticket.vendor_id,
      type: SIGNAL[state],
      subject_id: ticketId,
      payload: {
        ticket_id: ticketId,
        user_id: actor.userId,
        display_name: name,
        state,
        typing: state === 'typing',
      },
    },
  };
}
