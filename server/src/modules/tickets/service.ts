import type { z } from 'zod';
import type { Keyring } from '../../platform/crypto/keyring.js';
import { PRIORITIES } from '../../platform/db/schema.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { assertFilesOfTicket } from '../attachments/index.js';
import {
  assertVendorMayName,
  customerResolution,
  customerSummary,
  identitiesOf,
} from '../customers/index.js';
import { sealedCustomFieldKeys } from '../privacy/index.js';
import { type FieldChange, planTicketChange } from './changes.js';
import { openTicket, writerOf } from './intake.js';
import * as repo from './repository.js';
import type { messageView, ticketCreate, ticketListQuery, ticketUpdate } from './schemas.js';
import { sealedPatch } from './sealed-fields.js';
import { searchQuery } from './search-query.js';

/**
 * Tickets: creation from a customer's first message, the list, and changes with their history.
 * Row-level security hides other vendors' tickets (an invisible ticket is a 404, like a missing one);
 * these functions also refuse to assign a ticket to anything outside its vendor.
 */

type Ticket = NonNullable<Awaited<ReturnType<typeof repo.findTicket>>>;

export async function getTicket(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<Ticket> {
  const ticket = await repo.findTicket(tx, id, options);
  if (!ticket) throw new NotFound('Ticket', id);
  return ticket;
}

/** How many of the customer's other tickets a ticket shows. */
const RECENT_CONTACTS = 10;

export async function getTicketDetail(tx: Tx, id: string) {
  const ticket = await getTicket(tx, id);
  return {
    ...ticket,
    customer: await customerSummary(tx, ticket.customer_id),
    recent_contacts: await repo.recentTicketsOfCustomer(tx, ticket.customer_id, ticket.id, RECENT_CONTACTS),
  };
}

const SORT_COLUMN = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  priority: 'priority_rank',
  sla_due_at: 'sla_due_at',
} as const;

export type TicketListInput = Omit<
  z.output<typeof ticketListQuery>,
  'vendor_id' | 'agent_id' | 'customer_id'
> &
  Partial<Pick<z.output<typeof ticketListQuery>, 'vendor_id' | 'agent_id' | 'customer_id'>>;

/** The inbox: filters, an inbox view (mine, team, unassigned, all), full-text search, keyset pages. */
export async function listTickets(tx: Tx, actor: Actor, query: TicketListInput) {
  const descending = query.sort.startsWith('-');
  const sort = query.sort.replace(/^-/, '') as keyof typeof SORT_COLUMN;
  // Without a team (brand staff, vendor admins) "my team" is the caller's whole scope: what view=all
  // shows them (row-level security and the vendor scope still apply), never more.
  const teamId = query.view === 'team' ? (actor.teamId ?? undefined) : undefined;
  // An empty search box filters nothing; a query with nothing searchable in it matches nothing.
  const search = query.q?.trim() ? searchQuery(query.q) : undefined;
  const rows = await repo.listTickets(tx, {
    organizationId: actor.organizationId,
    scopeVendorId: actor.vendorId,
    status: query.status,
    channel: query.channel,
    priority: query.priority,
    language: query.language,
    queue: query.queue,
    tag: query.tag,
    vendorId: query.vendor_id,
    agentId: query.agent_id,
    assignedTo: query.view === 'mine' ? actor.userId : undefined,
    teamId,
    unassigned: query.view === 'unassigned',
    customerId: query.customer_id,
    search,
    sort: SORT_COLUMN[sort],
    direction: descending ? 'desc' : (query.order ?? 'asc'),
    limit: query.limit,
    cursor: decodeCursor(query.cursor),
  });
  const page = toPage(rows, query.limit, (t) => sortValue(t, sort));
  return { items: page.items.map(inboxRowOut), nextCursor: page.nextCursor };
}

/** Every ticket of a customer the actor may see, on any channel, newest first. */
export async function customerTickets(
  tx: Tx,
  actor: Actor,
  customerId: string,
  limit: number,
  cursor: string | undefined,
) {
  // A customer the actor may not see is a 404 like a missing one (customers' own row-level rule).
  await customerSummary(tx, customerId);
  return listTickets(tx, actor, {
    customer_id: customerId,
    view: 'all',
    sort: '-created_at',
    limit,
    cursor,
  });
}

type ListedRow = Awaited<ReturnType<typeof repo.listTickets>>[number];

function inboxRowOut(row: ListedRow) {
  const { last_message, agent_name, customer_name, ...ticket } = row;
  const last = last_message as {
    preview: string;
    at: string;
    author_kind: string;
    visibility: string;
  } | null;
  return {
    ...ticket,
    agent_name: agent_name ?? null,
    customer_name: customer_name ?? '',
    last_message_preview: last?.preview ?? null,
    last_message_at: last ? new Date(last.at).toISOString() : null,
    last_message_author_kind: (last?.author_kind ?? null) as 'customer' | 'agent' | 'system' | null,
    last_message_visibility: (last?.visibility ?? null) as 'public' | 'internal' | null,
  };
}

/** The keyset value of a row for the chosen sort (priority sorts by its rank, low 0 … urgent 3). */
function sortValue(
  ticket: Pick<Ticket, 'priority' | 'created_at' | 'updated_at' | 'sla_due_at'>,
  sort: keyof typeof SORT_COLUMN,
): string | number {
  return sort === 'priority' ? PRIORITIES.indexOf(ticket.priority) : (ticket[sort] ?? '');
}

interface Assignment {
  vendorId: string | null;
  siteId?: string | null | undefined;
  teamId?: string | null | undefined;
  agentId?: string | null | undefined;
}

/** Site, team and agent must belong to the ticket's vendor, and the vendor must be visible. */
async function checkAssignment(tx: Tx, a: Assignment, checkVendor: boolean) {
  const given = {
    vendorId: checkVendor ? a.vendorId : null,
    siteId: a.siteId,
    teamId: a.teamId,
    agentId: a.agentId,
  };
  if (!given.vendorId && !given.siteId && !given.teamId && !given.agentId) return;
  const owners = await repo.assignmentOwners(tx, given);
  const errors = [];
  if (given.vendorId && !owners.has('vendor'))
    errors.push({ path: 'body.vendor_id', message: 'unknown vendor' });
  for (const [kind, id] of [
    ['site', given.siteId],
    ['team', given.teamId],
    ['agent', given.agentId],
  ] as const) {
    if (id && (!owners.has(kind) || owners.get(kind) !== a.vendorId)) {
      errors.push({ path: `body.${kind}_id`, message: `not a ${kind} of the ticket's vendor` });
    }
  }
  if (errors.length) throw new Invalid('The assignment does not fit the ticket’s vendor', errors);
}

export function messageOut(row: Record<string, unknown>): z.output<typeof messageView> {
  // Rows built inside SQL as JSON carry PostgreSQL's timestamp text; the API speaks ISO-8601 UTC.
  const iso = (v: unknown) => (v == null ? null : new Date(v as string).toISOString());
  // A chat's numbering is the chat's business, not the message API's.
  const { chat_seq: _, ...rest } = row;
  return { ...rest, created_at: iso(row.created_at), delivered_at: iso(row.delivered_at) } as z.output<
    typeof messageView
  >;
}

/** Returns the ticket as stored (sealed custom fields sealed): the route opens them after the transaction. */
export async function createTicket(
  tx: Tx,
  actor: Actor,
  input: z.output<typeof ticketCreate>,
  keyring?: Keyring,
) {
  const identities = identitiesOf(input.customer);
  if (!identities.length) {
    throw new Invalid('A ticket needs a way to reach its customer', [
      { path: 'body.customer', message: 'give at least one of email, phone, external_id, chat_visitor_id' },
    ]);
  }
  if (actor.vendorId && input.vendor_id && input.vendor_id !== actor.vendorId) {
    throw new Invalid('A vendor’s users file tickets for their own vendor only', [
      { path: 'body.vendor_id', message: 'another vendor' },
    ]);
  }
  const vendorId = actor.vendorId ?? input.vendor_id ?? null;
  await checkAssignment(
    tx,
    { vendorId, siteId: input.site_id, teamId: input.team_id, agentId: input.agent_id },
    !actor.vendorId,
  );
  await assertVendorMayName(tx, actor, identities, 'body.customer.');
  // A new ticket has no files yet: an attachment id can only be someone else's.
  await assertFilesOfTicket(tx, null, input.message.attachments, 'body.message.attachments');
  const { ticket, message } = await openTicket(tx, {
    organizationId: actor.organizationId,
    by: writerOf(actor),
    subject: input.subject,
    channel: input.channel,
    customer: { resolve: customerResolution(actor, identities, input.customer.name ?? '') },
    vendorId,
    siteId: input.site_id,
    teamId: input.team_id,
    agentId: input.agent_id,
    priority: input.priority,
    language: input.language,
    queue: input.queue,
    tags: input.tags,
    customFields: input.custom_fields,
    keyring,
    message: {
      author: 'customer',
      bodyText: input.message.body_text,
      bodyHtml: input.message.body_html,
      attachments: input.message.attachments,
    },
  });
  // The customer summary is left to GET /tickets/:id: its row-level check is the costliest read here.
  return { ...ticket, message };
}

export async function updateTicket(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.output<typeof ticketUpdate>,
  ifMatch?: string,
  keyring?: Keyring,
) {
  const stored = await getTicket(tx, id, { lock: true });
  // Sealed custom fields (docs/security.md#encryption-at-rest): compared opened, stored sealed.
  const sealed = input.custom_fields
    ? await sealedPatch(
        keyring,
        id,
        stored.custom_fields,
        input.custom_fields,
        await sealedCustomFieldKeys(tx, actor.organizationId),
      )
    : null;
  const current = sealed ? { ...stored, custom_fields: sealed.current } : stored;
  const expected = input.expected_updated_at ?? ifMatch;
  if (expected && Date.parse(expected) !== Date.parse(current.updated_at)) {
    throw new Conflict('The ticket changed since you read it; reload and try again', [
      {
        path: input.expected_updated_at ? 'body.expected_updated_at' : 'headers.if-match',
        message: `ticket is at ${current.updated_at}`,
      },
    ]);
  }
  if (current.status === 'closed' && actor.role !== 'brand_admin') {
    throw new Invalid('A closed ticket cannot change', [{ path: 'params.id', message: 'ticket is closed' }]);
  }
  const { expected_updated_at: _, ...patch } = input;
  const fields = sealed ? { ...patch, custom_fields: sealed.input } : patch;
  if (actor.vendorId && fields.vendor_id !== undefined && fields.vendor_id !== current.vendor_id) {
    throw new Forbidden('Only brand users move tickets between vendors', [
      { path: 'body.vendor_id', message: 'brand users only' },
    ]);
  }
  const now = new Date().toISOString();
  const { values, changes } = planTicketChange(current, fields, now);
  if (!changes.length) return stored;
  const after = { ...current, ...values };
  const changed = (f: FieldChange['field']) => changes.some((c) => c.field === f);
  await checkAssignment(
    tx,
    {
      vendorId: after.vendor_id,
      siteId: changed('site_id') ? after.site_id : null,
      teamId: changed('team_id') ? after.team_id : null,
      agentId: changed('agent_id') ? after.agent_id : null,
    },
    changed('vendor_id'),
  );
  const { custom_fields, ...rest } = values;
  const ticket = await repo.updateTicket(tx, id, {
    ...rest,
    ...(custom_fields
      ? { custom_fields: JSON.stringify(sealed ? sealed.toStore(custom_fields) : custom_fields) }
      : {}),
    updated_at: now,
  });
  if (!ticket) throw new NotFound('Ticket', id);
  await repo.recordTicketWrite(tx, {
    organizationId: actor.organizationId,
    ticketId: id,
    vendorId: ticket.vendor_id,
    actorUserId: actor.userId,
    history: changes.map((c) =>
      // History never holds a sealed field's value, nor its ciphertext: "[sealed]".
      c.field === 'custom_fields' && sealed
        ? {
            ...c,
            before: sealed.forHistory(c.before as Record<string, unknown>),
            after: sealed.forHistory(c.after as Record<string, unknown>),
          }
        : c,
    ),
    outbox: [
      {
        type: changed('status') ? 'ticket.status_changed' : 'ticket.updated',
        subjectId: id,
        payload: {
          changes: changes.map((c) => c.field),
          status: ticket.status,
          previousVendorId: current.vendor_id,
        },
      },
    ],
  });
  return ticket;
}
