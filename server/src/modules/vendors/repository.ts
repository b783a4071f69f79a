import { keysetPage } from '../../platform/db/keyset.js';
import type { NewRow, RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { CursorPosition } from '../../platform/http/pagination.js';

/** SQL for vendors, sites and teams. Row-level security scopes every query to the acting vendor. */

const vendorColumns = [
  'id',
  'name',
  'kind',
  'status',
  'contract_start',
  'contract_end',
  'created_at',
  'updated_at',
] as const;
const siteColumns = [
  'id',
  'vendor_id',
  'name',
  'country',
  'time_zone',
  'languages',
  'status',
  'created_at',
  'updated_at',
] as const;
const teamColumns = ['id', 'vendor_id', 'site_id', 'name', 'created_at', 'updated_at'] as const;

export function listVendors(
  tx: Tx,
  f: {
    kind?: string | undefined;
    status?: string | undefined;
    sort: 'name' | 'created_at';
    limit: number;
    cursor?: CursorPosition | undefined;
  },
) {
  let q = tx.selectFrom('vendors').select(vendorColumns);
  if (f.kind) q = q.where('kind', '=', f.kind as 'internal');
  if (f.status) q = q.where('status', '=', f.status as 'active');
  return keysetPage(q, f.sort, 'asc', f.limit, f.cursor).execute();
}

/** Every vendor of the brand, in-house team included: a short list (a brand has a handful). */
export function allVendors(tx: Tx) {
  return tx.selectFrom('vendors').select(['id', 'name', 'kind']).orderBy('name').execute();
}

export function findVendor(tx: Tx, id: string) {
  return tx.selectFrom('vendors').select(vendorColumns).where('id', '=', id).executeTakeFirst();
}

export function findVendorByName(tx: Tx, name: string) {
  return tx.selectFrom('vendors').select(vendorColumns).where('name', '=', name).executeTakeFirst();
}

export function insertVendor(tx: Tx, values: NewRow<'vendors'>) {
  return tx.insertInto('vendors').values(values).returning(vendorColumns).executeTakeFirstOrThrow();
}

export function updateVendor(tx: Tx, id: string, values: RowUpdate<'vendors'>) {
  return tx
    .updateTable('vendors')
    .set(values)
    .where('id', '=', id)
    .returning(vendorColumns)
    .executeTakeFirst();
}

export function listSites(
  tx: Tx,
  f: {
    vendorId?: string | undefined;
    status?: string | undefined;
    limit: number;
    cursor?: CursorPosition | undefined;
  },
) {
  let q = tx.selectFrom('sites').select(siteColumns);
  if (f.vendorId) q = q.where('vendor_id', '=', f.vendorId);
  if (f.status) q = q.where('status', '=', f.status as 'up');
  return keysetPage(q, 'name', 'asc', f.limit, f.cursor).execute();
}

export function findSite(tx: Tx, id: string) {
  return tx.selectFrom('sites').select(siteColumns).where('id', '=', id).executeTakeFirst();
}

export function insertSite(tx: Tx, values: NewRow<'sites'>) {
  return tx.insertInto('sites').values(values).returning(siteColumns).executeTakeFirstOrThrow();
}

export function updateSite(tx: Tx, id: string, values: RowUpdate<'sites'>) {
  return tx.updateTable('sites').set(values).where('id', '=', id).returning(siteColumns).executeTakeFirst();
}

/** A site's data regions: routing's residency rule reads them (routing decides what they mean). */
export function setSiteDataRegions(tx: Tx, siteId: string, regions: string[]) {
  return tx
    .updateTable('sites')
    .set({ data_regions: regions, updated_at: new Date().toISOString() })
    .where('id', '=', siteId)
    .returning(['id', 'vendor_id', 'data_regions'])
    .executeTakeFirst();
}

export function listTeams(
  tx: Tx,
  f: {
    vendorId?: string | undefined;
    siteId?: string | undefined;
    limit: number;
    cursor?: CursorPosition | undefined;
  },
) {
  let q = tx.selectFrom('teams').select(teamColumns);
  if (f.vendorId) q = q.where('vendor_id', '=', f.vendorId);
  if (f.siteId) q = q.where('site_id', '=', f.siteId);
  return keysetPage(q, 'name', 'asc', f.limit, f.cursor).execute();
}

export function findTeam(tx: Tx, id: string) {
  return tx.selectFrom('teams').select(teamColumns).where('id', '=', id).executeTakeFirst();
}

export function insertTeam(tx: Tx, values: NewRow<'teams'>) {
  return tx.insertInto('teams').values(values).returning(teamColumns).executeTakeFirstOrThrow();
}

export function updateTeam(tx: Tx, id: string, values: RowUpdate<'teams'>) {
  return tx.updateTable('teams').set(values).where('id', '=', id).returning(teamColumns).executeTakeFirst();
}
