import { sql } from 'kysely';
import type { Channel } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/**
 * What outbound channels (email, social bridges) need from a ticket's conversation: the reply with its
 * ticket and customer addresses, and a place to record whether the channel has taken it. Run by the
 * worker as the owner; nothing here is shown to a user directly.
 */

export interface ReplyContext {
  message: {
    id: string;
    ticket_id: string;
    organization_id: string;
    author_kind: 'customer' | 'agent' | 'system';
    author_user_id: string | null;
    visibility: 'public' | 'internal';
    body_text: string;
    body_html: string | null;
    attachments: unknown;
    channel: Channel | null;
    external_id: string | null;
    delivery_status: 'pending' | 'sent' | 'failed' | null;
    created_at: string;
  };
  ticket: {
    id: string;
    number: number;
    subject: string;
    channel: Channel;
    vendor_id: string | null;
    customer_id: string;
  };
  /** The customer's email addresses, oldest identity first. */
  customerEmails: string[];
  /** The author's display name, for the From name of a reply. */
  authorName: string | null;
}

/** Replies (by message id) with their ticket and customer emails, in one round trip. */
export async function replyContexts(tx: Tx, messageIds: string[]): Promise<ReplyContext[]> {
  if (!messageIds.length) return [];
  const { rows } = await sql<ReplyContext>`
    select to_jsonb(m) - 'organization_id' || jsonb_build_object('organization_id', m.organization_id) as message,
           jsonb_build_object('id', t.id, 'number', t.number, 'subject', t.subject, 'channel', t.channel,
                              'vendor_id', t.vendor_id, 'customer_id', t.customer_id) as ticket,
           coalesce((select array_agg(i.value order by i.created_at) from customer_identities i
                     where i.customer_id = t.customer_id and i.kind = 'email'), '{}') as "customerEmails",
           (select u.display_name from users u where u.id = m.author_user_id) as "authorName"
    from messages m join tickets t on t.id = m.ticket_id
    where m.id = any(${messageIds}::uuid[])`.execute(tx);
  return rows;
}

/** The channel ids ('email:…') of a ticket's messages written before `before`, oldest first. */
export async function emailIdsBefore(tx: Tx, ticketId: string, before: string) {
  return tx
    .selectFrom('messages')
    .select(['external_id', 'author_kind'])
    .where('ticket_id', '=', ticketId)
    .where('external_id', 'like', 'email:%')
    .where('created_at', '<=', before)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Records where a reply stands with its channel; the ticket's message list shows it. */
export async function recordMessageDelivery(
  tx: Tx,
  messageId: string,
  outcome: {
    status: 'pending' | 'sent' | 'failed';
    error?: string | null;
    channel?: Channel;
    externalId?: string;
  },
) {
  await tx
    .updateTable('messages')
    .set({
      delivery_status: outcome.status,
      delivery_error: outcome.error ?? null,
      // The first bridge or relay to take it sets the time; a later one does not move it.
      delivered_at: outcome.status === 'sent' ? sql<string>`coalesce(delivered_at, now())` : null,
      ...(outcome.channel ? { channel: outcome.channel } : {}),
      ...(outcome.externalId ? { external_id: outcome.externalId } : {}),
    })
    .where('id', '=', messageId)
    .execute();
}

/** A message's delivery state, if the actor can see the message. */
export function messageDelivery(tx: Tx, messageId: string) {
  return tx
    .selectFrom('messages')
    .select(['id', 'ticket_id', 'channel', 'delivery_status', 'delivery_error', 'delivered_at'])
    .where('id', '=', messageId)
    .executeTakeFirst();
}
