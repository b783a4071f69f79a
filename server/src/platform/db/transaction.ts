import { type Kysely, sql, type Transaction } from 'kysely';
import type { DB, Role } from './schema.js';

/** Who is acting. vendorId null means brand-side: sees every vendor of the organization. */
export interface Actor {
  userId: string;
  organizationId: string;
  role: Role;
  vendorId: string | null;
  siteId: string | null;
  teamId: string | null;
  /** Token scopes; undefined for a browser session (full rights of the role). */
  scopes?: string[];
}

export type Tx = Transaction<DB>;

/**
 * Runs fn in one transaction as the non-owner role tandem_app with the actor's organization, vendor
 * and user set for row-level security. SET LOCAL ends with the transaction, so pooled connections
 * never carry one request's identity into the next.
 */
export function withActor<T>(db: Kysely<DB>, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(async (tx) => {
    // One round trip: set_config('role', …, true) is SET LOCAL ROLE.
    await sql`select set_config('tandem.org_id', ${actor.organizationId}, true),
                     set_config('tandem.vendor_id', ${actor.vendorId ?? ''}, true),
                     set_config('tandem.user_id', ${actor.userId}, true),
                     set_config('tandem.role', ${actor.role}, true),
                     set_config('role', 'tandem_app', true)`.execute(tx);
    return fn(tx);
  });
}

/** A transaction as the owner, bypassing row-level security: log-in, token lookup, CLI, seeding, jobs. */
export function withSystem<T>(db: Kysely<DB>, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

/**
 * Inside an actor transaction, runs one step as the owner and drops back to tandem_app afterwards.
 * Only for cross-vendor lookups the service has already authorised (e.g. resolving a customer's
 * identity, which is unique across vendors); the step must return only what the actor may see.
 */
export async function asOwner<T>(tx: Tx, fn: () => Promise<T>): Promise<T> {
  await sql`reset role`.execute(tx);
  // On failure the transaction rolls back, and the role change with it.
  const result = await fn();
  await sql`set local role tandem_app`.execute(tx);
  return result;
}
