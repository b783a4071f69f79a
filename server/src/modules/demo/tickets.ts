import type { Channel, NewRow, Priority, TicketStatus } from '../../platform/db/schema.js';
import { attentionSpans } from './attention.js';
import { type CallRow, callFor } from './calls.js';
import { INTERNAL_NOTES, type Locale, type Topic } from './content.js';
import { PHRASES } from './conversation.js';
import type { DemoCustomer } from './customers.js';
import { type SurveyResponseRow, type SurveyRow, surveysFor } from './feedback.js';
import { SITE_PERFORMANCE } from './performance.js';
import { chance, int, logNormal, pick, type Rng, uuid, weighted } from './random.js';
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

export type ActivitySpanRow = NewRow<'activity_spans'>;

export interface BuiltTicket {
  ticket: TicketRow;
  messages: MessageRow[];
  events: TicketEventRow[];
  calls: CallRow[];
  spans: ActivitySpanRow[];
  surveys: SurveyRow[];
  responses: SurveyResponseRow[];
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
  const performance = SITE_PERFORMANCE[siteKey]!;
  const teams = roster.teams.filter((t) => t.site_id === site.id);
  const team = teams.find((t) => t.focus.includes(topic)) ?? pick(rng, teams);
  const agent = pickAgent(
    rng,
    roster.agents.filter((a) => a.teamId === team.id),
    topic,
    customer.locale,
  );

  // Live channels are answered in seconds to minutes; written ones in hours, with a long tail. A phone
  // ticket's first response is the answer of its call; a caller who hangs up gets a call back.
  const live = LIVE.includes(channel);
  const phone = channel === 'phone';
  const created = arrival.getTime();
  const abandoned = phone && chance(rng, performance.abandonRate);
  const waitSeconds = abandoned
    ? chance(rng, 0.15)
      ? int(rng, 1, 4)
      : logNormal(rng, 40, 0.8)
    : logNormal(rng, performance.answerSeconds, 0.9);
  const talkSeconds = logNormal(rng, performance.talkSeconds, 0.5);
  const holdSeconds = chance(rng, 0.3) ? logNormal(rng, 45, 0.6) : 0;
  const wrapUpSeconds = logNormal(rng, 50, 0.5);
  const responded = abandoned
    ? created + waitSeconds * 1000 + logNormal(rng, 40 * MINUTE, 0.8)
    : phone
      ? created + waitSeconds * 1000
      : channel === 'chat'
        ? created + logNormal(rng, performance.chatReplySeconds * 1000, 0.8)
        : created + logNormal(rng, performance.writtenReplyHours * HOUR, 0.9);
  const stuck = chance(rng, 0.04);
  const callSeconds = talkSeconds + holdSeconds + wrapUpSeconds;
  const resolveAfter =
    (phone
      ? abandoned
        ? logNormal(rng, 5 * MINUTE, 0.5)
        : callSeconds * 1000 + (chance(rng, 0.15) ? logNormal(rng, 6 * HOUR, 1) : 0)
      : live
        ? logNormal(rng, 25 * MINUTE, 0.9)
        : logNormal(rng, performance.resolveHours * HOUR, 1.0)) * (stuck ? 20 : 1);
  const firstSolve = responded + resolveAfter;
  // Some solved tickets come back: the customer writes again, the agent solves it a second time.
  const reopenAt = chance(rng, performance.reopenRate) ? firstSolve + logNormal(rng, 20 * HOUR, 0.8) : null;
  const secondSolve = reopenAt === null ? null : reopenAt + logNormal(rng, 4 * HOUR, 1.0);
  const t = now.getTime();
  const reopened = reopenAt !== null && reopenAt <= t;
  const solved = reopened ? secondSolve! : firstSolve;
  const closed = solved + 3 * DAY + logNormal(rng, 2 * HOUR, 0.5);

  let status: TicketStatus;
  if (responded > t || !agent) status = 'new';
  else if (firstSolve > t) status = weighted(rng, { open: 50, pending: 35, on_hold: 15 } as const);
  else if (solved > t) status = 'open';
  else if (closed > t) status = 'solved';
  else status = 'closed';
  if (phone && status !== 'new' && firstSolve > t && !abandoned) status = 'open';

  const id = uuid(rng);
  const iso = (ms: number) => new Date(Math.floor(ms)).toISOString();
  const assigned = status !== 'new' && agent;
  const messages: MessageRow[] = [];
  const events: TicketEventRow[] = [];
  // Who works the ticket; an escalation hands it to an in-house agent.
  let handler = agent;
  const message = (
    at: number,
    from: 'customer' | 'agent' | 'system',
    body: string,
    visibility: 'public' | 'internal' = 'public',
  ) =>
    messages.push({
      organization_id: organizationId,
      ticket_id: id,
      author_kind: from,
      author_user_id: from === 'agent' ? handler!.id : null,
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
      actor_user_id: by === 'user' ? handler!.id : null,
      field,
      before,
      after,
      created_at: iso(at),
    });

  const say = PHRASES[customer.locale];
  const greeting = `${say.greeting} ${customer.name.split(' ')[0]},`;
  if (abandoned)
    message(created, 'system', `Caller hung up before an answer after ${Math.round(waitSeconds)} s waiting`);
  else message(created, 'customer', pick(rng, say.openings[topic]));
  const priority = customer.tier === 'vip' && chance(rng, 0.5) ? 'high' : weighted(rng, PRIORITY_SHARE);
  const tags = [
    topic,
    ...(customer.tier === 'standard' ? [] : [customer.tier]),
    ...(abandoned ? ['abandoned'] : []),
  ];
  // The same shape the tickets module records: one 'created' event holding the routed starting state.
  const routing = { vendor_id: site.vendor_id, site_id: site.id, team_id: team.id };
  const routedTo = queueOf(customer.locale, topic);
  let queue = routedTo;
  const opening = {
    status: 'new',
    priority,
    channel,
    language: customer.locale,
    queue,
    tags,
    ...routing,
  };
  event(created, 'created', null, { ...opening, agent_id: null }, 'customer');
  let last = created;
  if (assigned) {
    const pickedUp = Math.max(created + 2000, responded - Math.min(MINUTE, (responded - created) / 2));
    if (chance(rng, performance.transferRate)) {
      // Routed to the wrong queue first: moved before anyone replied.
      queue = pick(
        rng,
        TOPIC_QUEUES.filter((q) => q !== routedTo),
      );
      event(created + (pickedUp - created) / 2, 'queue', routedTo, queue, 'system');
    }
    event(pickedUp, 'agent_id', null, agent.id, 'system');
    const asking = status === 'pending' || chance(rng, 0.3);
    message(responded, 'agent', `${greeting} ${pick(rng, asking ? say.askInfo : say.first)}`);
    event(responded, 'first_response_at', null, iso(responded), 'user');
    event(responded, 'status', 'new', 'open', 'user');
    last = responded;
    const end = Math.min(firstSolve, t);
    if (chance(rng, 0.1))
      message(
        responded + (end - responded) * 0.2,
        'agent',
        pick(rng, INTERNAL_NOTES.slice(0, 2)),
        'internal',
      );
    if (status === 'pending' || status === 'on_hold') {
      last = Math.min(responded + 1000, t);
      event(last, 'status', 'open', status, 'user');
    }
    if (firstSolve <= t) {
      // An outsourced site hands a few English tickets to the in-house team before solving them.
      const inhouse = roster.agents.filter(
        (a) => a.vendorId !== site.vendor_id && a.languages.includes('en') && isInhouse(roster, a.vendorId),
      );
      if (customer.locale === 'en' && inhouse.length && chance(rng, performance.escalateRate)) {
        const at = responded + (firstSolve - responded) * 0.5;
        const to = pick(rng, inhouse);
        message(at, 'agent', INTERNAL_NOTES[2], 'internal');
        event(at, 'vendor_id', routing.vendor_id, to.vendorId, 'user');
        event(at, 'site_id', routing.site_id, to.siteId, 'user');
        event(at, 'team_id', routing.team_id, to.teamId, 'user');
        event(at, 'agent_id', handler!.id, to.id, 'user');
        routing.vendor_id = to.vendorId;
        routing.site_id = to.siteId;
        routing.team_id = to.teamId;
        handler = to;
      }
      // Written conversations often need a second round; live ones were handled in one go.
      if (!live && chance(rng, 0.5))
        message(responded + (firstSolve - responded) * 0.4, 'customer', pick(rng, say.followUp));
      message(firstSolve, 'agent', `${greeting} ${pick(rng, say.resolve)}`);
      event(firstSolve, 'status', 'open', 'solved', 'user');
      last = firstSolve;
    }
    if (reopened) {
      message(reopenAt, 'customer', pick(rng, say.reopen));
      event(reopenAt, 'status', 'solved', 'open', 'customer');
      last = reopenAt;
      if (secondSolve! <= t) {
        message(secondSolve!, 'agent', `${greeting} ${pick(rng, say.resolve)}`);
        event(secondSolve!, 'status', 'open', 'solved', 'user');
        last = secondSolve!;
      }
    }
    if (status === 'closed') {
      event(closed, 'status', 'solved', 'closed', 'system');
      last = closed;
    }
  }

  const ticket: TicketRow = {
    id,
    organization_id: organizationId,
    subject: abandoned
      ? `Call from ${customer.phone ?? 'a withheld number'}`
      : pick(rng, say.subjects[topic]),
    channel,
    status,
    priority,
    language: customer.locale,
    queue,
    tags,
    custom_fields: '{}',
    customer_id: customer.id,
    ...routing,
    agent_id: assigned ? handler!.id : null,
    created_at: iso(created),
    updated_at: iso(last),
    first_response_at: assigned ? iso(responded) : null,
    solved_at: status === 'solved' || status === 'closed' ? iso(solved) : null,
    closed_at: status === 'closed' ? iso(closed) : null,
  };

  const calls = phone
    ? [
        callFor({
          ticket,
          callId: `demo-${uuid(rng)}`,
          callerNumber: customer.phone,
          queue: routedTo,
          topic,
          offeredAt: created,
          waitSeconds,
          abandoned,
          // The call is answered by the agent first picked (an escalation comes after the call).
          agentId: agent?.id ?? null,
          talkSeconds,
          holdSeconds,
          wrapUpSeconds,
          now: t,
        }),
      ]
    : [];
  if (phone && !abandoned && assigned) {
    const ended = responded + (talkSeconds + holdSeconds) * 1000;
    if (ended <= t)
      messages.push({
        ...messages[0]!,
        author_kind: 'system',
        author_customer_id: null,
        body_text: `Call ended: talk ${Math.round(talkSeconds)} s, hold ${Math.round(holdSeconds)} s, wrap-up ${Math.round(wrapUpSeconds)} s`,
        created_at: iso(ended),
      });
  }
  const spans = phone ? [] : attentionSpans(messages, roster, t, live, rng);
  const feedback =
    status === 'solved' || status === 'closed'
      ? surveysFor(ticket, customer.email, solved, t, performance, rng)
      : { surveys: [], responses: [] };
  messages.sort((a, b) => a.created_at!.localeCompare(b.created_at!));
  return { ticket, messages, events, calls, spans, ...feedback };
}

/** The topic queues of the demo's routing rules (demo/routing.ts), spelled as live routing writes them. */
const TOPIC_QUEUES = ['Billing', 'Technical', 'General'] as const;

/** The queue the demo's routing rules file a new ticket in: language first, then topic. */
export function queueOf(locale: Locale, topic: Topic): string {
  if (locale === 'es' || locale === 'pt') return 'Spanish & Portuguese';
  if (topic === 'billing') return 'Billing';
  if (topic === 'technical' || topic === 'account') return 'Technical';
  return 'General';
}

function isInhouse(roster: Roster, vendorId: string) {
  return roster.vendors.some((v) => v.id === vendorId && v.kind === 'internal');
}
