import { sql } from 'kysely';
import { affected, type ErasureScope, mentions, scrubJson } from '../../../platform/db/erasure.js';
import type { CallEvent, NewRow } from '../../../platform/db/schema.js';
import type { Tx } from '../../../platform/db/transaction.js';
import type { CallRecord, IncomingEvent } from './call-record.js';

/** SQL for calls and their CTI events. A call is visible exactly when its ticket is (row-level security). */

/** Serialises events of one call across requests and processes until the transaction ends. */
export async function lockCall(tx: Tx, organizationId: string, callId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`call:${organizationId}:${callId}`}, 0))`.execute(
    tx,
  );
}

export function findCall(tx: Tx, organizationId: string, callId: string) {
  return tx
    .selectFrom('calls')
    .selectAll()
    .where('organization_id', '=', organizationId)
    .where('call_id', '=', callId)
    .executeTakeFirst();
}

export function insertCall(tx: Tx, values: NewRow<'calls'>) {
  return tx.insertInto('calls').values(values).returningAll().executeTakeFirstOrThrow();
}

export function updateCall(tx: Tx, id: string, record: CallRecord) {
  return tx
    .updateTable('calls')
    .set({ ...record, updated_at: sql<string>`date_trunc('milliseconds', now())` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Records the event unless this call already has one of this type; true when it is new. */
export async function insertCallEvent(
  tx: Tx,
  values: {
    callRowId: string;
    organizationId: string;
    event: CallEvent;
    occurredAt: string;
    payload: IncomingEvent;
  },
) {
  const row = await tx
    .insertInto('call_events')
    .values({
      call_row_id: values.callRowId,
      organization_id: values.organizationId,
      event: values.event,
      occurred_at: values.occurredAt,
      payload: JSON.stringify(values.payload),
    })
    .onConflict((oc) => oc.columns(['call_row_id', 'event']).doNothing())
    .returning('event')
    .executeTakeFirst();
  return row !== undefined;
}

export async function callEvents(tx: Tx, callRowId: string): Promise<IncomingEvent[]> {
  const rows = await tx
    .selectFrom('call_events')
    .select('payload')
    .where('call_row_id', '=', callRowId)
    .execute();
  return rows.map((r) => r.payload as unknown as IncomingEvent);
}

/**
 * Erasure: the numbers on the customer's calls go (call rows keep their times for handle time and
 * service level); the CTI events lose their number fields and any other copy of the customer's strings.
 */
export async function eraseCalls(tx: Tx, scope: ErasureScope) {
  const calls = await sql<{ id: string }>`
    update calls set caller_number = null, dialled_number = null
    where customer_id = any(${scope.customerIds}::uuid[]) or ticket_id = any(${scope.ticketIds}::uuid[])
    returning id`.execute(tx);
  const ids = calls.rows.map((r) => r.id);
  const numbers = await sql`
    update call_events set payload = payload - 'caller_number' - 'dialled_number'
    where call_row_id = any(${ids}::uuid[])`.execute(tx);
  if (scope.pattern) {
    await sql`
      update call_events set payload = ${scrubJson('payload', scope.pattern)}
      where call_row_id = any(${ids}::uuid[]) and ${mentions('payload', scope.pattern)}`.execute(tx);
  }
  return { calls: ids.length, call_events: affected(numbers) };
}
