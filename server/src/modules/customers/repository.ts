import { sql } from 'kysely';
import { affected, type ErasureScope } from '../../platform/db/erasure.js';
import { keysetPage } from '../../platform/db/keyset.js';
import type { NewRow, RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { CursorPosition } from '../../platform/http/pagination.js';
import type { Identity } from './identity.js';

/** SQL for customers and their identities. Row-level security scopes reads to what the actor may see. */

const customerColumns = ['id', 'display_name', 'tier', 'merged_into_id', 'created_at', 'updated_at'] as const;

export function listCustomers(
  tx: Tx,
  f: { identities: Identity[]; includeMerged: boolean; limit: number; cursor?: CursorPosition | undefined },
) {
  let q = tx.selectFrom('customers').select(customerColumns);
  for (const identity of f.identities) {
    q = q.where('id', 'in', (sub) =>
      sub
        .selectFrom('customer_identities')
        .select('customer_id')
        .where('kind', '=', identity.kind)
        .where('value', '=', identity.value),
    );
  }
  if (!f.includeMerged) q = q.where('merged_into_id', 'is', null);
  return keysetPage(q, 'created_at', 'desc', f.limit, f.cursor).execute();
}

/** Locks the customer row too, so two merges of the same pair cannot interleave. */
export function findCustomerForUpdate(tx: Tx, id: string) {
  return tx
    .selectFrom('customers')
    .select(customerColumns)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
}

/** A customer with its identities in one round trip (the ticket views need both). */
export function findCustomerWithIdentities(tx: Tx, id: string) {
  return tx
    .selectFrom('customers as c')
    .select([...customerColumns.map((col) => `c.${col}` as const)])
    .select(
      sql<Identity[]>`coalesce((
        select json_agg(json_build_object('kind', ci.kind, 'value', ci.value) order by ci.kind, ci.value)
        from customer_identities ci where ci.customer_id = c.id), '[]')`.as('identities'),
    )
    .where('c.id', '=', id)
    .executeTakeFirst();
}

export function listIdentities(tx: Tx, customerId: string) {
  return tx
    .selectFrom('customer_identities')
    .select(['kind', 'value'])
    .where('customer_id', '=', customerId)
    .orderBy('kind')
    .orderBy('value')
    .execute();
}

export function insertCustomer(tx: Tx, values: NewRow<'customers'>) {
  return tx.insertInto('customers').values(values).returning(customerColumns).executeTakeFirstOrThrow();
}

export function updateCustomer(tx: Tx, id: string, values: RowUpdate<'customers'>) {
  return tx
    .updateTable('customers')
    .set(values)
    .where('id', '=', id)
    .returning(customerColumns)
    .executeTakeFirst();
}

/** A customer's routing attributes (data region, segment), set through routing's screen. */
export function setRoutingAttributes(
  tx: Tx,
  customerId: string,
  values: { data_region?: string | null; segment?: string | null },
) {
  return tx
    .updateTable('customers')
    .set({ ...values, updated_at: new Date().toISOString() })
    .where('id', '=', customerId)
    .returning(['id', 'data_region', 'segment'])
    .executeTakeFirst();
}

/** Inserts identities that no customer holds yet; returns the ones inserted. */
export function insertIdentities(tx: Tx, organizationId: string, customerId: string, identities: Identity[]) {
  if (!identities.length) return Promise.resolve([]);
  return tx
    .insertInto('customer_identities')
    .values(identities.map((i) => ({ organization_id: organizationId, customer_id: customerId, ...i })))
    .onConflict((oc) => oc.columns(['organization_id', 'kind', 'value']).doNothing())
    .returning(['kind', 'value'])
    .execute();
}

/**
 * One statement: find the customer holding any of the identities (first match in the given order),
 * else create one, then claim every identity nobody holds yet. Must run as the owner: the holder may be
 * invisible to the acting vendor. `claimed` below the number given after a create means a concurrent
 * request took one of the identities first; the caller discards the new customer and asks again.
 */
/**
 * Finds the customer holding any of these identities (the first given wins) or creates one with all
 * of them, in one call to tandem_resolve_customer (migration 0010). It runs as the owner, because an
 * identity is unique across vendors, and returns nothing but the id.
 */
export async function resolveCustomer(
  tx: Tx,
  organizationId: string,
  createdByVendorId: string | null,
  identities: Identity[],
  displayName: string,
) {
  const { rows } = await resolutionQuery(organizationId, createdByVendorId, identities, displayName).execute(
    tx,
  );
  const row = rows[0]!;
  return { id: row.resolved_id, created: row.created };
}

/** The resolution as a query, so a caller can run it inside its own statement (one round trip). */
export function resolutionQuery(
  organizationId: string,
  createdByVendorId: string | null,
  identities: Identity[],
  displayName: string,
) {
  return sql<{ resolved_id: string; created: boolean }>`
    select resolved_id, created from tandem_resolve_customer(
      ${organizationId}::uuid, ${createdByVendorId}::uuid,
      ${identities.map((i) => i.kind)}::text[], ${identities.map((i) => i.value)}::text[], ${displayName}::text)`;
}

export async function moveIdentities(tx: Tx, fromId: string, toId: string) {
  const moved = await tx
    .updateTable('customer_identities')
    .set({ customer_id: toId })
    .where('customer_id', '=', fromId)
    .executeTakeFirst();
  return Number(moved.numUpdatedRows);
}

/**
 * Re-points every ticket of one customer at another and records the change in each ticket's history,
 * in one statement. A merge is about the person, so it moves other vendors' tickets too (run as owner).
 */
export async function moveTickets(tx: Tx, fromId: string, toId: string, actorUserId: string) {
  const { rows } = await sql<{ ticket_id: string }>`
    with moved as (
      update tickets set customer_id = ${toId}, updated_at = date_trunc('milliseconds', now())
      where customer_id = ${fromId}
      returning id, organization_id
    )
    insert into ticket_events (organization_id, ticket_id, actor_kind, actor_user_id, field, before, after)
    select organization_id, id, 'user', ${actorUserId}, 'customer_id', to_jsonb(${fromId}::text), to_jsonb(${toId}::text)
    from moved
    returning ticket_id`.execute(tx);
  return rows.map((r) => r.ticket_id);
}

/** Customers holding any of these identities, across vendors (owner connection only). */
export async function holdersOf(tx: Tx, organizationId: string, identities: Identity[]) {
  if (!identities.length) return [];
  const rows = await tx
    .selectFrom('customer_identities')
    .select(['customer_id', 'kind', 'value'])
    .where('organization_id', '=', organizationId)
    .where((eb) => eb.or(identities.map((i) => eb.and([eb('kind', '=', i.kind), eb('value', '=', i.value)]))))
    .execute();
  return rows;
}

/** Ids among these that the current (actor) transaction may see. */
export async function visibleCustomerIds(tx: Tx, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await tx.selectFrom('customers').select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/** Whether any ticket of these customers is handled by someone other than this vendor (owner connection). */
export async function servedByOthers(tx: Tx, customerIds: string[], vendorId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('tickets')
    .select('id')
    .where('customer_id', 'in', customerIds)
    .where((eb) => eb.or([eb('vendor_id', 'is', null), eb('vendor_id', '!=', vendorId)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The customer and every customer merged into it, however deep, in the organization. */
export async function mergeFamily(tx: Tx, organizationId: string, id: string) {
  const { rows } = await sql<{ id: string; erased_at: string | null; merged_into_id: string | null }>`
    with recursive family as (
      select id, erased_at, merged_into_id from customers where id = ${id} and organization_id = ${organizationId}
      union
      select c.id, c.erased_at, c.merged_into_id from customers c join family f on c.merged_into_id = f.id
    )
    select id, erased_at, merged_into_id from family`.execute(tx);
  return rows;
}

/**
 * Erasure (docs/privacy.md#export-and-erasure): the identities go, the name becomes "Erased
 * customer"; the rows stay (tickets point at them) with tier and region, which name no one.
 */
export async function eraseCustomers(tx: Tx, scope: ErasureScope, now: Date) {
  const identities = await sql`
    delete from customer_identities where customer_id = any(${scope.customerIds}::uuid[])`.execute(tx);
  const customers = await sql`
    update customers set display_name = 'Erased customer', segment = null,
      erased_at = ${now.toISOString()}, updated_at = ${now.toISOString()}
    where id = any(${scope.customerIds}::uuid[])`.execute(tx);
  return { customers: affected(customers), customer_identities: affected(identities) };
}
