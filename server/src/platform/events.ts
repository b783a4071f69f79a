import type { Tx } from './db/transaction.js';

/**
 * Writes a domain event into the outbox in the caller's transaction, so it exists exactly when the
 * change it describes committed. Jobs, realtime pushes and rollups read the outbox, never the request.
 */
export async function emit(
  tx: Tx,
  event: {
    organizationId: string;
    vendorId: string | null;
    type: string;
    subjectId: string;
    payload?: Record<string, unknown>;
  },
) {
  await tx
    .insertInto('domain_events')
    .values({
      organization_id: event.organizationId,
      vendor_id: event.vendorId,
      type: event.type,
      subject_id: event.subjectId,
      payload: JSON.stringify(event.payload ?? {}),
    })
    .execute();
}
