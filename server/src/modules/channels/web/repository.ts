import { sql } from 'kysely';
import type { Tx } from '../../../platform/db/transaction.js';

/** Reads the web form needs beyond what the customers and tickets modules offer. */

/** Serialises submissions for one email address, so its hourly limit cannot be raced past. */
export async function lockSender(tx: Tx, organizationId: string, email: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`webform:${organizationId}:${email}`}, 0))`.execute(
    tx,
  );
}

/** Web tickets opened in the last hour by the customer holding this email address. */
export async function recentSubmissions(tx: Tx, email: string): Promise<number> {
  const row = await tx
    .selectFrom('tickets as t')
    .innerJoin('customer_identities as ci', 'ci.customer_id', 't.customer_id')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('ci.kind', '=', 'email')
    .where('ci.value', '=', email)
    .where('t.channel', '=', 'web')
    .where('t.created_at', '>', sql<string>`now() - interval '1 hour'`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
