import { type ArrivalProfile, arrivalsBetween, DEMO_ARRIVALS } from './arrivals.js';
import type { CallRow } from './calls.js';
import { buildCustomers } from './customers.js';
import { buildDesk } from './desk.js';
import type { SurveyResponseRow, SurveyRow } from './feedback.js';
import { createRng, uuid } from './random.js';
import { buildRoster } from './roster.js';
import {
  type ActivitySpanRow,
  buildTicket,
  type MessageRow,
  type TicketEventRow,
  type TicketRow,
} from './tickets.js';

/** The whole demo brand as rows, ready to insert. Same seed and same `now`: the same rows. */

export interface DemoOptions {
  seed?: number;
  now?: Date;
  customers?: number;
  days?: number;
  arrivals?: ArrivalProfile;
  /** The id of an organization row that exists already (the seed creates it first). */
  organizationId?: string;
}

export const DEMO_ORGANIZATION = { name: 'Nordlys Outdoor', slug: 'nordlys-demo' } as const;
export const DEMO_PASSWORD = 'tandem-demo-2026';

export function generateDemo(options: DemoOptions = {}) {
  const seed = options.seed ?? 2026;
  const now = options.now ?? new Date();
  const days = options.days ?? 90;
  // Separate streams per part, so growing one part (more customers) leaves the others unchanged.
  const rng = {
    org: createRng(seed),
    customers: createRng(seed + 1),
    arrivals: createRng(seed + 2),
    tickets: createRng(seed + 3),
  };

  const organization = { id: options.organizationId ?? uuid(rng.org), ...DEMO_ORGANIZATION };
  const roster = buildRoster(rng.org, organization.id);
  const { customers, identities, profiles } = buildCustomers(
    rng.customers,
    organization.id,
    options.customers ?? 1500,
    now,
  );
  const from = new Date(now.getTime() - days * 86_400_000);
  const arrivals = arrivalsBetween(from, now, rng.arrivals, options.arrivals ?? DEMO_ARRIVALS);

  const tickets: TicketRow[] = [];
  const messages: MessageRow[] = [];
  const events: TicketEventRow[] = [];
  const calls: CallRow[] = [];
  const spans: ActivitySpanRow[] = [];
  const surveys: SurveyRow[] = [];
  const responses: SurveyResponseRow[] = [];
  const context = { organizationId: organization.id, now, roster, customers: profiles };
  for (const arrival of arrivals) {
    const built = buildTicket(arrival, context, rng.tickets);
    tickets.push(built.ticket);
    messages.push(...built.messages);
    events.push(...built.events);
    calls.push(...built.calls);
    spans.push(...built.spans);
    surveys.push(...built.surveys);
    responses.push(...built.responses);
  }
  const admin = roster.users.find((u) => u.role === 'brand_admin');
  const desk = buildDesk(organization.id, admin?.id ?? null, now);
  return {
    organization,
    ...desk,
    ...roster,
    customers,
    identities,
    tickets,
    messages,
    events,
    calls,
    spans,
    surveys,
    responses,
  };
}

export type DemoDataset = ReturnType<typeof generateDemo>;
