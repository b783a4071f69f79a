import { sql } from 'kysely';
import type { Tx } from '../../platform/db/transaction.js';

/** The demo queues: rules in order, required skills and target shares by vendor name. */
const QUEUES = [
  {
    name: 'Spanish & Portuguese',
    conditions: { languages: ['es', 'pt'] },
    skills: [],
    shares: { 'Andes & Atlantic Support': 100 },
  },
  {
    name: 'Billing',
    conditions: { tags_any: ['billing'] },
    skills: [{ skill: 'billing', min: 3 }],
    shares: {
      'Pacific Contact Solutions': 60,
      'Andes & Atlantic Support': 30,
      'Nordlys Care (in-house)': 10,
    },
  },
  {
    name: 'Technical',
    conditions: { tags_any: ['technical', 'account'] },
    skills: [{ skill: 'technical', min: 2 }],
    shares: { 'Pacific Contact Solutions': 50, 'Nordlys Care (in-house)': 50 },
  },
  {
    name: 'General',
    conditions: {},
    skills: [],
    shares: {
      'Pacific Contact Solutions': 60,
      'Andes & Atlantic Support': 30,
      'Nordlys Care (in-house)': 10,
    },
  },
];

/**
 * Gives the demo brand queues, rules and shares (its site calendars come from the SLA demo), puts its agents online, and files
 * its unassigned open tickets for routing, so the demo's traffic is routed from the first minute.
 * A handful of statements: `npm start` stays quick.
 */
export async function seedDemoRouting(tx: Tx, organizationId: string) {
  for (const [position, q] of QUEUES.entries()) {
    await sql`
      with q as (
        insert into routing_queues (organization_id, name, required_skills, sticky_days)
        values (${organizationId}, ${q.name}, ${JSON.stringify(q.skills)}::jsonb, 7) returning id
      ), r as (
        insert into routing_rules (organization_id, position, name, queue_id, conditions)
        select ${organizationId}, ${(position + 1) * 10}, ${q.name}, q.id, ${JSON.stringify(q.conditions)}::jsonb from q
      )
      insert into queue_allocations (queue_id, vendor_id, organization_id, share)
      select q.id, v.id, ${organizationId}, s.share::numeric
      from q, vendors v join jsonb_each_text(${JSON.stringify(q.shares)}::jsonb) s(vendor, share) on s.vendor = v.name
      where v.organization_id = ${organizationId}`.execute(tx);
  }
  await sql`
    insert into agent_presence (user_id, organization_id, vendor_id, status)
    select id, organization_id, vendor_id, 'online' from users
    where organization_id = ${organizationId} and role = 'agent' and active
    on conflict (user_id) do nothing`.execute(tx);
  await sql`
    insert into ticket_routing (ticket_id, organization_id, state, pinned_vendor_id, waiting_since, next_attempt_at)
    select id, organization_id, 'pending', null, created_at, now() from tickets
    where organization_id = ${organizationId} and agent_id is null and status in ('new', 'open')
    on conflict (ticket_id) do nothing`.execute(tx);
}
