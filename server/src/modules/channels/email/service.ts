import type { z } from 'zod';
import type { Tx } from '../../../platform/db/transaction.js';
import { NotFound } from '../../../platform/errors.js';
import { decodeCursor, toPage } from '../../../platform/http/pagination.js';
import * as repo from './delivery-repository.js';
import type { capturedMailQuery } from './schemas.js';

/** The development mail capture, read by brand admins (row-level security hides it from vendors). */

const iso = (v: string) => new Date(v).toISOString();

export async function listCapturedMail(tx: Tx, query: z.output<typeof capturedMailQuery>) {
  const rows = await repo.listCaptured(tx, query.limit, decodeCursor(query.cursor));
  const page = toPage(rows, query.limit, (m) => m.created_at);
  return {
    items: page.items.map((m) => ({ ...m, created_at: iso(m.created_at) })),
    nextCursor: page.nextCursor,
  };
}

export async function getCapturedMail(tx: Tx, id: string) {
  const row = await repo.findCaptured(tx, id);
  if (!row) throw new NotFound('Captured mail', id);
  return { ...row, created_at: iso(row.created_at) };
}

/** Queues a failed email reply again; false when the message never went by email. */
export async function retryEmail(tx: Tx, messageId: string) {
  return Boolean(await repo.requeue(tx, messageId));
}
