import { sql } from 'kysely';
import type { RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/** SQL for saved views. Row-level security shows the actor their own views and the shared ones in scope. */

const columns = [
  'id',
  'name',
  'filters',
  'shared',
  'owner_user_id',
  'vendor_id',
  'created_at',
  'updated_at',
] as const;

export function list(tx: Tx) {
  return tx.selectFrom('saved_views').select(columns).orderBy('shared').orderBy('name').limit(500).execute();
}

/** Not FOR UPDATE: that would apply the update policy and hide views the actor may only read. */
export function find(tx: Tx, id: string) {
  return tx.selectFrom('saved_views').select(columns).where('id', '=', id).executeTakeFirst();
}

export function insert(
  tx: Tx,
  v: {
    organizationId: string;
    ownerUserId: string;
    vendorId: string | null;
    name: string;
    filters: Record<string, unknown>;
    shared: boolean;
  },
) {
  return tx
    .insertInto('saved_views')
    .values({
      organization_id: v.organizationId,
      owner_user_id: v.ownerUserId,
      vendor_id: v.vendorId,
      name: v.name,
      filters: JSON.stringify(v.filters),
      shared: v.shared,
    })
    .returning(columns)
    .executeTakeFirstOrThrow();
}

export function update(tx: Tx, id: string, values: RowUpdate<'saved_views'>) {
  return tx
    .updateTable('saved_views')
    .set({ ...values, updated_at: sql<string>`date_trunc('milliseconds', now())` })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
}

export async function remove(tx: Tx, id: string) {
  const result = await tx.deleteFrom('saved_views').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
