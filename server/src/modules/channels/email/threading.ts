/**
 * Which ticket a mail continues, from its headers and subject. Pure parsing; the lookups are in intake.
 */

const MESSAGE_ID = /<[^<>\s]+>/g;

/** Message-IDs the mail answers (In-Reply-To first, then References newest first), in <…> form. */
export function referencedMessageIds(
  inReplyTo: string | undefined,
  references: string | string[] | undefined,
): string[] {
  const refs =
    (Array.isArray(references) ? references.join(' ') : (references ?? '')).match(MESSAGE_ID) ?? [];
  const ids = [...(inReplyTo?.match(MESSAGE_ID) ?? []), ...refs.reverse()];
  return [...new Set(ids)].slice(0, 50);
}

/** Our own outgoing Message-IDs are <tandem.{ticketId}.{messageId}@domain>; the ticket ids in them. */
const TANDEM_ID = /^<tandem\.([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\.[^@>]+@[^>]+>$/i;

export function tandemTicketIds(messageIds: string[]): string[] {
  const ids = messageIds.map((id) => TANDEM_ID.exec(id)?.[1]?.toLowerCase()).filter((id) => id !== undefined);
  return [...new Set(ids)];
}

/** The ticket number of a "[#1234]" reference in the subject, or null. */
export function subjectTicketNumber(subject: string | undefined): number | null {
  const match = /\[#(\d{1,15})\]/.exec(subject ?? '');
  if (!match) return null;
  const n = Number(match[1]);
  return Number.isSafeInteger(n) && n > 0 ? n : null;
}

/** The Message-ID as stored in messages.external_id: 'email:<id@host>'. */
export function emailExternalId(messageId: string): string {
  const id = messageId.trim();
  return `email:${id.startsWith('<') ? id : `<${id}>`}`;
}
