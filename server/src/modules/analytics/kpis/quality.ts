import { type Figure, ratio } from './ratio.js';

export const FCR_WINDOW_DAYS = 7;

/**
 * FCR = resolved contacts with no repeat contact about the same issue within the window / all
 * resolved contacts. Same issue: the ticket reopened, or a new ticket from the same customer that
 * shares a tag, created within the window after the solve.
 */
export function firstContactResolution(resolved: number, resolvedWithoutRepeat: number): Figure {
  return ratio(resolvedWithoutRepeat, resolved, `fcr.${FCR_WINDOW_DAYS}d.reopen_or_same_tag`);
}

/** Reopen rate = solved tickets later reopened / solved tickets (counted at the first solve). */
export function reopenRate(solved: number, reopened: number): Figure {
  return ratio(reopened, solved, 'reopen.per_first_solve');
}

/**
 * Escalation rate = handled tickets moved from an outsourced vendor to the brand (its in-house team,
 * or no vendor) / handled tickets. Such a move is also a transfer between vendors.
 */
export function escalationRate(handled: number, escalated: number): Figure {
  return ratio(escalated, handled, 'escalation.vendor_to_brand');
}

/** Transfer rate = handled tickets moved between vendors, sites or queues / handled tickets. */
export function transferRate(handled: number, transferred: number): Figure {
  return ratio(transferred, handled, 'transfer.vendor_site_queue');
}

export interface RepeatCandidate {
  customerId: string;
  tags: readonly string[];
  createdAt: number;
}

/** Whether `later` is a repeat contact about the same issue as a ticket solved at `solvedAt`. */
export function isRepeatContact(
  solved: { id: string; customerId: string; tags: readonly string[] },
  solvedAt: number,
  later: RepeatCandidate & { id: string },
  windowMs = FCR_WINDOW_DAYS * 86_400_000,
): boolean {
  if (later.id === solved.id || later.customerId !== solved.customerId) return false;
  if (later.createdAt < solvedAt || later.createdAt > solvedAt + windowMs) return false;
  return later.tags.some((t) => solved.tags.includes(t));
}

/**
 * Whether a solved ticket counts as resolved at first contact: not reopened within the window
 * after its first solve and no repeat contact within it. Provisional until the window has passed;
 * a later reopen or repeat corrects the figure in the hour it was counted.
 */
export function resolvedFirstContact(input: {
  ticket: { id: string; customerId: string; tags: readonly string[] };
  firstSolvedAt: number;
  reopenedAt: readonly number[];
  laterTickets: readonly (RepeatCandidate & { id: string })[];
  windowMs?: number;
}): boolean {
  const windowMs = input.windowMs ?? FCR_WINDOW_DAYS * 86_400_000;
  const end = input.firstSolvedAt + windowMs;
  if (input.reopenedAt.some((t) => t >= input.firstSolvedAt && t <= end)) return false;
  return !input.laterTickets.some((l) => isRepeatContact(input.ticket, input.firstSolvedAt, l, windowMs));
}

export const BACKLOG_AGE_BUCKETS = [
  { label: '<1h', maxHours: 1 },
  { label: '1-4h', maxHours: 4 },
  { label: '4-24h', maxHours: 24 },
  { label: '1-3d', maxHours: 72 },
  { label: '3-7d', maxHours: 168 },
  { label: '>7d', maxHours: Number.POSITIVE_INFINITY },
] as const;

/** Backlog at a point in time: tickets created by `at` and not solved then, by age since creation. */
export function backlog(
  tickets: readonly { createdAt: number; solvedAt: number | null }[],
  at: number,
): { total: number; buckets: Record<string, number> } {
  const buckets: Record<string, number> = Object.fromEntries(BACKLOG_AGE_BUCKETS.map((b) => [b.label, 0]));
  let total = 0;
  for (const t of tickets) {
    if (t.createdAt > at || (t.solvedAt !== null && t.solvedAt <= at)) continue;
    const hours = (at - t.createdAt) / 3_600_000;
    const bucket = BACKLOG_AGE_BUCKETS.find((b) => hours < b.maxHours)!;
    buckets[bucket.label]! += 1;
    total += 1;
  }
  return { total, buckets };
}
