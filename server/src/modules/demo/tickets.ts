import type { Channel, NewRow, Priority, TicketStatus } from '../../platform/db/schema.js';
import { AGENT_REPLIES, GREETINGS, type Locale, OPENINGS, SUBJECTS, type Topic } from './content.js';
import type { DemoCustomer } from './customers.js';
import { chance, logNormal, pick, type Rng, uuid, weighted } from './random.js';
import type { Agent, Roster } from './roster.js';

/**
 * One ticket's life from its arrival instant: routing to a site, team and agent, the replies, and a
 * status that follows from how long ago it arrived. Pure, so a simulator can call it per arrival.
 */

export const CHANNEL_SHARE: Record<Channel, number> = {
  email: 34,
  chat: 24,
  phone: 14,
  web: 13,
  social: 9,
  api: 6,
};
const TOPIC_SHARE: Record<Topic, number> = {
  billing: 24,
  technical: 20,
  orders: 19,
  shipping: 15,
  returns: 14,
  account: 8,
};
const PRIORITY_SHARE: Record<Priority, number> = { low: 15, normal: 60, high: 20, urgent: 5 };
/** Which site serves a language, by share: routing follows the customer's language. */
const SITE_BY_LOCALE: Record<Locale, Record<string, number>> = {
  en: { manila: 55, copenhagen: 20, bogota: 15, lisbon: 10 },
  es: { bogota: 80, lisbon: 20 },
  pt: { lisbon: 100 },
  da: { copenhagen: 100 },
  de: { copenhagen: 100 },
  tl: { manila: 100 },
};

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const LIVE: readonly Channel[] = ['chat', 'phone'];

export type TicketRow = NewRow<'tickets'> & { id: string; created_at: string };
export type MessageRow = NewRow<'messages'>;
export type TicketEventRow = Omit<NewRow<'ticket_events'>, 'before' | 'after'> & {
  before: unknown;
  after: unknown;
};

export interface TicketContext {
  organizationId: string;
  now: Date;
  roster: Roster;
  customers: readonly DemoCustomer[];
}

export interface BuiltTicket {
  ticket: TicketRow;
  messages: MessageRow[];
  events: TicketEventRow[];
}

/** Repeat customers: a few write often, most once or twice. */
function pickCustomer(rng: Rng, customers: readonly DemoCustomer[]) {
  return customers[Math.floor(customers.length * rng() ** 1.7)]!;
}

function pickAgent(rng: Rng, agents: readonly Agent[], topic: Topic, locale: Locale): Agent | undefined {
  const speakers = agents.filter((a) => a.languages.includes(locale));
  const pool = speakers.length ? speakers : agents;
  if (!pool.length) return undefined;
  const weights: Record<string, number> = {};
  for (const a of pool) weights[a.id] = 1 + (a.skills.get(topic) ?? 0) ** 2;
  const id = weighted(rng, weights);
  return pool.find((a) => a.id === id);
}

export function buildTicket(arrival: Date, ctx: TicketContext, rng: Rng): BuiltTicket {
  const { organizationId, now, roster } = ctx;
  const customer = pickCustomer(rng, ctx.customers);
  const channel = weighted(rng, CHANNEL_SHARE);
  const topic = weighted(rng, TOPIC_SHARE);
  const siteKey = weighted(rng, SITE_BY_LOCALE[customer.locale]);
  const site = roster.sites.find((s) => s.key === siteKey)!;
  const teams = roster.teams.filter((t) => t.site_id === site.id);
  const team = teams.find((t) => t.focus.includes(topic)) ?? pick(rng, teams);
  const agent = pickAgent(
    rng,
    roster.agents.filter((a) => a.teamId === team.id),
    topic,
    customer.locale,
  );

  // Live channels are answered in minutes; written ones in hours, with a long tail.
  const live = LIVE.includes(channel);
  const created = arrival.getTime();
  const responded = created + (live ? logNormal(rng, 3 * MINUTE, 0.7) : logNormal(rng, 3 * HOUR, 1.0));
  const stuck = chance(rng, 0.04);
  const resolveAfter =
    (live ? logNormal(rng, 25 * MINUTE, 0.9) : logNormal(rng, 20 * HOUR, 1.1)) * (stuck ? 20 : 1);
  const solved = responded + resolveAfter;
  const closed = solved + 3 * DAY + logNormal(rng, 2 * HOUR, 0.5);
  const t = now.getTime();

  let status: TicketStatus;
  if (responded > t || !agent) status = 'new';
  else if (solved > t) status = weighted(rng, { open: 50, pending: 35, on_hold: 15 } as const);
  else if (closed > t) status = 'solved';
  else status = 'closed';

  const id = uuid(rng);
  const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();
  const assigned = status !== 'new' && agent;
  const messages: MessageRow[] = [];
  const events: TicketEventRow[] = [];
  const message = (
    at: number,
    from: 'customer' | 'agent',
    body: string,
    visibility: 'public' | 'internal' = 'public',
  ) =>
    messages.push({
      organization_id: organizationId,
      ticket_id: id,
      author_kind: from,
      author_user_id: from === 'agent' ? agent!.id : null,
      author_customer_id: from === 'customer' ? customer.id : null,
      visibility,
      body_text: body,
      body_html: null,
      attachments: '[]',
      created_at: iso(at),
    });
  const event = (
    at: number,
    field: string,
    before: unknown,
    after: unknown,
    by: 'user' | 'customer' | 'system',
  ) =>
    events.push({
      organization_id: organizationId,
      ticket_id: id,
      actor_kind: by,
      actor_user_id: by === 'user' ? agent!.id : null,
      field,
      before,
      after,
      created_at: iso(at),
    });

  const greeting = `${GREETINGS[customer.locale]} ${customer.name.split(' ')[0]},`;
  message(created, 'customer', pick(rng, OPENINGS[topic]));
  const priority = customer.tier === 'vip' && chance(rng, 0.5) ? 'high' : weighted(rng, PRIORITY_SHARE);
  const tags = [topic, ...(customer.tier === 'standard' ? [] : [customer.tier])];
  // The same shape the tickets module records: one 'created' event holding the routed starting state.
  const routing = { vendor_id: site.vendor_id, site_id: site.id, team_id: team.id };
  const opening = {
    status: 'new',
    priority,
    channel,
    language: customer.locale,
    queue: topic,
    tags,
    ...routing,
  };
  event(created, 'created', null, { ...opening, agent_id: null }, 'customer');
  let last = created;
  if (assigned) {
    const pickedUp = Math.max(created + 2000, responded - Math.min(MINUTE, (responded - created) / 2));
    event(pickedUp, 'agent_id', null, agent.id, 'system');
    const asking = status === 'pending' || chance(rng, 0.3);
    message(
      responded,
      'agent',
      `${greeting} ${pick(rng, asking ? AGENT_REPLIES.askInfo : AGENT_REPLIES.first)}`,
    );
    event(responded, 'first_response_at', null, iso(responded), 'user');
    event(responded, 'status', 'new', 'open', 'user');
    last = responded;
    const end = Math.min(solved, t);
    if (chance(rng, 0.1))
      message(
        responded + (end - responded) * 0.2,
        'agent',
        pick(rng, AGENT_REPLIES.internalNote),
        'internal',
      );
    if (status === 'pending' || status === 'on_hold') {
      last = Math.min(responded + 1000, t);
      event(last, 'status', 'open', status, 'user');
    }
    if (status === 'solved' || status === 'closed') {
      // Written conversations often need a second round; live ones were handled in one go.
      if (!live && chance(rng, 0.5))
        message(
          responded + (solved - responded) * 0.4,
          'customer',
          pick(rng, AGENT_REPLIES.customerFollowUp),
        );
      message(solved, 'agent', `${greeting} ${pick(rng, AGENT_REPLIES.resolve)}`);
      event(solved, 'status', 'open', 'solved', 'user');
      last = solved;
    }
    if (status === 'closed') {
      event(closed, 'status', 'solved', 'closed', 'system');
      last = closed;
    }
  }

  const ticket: TicketRow = {
    id,
    organization_id: organizationId,
    subject: pick(rng, SUBJECTS[topic]),
    channel,
    status,
    priority,
    language: customer.locale,
    queue: topic,
    tags,
    custom_fields: '{}',
    customer_id: customer.id,
    ...routing,
    agent_id: assigned ? agent.id : null,
    created_at: iso(created),
    updated_at: iso(last),
    first_response_at: assigned ? iso(responded) : null,
    solved_at: status === 'solved' || status === 'closed' ? iso(solved) : null,
    closed_at: status === 'closed' ? iso(closed) : null,
  };
  return { ticket, messages, events };
}
