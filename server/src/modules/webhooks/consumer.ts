import type { NewRow } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { OutboxConsumer, OutboxEvent } from '../../platform/outbox/dispatcher.js';
import { payloadForVendor } from '../realtime/index.js';
import { SOCIAL_REPLY, wants } from './matching.js';
import * as repo from './repository.js';

/** The JSON every webhook receives for a domain event (social replies add their own fields to data). */
export function eventBody(event: OutboxEvent, type: string, data: Record<string, unknown>) {
  return {
    event_id: Number(event.id),
    type,
    created_at: new Date(event.created_at).toISOString(),
    organization_id: event.organization_id,
    vendor_id: event.vendor_id,
    subject_id: event.subject_id,
    data,
  };
}

/**
 * Fans committed ticket and message events out to the subscriptions that want them, as pending
 * deliveries in the dispatcher's transaction. Message events carry the message itself.
 */
export const webhookConsumer: OutboxConsumer = {
  name: 'webhooks',
  async consume(tx, events) {
    const subscriptions = await repo.activeSubscriptions(tx, [
      ...new Set(events.map((e) => e.organization_id)),
    ]);
    if (!subscriptions.length) return;
    const messageIds = events.filter((e) => e.type.startsWith('message.')).map((e) => e.subject_id);
    const messages = new Map((await repo.messagesById(tx, messageIds)).map((m) => [m.id, m]));
    const rows: NewRow<'webhook_deliveries'>[] = [];
    for (const event of events) {
      // SLA warnings and breaches go out only when their policy asks for a webhook.
      if (event.payload?.webhook === false) continue;
      const targets = subscriptions.filter(
        (s) => s.organization_id === event.organization_id && wants(s, event),
      );
      if (!targets.length) continue;
      const message = messages.get(event.subject_id);
      const data = { ...event.payload, ...(message ? { message } : {}) };
      const body = JSON.stringify(eventBody(event, event.type, data));
      // A vendor's subscription is a vendor's reader: other vendors' ids are masked, as on the socket.
      const vendorBody = (vendorId: string) => {
        const seen = payloadForVendor(data, vendorId);
        return seen === data ? body : JSON.stringify(eventBody(event, event.type, seen));
      };
      for (const sub of targets) {
        rows.push({
          organization_id: event.organization_id,
          subscription_id: sub.id,
          vendor_id: event.vendor_id,
          event_id: event.id,
          event_type: event.type,
          body: sub.vendor_id === null ? body : vendorBody(sub.vendor_id),
        });
      }
    }
    await repo.insertDeliveries(tx, rows);
  },
};

/**
 * Queues a social reply to every bridge subscribed to its network (and allowed to see its vendor).
 * Returns how many bridges will receive it: 0 means nobody can deliver it.
 */
export async function queueSocialReply(
  tx: Tx,
  reply: { event: OutboxEvent; network: string; messageId: string; data: Record<string, unknown> },
): Promise<number> {
  const { event } = reply;
  const subscriptions = await repo.activeSubscriptions(tx, [event.organization_id]);
  const targets = subscriptions.filter((s) =>
    wants(s, { type: SOCIAL_REPLY, vendor_id: event.vendor_id, network: reply.network }),
  );
  const body = JSON.stringify(eventBody(event, SOCIAL_REPLY, reply.data));
  await repo.insertDeliveries(
    tx,
    targets.map((sub) => ({
      organization_id: event.organization_id,
      subscription_id: sub.id,
      vendor_id: event.vendor_id,
      event_id: event.id,
      event_type: SOCIAL_REPLY,
      message_id: reply.messageId,
      body,
    })),
  );
  return targets.length;
}
