import type { NewRow } from '../../../platform/db/schema.js';
import type { OutboxConsumer } from '../../../platform/outbox/dispatcher.js';
import { recordMessageDelivery, replyContexts } from '../../tickets/index.js';
import { externalIdOf, replyMessageId } from './compose.js';
import * as repo from './delivery-repository.js';
import { replyGoesByEmail } from './reply-channel.js';

/**
 * Queues every public agent reply on an email-reachable ticket for sending, in the dispatcher's
 * transaction: the message turns pending and gets its Message-ID before anything is sent, so a
 * resend after a crash carries the same id and the customer's client shows it once.
 */
export const emailConsumer: OutboxConsumer = {
  name: 'email-out',
  async consume(tx, events, config) {
    const replyIds = events
      .filter(
        (e) =>
          e.type === 'message.created' &&
          e.payload.authorKind === 'agent' &&
          e.payload.visibility === 'public',
      )
      .map((e) => e.subject_id);
    const rows: NewRow<'email_deliveries'>[] = [];
    for (const reply of await replyContexts(tx, replyIds)) {
      const { message, ticket, customerEmails } = reply;
      if (message.delivery_status !== null) continue; // another channel already took it
      const route = replyGoesByEmail(ticket.channel, message.channel, customerEmails.length > 0);
      if (route === 'no') continue;
      if (route === 'no-address') {
        await recordMessageDelivery(tx, message.id, {
          status: 'failed',
          channel: 'email',
          error: 'The customer has no email address to reply to',
        });
        continue;
      }
      rows.push({
        message_id: message.id,
        organization_id: message.organization_id,
        ticket_id: ticket.id,
        recipient: customerEmails[0]!,
      });
      await recordMessageDelivery(tx, message.id, {
        status: 'pending',
        channel: 'email',
        externalId: externalIdOf(replyMessageId(ticket.id, message.id, config.TANDEM_MAIL_FROM)),
      });
    }
    await repo.insertDeliveries(tx, rows);
  },
};
