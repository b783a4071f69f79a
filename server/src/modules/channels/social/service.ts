import type { z } from 'zod';
import type { Actor, Tx } from '../../../platform/db/transaction.js';
import { upsertCustomerByIdentity } from '../../customers/index.js';
import {
  findMessageByExternalId,
  getTicketNumber,
  type NewMessage,
  openTicket,
  receiveMessage,
  writerOf,
} from '../../tickets/index.js';
import * as repo from './repository.js';
import type { socialInbound } from './schemas.js';

/** A customer's message from a social bridge: one ticket per thread, one message per network id. */
export async function receiveSocialMessage(tx: Tx, actor: Actor, input: z.output<typeof socialInbound>) {
  const network = input.channel;
  const externalId = `social:${network}:${input.message_id}`;
  await repo.lockThread(tx, actor.organizationId, network, input.thread_id);
  const stored = await findMessageByExternalId(tx, actor.organizationId, externalId);
  if (stored) {
    return {
      ticket_id: stored.ticket_id,
      ticket_number: await getTicketNumber(tx, stored.ticket_id),
      created_ticket: false,
      duplicate: true,
      message: stored,
    };
  }
  const authorName = input.author.name || input.author.handle || `${network} user ${input.author.id}`;
  const customer = await upsertCustomerByIdentity(
    tx,
    actor,
    [{ kind: 'external', value: `${network}:${input.author.id}` }],
    authorName,
  );
  const thread = await repo.findThread(tx, actor.organizationId, network, input.thread_id);
  const text = input.text.trim();
  const message: NewMessage = {
    author: 'customer',
    authorCustomerId: customer.id,
    bodyText: text || '(attachment)',
    attachments: input.attachments.map((a) => ({
      name: a.filename,
      contentType: a.content_type,
      size: 0,
      url: a.url,
    })),
    channel: 'social',
    externalId,
    sentAt: input.sent_at ? new Date(input.sent_at).toISOString() : null,
  };
  // The thread's ticket, unless it is closed: then the thread starts a new one.
  const continued = thread
    ? await receiveMessage(tx, {
        organizationId: actor.organizationId,
        ticketId: thread.ticket_id,
        by: writerOf(actor),
        message,
      })
    : null;
  const result = continued
    ? { ...continued, created: false }
    : {
        ...(await openTicket(tx, {
          organizationId: actor.organizationId,
          by: writerOf(actor),
          subject: subjectFrom(text, network, input.author.handle ?? authorName),
          channel: 'social',
          customer,
          vendorId: actor.vendorId,
          message,
        })),
        created: true,
      };
  if (result.created) {
    await repo.saveThread(tx, {
      organization_id: actor.organizationId,
      network,
      thread_id: input.thread_id,
      ticket_id: result.ticket.id,
    });
  }
  return {
    ticket_id: result.ticket.id,
    ticket_number: Number(result.ticket.number),
    created_ticket: result.created,
    duplicate: false,
    message: result.message,
  };
}

/** A ticket subject from the first line of the first message. */
export function subjectFrom(text: string, network: string, author: string): string {
  const line = text.split('\n')[0]?.trim() ?? '';
  if (!line) return `${network} message from ${author}`;
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}
