import type { z } from 'zod';
import { type Actor, asOwner, type Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import { IDENTITY_FIELD, type Identity, identitiesOf } from './identity.js';
import * as repo from './repository.js';
import type { customerCreate, customerUpdate } from './schemas.js';

/**
 * Customers and the identities that recognise them across channels. The customer belongs to the
 * brand (docs/customers.md). A vendor sees a customer only through its own tickets or one it
 * recorded (row-level security). Channel intake resolves a customer by identity across vendors and
 * hands back nothing but an id; a vendor's own people cannot use that to reach a customer they do
 * not serve, change a customer others serve, or merge beyond their scope.
 */

export function listCustomers(tx: Tx, filter: Parameters<typeof repo.listCustomers>[1]) {
  return repo.listCustomers(tx, filter);
}

export async function getCustomer(tx: Tx, id: string) {
  const customer = await repo.findCustomerWithIdentities(tx, id);
  if (!customer) throw new NotFound('Customer', id);
  return customer;
}

function duplicateIdentities(wanted: Identity[], inserted: Identity[], pathPrefix: string) {
  const taken = wanted.filter((w) => !inserted.some((i) => i.kind === w.kind && i.value === w.value));
  return new Conflict('Another customer already has this identity', [
    ...taken.map((i) => ({ path: `${pathPrefix}${IDENTITY_FIELD[i.kind]}`, message: `${i.kind} in use` })),
  ]);
}

export async function createCustomer(tx: Tx, actor: Actor, input: z.output<typeof customerCreate>) {
  const identities = identitiesOf(input);
  await assertVendorMayName(tx, actor, identities, 'body.');
  const customer = await repo.insertCustomer(tx, {
    organization_id: actor.organizationId,
    display_name: input.display_name,
    ...(input.tier ? { tier: input.tier } : {}),
    created_by_vendor_id: actor.vendorId,
  });
  const inserted = await repo.insertIdentities(tx, actor.organizationId, customer.id, identities);
  // Throwing rolls the customer back with it: no customer without the identities it was created for.
  if (inserted.length < identities.length) throw duplicateIdentities(identities, inserted, 'body.');
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: actor.vendorId,
    type: 'customer.created',
    subjectId: customer.id,
  });
  return { ...customer, identities: await repo.listIdentities(tx, customer.id) };
}

/**
 * A vendor user naming an email or phone (opening a ticket, recording a customer) may reach only a
 * customer it already serves; one held by a customer it cannot see is refused, and nothing of that
 * customer (name, other identities, tickets) is returned. Brand users and channel intake resolve
 * across vendors.
 */
export async function assertVendorMayName(tx: Tx, actor: Actor, identities: Identity[], pathPrefix: string) {
  if (!actor.vendorId) return;
  const holders = await asOwner(tx, () => repo.holdersOf(tx, actor.organizationId, identities));
  if (!holders.length) return;
  const visible = await repo.visibleCustomerIds(tx, [...new Set(holders.map((h) => h.customer_id))]);
  const foreign = holders.filter((h) => !visible.has(h.customer_id));
  if (foreign.length) {
    throw new Conflict(
      'This contact belongs to a customer your vendor does not serve; the brand can route their work to you',
      [
        ...foreign.map((h) => ({
          path: `${pathPrefix}${IDENTITY_FIELD[h.kind]}`,
          message: 'belongs to a customer you do not serve',
        })),
      ],
    );
  }
}

/** A vendor user may change only a customer no one else serves (no ticket of the brand or another vendor). */
async function assertOnlyServedBy(tx: Tx, actor: Actor, customerIds: string[], path: string) {
  if (!actor.vendorId) return;
  const vendorId = actor.vendorId;
  if (await asOwner(tx, () => repo.servedByOthers(tx, customerIds, vendorId))) {
    throw new Forbidden('Others also serve this customer: only the brand may change or merge it', [
      { path, message: 'served by the brand or another vendor too' },
    ]);
  }
}

export async function updateCustomer(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.output<typeof customerUpdate>,
) {
  await getCustomer(tx, id);
  await assertOnlyServedBy(tx, actor, [id], 'params.id');
  const customer = await repo.updateCustomer(tx, id, { ...input, updated_at: new Date().toISOString() });
  if (!customer) throw new NotFound('Customer', id);
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: actor.vendorId,
    type: 'customer.updated',
    subjectId: id,
    payload: { changes: input },
  });
  return { ...customer, identities: await repo.listIdentities(tx, id) };
}

export async function addIdentity(tx: Tx, actor: Actor, id: string, identity: Identity) {
  const customer = await getCustomer(tx, id);
  await assertOnlyServedBy(tx, actor, [id], 'params.id');
  if (customer.identities.some((i) => i.kind === identity.kind && i.value === identity.value))
    return customer;
  const inserted = await repo.insertIdentities(tx, actor.organizationId, id, [identity]);
  if (!inserted.length) {
    throw new Conflict('Another customer already has this identity', [
      { path: 'body.value', message: `${identity.kind} in use` },
    ]);
  }
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: actor.vendorId,
    type: 'customer.identity_added',
    subjectId: id,
    payload: { kind: identity.kind },
  });
  return { ...customer, identities: await repo.listIdentities(tx, id) };
}

/** Folds source into target: identities and tickets move, source points at target from now on. */
export async function mergeCustomers(tx: Tx, actor: Actor, targetId: string, sourceId: string) {
  if (targetId === sourceId) {
    throw new Invalid('A customer cannot be merged into itself', [
      { path: 'body.source_customer_id', message: 'same as the target' },
    ]);
  }
  // Lock both in id order so concurrent merges of the same pair queue instead of deadlocking.
  const [first, second] = [targetId, sourceId].sort();
  const locked = new Map<string, Awaited<ReturnType<typeof repo.findCustomerForUpdate>>>();
  for (const id of [first!, second!]) locked.set(id, await repo.findCustomerForUpdate(tx, id));
  const target = locked.get(targetId);
  const source = locked.get(sourceId);
  if (!target) throw new NotFound('Customer', targetId);
  if (!source) {
    throw new Invalid(`Customer ${sourceId} does not exist or is not visible to you`, [
      { path: 'body.source_customer_id', message: 'unknown customer' },
    ]);
  }
  // A vendor merges only within its own scope: both customers served by it alone.
  await assertOnlyServedBy(tx, actor, [targetId, sourceId], 'body.source_customer_id');
  if (target.merged_into_id || source.merged_into_id) {
    throw new Invalid('A merged customer cannot take part in another merge', [
      {
        path: target.merged_into_id ? 'params.id' : 'body.source_customer_id',
        message: 'already merged',
      },
    ]);
  }
  // Marked first: once its tickets move away, a vendor may no longer see the source.
  await repo.updateCustomer(tx, sourceId, { merged_into_id: targetId, updated_at: new Date().toISOString() });
  // Both customers are visible to the actor; the move itself spans every vendor's rows.
  const { identities, tickets } = await asOwner(tx, async () => ({
    identities: await repo.moveIdentities(tx, sourceId, targetId),
    tickets: await repo.moveTickets(tx, sourceId, targetId, actor.userId),
  }));
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: actor.vendorId,
    type: 'customer.merged',
    subjectId: targetId,
    payload: { sourceCustomerId: sourceId, movedIdentities: identities, movedTickets: tickets.length },
  });
  return getCustomer(tx, targetId);
}

/**
 * The customer holding any of these identities, or a new one recorded by the actor's vendor. Looks
 * across vendors (one customer writes to several), so it runs as the owner and returns only the id;
 * the caller makes the customer visible by linking a ticket. Identities not yet held are attached.
 */
export async function upsertCustomerByIdentity(
  tx: Tx,
  actor: Actor,
  identities: Identity[],
  displayName: string,
): Promise<{ id: string; created: boolean }> {
  if (!identities.length) throw new Error('upsertCustomerByIdentity needs at least one identity');
  return repo.resolveCustomer(tx, actor.organizationId, actor.vendorId, identities, displayName);
}

/**
 * upsertCustomerByIdentity as a query to embed in the caller's own statement, e.g. the ticket insert,
 * saving a round trip. Rows: resolved_id, created.
 */
export function customerResolution(actor: Actor, identities: Identity[], displayName: string) {
  if (!identities.length) throw new Error('customerResolution needs at least one identity');
  return repo.resolutionQuery(actor.organizationId, actor.vendorId, identities, displayName);
}

/** What a ticket shows of its customer; visible to the actor through that ticket. */
export async function customerSummary(tx: Tx, id: string) {
  const customer = await getCustomer(tx, id);
  return {
    id: customer.id,
    display_name: customer.display_name,
    tier: customer.tier,
    identities: customer.identities,
  };
}
