import type { Actor, Tx } from '../../platform/db/transaction.js';
import { customerSummary } from '../customers/index.js';
import {
  type KnownValue,
  knownValuesOf,
  type Masking,
  maskingFor,
  maskName,
  maskText,
  sealedCustomFieldKeys,
} from '../privacy/index.js';
import { hideFields, MASKED } from './sealed-fields.js';
import { getTicket } from './service.js';

/**
 * Tickets as a masked viewer sees them (docs/privacy.md#masking): the customer's name and identities,
 * subjects, previews and message text masked unless the viewer revealed that customer. Message HTML is
 * withheld (null, the console shows the text), since masking inside markup could leave a link's
 * mailto: or a title attribute behind.
 */

/** What of the ticket's customer to look for in its text, read only when the viewer is masked. */
export async function knownOfCustomer(tx: Tx, masking: Masking, customerId: string): Promise<KnownValue[]> {
  if (!masking.masks(customerId)) return [];
  return knownValuesOf(await customerSummary(tx, customerId));
}

/**
 * A masked viewer sees the brand's sealed custom fields (the listed keys and every sealed value) as
 * "***", never opened: they are the customer's data like the subject.
 */
export function maskedTicket<
  T extends { customer_id: string; subject: string; custom_fields?: Record<string, unknown> },
>(masking: Masking, ticket: T, known: KnownValue[] = [], sealedKeys: readonly string[] = []): T {
  if (!masking.masks(ticket.customer_id)) return ticket;
  return {
    ...ticket,
    subject: maskText(ticket.subject, known),
    ...(ticket.custom_fields ? { custom_fields: hideFields(ticket.custom_fields, sealedKeys, MASKED) } : {}),
  };
}

export function maskedInboxRow<
  T extends {
    customer_id: string;
    subject: string;
    customer_name: string;
    last_message_preview: string | null;
    custom_fields: Record<string, unknown>;
  },
>(masking: Masking, row: T, sealedKeys: readonly string[] = []): T {
  if (!masking.masks(row.customer_id)) return row;
  const known = knownValuesOf({ display_name: row.customer_name, identities: [] });
  return {
    ...row,
    subject: maskText(row.subject, known),
    customer_name: maskName(row.customer_name),
    custom_fields: hideFields(row.custom_fields, sealedKeys, MASKED),
    last_message_preview:
      row.last_message_preview === null ? null : maskText(row.last_message_preview, known),
  };
}

export function maskedMessage<T extends { body_text: string; body_html: string | null }>(
  masking: Masking,
  customerId: string,
  message: T,
  known: KnownValue[],
): T {
  if (!masking.masks(customerId)) return message;
  return { ...message, body_text: maskText(message.body_text, known), body_html: null };
}

/** History entries: a subject's before and after are the customer's words. */
export function maskedEvent<T extends { field: string; before: unknown; after: unknown }>(
  masking: Masking,
  customerId: string,
  event: T,
  known: KnownValue[],
): T {
  if (!masking.masks(customerId) || event.field !== 'subject') return event;
  const mask = (v: unknown) => (typeof v === 'string' ? maskText(v, known) : v);
  return { ...event, before: mask(event.before), after: mask(event.after) };
}

/** The viewer's masking for one ticket's conversation: whose data, and what of it to look for in text. */
export async function conversationMasking(tx: Tx, actor: Actor, ticketId: string) {
  const masking = await maskingFor(tx, actor);
  if (!masking.on) return { masking, customerId: '', known: [] as KnownValue[], sealed: [] as string[] };
  const { customer_id } = await getTicket(tx, ticketId);
  return {
    masking,
    customerId: customer_id,
    known: await knownOfCustomer(tx, masking, customer_id),
    sealed: await sealedCustomFieldKeys(tx, actor.organizationId),
  };
}
