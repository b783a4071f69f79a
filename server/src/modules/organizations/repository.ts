import type { Tx } from '../../platform/db/transaction.js';

/** SQL for organizations. Actors see only their own organization (row-level security). */

const columns = ['id', 'name', 'slug', 'created_at'] as const;

export function insertOrganization(tx: Tx, values: { name: string; slug: string }) {
  return tx
    .insertInto('organizations')
    .values(values)
    .onConflict((oc) => oc.column('slug').doNothing())
    .returning(columns)
    .executeTakeFirst();
}

export function findOrganization(tx: Tx, id: string) {
  return tx.selectFrom('organizations').select(columns).where('id', '=', id).executeTakeFirst();
}

/** The first two organizations, so a caller can tell none, exactly one, or several. */
export function firstOrganizations(tx: Tx) {
  return tx.selectFrom('organizations').select(columns).orderBy('created_at').limit(2).execute();
}

export function organizationIds(tx: Tx) {
  return tx.selectFrom('organizations').select('id').orderBy('created_at').execute();
}

export function findOrganizationBySlug(tx: Tx, slug: string) {
  return tx.selectFrom('organizations').select(columns).where('slug', '=', slug).executeTakeFirst();
}
