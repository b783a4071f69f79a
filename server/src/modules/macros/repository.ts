import { sql } from 'kysely';
import type { NewRow, RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/** SQL for macros. Row-level security: the brand's approved macros and the actor's vendor's own. */

const columns = [
  'id',
  'name',
  'language',
  'body',
  'vendor_id',
  'approved',
  'approved_by',
  'approved_at',
  'created_by',
  'created_at',
  'updated_at',
] as const;

export function list(tx: Tx, f: { language?: string | undefined; approvedOnly: boolean }) {
  let q = tx.selectFrom('macros').select(columns);
  if (f.language) q = q.where('language', '=', f.language);
  if (f.approvedOnly) q = q.where('approved', '=', true);
  return q.orderBy('name').orderBy('id').limit(1000).execute();
}

export function find(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const q = tx.selectFrom('macros').select(columns).where('id', '=', id);
  return (options.lock ? q.forUpdate() : q).executeTakeFirst();
}

export function insert(tx: Tx, values: NewRow<'macros'>) {
  return tx.insertInto('macros').values(values).returning(columns).executeTakeFirstOrThrow();
}

export function update(tx: Tx, id: string, values: RowUpdate<'macros'>) {
  return tx
    .updateTable('macros')
    .set({ ...values, updated_at: sql<string>`date_trunc('milliseconds', now())` })
    .where('id', '=', id)
    .returning(columns)
    .executeTakeFirst();
}

export async function remove(tx: Tx, id: string) {
  const result = await tx.deleteFrom('macros').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** What a macro's placeholders name, as the actor sees it: the ticket, its customer, the agent, the brand. */
export async function renderContext(tx: Tx, ticketId: string, userId: string) {
  const { rows } = await sql<{
    number: number;
    subject: string;
    customer_name: string | null;
    agent_name: string | null;
    brand_name: string | null;
  }>`
    select t.number, t.subject,
           (select c.display_name from customers c where c.id = t.customer_id) as customer_name,
           (select u.display_name from users u where u.id = ${userId}) as agent_name,
           (select o.name from organizations o where o.id = t.organization_id) as brand_name
    from tickets t where t.id = ${ticketId}`.execute(tx);
  return rows[0];
}
