import { sql } from 'kysely';
import type { Tx } from '../db/transaction.js';

/** SQL for data_keys (migration 0031): the only writer of the table. Owner-only: withSystem. */

export function listKeys(tx: Tx) {
  return tx
    .selectFrom('data_keys')
    .select(['id', 'kek_id', 'wrapped_key', 'active'])
    .orderBy('created_at')
    .execute();
}

/** Adds a key as the active one, retiring the previous active key in the same transaction. */
export async function insertActiveKey(tx: Tx, values: { id: string; kek_id: string; wrapped_key: string }) {
  await tx
    .updateTable('data_keys')
    .set({ active: false, retired_at: sql`now()` })
    .where('active', '=', true)
    .execute();
  await tx
    .insertInto('data_keys')
    .values({ ...values, active: true })
    .execute();
}

/** The first key, when there is none yet; false when another process made one first. */
export async function insertFirstKey(tx: Tx, values: { id: string; kek_id: string; wrapped_key: string }) {
  // Serialises the first-key race between processes; the unique index on active is the backstop.
  await sql`lock table data_keys in share row exclusive mode`.execute(tx);
  const existing = await tx
    .selectFrom('data_keys')
    .select('id')
    .where('active', '=', true)
    .executeTakeFirst();
  if (existing) return false;
  await tx
    .insertInto('data_keys')
    .values({ ...values, active: true })
    .execute();
  return true;
}

export async function rewrapKey(tx: Tx, id: string, kekId: string, wrapped: string) {
  await tx
    .updateTable('data_keys')
    .set({ kek_id: kekId, wrapped_key: wrapped, rewrapped_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}
