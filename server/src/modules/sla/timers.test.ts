import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TicketStatus } from '../../platform/db/schema.js';
import type { CalendarSpec } from '../calendars/index.js';
import {
  evaluateTimers,
  type HistoryEvent,
  nextDueAt,
  type SlaMetric,
  type Targets,
  type Timer,
} from './timers.js';

const M = 60_000;
const H = 60 * M;
const T0 = Date.parse('2026-03-23T08:00:00Z'); // Monday 09:00 in Copenhagen
const at = (minutes: number) => T0 + minutes * M;

const calendarTargets = (minutes: number): Targets => ({
  first_reply: { minutes, business: false },
  next_reply: { minutes, business: false },
  periodic_update: { minutes, business: false },
  pausable_update: { minutes, business: false },
  requester_wait: { minutes, business: false },
  agent_work: { minutes, business: false },
  full_resolution: { minutes, business: false },
});

const created = (targets: Targets, minute = 0, status: TicketStatus = 'new'): HistoryEvent => ({
  at: at(minute),
  kind: 'created',
  status,
  targets,
});
const status = (minute: number, s: TicketStatus): HistoryEvent => ({
  at: at(minute),
  kind: 'status',
  status: s,
});
const reply = (minute: number): HistoryEvent => ({ at: at(minute), kind: 'agent_reply' });
const customer = (minute: number): HistoryEvent => ({ at: at(minute), kind: 'customer_message' });
const retarget = (minute: number, targets: Targets): HistoryEvent => ({
  at: at(minute),
  kind: 'targets',
  targets,
});

function timer(
  history: HistoryEvent[],
  metric: SlaMetric,
  nowMinute: number,
  calendar: CalendarSpec | null = null,
) {
  return evaluateTimers(history, { calendar, now: at(nowMinute), warnShare: 0.75 }).find(
    (t) => t.metric === metric,
  );
}

type Expect = Partial<Pick<Timer, 'state' | 'elapsed_ms' | 'cycle' | 'breached_cycles' | 'remaining_ms'>> & {
  due?: number | null;
  breachedAt?: number | null;
};

const cases: [string, HistoryEvent[], SlaMetric, number, Expect | undefined][] = [
  // First reply
  [
    'first reply running',
    [created(calendarTargets(60))],
    'first_reply',
    30,
    { state: 'active', elapsed_ms: 30 * M, due: at(60) },
  ],
  [
    'first reply achieved',
    [created(calendarTargets(60)), reply(45)],
    'first_reply',
    300,
    { state: 'achieved', elapsed_ms: 45 * M },
  ],
  [
    'first reply exactly at due is achieved',
    [created(calendarTargets(60)), reply(60)],
    'first_reply',
    300,
    { state: 'achieved' },
  ],
  [
    'first reply breached while waiting',
    [created(calendarTargets(60))],
    'first_reply',
    61,
    { state: 'breached', breachedAt: at(60), due: at(60) },
  ],
  [
    'first reply late reply stays breached',
    [created(calendarTargets(60)), reply(90)],
    'first_reply',
    300,
    { state: 'breached', breachedAt: at(60), due: null },
  ],
  [
    'first reply not paused by pending',
    [created(calendarTargets(60)), status(10, 'pending')],
    'first_reply',
    30,
    { state: 'active', elapsed_ms: 30 * M },
  ],
  [
    'first reply fulfilled by solving',
    [created(calendarTargets(60)), status(20, 'solved')],
    'first_reply',
    300,
    { state: 'achieved', elapsed_ms: 20 * M },
  ],
  // Next reply restarts on each new unanswered customer message; the oldest unanswered counts.
  [
    'next reply waits for a customer message',
    [created(calendarTargets(60)), reply(5)],
    'next_reply',
    30,
    undefined,
  ],
  [
    'next reply from the oldest unanswered message',
    [created(calendarTargets(60)), reply(5), customer(10), customer(40)],
    'next_reply',
    50,
    { state: 'active', elapsed_ms: 40 * M, cycle: 1, due: at(70) },
  ],
  [
    'next reply restarts after an answer',
    [created(calendarTargets(60)), reply(5), customer(10), reply(20), customer(100)],
    'next_reply',
    130,
    { state: 'active', cycle: 2, elapsed_ms: 30 * M },
  ],
  [
    'next reply keeps count of breached cycles',
    [created(calendarTargets(60)), reply(5), customer(10), reply(200), customer(300)],
    'next_reply',
    310,
    { state: 'active', cycle: 2, breached_cycles: 1 },
  ],
  [
    'next reply first message belongs to first reply',
    [created(calendarTargets(60)), customer(2)],
    'next_reply',
    30,
    undefined,
  ],
  // Periodic and pausable update
  [
    'periodic update between agent comments',
    [created(calendarTargets(60)), reply(5), reply(50)],
    'periodic_update',
    70,
    { state: 'active', cycle: 2, elapsed_ms: 20 * M },
  ],
  [
    'periodic update counts while pending',
    [created(calendarTargets(60)), reply(5), status(6, 'pending')],
    'periodic_update',
    35,
    { state: 'active', elapsed_ms: 30 * M },
  ],
  [
    'pausable update pauses while pending',
    [created(calendarTargets(60)), reply(5), status(15, 'pending')],
    'pausable_update',
    200,
    { state: 'paused', elapsed_ms: 10 * M, due: null, remaining_ms: 50 * M },
  ],
  [
    'pausable update resumes from where it paused',
    [created(calendarTargets(60)), reply(5), status(15, 'pending'), status(200, 'open')],
    'pausable_update',
    230,
    { state: 'active', elapsed_ms: 40 * M, due: at(250) },
  ],
  [
    'periodic update paused while solved',
    [created(calendarTargets(60)), reply(5), status(10, 'solved')],
    'periodic_update',
    500,
    { state: 'paused', elapsed_ms: 5 * M },
  ],
  // Requester wait and agent work: on-hold and pending
  [
    'requester wait counts on-hold, not pending',
    [
      created(calendarTargets(600)),
      status(10, 'open'),
      status(20, 'on_hold'),
      status(50, 'pending'),
      status(80, 'open'),
    ],
    'requester_wait',
    100,
    { state: 'active', elapsed_ms: 70 * M },
  ],
  [
    'agent work pauses in on-hold and pending',
    [
      created(calendarTargets(600)),
      status(10, 'open'),
      status(20, 'on_hold'),
      status(50, 'pending'),
      status(80, 'open'),
    ],
    'agent_work',
    100,
    { state: 'active', elapsed_ms: 40 * M },
  ],
  [
    'agent work paused on hold',
    [created(calendarTargets(600)), status(20, 'on_hold')],
    'agent_work',
    100,
    { state: 'paused', elapsed_ms: 20 * M, due: null },
  ],
  // Full resolution: solve, reopen resumes
  [
    'full resolution achieved at solve',
    [created(calendarTargets(120)), status(100, 'solved')],
    'full_resolution',
    500,
    { state: 'achieved', elapsed_ms: 100 * M },
  ],
  [
    'full resolution resumes after a reopen, solved time excluded',
    [created(calendarTargets(120)), status(100, 'solved'), status(400, 'open')],
    'full_resolution',
    410,
    { state: 'active', elapsed_ms: 110 * M, due: at(420) },
  ],
  [
    'full resolution breached after reopen',
    [created(calendarTargets(120)), status(100, 'solved'), status(400, 'open'), status(450, 'solved')],
    'full_resolution',
    500,
    { state: 'breached', breachedAt: at(420) },
  ],
  [
    'full resolution counts pending',
    [created(calendarTargets(120)), status(10, 'pending')],
    'full_resolution',
    100,
    { state: 'active', elapsed_ms: 100 * M },
  ],
  // Priority change mid-flight: new targets forward, old verdicts kept
  [
    'stricter target mid-flight breaches at the change, not before',
    [created(calendarTargets(240)), retarget(90, calendarTargets(60))],
    'first_reply',
    100,
    { state: 'breached', breachedAt: at(90) },
  ],
  [
    'stricter target mid-flight shortens the due time',
    [created(calendarTargets(240)), retarget(10, calendarTargets(60))],
    'first_reply',
    20,
    { state: 'active', due: at(60) },
  ],
  [
    'looser target mid-flight does not undo a breach',
    [created(calendarTargets(60)), retarget(90, calendarTargets(240))],
    'first_reply',
    100,
    { state: 'breached', breachedAt: at(60) },
  ],
  [
    'a past achieved reply is not re-judged by a stricter target',
    [created(calendarTargets(60)), reply(50), retarget(55, calendarTargets(10))],
    'first_reply',
    100,
    { state: 'achieved' },
  ],
  [
    'targets removed mid-flight drop the timer',
    [created(calendarTargets(60)), retarget(10, {})],
    'first_reply',
    30,
    undefined,
  ],
];

describe('evaluateTimers (calendar time)', () => {
  it.each(cases)('%s', (_name, history, metric, now, expected) => {
    const t = timer(history, metric, now);
    if (expected === undefined) {
      expect(t).toBeUndefined();
      return;
    }
    expect(t).toBeDefined();
    const { due, breachedAt, ...fields } = expected;
    expect(t).toMatchObject(fields);
    if (due !== undefined) expect(t!.due_at).toBe(due);
    if (breachedAt !== undefined) expect(t!.breached_at).toBe(breachedAt);
  });
});

const copenhagen: CalendarSpec = {
  timeZone: 'Europe/Copenhagen',
  weeklyHours: {
    mon: [{ start: '09:00', end: '17:00' }],
    tue: [{ start: '09:00', end: '17:00' }],
    wed: [{ start: '09:00', end: '17:00' }],
    thu: [{ start: '09:00', end: '17:00' }],
    fri: [{ start: '09:00', end: '17:00' }],
  },
  holidays: [],
};
const businessTargets: Targets = { first_reply: { minutes: 120, business: true } };

describe('evaluateTimers (business time)', () => {
  it('a ticket created outside hours starts counting at opening', () => {
    // Saturday 2026-03-28 12:00Z; Monday 30 March opens 09:00 local = 07:00Z (summer time).
    const history: HistoryEvent[] = [
      { at: Date.parse('2026-03-28T12:00:00Z'), kind: 'created', status: 'new', targets: businessTargets },
    ];
    const [t] = evaluateTimers(history, {
      calendar: copenhagen,
      now: Date.parse('2026-03-29T12:00:00Z'),
      warnShare: 0.75,
    });
    expect(t).toMatchObject({ metric: 'first_reply', state: 'active', elapsed_ms: 0 });
    expect(new Date(t!.due_at!).toISOString()).toBe('2026-03-30T09:00:00.000Z');
    expect(new Date(t!.warn_at!).toISOString()).toBe('2026-03-30T08:30:00.000Z');
  });

  it('breaches at the business instant across the weekend', () => {
    const history: HistoryEvent[] = [
      { at: Date.parse('2026-03-27T15:00:00Z'), kind: 'created', status: 'new', targets: businessTargets },
    ];
    const [t] = evaluateTimers(history, {
      calendar: copenhagen,
      now: Date.parse('2026-03-31T00:00:00Z'),
      warnShare: 0.75,
    });
    // Friday 16:00 local → 17:00 is 1 h; the second hour ends Monday 10:00 local = 08:00Z.
    expect(t!.state).toBe('breached');
    expect(new Date(t!.breached_at!).toISOString()).toBe('2026-03-30T08:00:00.000Z');
  });

  it('on a calendar with no open hours a business clock never runs down and never comes due', () => {
    const history: HistoryEvent[] = [
      { at: Date.parse('2026-03-27T15:00:00Z'), kind: 'created', status: 'new', targets: businessTargets },
    ];
    const [t] = evaluateTimers(history, {
      calendar: { timeZone: 'Europe/Copenhagen', weeklyHours: {}, holidays: [] },
      now: Date.parse('2026-06-30T00:00:00Z'),
      warnShare: 0.75,
    });
    expect(t).toMatchObject({
      state: 'active',
      elapsed_ms: 0,
      due_at: null,
      warn_at: null,
      breached_at: null,
    });
  });

  it('without a calendar a business target counts calendar time', () => {
    const history: HistoryEvent[] = [created(businessTargets)];
    const [t] = evaluateTimers(history, { calendar: null, now: at(30), warnShare: 0.75 });
    expect(t).toMatchObject({ business: false, elapsed_ms: 30 * M });
  });
});

describe('nextDueAt', () => {
  it('is the earliest due time of running timers only', () => {
    const history = [created(calendarTargets(60)), reply(5), status(15, 'pending')];
    const timers = evaluateTimers(history, { calendar: null, now: at(20), warnShare: 0.75 });
    // full_resolution started at 0 (due 60), periodic update at 5 (due 65); pausable is paused.
    expect(nextDueAt(timers)).toBe(at(60));
  });
});

describe('properties', () => {
  const event = fc.oneof(
    fc
      .constantFrom<TicketStatus>('open', 'pending', 'on_hold', 'solved', 'closed')
      .map((s) => ({ kind: 'status' as const, status: s })),
    fc.constant({ kind: 'agent_reply' as const }),
    fc.constant({ kind: 'customer_message' as const }),
    fc.integer({ min: 1, max: 300 }).map((m) => ({ kind: 'targets' as const, targets: calendarTargets(m) })),
  );
  const histories = fc
    .tuple(
      fc.integer({ min: 1, max: 300 }),
      fc.array(fc.tuple(fc.integer({ min: 0, max: 200 }), event), { maxLength: 25 }),
      fc.boolean(),
    )
    .map(([target, steps, business]) => {
      let t = T0;
      const history: HistoryEvent[] = [
        {
          at: t,
          kind: 'created',
          status: 'new',
          targets: business
            ? {
                first_reply: { minutes: target, business: true },
                full_resolution: { minutes: target * 3, business: true },
              }
            : calendarTargets(target),
        },
      ];
      for (const [gap, e] of steps) {
        t += gap * M;
        history.push({ ...e, at: t } as HistoryEvent);
      }
      return history;
    });

  it('achieved or breached timers never change afterwards (a reopen resumes resolution-type clocks)', () => {
    fc.assert(
      fc.property(histories, fc.nat({ max: 25 }), (history, cut) => {
        const prefix = history.slice(0, Math.min(cut + 1, history.length));
        const cutAt = prefix[prefix.length - 1]!.at;
        const before = evaluateTimers(prefix, { calendar: copenhagen, now: cutAt, warnShare: 0.75 });
        const later = evaluateTimers(history, {
          calendar: copenhagen,
          now: cutAt + 90 * 24 * H,
          warnShare: 0.75,
        });
        const rest = history.slice(prefix.length);
        const reopened = rest.some(
          (e) => e.kind === 'status' && e.status !== 'solved' && e.status !== 'closed',
        );
        for (const t of before) {
          if (t.state !== 'achieved' && t.state !== 'breached') continue;
          const after = later.find((x) => x.metric === t.metric);
          if (!after) continue; // targets removed later: nothing shown, nothing rewritten
          if (after.cycle !== t.cycle) {
            // A later cycle; the earlier verdict lives on in the count of breached cycles.
            expect(after.breached_cycles).toBeGreaterThanOrEqual(
              t.breached_cycles + (t.state === 'breached' ? 1 : 0),
            );
            continue;
          }
          if (t.state === 'breached') {
            expect(after.breached_at).toBe(t.breached_at);
            expect(after.state).toBe('breached');
          } else if (!reopened || t.metric === 'first_reply') {
            expect(after.state).toBe('achieved');
            expect(after.stopped_at).toBe(t.stopped_at);
          }
        }
      }),
    );
  });

  it('elapsed time never decreases as time passes', () => {
    fc.assert(
      fc.property(histories, fc.integer({ min: 0, max: 10_000 }), (history, extra) => {
        const end = history[history.length - 1]!.at;
        const a = evaluateTimers(history, { calendar: copenhagen, now: end, warnShare: 0.75 });
        const b = evaluateTimers(history, { calendar: copenhagen, now: end + extra * M, warnShare: 0.75 });
        for (const t of a) {
          const u = b.find((x) => x.metric === t.metric)!;
          expect(u.elapsed_ms).toBeGreaterThanOrEqual(t.elapsed_ms);
          expect(t.elapsed_ms).toBeGreaterThanOrEqual(0);
        }
      }),
    );
  });
});
