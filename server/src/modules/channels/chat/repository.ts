import { randomBytes } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import { affected, type ErasureScope } from '../../../platform/db/erasure.js';
import type { Channel, DB } from '../../../platform/db/schema.js';
import { type Tx, withSystem } from '../../../platform/db/transaction.js';

/** SQL for chats: conversations, the messages a visitor sees, and the chat ticket's own writes. */

/**
 * A visitor is not a user, so a visitor's transaction runs as tandem_app scoped to the organization
 * the widget named, brand-wide (no vendor): row-level security still keeps it inside that brand.
 */
export function withVisitorScope<T>(db: Kysely<DB>, organizationId: string, fn: (tx: Tx) => Promise<T>) {
  return db.transaction().execute(async (tx) => {
    await sql`select set_config('tandem.org_id', ${organizationId}, true),
                     set_config('tandem.vendor_id', '', true),
                     set_config('tandem.user_id', '', true),
                     set_config('role', 'tandem_app', true)`.execute(tx);
    return fn(tx);
  });
}

export function findOrganizationBySlug(db: Kysely<DB>, slug: string) {
  return withSystem(db, (tx) =>
    tx.selectFrom('organizations').select(['id', 'name']).where('slug', '=', slug).executeTakeFirst(),
  );
}

/** The database's visitor-token key, created by whichever process asks first. */
export async function loadOrCreateSecret(db: Kysely<DB>): Promise<string> {
  return withSystem(db, async (tx) => {
    await tx
      .insertInto('chat_secrets')
      .values({ secret: randomBytes(32).toString('base64url') })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
    const row = await tx.selectFrom('chat_secrets').select('secret').executeTakeFirstOrThrow();
    return row.secret;
  });
}

const conversationColumns = [
  'c.ticket_id',
  'c.organization_id',
  'c.visitor_id',
  'c.mode',
  'c.language_source',
  'c.visitor_name',
  'c.email',
  'c.last_seq',
  'c.created_at',
  't.status',
  't.vendor_id',
  't.customer_id',
  't.language',
  't.agent_id',
  'c.ended_at',
  'c.ended_by',
] as const;

export type ConversationRow = NonNullable<Awaited<ReturnType<typeof findConversation>>>;

/** The visitor's chat still in progress (its ticket not solved or closed), newest first. */
export function findOpenConversation(tx: Tx, visitorId: string) {
  return tx
    .selectFrom('chat_conversations as c')
    .innerJoin('tickets as t', 't.id', 'c.ticket_id')
    .select(conversationColumns)
    .where('c.visitor_id', '=', visitorId)
    .where('t.status', 'not in', ['solved', 'closed'])
    .where('c.ended_at', 'is', null)
    .orderBy('c.created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Locks the chat's ticket row. Every chat write takes the ticket first and the conversation row
 * (through the numbering trigger) second, in the same order as an agent's reply does; the other
 * order deadlocks against a reply arriving at the same moment.
 */
export async function lockTicket(tx: Tx, ticketId: string) {
  await tx.selectFrom('tickets').select('id').where('id', '=', ticketId).forUpdate().execute();
}

export function findConversation(tx: Tx, ticketId: string, options: { lock?: boolean } = {}) {
  const q = tx
    .selectFrom('chat_conversations as c')
    .innerJoin('tickets as t', 't.id', 'c.ticket_id')
    .select(conversationColumns)
    .where('c.ticket_id', '=', ticketId);
  return (options.lock ? q.forUpdate('c') : q).executeTakeFirst();
}

export function insertConversation(
  tx: Tx,
  v: {
    ticketId: string;
    organizationId: string;
    visitorId: string;
    visitorName: string;
    email: string | null;
    languageSource: 'browser' | 'text' | null;
  },
) {
  return tx
    .insertInto('chat_conversations')
    .values({
      ticket_id: v.ticketId,
      organization_id: v.organizationId,
      visitor_id: v.visitorId,
      visitor_name: v.visitorName,
      email: v.email,
      language_source: v.languageSource,
    })
    .execute();
}

/**
 * The visitor's view of their chat after a seq: public messages only (internal notes have no seq),
 * and nothing unless the chat is this visitor's.
 */
export function messagesAfter(tx: Tx, visitorId: string, ticketId: string, afterSeq: number, limit: number) {
  return tx
    .selectFrom('messages as m')
    .innerJoin('chat_conversations as c', (j) =>
      j.onRef('c.ticket_id', '=', 'm.ticket_id').on('c.visitor_id', '=', visitorId),
    )
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.chat_seq', 'm.author_kind', 'm.body_text', 'm.external_id', 'm.created_at'])
    .select('u.display_name')
    .where('m.ticket_id', '=', ticketId)
    .where('m.visibility', '=', 'public')
    .where('m.chat_seq', '>', afterSeq)
    .orderBy('m.chat_seq')
    .limit(limit)
    .execute();
}

export async function hasAgentReply(tx: Tx, ticketId: string) {
  const row = await tx
    .selectFrom('messages')
    .select('id')
    .where('ticket_id', '=', ticketId)
    .where('author_kind', '=', 'agent')
    .where('visibility', '=', 'public')
    .limit(1)
    .executeTakeFirst();
  return Boolean(row);
}

export function updateConversation(
  tx: Tx,
  ticketId: string,
  values: { mode?: 'live' | 'email'; email?: string; language_source?: 'browser' | 'text' },
) {
  return tx
    .updateTable('chat_conversations')
    .set({ ...values, updated_at: sql<string>`now()` })
    .where('ticket_id', '=', ticketId)
    .execute();
}

export function updateChatTicket(
  tx: Tx,
  ticketId: string,
  values: { language?: string; customer_id?: string; channel?: Channel },
) {
  return tx
    .updateTable('tickets')
    .set({ ...values, updated_at: sql<string>`date_trunc('milliseconds', now())` })
    .where('id', '=', ticketId)
    .execute();
}

/** A ticket the acting agent can see (row-level security decides), with the agent's display name. */
export async function findTicketForAgent(tx: Tx, ticketId: string, userId: string) {
  const ticket = await tx
    .selectFrom('tickets')
    .select(['id', 'vendor_id', 'channel'])
    .where('id', '=', ticketId)
    .executeTakeFirst();
  if (!ticket) return null;
  const user = await tx
    .selectFrom('users')
    .select('display_name')
    .where('id', '=', userId)
    .executeTakeFirst();
  return { ...ticket, agentName: user?.display_name ?? '' };
}

/** What the agent console shows of a chat: the ticket's inbox fields and the conversation's state. */
export async function agentChats(
  tx: Tx,
  f: { state: 'waiting' | 'active'; userId: string; vendorId: string | null; ticketId?: string },
) {
  const { rows } = await sql<{
    id: string;
    number: number;
    subject: string;
    status: string;
    priority: string;
    language: string | null;
    queue: string | null;
    tags: string[];
    channel: string;
    customer_id: string;
    customer_name: string | null;
    vendor_id: string | null;
    site_id: string | null;
    team_id: string | null;
    agent_id: string | null;
    agent_name: string | null;
    visitor_name: string;
    email: string | null;
    mode: 'live' | 'email';
    last_seq: number;
    waiting_since: string;
    ended_at: string | null;
    created_at: string;
    updated_at: string;
    last_message: { preview: string; at: string; author_kind: string } | null;
  }>`
    select t.id, t.number, t.subject, t.status, t.priority, t.language, t.queue, t.tags, t.channel,
           t.customer_id, (select cu.display_name from customers cu where cu.id = t.customer_id) as customer_name,
           t.vendor_id, t.site_id, t.team_id, t.agent_id,
           (select u.display_name from users u where u.id = t.agent_id) as agent_name,
           c.visitor_name, c.email, c.mode, c.last_seq, c.created_at as waiting_since, c.ended_at,
           t.created_at, t.updated_at,
           (select jsonb_build_object(
                     'preview', left(btrim(regexp_replace(m.body_text, '[[:space:]]+', ' ', 'g')), 140),
                     'at', m.created_at, 'author_kind', m.author_kind)
            from messages m where m.ticket_id = t.id and m.visibility = 'public'
            order by m.created_at desc, m.id desc limit 1) as last_message
    from chat_conversations c join tickets t on t.id = c.ticket_id
    where t.status not in ('solved', 'closed') and c.ended_at is null and c.mode = 'live'
      and ${
        f.ticketId
          ? sql`t.id = ${f.ticketId}`
          : f.state === 'waiting'
            ? sql`t.agent_id is null and t.vendor_id is not distinct from ${f.vendorId}::uuid`
            : sql`t.agent_id = ${f.userId}`
      }
    order by c.created_at, t.id
    limit 200`.execute(tx);
  return rows;
}

export function endConversation(tx: Tx, ticketId: string, userId: string) {
  return tx
    .updateTable('chat_conversations')
    .set({
      ended_at: sql<string>`date_trunc('milliseconds', now())`,
      ended_by: userId,
      updated_at: sql<string>`now()`,
    })
    .where('ticket_id', '=', ticketId)
    .where('ended_at', 'is', null)
    .returning('ended_at')
    .executeTakeFirst();
}

/**
 * Erasure: the visitor's name and email go, and the visitor id is replaced by a random one, so the
 * erased visitor's browser no longer reaches the conversation.
 */
export async function eraseConversationsOfChat(tx: Tx, scope: ErasureScope) {
  const result = await sql`
    update chat_conversations set visitor_name = '', email = null,
      visitor_id = 'erased-' || gen_random_uuid()::text
    where ticket_id = any(${scope.ticketIds}::uuid[])`.execute(tx);
  return { chat_conversations: affected(result) };
}

/** The ticket of a visitor's own chat (the widget's rating form): none when it is not theirs. */
export function ticketOfVisitorChat(
  tx: Tx,
  where: { organizationId: string; ticketId: string; visitorId: string },
) {
  return tx
    .selectFrom('chat_conversations as c')
    .innerJoin('tickets as t', 't.id', 'c.ticket_id')
    .selectAll('t')
    .where('c.ticket_id', '=', where.ticketId)
    .where('c.visitor_id', '=', where.visitorId)
    .where('c.organization_id', '=', where.organizationId)
    .executeTakeFirst();
}
