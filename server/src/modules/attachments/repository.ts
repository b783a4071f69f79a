import type { NewRow } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/** SQL for stored attachments; row-level security shows a row exactly when its ticket is visible. */

export function insertAttachments(tx: Tx, rows: NewRow<'attachments'>[]) {
  if (!rows.length) return Promise.resolve([]);
  return tx.insertInto('attachments').values(rows).returning(['id']).execute();
}

export function findAttachment(tx: Tx, id: string) {
  return tx
    .selectFrom('attachments')
    .select(['id', 'ticket_id', 'message_id', 'filename', 'sniffed_content_type', 'size', 'storage_key'])
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Which of these ids are stored files of this ticket (and visible to the caller). */
export async function idsOnTicket(tx: Tx, ticketId: string, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx
    .selectFrom('attachments')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('id', 'in', ids)
    .execute();
  return new Set(rows.map((r) => r.id));
}
