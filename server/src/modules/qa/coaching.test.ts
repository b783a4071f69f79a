import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  actionCounts,
  actionStatusChange,
  canMove,
  dayIn,
  isOverdue,
  sessionReviewProblems,
} from './coaching.js';

describe('coaching: overdue actions', () => {
  it.each([
    ['open, due yesterday', 'open', '2026-03-09', '2026-03-10', true],
    ['open, due today', 'open', '2026-03-10', '2026-03-10', false],
    ['open, due tomorrow', 'open', '2026-03-11', '2026-03-10', false],
    ['done, due last year', 'done', '2025-03-10', '2026-03-10', false],
    ['open, due on the last day of the previous year', 'open', '2025-12-31', '2026-01-01', true],
  ] as const)('%s', (_, status, due_date, today, overdue) => {
    expect(isOverdue({ status, due_date }, today)).toBe(overdue);
  });

  it('today is the day in the reader’s time zone, not the server’s', () => {
    const instant = new Date('2026-03-10T23:30:00Z');
    expect(dayIn(instant, 'UTC')).toBe('2026-03-10');
    expect(dayIn(instant, 'Europe/Copenhagen')).toBe('2026-03-11');
    expect(dayIn(instant, 'America/Bogota')).toBe('2026-03-10');
    const due = { status: 'open' as const, due_date: '2026-03-10' };
    expect(isOverdue(due, dayIn(instant, 'Europe/Copenhagen'))).toBe(true);
    expect(isOverdue(due, dayIn(instant, 'UTC'))).toBe(false);
  });

  it('an unknown time zone is refused', () => {
    expect(() => dayIn(new Date(0), 'Mars/Olympus')).toThrow(RangeError);
  });

  it('for any instant, an open action due the day before is overdue and one due that day is not', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1990-01-01T00:00:00Z'),
          max: new Date('2090-01-01T00:00:00Z'),
          noInvalidDate: true,
        }),
        fc.constantFrom('UTC', 'Europe/Copenhagen', 'Asia/Manila', 'America/Bogota', 'Pacific/Kiritimati'),
        (now, tz) => {
          const today = dayIn(now, tz);
          const yesterday = new Date(Date.parse(`${today}T00:00:00Z`) - 86_400_000)
            .toISOString()
            .slice(0, 10);
          expect(isOverdue({ status: 'open', due_date: yesterday }, today)).toBe(true);
          expect(isOverdue({ status: 'open', due_date: today }, today)).toBe(false);
          expect(isOverdue({ status: 'done', due_date: yesterday }, today)).toBe(false);
        },
      ),
    );
  });

  it('counts open, done and overdue actions', () => {
    const actions = [
      { status: 'open' as const, due_date: '2026-03-01' },
      { status: 'open' as const, due_date: '2026-03-20' },
      { status: 'done' as const, due_date: '2026-03-01' },
    ];
    expect(actionCounts(actions, '2026-03-10')).toEqual({ open: 2, done: 1, overdue: 1 });
    expect(actionCounts([], '2026-03-10')).toEqual({ open: 0, done: 0, overdue: 0 });
  });
});

describe('coaching: sessions', () => {
  const review = (id: string, agent_id: string, state = 'submitted', vendor_id: string | null = 'v') => ({
    id,
    agent_id,
    vendor_id,
    state,
  });

  it('a session comes from submitted reviews of one agent, each problem at its index', () => {
    expect(sessionReviewProblems([review('r1', 'a'), review('r2', 'a')])).toEqual([]);
    expect(sessionReviewProblems([review('r1', 'a'), review('r2', 'b'), review('r3', 'a', 'draft')])).toEqual(
      [
        { path: 'body.review_ids.1', message: 'a review of another agent' },
        { path: 'body.review_ids.2', message: 'a draft review' },
      ],
    );
  });

  it.each([
    ['planned', 'held', true],
    ['planned', 'cancelled', true],
    ['cancelled', 'planned', true],
    ['held', 'planned', false],
    ['held', 'cancelled', false],
    ['cancelled', 'held', false],
    ['held', 'held', true],
  ] as const)('%s → %s allowed: %s', (from, to, allowed) => {
    expect(canMove(from, to)).toBe(allowed);
  });

  it('completing an action stamps who and when; reopening clears both; no change is null', () => {
    const now = new Date('2026-03-10T12:00:00Z');
    expect(actionStatusChange('open', 'done', 'u', now)).toEqual({
      status: 'done',
      completed_at: '2026-03-10T12:00:00.000Z',
      completed_by: 'u',
    });
    expect(actionStatusChange('done', 'open', 'u', now)).toEqual({
      status: 'open',
      completed_at: null,
      completed_by: null,
    });
    expect(actionStatusChange('done', 'done', 'u', now)).toBeNull();
  });
});
