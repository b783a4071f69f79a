import { sql } from 'kysely';
import type { Channel } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';

/**
 * Reads for one customer's export and erasure (docs/privacy.md#export-and-erasure), run as the owner
 * within the organization. Nothing here writes: each table is erased by the module that owns it.
 */

/** The tickets and messages of some customers, and the strings that identify them. */
export async function scopeOf(tx: Tx, organizationId: string, customerIds: string[]) {
  const tickets = await sql<{ id: string; subject: string }>`
    select id, subject from tickets
    where organization_id = ${organizationId} and customer_id = any(${customerIds}::uuid[])`.execute(tx);
  const ticketIds = tickets.rows.map((r) => r.id);
  const messages = await sql<{ id: string }>`
    select id from messages where ticket_id = any(${ticketIds}::uuid[])`.execute(tx);
  const { rows: strings } = await sql<{ value: string | null }>`
    select value from customer_identities where customer_id = any(${customerIds}::uuid[])
    union select display_name from customers where id = any(${customerIds}::uuid[])
    union select visitor_name from chat_conversations where ticket_id = any(${ticketIds}::uuid[])
    union select email from chat_conversations where ticket_id = any(${ticketIds}::uuid[])
    union select caller_number from calls where customer_id = any(${customerIds}::uuid[])
    union select recipient from surveys where customer_id = any(${customerIds}::uuid[])`.execute(tx);
  return {
    ticketIds,
    messageIds: messages.rows.map((r) => r.id),
    values: [...strings.flatMap((r) => (r.value ? [r.value] : [])), ...tickets.rows.map((r) => r.subject)],
  };
}

const rowsOf = async <T>(tx: Tx, query: ReturnType<typeof sql<T>>) => (await query.execute(tx)).rows;

/** Everything Tandem holds about some customers, table by table, for the GDPR export. */
export async function exportRows(tx: Tx, organizationId: string, customerIds: string[], ticketIds: string[]) {
  const ids = sql`${customerIds}::uuid[]`;
  const tickets = sql`${ticketIds}::uuid[]`;
  return {
    customers: await rowsOf(
      tx,
      sql`select id, display_name, tier, data_region, segment, merged_into_id, created_at, updated_at
          from customers where organization_id = ${organizationId} and id = any(${ids}) order by created_at`,
    ),
    identities: await rowsOf(
      tx,
      sql`select customer_id, kind, value, created_at from customer_identities
          where customer_id = any(${ids}) order by created_at`,
    ),
    tickets: await rowsOf(
      tx,
      sql`select id, number, customer_id, subject, channel, status, priority, language, tags, custom_fields,
            created_at, updated_at from tickets where id = any(${tickets}) order by created_at`,
    ),
    messages: await rowsOf(
      tx,
      sql`select id, ticket_id, author_kind, visibility, channel, body_text, body_html, created_at
          from messages where ticket_id = any(${tickets}) order by created_at, id`,
    ),
    history: await rowsOf(
      tx,
      sql`select ticket_id, actor_kind, field, before, after, created_at from ticket_events
          where ticket_id = any(${tickets}) order by id`,
    ),
    attachments: await rowsOf(
      tx,
      sql`select id, ticket_id, message_id, filename, declared_content_type, size, created_at
          from attachments where ticket_id = any(${tickets}) order by created_at`,
    ),
    calls: await rowsOf(
      tx,
      sql`select id, ticket_id, direction, status, caller_number, dialled_number, offered_at, answered_at,
            ended_at, abandoned_at from calls where customer_id = any(${ids}) order by offered_at`,
    ),
    chats: await rowsOf(
      tx,
      sql`select ticket_id, visitor_name, email, created_at from chat_conversations
          where ticket_id = any(${tickets}) order by created_at`,
    ),
    surveys: await rowsOf(
      tx,
      sql`select s.id, s.kind, s.ticket_id, s.recipient, s.created_at,
            coalesce((select jsonb_agg(jsonb_build_object('score', r.score, 'comment', r.comment,
              'created_at', r.created_at) order by r.version) from survey_responses r
              where r.survey_id = s.id), '[]'::jsonb) as responses
          from surveys s where s.customer_id = any(${ids}) order by s.created_at`,
    ),
    emails_received: await rowsOf(
      tx,
      sql`select sender, recipient, outcome, ticket_id, created_at from email_intake
          where organization_id = ${organizationId} and ticket_id = any(${tickets}) order by created_at`,
    ),
    events: await rowsOf(
      tx,
      sql`select type, subject_id, payload, created_at from domain_events
          where organization_id = ${organizationId} and subject_id = any(${ids}) order by id`,
    ),
  };
}

/** The brand's retention policies, one per channel that has one. */
export async function retentionPolicies(tx: Tx, organizationId: string) {
  return tx
    .selectFrom('retention_policies')
    .select(['channel', 'attachments_days', 'redact_closed_after_days', 'updated_at'])
    .where('organization_id', '=', organizationId)
    .orderBy('channel')
    .execute();
}

/** Replaces the brand's retention policies with these (a channel left out keeps everything). */
export async function replaceRetentionPolicies(
  tx: Tx,
  organizationId: string,
  userId: string,
  policies: Array<{
    channel: Channel;
    attachments_days: number | null;
    redact_closed_after_days: number | null;
  }>,
) {
  await tx.deleteFrom('retention_policies').where('organization_id', '=', organizationId).execute();
  if (policies.length) {
    await tx
      .insertInto('retention_policies')
      .values(policies.map((p) => ({ ...p, organization_id: organizationId, updated_by: userId })))
      .execute();
  }
}

/** Every organization's policies, for the daily job. */
export async function allRetentionPolicies(tx: Tx) {
  return tx
    .selectFrom('retention_policies')
    .select(['organization_id', 'channel', 'attachments_days', 'redact_closed_after_days'])
    .orderBy('organization_id')
    .orderBy('channel')
    .execute();
}

/** A batch of one channel's tickets closed before the cutoff and not yet redacted, with their messages. */
export async function closedTicketsBefore(
  tx: Tx,
  organizationId: string,
  channel: string,
  cutoff: Date,
  limit: number,
) {
  const { rows } = await sql<{ id: string; message_ids: string[] }>`
    select t.id, coalesce((select array_agg(m.id) from messages m where m.ticket_id = t.id), '{}') as message_ids
    from tickets t
    where t.organization_id = ${organizationId} and t.channel = ${channel} and t.status = 'closed'
      and t.closed_at < ${cutoff.toISOString()} and t.redacted_at is null
    order by t.closed_at
    limit ${limit}`.execute(tx);
  return rows;
}
