import { type RawBuilder, sql } from 'kysely';
import { affected, ERASED, type ErasureScope, mentions, scrubJson } from '../../platform/db/erasure.js';
import { keysetPage } from '../../platform/db/keyset.js';
import type { NewRow, RowUpdate } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { CursorPosition } from '../../platform/http/pagination.js';

/** SQL for tickets, their messages and history. Row-level security scopes every query to the actor's vendor. */

const ticketColumns = [
  'id',
  'number',
  'subject',
  'channel',
  'status',
  'priority',
  'language',
  'queue',
  'tags',
  'custom_fields',
  'customer_id',
  'vendor_id',
  'site_id',
  'team_id',
  'agent_id',
  'created_at',
  'updated_at',
  'first_response_at',
  'solved_at',
  'closed_at',
  'sla_due_at',
] as const;
const messageColumns = [
  'id',
  'ticket_id',
  'author_kind',
  'author_user_id',
  'author_customer_id',
  'visibility',
  'body_text',
  'body_html',
  'attachments',
  'created_at',
  'channel',
  'external_id',
  'delivery_status',
  'delivery_error',
  'delivered_at',
] as const;

export interface TicketFilter {
  organizationId: string;
  /** Set for vendor users: repeats the row-level rule so the planner can use the vendor indexes. */
  scopeVendorId: string | null;
  status?: readonly string[] | undefined;
  channel?: readonly string[] | undefined;
  priority?: readonly string[] | undefined;
  language?: string | undefined;
  queue?: string | undefined;
  tag?: string | undefined;
  vendorId?: string | undefined;
  agentId?: string | undefined;
  /** view=mine: the caller; applies beside agentId (both must match). */
  assignedTo?: string | undefined;
  teamId?: string | undefined;
  unassigned?: boolean | undefined;
  customerId?: string | undefined;
  /** Cleaned text for websearch_to_tsquery, and/or a ticket number the query names. */
  search?: { text: string | null; number: number | null } | undefined;
  sort: 'created_at' | 'updated_at' | 'priority_rank' | 'sla_due_at';
  direction: 'asc' | 'desc';
  limit: number;
  cursor?: CursorPosition | undefined;
}

/** The latest message of the ticket the actor may see, flattened to one short line. */
const PREVIEW_CHARS = 140;

export function listTickets(tx: Tx, f: TicketFilter) {
  let q = tx
    .selectFrom('tickets')
    .select(ticketColumns)
    .select((eb) => [
      eb
        .selectFrom('users as a')
        .select('a.display_name')
        .whereRef('a.id', '=', 'tickets.agent_id')
        .as('agent_name'),
      eb
        .selectFrom('customers as c')
        .select('c.display_name')
        .whereRef('c.id', '=', 'tickets.customer_id')
        .as('customer_name'),
      sql<Record<string, unknown> | null>`(
        select jsonb_build_object(
          'preview', left(btrim(regexp_replace(m.body_text, '[[:space:]]+', ' ', 'g')), ${PREVIEW_CHARS}),
          'at', m.created_at, 'author_kind', m.author_kind, 'visibility', m.visibility)
        from messages m where m.ticket_id = tickets.id
        order by m.created_at desc, m.id desc limit 1)`.as('last_message'),
    ])
    .where('organization_id', '=', f.organizationId);
  if (f.scopeVendorId) q = q.where('vendor_id', '=', f.scopeVendorId);
  if (f.status?.length) q = q.where('status', 'in', f.status as Array<'new'>);
  if (f.channel?.length) q = q.where('channel', 'in', f.channel as Array<'email'>);
  if (f.priority?.length) q = q.where('priority', 'in', f.priority as Array<'normal'>);
  if (f.language) q = q.where('language', '=', f.language);
  if (f.queue) q = q.where('queue', '=', f.queue);
  if (f.tag) q = q.where('tags', '@>', sql<string[]>`array[${f.tag}]::text[]`);
  if (f.vendorId) q = q.where('vendor_id', '=', f.vendorId);
  if (f.agentId) q = q.where('agent_id', '=', f.agentId);
  if (f.assignedTo) q = q.where('agent_id', '=', f.assignedTo);
  if (f.teamId) q = q.where('team_id', '=', f.teamId);
  if (f.unassigned) q = q.where('agent_id', 'is', null);
  if (f.customerId) q = q.where('customer_id', '=', f.customerId);
  if (f.search) q = q.where(searchCondition(f.search));
  // Sorting by next SLA due lists the tickets with a running timer (the column is null otherwise).
  if (f.sort === 'sla_due_at') q = q.where('sla_due_at', 'is not', null);
  return keysetPage(q, f.sort, f.direction, f.limit, f.cursor).execute();
}

/**
 * Subject or any message the actor can see (row-level security applies inside the subquery), each
 * through its GIN index; or the ticket number itself.
 */
function searchCondition(search: { text: string | null; number: number | null }) {
  const parts = [];
  if (search.text !== null) {
    const query = sql`websearch_to_tsquery('simple', ${search.text})`;
    parts.push(sql`tickets.search @@ ${query}`);
    parts.push(sql`tickets.id in (select m.ticket_id from messages m where m.search @@ ${query})`);
  }
  if (search.number !== null) parts.push(sql`tickets.number = ${search.number}`);
  if (!parts.length) return sql<boolean>`false`;
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

export function findTicket(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  const q = tx.selectFrom('tickets').select(ticketColumns).where('id', '=', id);
  return (options.lock ? q.forUpdate() : q).executeTakeFirst();
}

/** The customer's latest other tickets the actor can see (row-level security), on any channel. */
export function recentTicketsOfCustomer(tx: Tx, customerId: string, exceptId: string, limit: number) {
  return tx
    .selectFrom('tickets')
    .select(['id', 'number', 'channel', 'subject', 'status', 'created_at'])
    .where('customer_id', '=', customerId)
    .where('id', '<>', exceptId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
}

/**
 * The one insert of a ticket. `customer` is a query yielding (resolved_id, created): the customer it
 * finds or creates in the same statement, or simply the known one. The resolution runs once: a CTE
 * calling a volatile function is materialised.
 */
export function insertTicket(
  tx: Tx,
  values: Omit<NewRow<'tickets'>, 'customer_id'>,
  customer: RawBuilder<{ resolved_id: string; created: boolean }>,
) {
  return tx
    .with('customer', () => sql`(${customer})`)
    .insertInto('tickets')
    .values({ ...values, customer_id: sql<string>`(select resolved_id from customer)` })
    .returning([...ticketColumns, sql<boolean>`(select created from customer)`.as('customer_created')])
    .executeTakeFirstOrThrow();
}

/** A customer already resolved, in the shape insertTicket takes. */
export function knownCustomer(id: string, created: boolean) {
  return sql<{
    resolved_id: string;
    created: boolean;
  }>`select ${id}::uuid as resolved_id, ${created}::boolean as created`;
}

export function updateTicket(tx: Tx, id: string, values: RowUpdate<'tickets'>) {
  return tx
    .updateTable('tickets')
    .set(values)
    .where('id', '=', id)
    .returning(ticketColumns)
    .executeTakeFirst();
}

/**
 * Marks a ticket as just worked on, in database time so a first response stamp equals the reply's
 * created_at exactly. coalesce keeps the first stamp if the flag is sent twice.
 */
export function touchTicket(tx: Tx, id: string, firstResponse: boolean) {
  const now = sql<string>`date_trunc('milliseconds', now())`;
  return tx
    .updateTable('tickets')
    .set({
      updated_at: now,
      ...(firstResponse ? { first_response_at: sql<string>`coalesce(first_response_at, ${now})` } : {}),
    })
    .where('id', '=', id)
    .returning(['updated_at', 'first_response_at'])
    .executeTakeFirstOrThrow();
}

export interface HistoryEntry {
  field: string;
  before: unknown;
  after: unknown;
  /** When this entry is not the write's own actor's (a customer's chat message changing the language is the system's doing). */
  actorKind?: 'user' | 'customer' | 'system' | undefined;
}

export interface OutboxEntry {
  type: string;
  /** null: the message written by the same call. */
  subjectId: string | null;
  payload: Record<string, unknown>;
}

/**
 * Everything a ticket write leaves behind, in one round trip: an optional message, the history rows
 * and the outbox rows. (The ticket itself must be committed to the statement before: row-level
 * security on messages and history looks the ticket up, and a CTE cannot see its own sibling's insert.)
 * A message whose channel id is already stored is not written again, and then neither are the history
 * and outbox rows: the result is null and the caller reads the stored message.
 */
export async function recordTicketWrite(
  tx: Tx,
  w: {
    organizationId: string;
    ticketId: string;
    vendorId: string | null;
    /** null with actorKind 'customer' or 'system' for writes no user made (the public web form). */
    actorUserId: string | null;
    actorKind?: 'user' | 'customer' | 'system' | undefined;
    message?: NewRow<'messages'> | undefined;
    history: HistoryEntry[];
    outbox: OutboxEntry[];
  },
) {
  const m = w.message;
  const { rows } = await sql<{ message: Record<string, unknown> | null }>`
    with message as (
      insert into messages (organization_id, ticket_id, author_kind, author_user_id, author_customer_id,
                            visibility, body_text, body_html, attachments, channel, external_id, delivery_status)
      select ${w.organizationId}::uuid, ${w.ticketId}::uuid, ${m?.author_kind ?? null}::text,
             ${m?.author_user_id ?? null}::uuid, ${m?.author_customer_id ?? null}::uuid,
             ${m?.visibility ?? 'public'}::text, ${m?.body_text ?? null}::text, ${m?.body_html ?? null}::text,
             ${m?.attachments ?? '[]'}::jsonb, ${m?.channel ?? null}::text, ${m?.external_id ?? null}::text,
             ${m?.delivery_status ?? null}::text
      where ${Boolean(m)}::boolean
      on conflict (organization_id, external_id) where external_id is not null do nothing
      returning ${sql.join([...messageColumns, 'chat_seq'].map((c) => sql.ref(c)))}
    ), written as (
      select not ${Boolean(m)}::boolean or exists (select 1 from message) as yes
    ), history as (
      insert into ticket_events (organization_id, ticket_id, actor_kind, actor_user_id, field, before, after)
      select ${w.organizationId}::uuid, ${w.ticketId}::uuid, coalesce(h."actorKind", ${w.actorKind ?? 'user'}::text),
             case when h."actorKind" is null then ${w.actorUserId}::uuid end, h.field, h.before, h.after
      from jsonb_to_recordset(${JSON.stringify(w.history)}::jsonb) as h(field text, before jsonb, after jsonb, "actorKind" text)
      where (select yes from written)
      returning 1
    ), outbox as (
      insert into domain_events (organization_id, vendor_id, type, subject_id, payload)
      select ${w.organizationId}::uuid, ${w.vendorId}::uuid, o.type,
             coalesce(o."subjectId", (select id from message)), o.payload
      from jsonb_to_recordset(${JSON.stringify(w.outbox)}::jsonb) as o(type text, "subjectId" uuid, payload jsonb)
      where (select yes from written)
      returning 1
    )
    select (select to_jsonb(message) from message) as message,
           (select count(*) from history) + (select count(*) from outbox) as written`.execute(tx);
  return rows[0]?.message ?? null;
}

export function listMessages(tx: Tx, ticketId: string, limit: number, cursor: CursorPosition | undefined) {
  const q = tx.selectFrom('messages').select(messageColumns).where('ticket_id', '=', ticketId);
  return keysetPage(q, 'created_at', 'asc', limit, cursor).execute();
}

export function listEvents(tx: Tx, ticketId: string, limit: number, afterId: number | undefined) {
  let q = tx
    .selectFrom('ticket_events')
    .select(['id', 'actor_kind', 'actor_user_id', 'field', 'before', 'after', 'created_at'])
    .where('ticket_id', '=', ticketId);
  if (afterId !== undefined) q = q.where('id', '>', afterId);
  return q
    .orderBy('id')
    .limit(limit + 1)
    .execute();
}

/**
 * Where each assignment target belongs, in one round trip; a target the actor cannot see is missing.
 * Reads only the vendor of sites, teams and users, which the vendors and users modules own.
 */
export async function assignmentOwners(
  tx: Tx,
  ids: { vendorId?: string | null; siteId?: string | null; teamId?: string | null; agentId?: string | null },
) {
  const { rows } = await sql<{ kind: 'vendor' | 'site' | 'team' | 'agent'; vendor_id: string | null }>`
    select 'vendor' as kind, id as vendor_id from vendors where id = ${ids.vendorId ?? null}
    union all select 'site', vendor_id from sites where id = ${ids.siteId ?? null}
    union all select 'team', vendor_id from teams where id = ${ids.teamId ?? null}
    union all select 'agent', vendor_id from users where id = ${ids.agentId ?? null} and active`.execute(tx);
  return new Map(rows.map((r) => [r.kind, r.vendor_id]));
}

/** The ticket of the first stored message carrying one of these channel ids (e.g. 'email:<id>'). */
export function findTicketByMessageExternalIds(tx: Tx, organizationId: string, externalIds: string[]) {
  return tx
    .selectFrom('messages as m')
    .innerJoin('tickets as t', 't.id', 'm.ticket_id')
    .select(ticketColumns.map((c) => `t.${c}` as const))
    .where('m.organization_id', '=', organizationId)
    .where('m.external_id', 'in', externalIds)
    .orderBy('m.created_at')
    .limit(1)
    .executeTakeFirst();
}

export function findTicketsByIds(tx: Tx, organizationId: string, ids: string[]) {
  return tx
    .selectFrom('tickets')
    .select(ticketColumns)
    .where('organization_id', '=', organizationId)
    .where('id', 'in', ids)
    .execute();
}

/** The agent's tickets not yet solved or closed, oldest first. */
export async function openTicketIdsOfAgent(tx: Tx, agentId: string) {
  const rows = await tx
    .selectFrom('tickets')
    .select('id')
    .where('agent_id', '=', agentId)
    .where('status', 'not in', ['solved', 'closed'])
    .orderBy('created_at')
    .execute();
  return rows.map((r) => r.id);
}

export function findTicketByNumber(tx: Tx, organizationId: string, number: number) {
  return tx
    .selectFrom('tickets')
    .select(ticketColumns)
    .where('organization_id', '=', organizationId)
    .where('number', '=', number)
    .executeTakeFirst();
}

export function findMessageByExternalId(tx: Tx, organizationId: string, externalId: string) {
  return tx
    .selectFrom('messages')
    .select([...messageColumns, 'chat_seq'])
    .where('organization_id', '=', organizationId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

/**
 * Erasure of the conversations of a customer's tickets: subjects, custom fields and every message's
 * text, HTML and attachment list are overwritten; the rows, their timestamps, status, channel and
 * assignment stay, so counts, handle times and SLA figures do not change. History entries keep
 * their field and time; a subject's before/after is overwritten and other values scrubbed of the
 * customer's strings (the history trigger allows exactly this under tandem.erasure, migration 0034).
 */
export async function eraseConversations(tx: Tx, scope: ErasureScope) {
  const tickets = await sql`
    update tickets set subject = ${ERASED}, custom_fields = '{}'::jsonb,
      redacted_at = coalesce(redacted_at, date_trunc('milliseconds', now()))
    where id = any(${scope.ticketIds}::uuid[])`.execute(tx);
  const messages = await sql`
    update messages set body_text = ${ERASED}, body_html = null, attachments = '[]'::jsonb,
      delivery_error = null
    where ticket_id = any(${scope.ticketIds}::uuid[])`.execute(tx);
  await sql`select set_config('tandem.erasure', 'on', true)`.execute(tx);
  const subjects = await sql`
    update ticket_events set
      before = case when before is null or before = 'null'::jsonb then before else to_jsonb(${ERASED}::text) end,
      after = case when after is null or after = 'null'::jsonb then after else to_jsonb(${ERASED}::text) end
    where ticket_id = any(${scope.ticketIds}::uuid[]) and field in ('subject', 'custom_fields')`.execute(tx);
  let scrubbed = 0;
  if (scope.pattern) {
    scrubbed = affected(
      await sql`
        update ticket_events set before = ${scrubJson('before', scope.pattern)},
          after = ${scrubJson('after', scope.pattern)}
        where ticket_id = any(${scope.ticketIds}::uuid[]) and field not in ('subject', 'custom_fields')
          and (${mentions('before', scope.pattern)} or ${mentions('after', scope.pattern)})`.execute(tx),
    );
  }
  await sql`select set_config('tandem.erasure', '', true)`.execute(tx);
  return {
    tickets: affected(tickets),
    messages: affected(messages),
    ticket_events: affected(subjects) + scrubbed,
  };
}

/**
 * The re-seal sweep's page (as the owner): tickets whose custom fields hold a key their brand seals
 * or a sealed value, with the brand's keys. A full pass over tickets, by id.
 */
export async function customFieldsToReseal(tx: Tx, after: string | null, limit: number) {
  const { rows } = await sql<{
    id: string;
    organization_id: string;
    custom_fields: Record<string, unknown>;
    keys: string[];
  }>`
    select t.id, t.organization_id, t.custom_fields, coalesce(s.keys, '{}') as keys
    from tickets t left join sealed_custom_fields s on s.organization_id = t.organization_id
    where (${after}::uuid is null or t.id > ${after}::uuid)
      and (t.custom_fields ?| coalesce(s.keys, '{}') or t.custom_fields::text like '%"tdm1:%')
    order by t.id
    limit ${limit}`.execute(tx);
  return rows;
}

/** Replaces a ticket's custom fields only if they still hold what the sweep read. */
export async function replaceCustomFields(
  tx: Tx,
  id: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
) {
  const result = await sql`
    update tickets set custom_fields = ${JSON.stringify(after)}::jsonb
    where id = ${id} and custom_fields = ${JSON.stringify(before)}::jsonb`.execute(tx);
  return affected(result) === 1;
}

/**
 * A ticket's custom_fields history entries with these keys' values replaced by a placeholder: a key
 * sealed after it was written leaves no plaintext in history. History is append-only; this is the
 * one kind of overwrite its trigger allows (tandem.erasure, migration 0034), as the owner.
 */
export async function hideCustomFieldHistory(tx: Tx, ticketId: string, keys: string[], placeholder: string) {
  const hide = (column: 'before' | 'after') => sql`
    case when jsonb_typeof(${sql.ref(column)}) = 'object' then ${sql.ref(column)} || coalesce(
      (select jsonb_object_agg(k, to_jsonb(${placeholder}::text)) from unnest(${keys}::text[]) k
       where ${sql.ref(column)} ? k and ${sql.ref(column)} -> k <> 'null'::jsonb), '{}'::jsonb)
    else ${sql.ref(column)} end`;
  await sql`select set_config('tandem.erasure', 'on', true)`.execute(tx);
  const result = await sql`
    update ticket_events set before = ${hide('before')}, after = ${hide('after')}
    where ticket_id = ${ticketId} and field = 'custom_fields'
      and (before ?| ${keys}::text[] or after ?| ${keys}::text[])`.execute(tx);
  await sql`select set_config('tandem.erasure', '', true)`.execute(tx);
  return affected(result);
}
