import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';

/** The most frequent tags on the vendor's tickets created in [from, to): the top contact reasons. */
export async function topTags(tx: Tx, vendorId: string, from: string, to: string, limit: number) {
  const rows = await tx
    .selectFrom(
      sql<{ tag: string }>`(select unnest(tags) as tag from tickets
      where vendor_id = ${vendorId} and created_at >= ${from} and created_at < ${to})`.as('t'),
    )
    .select(['t.tag', sql<string>`count(*)`.as('count')])
    .groupBy('t.tag')
    .orderBy(sql`count(*)`, 'desc')
    .orderBy('t.tag')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ tag: r.tag, count: Number(r.count) }));
}

export function findComment(tx: Tx, vendorId: string, month: string) {
  return tx
    .selectFrom('business_review_comments')
    .select(['vendor_id', 'month', 'body', 'updated_at', 'updated_by'])
    .where('vendor_id', '=', vendorId)
    .where('month', '=', month)
    .executeTakeFirst();
}

export function upsertComment(
  tx: Tx,
  row: { organization_id: string; vendor_id: string; month: string; body: string; updated_by: string },
) {
  return tx
    .insertInto('business_review_comments')
    .values(row)
    .onConflict((oc) =>
      oc.columns(['organization_id', 'vendor_id', 'month']).doUpdateSet({
        body: row.body,
        updated_by: row.updated_by,
        updated_at: sql`now()`,
      }),
    )
    .returning(['vendor_id', 'month', 'body', 'updated_at', 'updated_by'])
    .executeTakeFirstOrThrow();
}

/** Every active vendor admin (across brands, as the owner): the recipients of the monthly packs. */
export function vendorAdmins(tx: Tx) {
  return tx
    .selectFrom('users')
    .select(['id', 'organization_id', 'vendor_id', 'site_id', 'team_id', 'email', 'role'])
    .where('role', '=', 'vendor_admin')
    .where('active', '=', true)
    .where('vendor_id', 'is not', null)
    .orderBy('organization_id')
    .orderBy('vendor_id')
    .orderBy('id')
    .execute();
}

/** Records a pack as mailed to a user; false when it already was (the job ran before). */
export async function claimMailing(
  tx: Tx,
  row: { organization_id: string; vendor_id: string; month: string; user_id: string },
) {
  const inserted = await tx
    .insertInto('business_review_mailings')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .returning('user_id')
    .executeTakeFirst();
  return inserted !== undefined;
}
