import { sql } from 'kysely';
import type { ErasureScope } from '../../platform/db/erasure.js';
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

/** Erasure: the attachment rows of the customer's tickets go; their storage keys are returned. */
export async function eraseAttachments(tx: Tx, scope: ErasureScope) {
  const { rows } = await sql<{ storage_key: string }>`
    delete from attachments where ticket_id = any(${scope.ticketIds}::uuid[])
    returning storage_key`.execute(tx);
  return { attachments: rows.length, keys: [...new Set(rows.map((r) => r.storage_key))] };
}

/** Of these storage keys, those a row still points at (content-addressed: bytes may be shared). */
export async function keysInUse(tx: Tx, keys: string[]): Promise<Set<string>> {
  if (!keys.length) return new Set();
  const { rows } = await sql<{ key: string }>`
    select storage_key as key from attachments where storage_key = any(${keys}::text[])
    union select raw_key from email_intake where raw_key = any(${keys}::text[])`.execute(tx);
  return new Set(rows.map((r) => r.key));
}

/** Retention: attachments of one channel's tickets stored before the cutoff go; their keys are returned. */
export async function eraseAttachmentsBefore(tx: Tx, organizationId: string, channel: string, cutoff: Date) {
  const { rows } = await sql<{ storage_key: string }>`
    delete from attachments a using tickets t
    where a.ticket_id = t.id and a.organization_id = ${organizationId} and t.channel = ${channel}
      and a.created_at < ${cutoff.toISOString()}
    returning a.storage_key`.execute(tx);
  return { attachments: rows.length, keys: [...new Set(rows.map((r) => r.storage_key))] };
}
