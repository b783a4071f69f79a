import type { Database } from '../src/platform/db/database.js';
import type { Channel } from '../src/platform/db/schema.js';
import { withSystem } from '../src/platform/db/transaction.js';

/**
 * A chat contact of the vendor as the KPI rollup and SLA attainment read it: created at `createdMs`,
 * answered by an agent after `replyS` seconds, solved an hour after creation. Shared by the billing
 * tests, which measure invoices from such contacts. `where`: another channel, a site.
 */
export async function solvedChatContact(
  database: Database,
  ids: { organizationId: string; customerId: string; vendorId: string },
  createdMs: number,
  replyS: number,
  where: { channel?: Channel; siteId?: string | null } = {},
) {
  const at = (s: number) => new Date(createdMs + s * 1000).toISOString();
  await withSystem(database.db, async (tx) => {
    const ticket = await tx
      .insertInto('tickets')
      .values({
        organization_id: ids.organizationId,
        subject: where.channel ?? 'chat',
        channel: where.channel ?? 'chat',
        site_id: where.siteId ?? null,
        customer_id: ids.customerId,
        vendor_id: ids.vendorId,
        custom_fields: '{}',
        created_at: new Date(createdMs).toISOString(),
        status: 'solved',
        first_response_at: at(replyS),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await tx
      .insertInto('messages')
      .values({
        organization_id: ids.organizationId,
        ticket_id: ticket.id,
        author_kind: 'agent',
        visibility: 'public',
        body_text: 'Hi',
        attachments: '[]',
        created_at: at(replyS),
      })
      .execute();
    await tx
      .insertInto('ticket_events')
      .values({
        organization_id: ids.organizationId,
        ticket_id: ticket.id,
        actor_kind: 'system',
        actor_user_id: null,
        field: 'status',
        before: '"new"',
        after: '"solved"',
        created_at: at(3600),
      })
      .execute();
  });
}
