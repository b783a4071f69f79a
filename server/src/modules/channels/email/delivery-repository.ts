import { sql } from 'kysely';
import { keysetPage } from '../../../platform/db/keyset.js';
import type { NewRow, Row } from '../../../platform/db/schema.js';
import type { Tx } from '../../../platform/db/transaction.js';
import type { CursorPosition } from '../../../platform/http/pagination.js';

/** SQL for outgoing email: the delivery queue and the development capture. */

export async function insertDeliveries(tx: Tx, rows: NewRow<'email_deliveries'>[]) {
  if (!rows.length) return;
  await tx
    .insertInto('email_deliveries')
    .values(rows)
    .onConflict((c) => c.column('message_id').doNothing())
    .execute();
}

/** Leases due deliveries to this worker and counts the attempt (see webhooks/repository claimDue). */
export async function claimDue(tx: Tx, limit: number, leaseSeconds: number) {
  const { rows } = await sql<Row<'email_deliveries'>>`
    with due as (
      select message_id from email_deliveries
      where status = 'pending' and next_attempt_at <= now() and (leased_until is null or leased_until < now())
      order by next_attempt_at limit ${limit} for update skip locked
    )
    update email_deliveries d
    set leased_until = now() + make_interval(secs => ${leaseSeconds}), attempts = d.attempts + 1,
        last_attempt_at = now(), updated_at = now()
    from due where d.message_id = due.message_id
    returning d.*`.execute(tx);
  return rows;
}

export function recordAttempt(
  tx: Tx,
  messageId: string,
  outcome: { status: 'pending' | 'sent' | 'failed'; error: string | null; retryInMs: number | null },
) {
  return tx
    .updateTable('email_deliveries')
    .set({
      status: outcome.status,
      last_error: outcome.error,
      leased_until: null,
      updated_at: sql<string>`now()`,
      ...(outcome.retryInMs !== null
        ? { next_attempt_at: sql<string>`now() + make_interval(secs => ${outcome.retryInMs / 1000})` }
        : {}),
    })
    .where('message_id', '=', messageId)
    .execute();
}

/** A failed delivery back in the queue for a fresh round of attempts. */
export function requeue(tx: Tx, messageId: string) {
  return tx
    .updateTable('email_deliveries')
    .set({
      status: 'pending',
      attempts: 0,
      next_attempt_at: sql<string>`now()`,
      leased_until: null,
      updated_at: sql<string>`now()`,
    })
    .where('message_id', '=', messageId)
    .where('status', '=', 'failed')
    .returning('message_id')
    .executeTakeFirst();
}

export async function insertCapture(tx: Tx, row: NewRow<'captured_mail'>) {
  await tx.insertInto('captured_mail').values(row).execute();
}

const captureSummary = [
  'id',
  'message_id',
  'ticket_id',
  'survey_id',
  'mail_from',
  'mail_to',
  'subject',
  'message_id_header',
  'in_reply_to',
  'created_at',
] as const;

export function listCaptured(tx: Tx, limit: number, cursor: CursorPosition | undefined) {
  return keysetPage(
    tx.selectFrom('captured_mail').select(captureSummary),
    'created_at',
    'desc',
    limit,
    cursor,
  ).execute();
}

export function findCaptured(tx: Tx, id: string) {
  return tx
    .selectFrom('captured_mail')
    .select([...captureSummary, 'raw'])
    .where('id', '=', id)
    .executeTakeFirst();
}
