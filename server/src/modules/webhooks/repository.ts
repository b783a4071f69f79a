import { sql } from 'kysely';
import { affected, type ErasureScope, mentions, scrubJson } from '../../platform/db/erasure.js';
import { keysetPage } from '../../platform/db/keyset.js';
import type { NewRow, Row, RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { CursorPosition } from '../../platform/http/pagination.js';

/** SQL for webhook subscriptions and their deliveries. Row-level security scopes user reads to a vendor. */

const subscriptionColumns = [
  'id',
  'vendor_id',
  'url',
  'description',
  'event_types',
  'networks',
  'active',
  'created_at',
  'updated_at',
] as const;
const deliveryColumns = [
  'id',
  'subscription_id',
  'event_id',
  'event_type',
  'message_id',
  'status',
  'attempts',
  'next_attempt_at',
  'last_attempt_at',
  'response_status',
  'latency_ms',
  'last_error',
  'created_at',
  'body',
] as const;

export function insertSubscription(tx: Tx, values: NewRow<'webhook_subscriptions'>) {
  return tx
    .insertInto('webhook_subscriptions')
    .values(values)
    .returning([...subscriptionColumns, 'secret'])
    .executeTakeFirstOrThrow();
}

export function listSubscriptions(tx: Tx) {
  return tx.selectFrom('webhook_subscriptions').select(subscriptionColumns).orderBy('created_at').execute();
}

export function findSubscription(tx: Tx, id: string) {
  return tx
    .selectFrom('webhook_subscriptions')
    .select(subscriptionColumns)
    .where('id', '=', id)
    .executeTakeFirst();
}

export function updateSubscription(tx: Tx, id: string, values: RowUpdate<'webhook_subscriptions'>) {
  return tx
    .updateTable('webhook_subscriptions')
    .set({ ...values, updated_at: sql<string>`now()` })
    .where('id', '=', id)
    .returning(subscriptionColumns)
    .executeTakeFirst();
}

export async function deleteSubscription(tx: Tx, id: string) {
  const result = await tx.deleteFrom('webhook_subscriptions').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

export function listDeliveries(
  tx: Tx,
  subscriptionId: string,
  filter: { status?: string | undefined; limit: number; cursor?: CursorPosition | undefined },
) {
  let q = tx
    .selectFrom('webhook_deliveries')
    .select(deliveryColumns)
    .where('subscription_id', '=', subscriptionId);
  if (filter.status) q = q.where('status', '=', filter.status as 'pending');
  return keysetPage(q, 'created_at', 'desc', filter.limit, filter.cursor).execute();
}

/** Puts a delivery back in the queue as new: a fresh round of attempts, due now. */
export function requeueDelivery(tx: Tx, where: { id?: string; messageId?: string }) {
  let q = tx
    .updateTable('webhook_deliveries')
    .set({
      status: 'pending',
      attempts: 0,
      next_attempt_at: sql<string>`now()`,
      leased_until: null,
      updated_at: sql<string>`now()`,
    })
    .where('status', '<>', 'pending');
  if (where.id) q = q.where('id', '=', where.id);
  if (where.messageId) q = q.where('message_id', '=', where.messageId);
  return q.returning(deliveryColumns).execute();
}

// --- worker side (owner transactions) ---

export function activeSubscriptions(tx: Tx, organizationIds: string[]) {
  return tx
    .selectFrom('webhook_subscriptions')
    .select(['id', 'organization_id', 'vendor_id', 'event_types', 'networks'])
    .where('organization_id', 'in', organizationIds)
    .where('active', '=', true)
    .execute();
}

export async function insertDeliveries(tx: Tx, rows: NewRow<'webhook_deliveries'>[]) {
  if (!rows.length) return;
  await tx
    .insertInto('webhook_deliveries')
    .values(rows)
    .onConflict((c) => c.columns(['subscription_id', 'event_id', 'event_type']).doNothing())
    .execute();
}

/** Messages by id, for the body of message events. */
export function messagesById(tx: Tx, ids: string[]) {
  if (!ids.length) return Promise.resolve([]);
  return tx
    .selectFrom('messages')
    .select([
      'id',
      'ticket_id',
      'author_kind',
      'author_user_id',
      'visibility',
      'body_text',
      'channel',
      'created_at',
    ])
    .where('id', 'in', ids)
    .execute();
}

/** A page of stored signing secrets, for the re-seal sweep (owner transaction). */
export function secretsAfter(tx: Tx, afterId: string | null, limit: number) {
  let query = tx.selectFrom('webhook_subscriptions').select(['id', 'secret']).orderBy('id').limit(limit);
  if (afterId) query = query.where('id', '>', afterId);
  return query.execute();
}

/** Replaces a stored secret only if it is still the one read, so a concurrent change is kept. */
export async function replaceSecret(tx: Tx, id: string, read: string, sealed: string) {
  const result = await tx
    .updateTable('webhook_subscriptions')
    .set({ secret: sealed })
    .where('id', '=', id)
    .where('secret', '=', read)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export type ClaimedDelivery = Row<'webhook_deliveries'> & { url: string; secret: string; active: boolean };

/**
 * Leases up to `limit` due deliveries to this worker and counts the attempt. SKIP LOCKED keeps two
 * workers off the same rows; the lease keeps them off while this one sends outside any transaction.
 */
export async function claimDue(tx: Tx, limit: number, leaseSeconds: number): Promise<ClaimedDelivery[]> {
  const { rows } = await sql<ClaimedDelivery>`
    with due as (
      select id from webhook_deliveries
      where status = 'pending' and next_attempt_at <= now() and (leased_until is null or leased_until < now())
      order by next_attempt_at limit ${limit} for update skip locked
    ), claimed as (
      update webhook_deliveries d
      set leased_until = now() + make_interval(secs => ${leaseSeconds}), attempts = d.attempts + 1,
          last_attempt_at = now(), updated_at = now()
      from due where d.id = due.id
      returning d.*
    )
    select claimed.*, s.url, s.secret, s.active
    from claimed join webhook_subscriptions s on s.id = claimed.subscription_id`.execute(tx);
  return rows;
}

export function recordAttempt(
  tx: Tx,
  id: string,
  outcome: {
    status: 'pending' | 'succeeded' | 'failed';
    responseStatus: number | null;
    latencyMs: number | null;
    error: string | null;
    retryInMs: number | null;
  },
) {
  return tx
    .updateTable('webhook_deliveries')
    .set({
      status: outcome.status,
      response_status: outcome.responseStatus,
      latency_ms: outcome.latencyMs,
      last_error: outcome.error,
      leased_until: null,
      updated_at: sql<string>`now()`,
      ...(outcome.retryInMs !== null
        ? { next_attempt_at: sql<string>`now() + make_interval(secs => ${outcome.retryInMs / 1000})` }
        : {}),
    })
    .where('id', '=', id)
    .execute();
}

/** How the other deliveries of a social reply stand, to decide the message's status. */
export function deliveriesOfMessage(tx: Tx, messageId: string) {
  return tx
    .selectFrom('webhook_deliveries')
    .select(['id', 'status', 'last_error'])
    .where('message_id', '=', messageId)
    .execute();
}

export async function vendorVisible(tx: Tx, vendorId: string) {
  return Boolean(await tx.selectFrom('vendors').select('id').where('id', '=', vendorId).executeTakeFirst());
}

export function findDelivery(tx: Tx, subscriptionId: string, deliveryId: string) {
  return tx
    .selectFrom('webhook_deliveries')
    .select(['id', 'status'])
    .where('id', '=', deliveryId)
    .where('subscription_id', '=', subscriptionId)
    .executeTakeFirst();
}

/**
 * Erasure: a delivery of one of the customer's messages loses its body (it carried the text); other
 * deliveries are scrubbed of the customer's strings. The rows stay, so delivery history still counts.
 */
export async function eraseDeliveries(tx: Tx, scope: ErasureScope) {
  const messages = await sql`
    update webhook_deliveries set body = jsonb_build_object('erased', true)
    where message_id = any(${scope.messageIds}::uuid[])`.execute(tx);
  let scrubbed = 0;
  if (scope.pattern) {
    scrubbed = affected(
      await sql`
        update webhook_deliveries set body = ${scrubJson('body', scope.pattern)}
        where organization_id = ${scope.organizationId} and ${mentions('body', scope.pattern)}`.execute(tx),
    );
  }
  return { webhook_deliveries: affected(messages) + scrubbed };
}
