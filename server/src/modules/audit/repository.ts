import { sql } from 'kysely';
import { keysetPage } from '../../platform/db/keyset.js';
import type { NewRow } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { CursorPosition } from '../../platform/http/pagination.js';
import type { ChainHead } from './chain.js';

/** The only file that writes SQL for the audit log. */

const entryColumns = [
  'id',
  'organization_id',
  'seq',
  'occurred_at',
  'actor_user_id',
  'actor_label',
  'vendor_id',
  'action',
  'object_type',
  'object_id',
  'details',
  'prev_hash',
  'hash',
] as const;

/**
 * Serialises appends to one organization's chain until the transaction ends, so concurrent writers
 * each read the head the previous one committed and the chain stays one line without gaps.
 */
export async function lockChain(tx: Tx, organizationId: string) {
  await sql`select pg_advisory_xact_lock(hashtextextended(${`audit_log:${organizationId}`}, 0))`.execute(tx);
}

/** The last entry's seq and hash, visible to any user of the organization (a security definer). */
export async function chainHead(tx: Tx, organizationId: string): Promise<ChainHead | null> {
  const { rows } = await sql<{ seq: number; hash: string }>`
    select seq, hash from audit_chain_head(${organizationId})`.execute(tx);
  const row = rows[0];
  return row ? { seq: Number(row.seq), hash: row.hash } : null;
}

export async function insertEntry(tx: Tx, values: NewRow<'audit_log'>) {
  // No RETURNING: a vendor's user may append entries it may not read back.
  await tx.insertInto('audit_log').values(values).execute();
}

export interface EntryFilter {
  actor?: string | undefined;
  vendor?: string | undefined;
  objectType?: string | undefined;
  objectId?: string | undefined;
  action?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
}

/** Entries newest first (by seq), one keyset page; row-level security scopes them to the actor. */
export function listEntries(
  tx: Tx,
  organizationId: string,
  f: EntryFilter,
  limit: number,
  cursor: CursorPosition | undefined,
) {
  let q = tx.selectFrom('audit_log').select(entryColumns).where('organization_id', '=', organizationId);
  if (f.actor) q = q.where('actor_user_id', '=', f.actor);
  if (f.vendor) q = q.where('vendor_id', '=', f.vendor);
  if (f.objectType) q = q.where('object_type', '=', f.objectType);
  if (f.objectId) q = q.where('object_id', '=', f.objectId);
  if (f.action) q = q.where('action', '=', f.action);
  if (f.from) q = q.where('occurred_at', '>=', f.from);
  if (f.to) q = q.where('occurred_at', '<', f.to);
  return keysetPage(q, 'seq', 'desc', limit, cursor).execute();
}

/** One page of an organization's chain in seq order after `afterSeq`, for verification. */
export function chainPage(tx: Tx, organizationId: string, afterSeq: number, limit: number) {
  return tx
    .selectFrom('audit_log')
    .select(entryColumns)
    .where('organization_id', '=', organizationId)
    .where('seq', '>', afterSeq)
    .orderBy('seq')
    .limit(limit)
    .execute();
}

export async function organizationIds(tx: Tx) {
  const rows = await tx
    .selectFrom('organizations')
    .select(['id', 'name'])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  return rows;
}
