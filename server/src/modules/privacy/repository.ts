import { sql } from 'kysely';
import { affected, type ErasureScope } from '../../platform/db/erasure.js';
import { keysetPage } from '../../platform/db/keyset.js';
import type { MaskableRole } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { CursorPosition } from '../../platform/http/pagination.js';

/** The only writer of pii_masking_policies and pii_reveals (migration 0033). */

export function policy(tx: Tx, organizationId: string) {
  return tx
    .selectFrom('pii_masking_policies')
    .select(['masked_roles', 'reveal_roles', 'reveal_minutes', 'updated_at'])
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export function upsertPolicy(
  tx: Tx,
  row: {
    organization_id: string;
    masked_roles: MaskableRole[];
    reveal_roles: MaskableRole[];
    reveal_minutes: number;
    updated_by: string;
  },
) {
  const now = new Date().toISOString();
  return tx
    .insertInto('pii_masking_policies')
    .values({ ...row, updated_at: now })
    .onConflict((oc) =>
      oc.column('organization_id').doUpdateSet({
        masked_roles: row.masked_roles,
        reveal_roles: row.reveal_roles,
        reveal_minutes: row.reveal_minutes,
        updated_by: row.updated_by,
        updated_at: now,
      }),
    )
    .returning(['masked_roles', 'reveal_roles', 'reveal_minutes', 'updated_at'])
    .executeTakeFirstOrThrow();
}

/** The vendor's kind: only outsourced vendors' people are masked. */
export async function vendorKind(tx: Tx, vendorId: string) {
  const row = await tx.selectFrom('vendors').select('kind').where('id', '=', vendorId).executeTakeFirst();
  return row?.kind ?? null;
}

export async function revealedCustomers(tx: Tx, userId: string, now: Date) {
  const rows = await tx
    .selectFrom('pii_reveals')
    .select('customer_id')
    .distinct()
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .execute();
  return rows.map((r) => r.customer_id);
}

/** Running reveals of the user, one per customer with its latest end. */
export function runningReveals(tx: Tx, userId: string, now: Date) {
  return tx
    .selectFrom('pii_reveals')
    .select(['customer_id', (eb) => eb.fn.max('expires_at').as('expires_at')])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now.toISOString())
    .groupBy('customer_id')
    .orderBy('customer_id')
    .execute();
}

/** The ticket's customer, if the reader may see the ticket (row-level security decides). */
export async function customerOfTicket(tx: Tx, ticketId: string) {
  const row = await tx
    .selectFrom('tickets')
    .select('customer_id')
    .where('id', '=', ticketId)
    .executeTakeFirst();
  return row?.customer_id ?? null;
}

/** Whether the reader may see the customer (row-level security decides). */
export async function customerVisible(tx: Tx, customerId: string) {
  const row = await tx.selectFrom('customers').select('id').where('id', '=', customerId).executeTakeFirst();
  return row !== undefined;
}

const revealColumns = [
  'id',
  'user_id',
  'vendor_id',
  'customer_id',
  'ticket_id',
  'reason',
  'created_at',
  'expires_at',
] as const;

export function insertReveal(
  tx: Tx,
  row: {
    organization_id: string;
    vendor_id: string | null;
    user_id: string;
    customer_id: string;
    ticket_id: string | null;
    reason: string;
    created_at: string;
    expires_at: string;
  },
) {
  return tx.insertInto('pii_reveals').values(row).returning(revealColumns).executeTakeFirstOrThrow();
}

export function listReveals(
  tx: Tx,
  f: { userId?: string; activeAt?: Date; limit: number; cursor: CursorPosition | undefined },
) {
  let q = tx.selectFrom('pii_reveals').select(revealColumns);
  if (f.userId) q = q.where('user_id', '=', f.userId);
  if (f.activeAt) q = q.where('expires_at', '>', f.activeAt.toISOString());
  return keysetPage(q, 'created_at', 'desc', f.limit, f.cursor).execute();
}

/** Reveals of the customer keep who, when and until when; the reason (free text) is overwritten. */
export async function eraseRevealReasons(tx: Tx, scope: ErasureScope) {
  const result = await sql`
    update pii_reveals set reason = '[erased by request]'
    where customer_id = any(${scope.customerIds}::uuid[])`.execute(tx);
  return { pii_reveals: affected(result) };
}

/** The brand's sealed custom field keys (migration 0040); no row: none. */
export async function sealedKeys(tx: Tx, organizationId: string) {
  return tx
    .selectFrom('sealed_custom_fields')
    .select(['keys', 'updated_at'])
    .where('organization_id', '=', organizationId)
    .executeTakeFirst();
}

export function upsertSealedKeys(
  tx: Tx,
  row: { organization_id: string; keys: string[]; updated_by: string },
) {
  const now = new Date().toISOString();
  return tx
    .insertInto('sealed_custom_fields')
    .values({ ...row, updated_at: now })
    .onConflict((oc) =>
      oc
        .column('organization_id')
        .doUpdateSet({ keys: row.keys, updated_by: row.updated_by, updated_at: now }),
    )
    .returning(['keys', 'updated_at'])
    .executeTakeFirstOrThrow();
}

/** Routing rules (read only) whose conditions match on one of these custom field keys. */
export async function rulesMatchingCustomFields(tx: Tx, keys: string[]) {
  if (!keys.length) return [];
  const { rows } = await sql<{ key: string; rule_name: string }>`
    select k.key, r.name as rule_name
    from routing_rules r cross join unnest(${keys}::text[]) as k(key)
    where r.conditions -> 'custom_fields' ? k.key
    order by k.key, r.position`.execute(tx);
  return rows.map((r) => ({ key: r.key, ruleName: r.rule_name }));
}
