import { sql } from 'kysely';
import { affected, type ErasureScope, mentions, scrubJson } from './db/erasure.js';
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

/**
 * Erasure: outbox rows keep their type, subject and time (consumers and the realtime catch-up read
 * them) and lose every copy of the erased customer's strings, e.g. a `customer.updated` change.
 */
export async function eraseEventPayloads(tx: Tx, scope: ErasureScope) {
  if (!scope.pattern) return { domain_events: 0 };
  const result = await sql`
    update domain_events set payload = ${scrubJson('payload', scope.pattern)}
    where organization_id = ${scope.organizationId} and ${mentions('payload', scope.pattern)}`.execute(tx);
  return { domain_events: affected(result) };
}
