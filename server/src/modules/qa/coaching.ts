import { DateTime } from 'luxon';
import type { FieldError } from '../../platform/errors.js';

/**
 * Coaching's pure rules: which reviews a session may come from, which status changes are allowed,
 * and when an action item is overdue. No clock is read here: "today" is passed in. docs/qa.md "Coaching".
 */

export type SessionStatus = 'planned' | 'held' | 'cancelled';
export type ActionStatus = 'open' | 'done';

/** The calendar day (YYYY-MM-DD) it is at `now` in the time zone `tz`. */
export function dayIn(now: Date, tz: string): string {
  const day = DateTime.fromJSDate(now, { zone: tz }).toISODate();
  if (!day) throw new RangeError(`not a time zone: ${tz}`);
  return day;
}

/** An action is overdue once its due day has passed while it is still open (due today is not overdue). */
export const isOverdue = (action: { status: ActionStatus; due_date: string }, today: string) =>
  action.status === 'open' && action.due_date < today;

/** Open, done and overdue counts of a session's actions on `today`. */
export function actionCounts(actions: Array<{ status: ActionStatus; due_date: string }>, today: string) {
  let open = 0;
  let done = 0;
  let overdue = 0;
  for (const a of actions) {
    if (a.status === 'done') done++;
    else open++;
    if (isOverdue(a, today)) overdue++;
  }
  return { open, done, overdue };
}

interface ReviewRef {
  id: string;
  agent_id: string;
  vendor_id: string | null;
  state: string;
}

/**
 * Problems with the reviews a session comes from, at the field of each: every one submitted and of
 * one agent (the first's). Reviews the caller cannot see never reach here (they are not found).
 */
export function sessionReviewProblems(reviews: ReviewRef[], path = 'body.review_ids'): FieldError[] {
  const errors: FieldError[] = [];
  const first = reviews[0];
  reviews.forEach((r, i) => {
    if (r.state !== 'submitted') errors.push({ path: `${path}.${i}`, message: 'a draft review' });
    else if (first && (r.agent_id !== first.agent_id || r.vendor_id !== first.vendor_id))
      errors.push({ path: `${path}.${i}`, message: 'a review of another agent' });
  });
  return errors;
}

/** Allowed moves: a planned session is held or cancelled; a cancelled one may be planned again. */
const MOVES: Record<SessionStatus, SessionStatus[]> = {
  planned: ['held', 'cancelled'],
  held: [],
  cancelled: ['planned'],
};

export const canMove = (from: SessionStatus, to: SessionStatus) => from === to || MOVES[from].includes(to);

/** What completing or reopening an action sets beside its status. */
export function actionStatusChange(
  current: ActionStatus,
  next: ActionStatus,
  by: string,
  now: Date,
): { status: ActionStatus; completed_at: string | null; completed_by: string | null } | null {
  if (current === next) return null;
  return next === 'done'
    ? { status: 'done', completed_at: now.toISOString(), completed_by: by }
    : { status: 'open', completed_at: null, completed_by: null };
}
