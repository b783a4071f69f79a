import type { Tx } from '../../platform/db/transaction.js';
import * as repo from './repository.js';
import { messageOut } from './service.js';

/** Reads channels need before they write: which ticket a reply belongs to, whether a message is stored. */

/** The ticket a reply belongs to, by the channel ids of the messages it answers. */
export function findTicketByMessageExternalIds(tx: Tx, organizationId: string, externalIds: string[]) {
  if (!externalIds.length) return Promise.resolve(undefined);
  return repo.findTicketByMessageExternalIds(tx, organizationId, externalIds);
}

export function findTicketsByIds(tx: Tx, organizationId: string, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return repo.findTicketsByIds(tx, organizationId, ids);
}

export const findTicketByNumber = repo.findTicketByNumber;

/** The message already stored under this channel id, if the actor can see it: a redelivery is stored once. */
export async function findMessageByExternalId(tx: Tx, organizationId: string, externalId: string) {
  const row = await repo.findMessageByExternalId(tx, organizationId, externalId);
  return row ? messageOut(row) : null;
}

export async function getTicketNumber(tx: Tx, ticketId: string) {
  const ticket = await repo.findTicket(tx, ticketId);
  return Number(ticket?.number ?? 0);
}
