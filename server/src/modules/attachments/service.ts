import type { NewRow } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import type { AttachmentStore } from '../../platform/storage/attachment-store.js';
import { sniffContentType } from './content-type.js';
import * as repo from './repository.js';

/**
 * Attachments: bytes go to the attachment store (content-addressed), a row ties them to a message.
 * Bytes are stored before the row's transaction commits; a rollback leaves an unreferenced file,
 * which costs disk but never exposes anything (access is by row).
 */

export interface StoredFile {
  /** Chosen before the message is written, so the message can list it. */
  id: string;
  filename: string;
  declaredContentType: string;
  sniffedContentType: string | null;
  size: number;
  sha256: string;
  storageKey: string;
}

export async function storeFile(
  store: AttachmentStore,
  file: { id: string; filename: string; contentType: string; bytes: Uint8Array },
): Promise<StoredFile> {
  const [put, sniffed] = await Promise.all([store.put(file.bytes), sniffContentType(file.bytes)]);
  return {
    id: file.id,
    filename: file.filename,
    declaredContentType: file.contentType,
    sniffedContentType: sniffed,
    size: put.size,
    sha256: put.sha256,
    storageKey: put.key,
  };
}

export async function recordAttachments(
  tx: Tx,
  where: { organizationId: string; ticketId: string; messageId: string },
  files: StoredFile[],
) {
  const rows: NewRow<'attachments'>[] = files.map((f) => ({
    id: f.id,
    organization_id: where.organizationId,
    ticket_id: where.ticketId,
    message_id: where.messageId,
    filename: f.filename,
    declared_content_type: f.declaredContentType,
    sniffed_content_type: f.sniffedContentType,
    size: f.size,
    sha256: f.sha256,
    storage_key: f.storageKey,
  }));
  await repo.insertAttachments(tx, rows);
}

/** The attachment row if the actor may see its ticket; another vendor's is as missing as a wrong id. */
export async function getAttachment(tx: Tx, id: string) {
  const row = await repo.findAttachment(tx, id);
  if (!row) throw new NotFound('Attachment', id);
  return row;
}

/**
 * A message written through the API may point at files already on its ticket, never at another
 * ticket's (which the reader could then be offered) or at a file that does not exist.
 */
export async function assertFilesOfTicket(
  tx: Tx,
  ticketId: string | null,
  attachments: readonly { id?: string | undefined }[],
  path: string,
) {
  const ids = attachments.map((a) => a.id).filter((id): id is string => Boolean(id));
  if (!ids.length) return;
  const known = ticketId ? await repo.idsOnTicket(tx, ticketId, ids) : new Set<string>();
  const bad = attachments.findIndex((a) => a.id && !known.has(a.id));
  if (bad >= 0)
    throw new Invalid('An attachment is not a file of this ticket', [
      { path: `${path}.${bad}.id`, message: 'not a file of this ticket' },
    ]);
}
