import { businessMillisBetween, type CalendarSpec } from '../calendars/index.js';
import type { ContactOutcome } from './service-level-variants.js';

/**
 * One contact's outcome for a service-level target, from its raw rows only (ticket, public agent
 * messages, status history, the phone call). Pure, so the monthly figure a credit note rests on can be
 * recomputed by anyone from the same rows.
 */

export interface ContactFacts {
  createdAt: number;
  channel: string;
  /** First public agent reply, if any. */
  firstReplyAt: number | null;
  /** The last time it became solved or closed, if it is solved or closed now. */
  lastSolvedAt: number | null;
  /** For phone: the call's own offer / answer / abandon instants. */
  call: { offeredAt: number; answeredAt: number | null; abandonedAt: number | null } | null;
}

export type Measure = 'first_reply' | 'resolution';

/** The outcome, or null while still undecided (no reply and not abandoned yet; not yet solved). */
export function outcomeOf(
  facts: ContactFacts,
  measure: Measure,
  business: boolean,
  calendar: CalendarSpec | null,
): ContactOutcome | null {
  const span = (from: number, to: number) =>
    business && calendar ? businessMillisBetween(calendar, from, to) : Math.max(0, to - from);
  if (measure === 'resolution') {
    return facts.lastSolvedAt === null
      ? null
      : { kind: 'answered', waitMs: span(facts.createdAt, facts.lastSolvedAt) };
  }
  if (facts.call) {
    const { offeredAt, answeredAt, abandonedAt } = facts.call;
    if (answeredAt !== null) return { kind: 'answered', waitMs: span(offeredAt, answeredAt) };
    if (abandonedAt !== null) return { kind: 'abandoned', waitMs: span(offeredAt, abandonedAt) };
    return null;
  }
  if (facts.firstReplyAt !== null)
    return { kind: 'answered', waitMs: span(facts.createdAt, facts.firstReplyAt) };
  // Solved or closed with no public reply: the customer left (a chat that ended, a withdrawn request).
  if (facts.lastSolvedAt !== null)
    return { kind: 'abandoned', waitMs: span(facts.createdAt, facts.lastSolvedAt) };
  return null;
}
