import EmailReplyParser from 'email-reply-parser';

/**
 * What agents see of a mail: the new text without the quoted history and the signature, using
 * email-reply-parser (Crisp's, maintained, ~10 locales). The full mail stays available: the sanitised
 * HTML part is stored whole and the original .eml is kept in the attachment store.
 */
export function visibleText(text: string): string {
  const full = text.replace(/\r\n/g, '\n').trim();
  if (!full) return '';
  const reply = new EmailReplyParser().parseReply(full).trim();
  // A mail that is all quote (a forward with no words of its own) keeps its text rather than nothing.
  return reply || full;
}

export function formatBytes(n: number): string {
  if (n >= 1_048_576) return `${(n / 1_048_576).toFixed(1)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

export interface DroppedPart {
  filename: string;
  size: number;
  reason: string;
}

/** The note appended to the message text for attachments that were not stored. */
export function droppedNote(dropped: DroppedPart[]): string {
  return dropped
    .map((d) => `[Attachment "${d.filename}" (${formatBytes(d.size)}) was not stored: ${d.reason}]`)
    .join('\n');
}
