import type { Insertable } from 'kysely';
import { sql } from 'kysely';
import { keysetPage } from '../../platform/db/keyset.js';
import type { DB, QaCheckName } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import type { CursorPosition } from '../../platform/http/pagination.js';

export function voiceRules(tx: Tx) {
  return tx.selectFrom('qa_voice_rules').selectAll().orderBy('language').execute();
}

export function voiceRulesOf(tx: Tx, organizationIds: string[]) {
  if (!organizationIds.length) return Promise.resolve([]);
  return tx
    .selectFrom('qa_voice_rules')
    .selectAll()
    .where('organization_id', 'in', organizationIds)
    .execute();
}

export function upsertVoiceRules(tx: Tx, row: Insertable<DB['qa_voice_rules']>) {
  const { organization_id: _o, language: _l, ...changes } = row;
  return tx
    .insertInto('qa_voice_rules')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['organization_id', 'language'])
        .doUpdateSet({ ...changes, updated_at: sql`date_trunc('milliseconds', now())` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export interface Reply {
  message_id: string;
  organization_id: string;
  ticket_id: string;
  vendor_id: string | null;
  agent_id: string | null;
  text: string;
  language: string | null;
  customer_text: string | null;
}

/**
 * Marks the agents' public replies among these messages as checked and returns those not checked
 * before, each with the customer's last message before it: a message is checked at most once.
 */
export async function claimReplies(tx: Tx, messageIds: string[]): Promise<Reply[]> {
  if (!messageIds.length) return [];
  const { rows } = await sql<Reply>`
    with claimed as (
      insert into qa_checked_messages (message_id, organization_id, vendor_id)
      select m.id, m.organization_id, t.vendor_id
        from messages m join tickets t on t.id = m.ticket_id
       where m.id = any(${messageIds}::uuid[]) and m.author_kind = 'agent' and m.visibility = 'public'
      on conflict (message_id) do nothing
      returning message_id, vendor_id
    )
    select m.id as message_id, m.organization_id, m.ticket_id, c.vendor_id, m.author_user_id as agent_id,
           m.body_text as text, t.language,
           (select p.body_text from messages p
             where p.ticket_id = m.ticket_id and p.author_kind = 'customer'
               and (p.created_at, p.id) < (m.created_at, m.id)
             order by p.created_at desc, p.id desc limit 1) as customer_text
      from claimed c join messages m on m.id = c.message_id join tickets t on t.id = m.ticket_id`.execute(tx);
  return rows;
}

export async function insertFindings(tx: Tx, rows: Insertable<DB['qa_check_findings']>[]) {
  if (!rows.length) return;
  await tx.insertInto('qa_check_findings').values(rows).execute();
}

export interface FindingFilter {
  ticketId?: string;
  agentId?: string;
  check?: QaCheckName;
  dismissed?: boolean;
  from?: string;
  to?: string;
}

export function listFindings(
  tx: Tx,
  filter: FindingFilter,
  limit: number,
  cursor: CursorPosition | undefined,
) {
  let q = tx.selectFrom('qa_check_findings').selectAll();
  if (filter.ticketId) q = q.where('ticket_id', '=', filter.ticketId);
  if (filter.agentId) q = q.where('agent_id', '=', filter.agentId);
  if (filter.check) q = q.where('check_name', '=', filter.check);
  if (filter.dismissed !== undefined) q = q.where('dismissed_at', filter.dismissed ? 'is not' : 'is', null);
  if (filter.from) q = q.where('created_at', '>=', filter.from);
  if (filter.to) q = q.where('created_at', '<', filter.to);
  return keysetPage(q, 'created_at', 'desc', limit, cursor).execute();
}

export function findFinding(tx: Tx, id: string, options: { lock?: boolean } = {}) {
  let q = tx.selectFrom('qa_check_findings').selectAll().where('id', '=', id);
  if (options.lock) q = q.forUpdate();
  return q.executeTakeFirst();
}

export function dismissFinding(tx: Tx, id: string, userId: string, reason: string) {
  return tx
    .updateTable('qa_check_findings')
    .set({
      dismissed_at: sql<string>`date_trunc('milliseconds', now())`,
      dismissed_by: userId,
      dismiss_reason: reason,
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * The findings on one agent's replies to a ticket, dismissed or not (automatic criteria, automatic.ts).
 * Row-level security keeps a vendor's users to their own vendor's; the vendor is named too, so a
 * ticket that moved vendors never scores one vendor's agent on another's findings.
 */
export async function findingsOfReply(tx: Tx, ticketId: string, agentId: string, vendorId: string | null) {
  const rows = await tx
    .selectFrom('qa_check_findings')
    .select(['id', 'check_name', 'dismissed_at'])
    .where('ticket_id', '=', ticketId)
    .where('agent_id', '=', agentId)
    .where((eb) => (vendorId === null ? eb('vendor_id', 'is', null) : eb('vendor_id', '=', vendorId)))
    .execute();
  return rows.map((r) => ({ id: r.id, check: r.check_name, dismissed: r.dismissed_at !== null }));
}

/** Open (non-dismissed) findings on these tickets, for sampling's "has a finding" signal. */
export async function openFindingsOf(tx: Tx, ticketIds: string[]) {
  const found = new Map<string, { check: QaCheckName; agent_id: string | null }[]>();
  if (!ticketIds.length) return found;
  const rows = await tx
    .selectFrom('qa_check_findings')
    .select(['ticket_id', 'check_name', 'agent_id'])
    .where('ticket_id', 'in', ticketIds)
    .where('dismissed_at', 'is', null)
    .execute();
  for (const r of rows) {
    const list = found.get(r.ticket_id) ?? [];
    list.push({ check: r.check_name, agent_id: r.agent_id });
    found.set(r.ticket_id, list);
  }
  return found;
}
