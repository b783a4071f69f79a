import { type Kysely, sql } from 'kysely';
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

/** A Kysely bound to one connection inside an open transaction. */
export type Tx = Kysely<DB>;

/** A SQL string literal; standard_conforming_strings is on in every supported PostgreSQL. */
function literal(value: string): string {
  if (value.includes('\0')) throw new Error('NUL in a session setting');
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Runs fn in one transaction as the non-owner role tandem_app with the actor's organization, vendor
 * and user set for row-level security. SET LOCAL ends with the transaction, so pooled connections
 * never carry one request's identity into the next.
 */
export function withActor<T>(db: Kysely<DB>, actor: Actor, fn: (tx: Tx) => Promise<T>): Promise<T> {
  // BEGIN and the settings travel in one simple-protocol message: one round trip, not two.
  // set_config('role', …, true) is SET LOCAL ROLE.
  const open = `begin; select set_config('tandem.org_id', ${literal(actor.organizationId)}, true),
    set_config('tandem.vendor_id', ${literal(actor.vendorId ?? '')}, true),
    set_config('tandem.user_id', ${literal(actor.userId)}, true),
    set_config('tandem.role', ${literal(actor.role)}, true),
    set_config('role', 'tandem_app', true)`;
  return db.connection().execute(async (tx) => {
    let result: T;
    try {
      await sql.raw(open).execute(tx);
      result = await fn(tx);
    } catch (err) {
      // A failed rollback means a broken connection, which the pool discards; the first error matters.
      await sql`rollback`.execute(tx).catch(() => {});
      throw err;
    }
    await sql`commit`.execute(tx);
    return result;
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
