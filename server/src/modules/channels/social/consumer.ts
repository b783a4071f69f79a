import type { OutboxConsumer } from '../../../platform/outbox/dispatcher.js';
import { recordMessageDelivery, replyContexts } from '../../tickets/index.js';
import { queueSocialReply } from '../../webhooks/index.js';
import * as repo from './repository.js';

/**
 * Sends agents' public replies on social tickets back to the bridge for the thread's network, as a
 * social.reply webhook delivery written in the dispatcher's transaction. With no bridge subscribed,
 * the reply fails visibly instead of vanishing.
 */
export const socialConsumer: OutboxConsumer = {
  name: 'social-out',
  async consume(tx, events) {
    const replies = events.filter(
      (e) =>
        e.type === 'message.created' && e.payload.authorKind === 'agent' && e.payload.visibility === 'public',
    );
    if (!replies.length) return;
    const contexts = new Map(
      (
        await replyContexts(
          tx,
          replies.map((e) => e.subject_id),
        )
      ).map((c) => [c.message.id, c]),
    );
    const socialTickets = [...contexts.values()]
      .filter(
        (c) => (c.message.channel ?? c.ticket.channel) === 'social' && c.message.delivery_status === null,
      )
      .map((c) => c.ticket.id);
    const threads = await repo.threadsOfTickets(tx, socialTickets);
    for (const event of replies) {
      const reply = contexts.get(event.subject_id);
      if (!reply || !socialTickets.includes(reply.ticket.id)) continue;
      const thread = threads.find((t) => t.ticket_id === reply.ticket.id);
      if (!thread) {
        await recordMessageDelivery(tx, reply.message.id, {
          status: 'failed',
          channel: 'social',
          error: 'This ticket has no social thread to reply to',
        });
        continue;
      }
      const bridges = await queueSocialReply(tx, {
        event,
        network: thread.network,
        messageId: reply.message.id,
        data: {
          network: thread.network,
          thread_id: thread.thread_id,
          ticket_id: reply.ticket.id,
          ticket_number: Number(reply.ticket.number),
          agent_name: reply.authorName,
          message: {
            id: reply.message.id,
            body_text: reply.message.body_text,
            attachments: reply.message.attachments,
            created_at: new Date(reply.message.created_at).toISOString(),
          },
        },
      });
      await recordMessageDelivery(
        tx,
        reply.message.id,
        bridges
          ? { status: 'pending', channel: 'social' }
          : {
              status: 'failed',
              channel: 'social',
              error: `No webhook subscribed to social.reply for ${thread.network}; add one and retry`,
            },
      );
    }
  },
};
