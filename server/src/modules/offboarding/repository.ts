import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';

/** Reads and the routing write of vendor offboarding and export, in the brand admin's transaction. */

export async function activeUserIdsOfVendor(tx: Tx, vendorId: string) {
  const rows = await tx
    .selectFrom('users')
    .select('id')
    .where('vendor_id', '=', vendorId)
    .where('active', '=', true)
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.id);
}

export async function liveScimTokenIds(tx: Tx, vendorId: string) {
  const rows = await tx
    .selectFrom('scim_tokens')
    .select('id')
    .where('vendor_id', '=', vendorId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.map((r) => r.id);
}

export async function unsolvedTicketIdsOfVendor(tx: Tx, vendorId: string) {
  const rows = await tx
    .selectFrom('tickets')
    .select('id')
    .where('vendor_id', '=', vendorId)
    .where('status', 'not in', ['solved', 'closed'])
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.id);
}

/**
 * A ticket's routing row remembers the vendor it was pinned to when it entered routing; a re-queue
 * keeps that pin. Tickets handed back from an offboarded vendor must be free to go anywhere.
 */
// --- export ----------------------------------------------------------------------------------------

export function vendorRow(tx: Tx, vendorId: string) {
  return tx.selectFrom('vendors').selectAll().where('id', '=', vendorId).executeTakeFirst();
}

export function sitesOf(tx: Tx, vendorId: string) {
  return tx.selectFrom('sites').selectAll().where('vendor_id', '=', vendorId).orderBy('name').execute();
}

export function teamsOf(tx: Tx, vendorId: string) {
  return tx.selectFrom('teams').selectAll().where('vendor_id', '=', vendorId).orderBy('name').execute();
}

/** The vendor's people, without any credential column (password hash, MFA, tokens live elsewhere). */
export function usersOf(tx: Tx, vendorId: string) {
  return tx
    .selectFrom('users')
    .select([
      'id',
      'email',
      'display_name',
      'role',
      'site_id',
      'team_id',
      'languages',
      'active',
      'created_at',
      'updated_at',
    ])
    .where('vendor_id', '=', vendorId)
    .orderBy('email')
    .execute();
}

/** Tickets the vendor held, or on which one of its people wrote: "handled", even after hand-back. */
export function ticketsHandledBy(tx: Tx, vendorId: string) {
  return tx
    .selectFrom('tickets as t')
    .select([
      't.id',
      't.number',
      't.subject',
      't.channel',
      't.status',
      't.priority',
      't.language',
      't.queue',
      't.tags',
      't.customer_id',
      't.vendor_id',
      't.site_id',
      't.team_id',
      't.agent_id',
      't.created_at',
      't.first_response_at',
      't.solved_at',
      't.closed_at',
    ])
    .where((eb) =>
      eb.or([
        eb('t.vendor_id', '=', vendorId),
        eb.exists(
          eb
            .selectFrom('messages as m')
            .innerJoin('users as u', 'u.id', 'm.author_user_id')
            .select(sql`1`.as('one'))
            .whereRef('m.ticket_id', '=', 't.id')
            .where('u.vendor_id', '=', vendorId),
        ),
      ]),
    )
    .orderBy('t.created_at')
    .orderBy('t.id')
    .execute();
}

export function messagesOf(tx: Tx, ticketIds: string[]) {
  if (!ticketIds.length) return Promise.resolve([]);
  return tx
    .selectFrom('messages')
    .select([
      'id',
      'ticket_id',
      'author_kind',
      'author_user_id',
      'author_customer_id',
      'visibility',
      'body_text',
      'channel',
      'created_at',
    ])
    .where('ticket_id', 'in', ticketIds)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export function qaReviewsOf(tx: Tx, vendorId: string) {
  return tx
    .selectFrom('qa_reviews')
    .selectAll()
    .where('vendor_id', '=', vendorId)
    .orderBy('created_at')
    .execute();
}

export function contractsOf(tx: Tx, vendorId: string) {
  return tx.selectFrom('vendor_contracts').selectAll().where('vendor_id', '=', vendorId).execute();
}

export function invoicesOf(tx: Tx, vendorId: string) {
  return tx.selectFrom('vendor_invoices').selectAll().where('vendor_id', '=', vendorId).execute();
}

export function contractVersionsOf(tx: Tx, contractIds: string[]) {
  if (!contractIds.length) return Promise.resolve([]);
  return tx
    .selectFrom('vendor_contract_versions')
    .selectAll()
    .where('contract_id', 'in', contractIds)
    .orderBy('contract_id')
    .orderBy('version')
    .execute();
}

/** API tokens of these users that still work: what deactivating them is about to revoke. */
export async function countLiveTokens(tx: Tx, userIds: string[]) {
  if (!userIds.length) return 0;
  const row = await tx
    .selectFrom('api_tokens')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', 'in', userIds)
    .where('revoked_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
