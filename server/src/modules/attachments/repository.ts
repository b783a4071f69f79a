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
