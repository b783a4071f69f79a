import { type Kysely, sql } from 'kysely';
import { affected, ERASED, type ErasureScope, mentions } from '../../../platform/db/erasure.js';
import type { DB, NewRow, RowUpdate } from '../../../platform/db/schema.js';
import type { Tx } from '../../../platform/db/transaction.js';

/** SQL for support addresses and the email intake log. */

const addressColumns = [
  'id',
  'address',
  'name',
  'queue',
  'language',
  'vendor_id',
  'active',
  'created_at',
  'updated_at',
] as const;

export function listAddresses(tx: Tx) {
  return tx.selectFrom('support_addresses').select(addressColumns).orderBy('address').execute();
}

export function findAddress(tx: Tx, id: string) {
  return tx.selectFrom('support_addresses').select(addressColumns).where('id', '=', id).executeTakeFirst();
}

/** Inserts unless the address is taken (by any brand): then undefined. */
export function insertAddress(tx: Tx, values: NewRow<'support_addresses'>) {
  return tx
    .insertInto('support_addresses')
    .values(values)
    .onConflict((oc) => oc.column('address').doNothing())
    .returning(addressColumns)
    .executeTakeFirst();
}

export function updateAddress(tx: Tx, id: string, values: RowUpdate<'support_addresses'>) {
  return tx
    .updateTable('support_addresses')
    .set(values)
    .where('id', '=', id)
    .returning(addressColumns)
    .executeTakeFirst();
}

export async function deleteAddress(tx: Tx, id: string) {
  const r = await tx.deleteFrom('support_addresses').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export function vendorVisible(tx: Tx, id: string) {
  return tx.selectFrom('vendors').select('id').where('id', '=', id).executeTakeFirst();
}

/** As the owner, at RCPT time: the active support address and its brand, any brand. */
export function findActiveAddress(tx: Kysely<DB>, address: string) {
  return tx
    .selectFrom('support_addresses')
    .select(['id', 'organization_id', 'address', 'queue', 'language', 'vendor_id'])
    .where('address', '=', address)
    .where('active', '=', true)
    .executeTakeFirst();
}

/** Mails logged from this sender within the window, across brands (owner). */
export async function countRecentFromSender(tx: Kysely<DB>, sender: string, minutes: number) {
  const row = await tx
    .selectFrom('email_intake')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('sender', '=', sender)
    .where('created_at', '>', sql<string>`now() - make_interval(mins => ${minutes})`)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function insertIntake(tx: Tx, row: NewRow<'email_intake'>) {
  return tx.insertInto('email_intake').values(row).execute();
}

/**
 * Leaves the owner role for the rest of the transaction: the brand-wide, user-less context of channel
 * intake, so row-level security confines every later statement to this one organization.
 */
export async function enterOrganization(tx: Tx, organizationId: string) {
  await sql`select set_config('tandem.org_id', ${organizationId}, true),
                   set_config('tandem.vendor_id', '', true),
                   set_config('tandem.user_id', '', true),
                   set_config('tandem.role', 'system', true),
                   set_config('role', 'tandem_app', true)`.execute(tx);
}

/** As the owner: how far a polled IMAP mailbox has been taken in, or undefined before its first mail. */
export function findImapCheckpoint(db: Kysely<DB>, mailbox: string) {
  return db
    .selectFrom('imap_checkpoints')
    .select(['uidvalidity', 'last_uid'])
    .where('mailbox', '=', mailbox)
    .executeTakeFirst();
}

/** As the owner: the mailbox is taken in up to and including lastUid of this UIDVALIDITY. */
export async function saveImapCheckpoint(
  db: Kysely<DB>,
  mailbox: string,
  uidvalidity: number,
  lastUid: number,
) {
  await db
    .insertInto('imap_checkpoints')
    .values({ mailbox, uidvalidity, last_uid: lastUid })
    .onConflict((oc) =>
      oc.column('mailbox').doUpdateSet({ uidvalidity, last_uid: lastUid, updated_at: sql<string>`now()` }),
    )
    .execute();
}

/**
 * Erasure: the intake log keeps that a mail came and what it became, without its sender, headers or
 * original (whose storage keys are returned); outbound delivery rows and captured copies of mail to
 * the customer go — a pending reply to an erased customer is not sent.
 */
export async function eraseMail(tx: Tx, scope: ErasureScope) {
  const mentioned = (column: string) =>
    scope.pattern ? mentions(column, scope.pattern) : sql<boolean>`false`;
  const intake = await sql<{ raw_key: string | null }>`
    with hit as (
      select id, raw_key from email_intake
      where organization_id = ${scope.organizationId}
        and (ticket_id = any(${scope.ticketIds}::uuid[]) or ${mentioned('sender')})
      for update
    )
    update email_intake e set sender = ${ERASED}, message_id_header = null, reason = null, raw_key = null
    from hit where e.id = hit.id
    returning hit.raw_key`.execute(tx);
  const deliveries = await sql`
    delete from email_deliveries where ticket_id = any(${scope.ticketIds}::uuid[])`.execute(tx);
  const captured = await sql`
    delete from captured_mail
    where organization_id = ${scope.organizationId}
      and (ticket_id = any(${scope.ticketIds}::uuid[]) or ${mentioned('mail_to')} or ${mentioned('mail_from')})`.execute(
    tx,
  );
  return {
    email_intake: intake.rows.length,
    email_deliveries: affected(deliveries),
    captured_mail: affected(captured),
    keys: intake.rows.flatMap((r) => (r.raw_key ? [r.raw_key] : [])),
  };
}
