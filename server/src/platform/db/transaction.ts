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
  /** The API token the request came with, if any (named in the audit log). */
  tokenId?: string;
}

/** A Kysely bound to one connection inside an open transaction. */
export type Tx = Kysely<DB>;

/** A SQL string literal; standard_conforming_strings is on in every supported PostgreSQL. */
export function literal(value: string): string {
  if (value.includes('\0')) throw new Error('NUL in a session setting');
  return `'${value.replaceAll("'", "''")}'`;
}

/**
 * Extra SQL that rides in the same network message as BEGIN or COMMIT, so a use case that always
 * opens or closes with one known statement (the Idempotency-Key claim and its stored response)
 * costs no extra round trip. Values must be inlined with literal(); see docs/decisions/0004.
 */
export interface TransactionFrame<T> {
  /** Runs after the settings, as tandem_app; its rows are handed to fn. */
  prelude?: string;
  /** Built from fn's result; runs just before COMMIT. */
  epilogue?: (result: T) => string | undefined;
}

/**
 * Runs fn in one transaction as the non-owner role tandem_app with the actor's organization, vendor
 * and user set for row-level security. SET LOCAL ends with the transaction, so pooled connections
 * never carry one request's identity into the next.
 */
export function withActor<T>(
  db: Kysely<DB>,
  actor: Actor,
  fn: (tx: Tx, preludeRows: Record<string, unknown>[]) => Promise<T>,
  frame: TransactionFrame<T> = {},
): Promise<T> {
  // BEGIN and the settings travel in one simple-protocol message: one round trip, not two.
  // set_config('role', …, true) is SET LOCAL ROLE.
  let open = `begin; select set_config('tandem.org_id', ${literal(actor.organizationId)}, true),
    set_config('tandem.vendor_id', ${literal(actor.vendorId ?? '')}, true),
    set_config('tandem.user_id', ${literal(actor.userId)}, true),
    set_config('tandem.role', ${literal(actor.role)}, true),
    set_config('role', 'tandem_app', true)`;
  if (frame.prelude) open += `;\n${frame.prelude}`;
  return db.connection().execute(async (tx) => {
    let result: T;
    try {
      // The driver hands back the last statement's rows of a multi-statement message (database.ts).
      const opened = await sql.raw<Record<string, unknown>>(open).execute(tx);
      result = await fn(tx, frame.prelude ? opened.rows : []);
      // Simple protocol stops at the first error, so a failed epilogue never reaches its COMMIT.
      const epilogue = frame.epilogue?.(result);
      const close = epilogue ? `${epilogue};\ncommit` : 'commit';
      await sql.raw(close).execute(tx);
    } catch (err) {
      // A failed rollback means a broken connection, which the pool discards; the first error matters.
      await sql`rollback`.execute(tx).catch(() => {});
      throw err;
    }
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

/**
 * Inside an owner transaction (a job, an outbox consumer), runs one step as the actor: tandem_app
 * with the actor's organization, vendor and user set, so row-level security scopes it exactly as a
 * request of that actor. The owner role and empty settings return afterwards.
 */
export async function asActor<T>(tx: Tx, actor: Actor, fn: () => Promise<T>): Promise<T> {
  const settings = (a: { org: string; vendor: string; user: string; role: string }) =>
    sql`select set_config('tandem.org_id', ${a.org}, true), set_config('tandem.vendor_id', ${a.vendor}, true),
      set_config('tandem.user_id', ${a.user}, true), set_config('tandem.role', ${a.role}, true)`;
  await settings({
    org: actor.organizationId,
    vendor: actor.vendorId ?? '',
    user: actor.userId,
    role: actor.role,
  }).execute(tx);
  await sql`set local role tandem_app`.execute(tx);
  const result = await fn();
  await sql`reset role`.execute(tx);
  await settings({ org: '', vendor: '', user: '', role: '' }).execute(tx);
  return result;
}
