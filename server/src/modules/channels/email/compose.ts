/**
 * How an agent reply is addressed so the customer's mail client threads it: pure, so the header rules
 * are tested as a table. The inbound side recognises our own Message-ID format to find the ticket.
 */

/** The bare address of a From setting like "Brand Support <support@brand.example>". */
export function addressOf(from: string): string {
  const angle = /<([^<>]+)>\s*$/.exec(from);
  return (angle?.[1] ?? from).trim();
}

export function domainOf(from: string): string {
  const address = addressOf(from);
  return address.slice(address.lastIndexOf('@') + 1).toLowerCase();
}

/** `<tandem.{ticketId}.{messageId}@{domain}>`, the id of every reply Tandem sends. */
export function replyMessageId(ticketId: string, messageId: string, from: string): string {
  return `<tandem.${ticketId}.${messageId}@${domainOf(from)}>`;
}

/** A stored channel id ('email:<id>' or 'email:id') as a Message-ID header value with angle brackets. */
export function headerId(externalId: string): string {
  const bare = externalId
    .replace(/^email:/, '')
    .trim()
    .replace(/^<|>$/g, '');
  return `<${bare}>`;
}

/** The channel id a sent reply is stored under: 'email:' and the Message-ID without brackets. */
export function externalIdOf(messageIdHeader: string): string {
  return `email:${messageIdHeader.replace(/^<|>$/g, '')}`;
}

/** "Re: <subject> [#<number>]", without piling up Re: prefixes or repeating the ticket reference. */
export function replySubject(subject: string, ticketNumber: number): string {
  let base = subject.trim();
  while (/^(re|aw|sv|antw|fwd?)\s*:\s*/i.test(base)) base = base.replace(/^(re|aw|sv|antw|fwd?)\s*:\s*/i, '');
  const reference = `[#${ticketNumber}]`;
  base = base
    .replace(reference, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return `Re: ${base || '(no subject)'} ${reference}`;
}

const MAX_REFERENCES = 20;

/**
 * Threading headers from the ticket's earlier email ids (oldest first, both directions): In-Reply-To is
 * the customer's latest mail; References is the chain, trimmed to the first id and the latest ones.
 */
export function threadingHeaders(earlier: Array<{ external_id: string | null; author_kind: string }>): {
  inReplyTo: string | null;
  references: string[];
} {
  const ids = earlier
    .filter((m) => m.external_id)
    .map((m) => ({ id: headerId(m.external_id!), customer: m.author_kind === 'customer' }));
  const fromCustomer = ids.filter((m) => m.customer);
  const inReplyTo = fromCustomer[fromCustomer.length - 1]?.id ?? null;
  let references = [...new Set(ids.map((m) => m.id))];
  if (references.length > MAX_REFERENCES) {
    references = [references[0]!, ...references.slice(-(MAX_REFERENCES - 1))];
  }
  return { inReplyTo, references };
}
