import type { z } from 'zod';
import type { Actor, Tx } from '../../../platform/db/transaction.js';
import { Conflict, Invalid, NotFound } from '../../../platform/errors.js';
import { emit } from '../../../platform/events.js';
import { changes, record, snapshot } from '../../audit/index.js';
import * as repo from './repository.js';
import type { supportAddressCreate, supportAddressUpdate } from './schemas.js';

/** The brand's support addresses: mail to an active one becomes a ticket of that brand. Brand admins only. */

async function checkVendor(tx: Tx, vendorId: string | null | undefined) {
  if (vendorId && !(await repo.vendorVisible(tx, vendorId))) {
    throw new Invalid('The default vendor is not one of your vendors', [
      { path: 'body.vendor_id', message: 'unknown vendor' },
    ]);
  }
}

export function listAddresses(tx: Tx) {
  return repo.listAddresses(tx);
}

export async function getAddress(tx: Tx, id: string) {
  const row = await repo.findAddress(tx, id);
  if (!row) throw new NotFound('Support address', id);
  return row;
}

export async function createAddress(tx: Tx, actor: Actor, input: z.output<typeof supportAddressCreate>) {
  await checkVendor(tx, input.vendor_id);
  const row = await repo.insertAddress(tx, {
    organization_id: actor.organizationId,
    address: input.address,
    name: input.name,
    queue: input.queue ?? null,
    language: input.language ?? null,
    vendor_id: input.vendor_id ?? null,
    active: input.active,
  });
  if (!row) {
    throw new Conflict(`${input.address} is already a support address`, [
      { path: 'body.address', message: 'already in use' },
    ]);
  }
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: null,
    type: 'support_address.created',
    subjectId: row.id,
    payload: { address: row.address },
  });
  await record(tx, actor, {
    action: 'support_address.created',
    objectType: 'support_address',
    objectId: row.id,
    vendorId: row.vendor_id,
    details: snapshot(row, ['address', 'name', 'queue', 'language', 'vendor_id', 'active']),
  });
  return row;
}

export async function updateAddress(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.output<typeof supportAddressUpdate>,
) {
  const before = await getAddress(tx, id);
  await checkVendor(tx, input.vendor_id);
  const row = await repo.updateAddress(tx, id, { ...input, updated_at: new Date().toISOString() });
  if (!row) throw new NotFound('Support address', id);
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: null,
    type: 'support_address.updated',
    subjectId: id,
    payload: { changes: Object.keys(input) },
  });
  await record(tx, actor, {
    action: 'support_address.updated',
    objectType: 'support_address',
    objectId: id,
    vendorId: row.vendor_id,
    details: { address: row.address, changes: changes(before, row, Object.keys(input)) },
  });
  return row;
}

export async function deleteAddress(tx: Tx, actor: Actor, id: string) {
  const before = await getAddress(tx, id);
  if (!(await repo.deleteAddress(tx, id))) throw new NotFound('Support address', id);
  await record(tx, actor, {
    action: 'support_address.deleted',
    objectType: 'support_address',
    objectId: id,
    vendorId: before.vendor_id,
    details: snapshot(before, ['address', 'name', 'queue', 'language', 'vendor_id', 'active']),
  });
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: null,
    type: 'support_address.deleted',
    subjectId: id,
  });
}
