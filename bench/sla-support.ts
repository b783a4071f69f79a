import type { Kysely } from 'kysely';
import * as repo from '../server/src/modules/sla/repository.js';
import type { DB } from '../server/src/platform/db/schema.js';
import type { Tx } from '../server/src/platform/db/transaction.js';

/** What bench/sla.ts needs beyond the module's public surface: the same reads the clock does. */
export function openTicketIdsForBench(
  db: Kysely<DB>,
  organizationId: string,
  afterId: string | null,
  limit: number,
) {
  return repo.ticketIdsToRetime(db, organizationId, afterId, limit);
}

export function loadTicketInputsForBench(tx: Tx, ids: readonly string[]) {
  return repo.loadTicketInputs(tx, ids);
}
