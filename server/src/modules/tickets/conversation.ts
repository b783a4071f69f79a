import type { z } from 'zod';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Invalid } from '../../platform/errors.js';
import { decodeCursor, encodeCursor, toPage } from '../../platform/http/pagination.js';
import { assertFilesOfTicket } from '../attachments/index.js';
import { historySeenByReader } from '../timeline/index.js';
import { addMessage as writeMessage } from './intake.js';
import * as repo from './repository.js';
import type { messageCreate } from './schemas.js';
import { getTicket } from './service.js';

/** A ticket's conversation (messages) and history (events). Both are visible exactly when the ticket is. */

export async function listMessages(tx: Tx, ticketId: string, limit: number, cursor: string | undefined) {
  await getTicket(tx, ticketId);
  const rows = await repo.listMessages(tx, ticketId, limit, decodeCursor(cursor));
  return toPage(rows, limit, (m) => m.created_at);
}

/**
 * A staff reply or internal note. The first public reply stamps first_response_at, which the SLA clock
 * reads; the ticket row is locked so two agents replying at once cannot both count as first.
 */
export async function addMessage(
  tx: Tx,
  actor: Actor,
  ticketId: string,
  input: z.output<typeof messageCreate>,
) {
  const ticket = await getTicket(tx, ticketId, { lock: true });
  if (ticket.status === 'closed' && actor.role !== 'brand_admin') {
    throw new Invalid('A closed ticket takes no new messages', [
      { path: 'params.id', message: 'ticket is closed' },
    ]);
  }
  await assertFilesOfTicket(tx, ticketId, input.attachments, 'body.attachments');
  const firstResponse = input.visibility === 'public' && !ticket.first_response_at;
  const touched = await repo.touchTicket(tx, ticketId, firstResponse);
  const { message } = await writeMessage(tx, {
    organizationId: actor.organizationId,
    ticket,
    by: { kind: 'user', userId: actor.userId },
    message: {
      author: 'agent',
      authorUserId: actor.userId,
      visibility: input.visibility,
      bodyText: input.body_text,
      bodyHtml: input.body_html,
      attachments: input.attachments,
    },
    firstResponse,
    history: firstResponse
      ? [{ field: 'first_response_at', before: null, after: touched.first_response_at }]
      : [],
  });
  return message;
}

/** History oldest first; the cursor is the last event id seen. */
export async function listEvents(tx: Tx, ticketId: string, limit: number, cursor: string | undefined) {
  await getTicket(tx, ticketId);
  const after = decodeCursor(cursor);
  const afterId = after ? Number(after.id) : undefined;
  if (afterId !== undefined && !Number.isSafeInteger(afterId)) {
    throw new Invalid('The cursor is not one this API issued', [
      { path: 'query.cursor', message: 'malformed cursor' },
    ]);
  }
  const rows = await repo.listEvents(tx, ticketId, limit, afterId);
  // Ids of rows the reader may not see (the previous vendor's site, team, agent …) are masked.
  const items = await historySeenByReader(tx, rows.slice(0, limit));
  const last = items[items.length - 1];
  return {
    items,
    nextCursor: rows.length > limit && last ? encodeCursor({ value: last.id, id: String(last.id) }) : null,
  };
}
