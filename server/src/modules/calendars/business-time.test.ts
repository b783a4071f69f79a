import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addBusinessMillis, businessMillisBetween } from './business-time.js';
import type { CalendarSpec } from './opening-hours.js';

const H = 3_600_000;
const M = 60_000;
const split = [
  { start: '09:00', end: '12:00' },
  { start: '13:00', end: '18:00' },
];
const weekdays = { mon: split, tue: split, wed: split, thu: split, fri: split };
const nineToFive = [{ start: '09:00', end: '17:00' }];
const everyDay9to17 = {
  mon: nineToFive,
  tue: nineToFive,
  wed: nineToFive,
  thu: nineToFive,
  fri: nineToFive,
  sat: nineToFive,
  sun: nineToFive,
};
const allDay = [{ start: '00:00', end: '24:00' }];

const cph: CalendarSpec = { timeZone: 'Europe/Copenhagen', weeklyHours: weekdays, holidays: [] };
const cphEveryDay: CalendarSpec = { timeZone: 'Europe/Copenhagen', weeklyHours: everyDay9to17, holidays: [] };
const cph24: CalendarSpec = {
  timeZone: 'Europe/Copenhagen',
  weeklyHours: { sun: allDay, sat: allDay },
  holidays: [],
};
const bogota: CalendarSpec = { timeZone: 'America/Bogota', weeklyHours: weekdays, holidays: [] };
const manila: CalendarSpec = {
  timeZone: 'Asia/Manila',
  weeklyHours: weekdays,
  holidays: [
    { date: '2026-11-30', yearly: true }, // Bonifacio Day, a Monday in 2026
    { date: '2026-12-25', yearly: true },
    { date: '2027-01-01', yearly: false },
  ],
};

describe('businessMillisBetween', () => {
  it.each([
    // Copenhagen spring change: Sunday 2026-03-29 02:00 → 03:00 local.
    [
      'a 09–17 day is 8 h on the spring-forward Sunday',
      cphEveryDay,
      '2026-03-29T00:00:00Z',
      '2026-03-30T00:00:00Z',
      8 * H,
    ],
    [
      'a 09–17 day is 8 h on the autumn-back Sunday',
      cphEveryDay,
      '2026-10-25T00:00:00Z',
      '2026-10-26T00:00:00Z',
      8 * H,
    ],
    [
      'a 24 h Sunday is 23 real hours in spring',
      cph24,
      '2026-03-28T23:00:00Z',
      '2026-03-29T22:00:00Z',
      23 * H,
    ],
    [
      'a 24 h Sunday is 25 real hours in autumn',
      cph24,
      '2026-10-24T22:00:00Z',
      '2026-10-25T23:00:00Z',
      25 * H,
    ],
    // The Friday before and Monday after the spring change: 8 h each (split day 3 + 5).
    [
      'Copenhagen Friday→Monday across spring DST',
      cph,
      '2026-03-27T08:00:00Z',
      '2026-03-30T16:00:00Z',
      16 * H,
    ],
    ['Copenhagen lunch is closed', cph, '2026-03-23T10:30:00Z', '2026-03-23T12:30:00Z', 1 * H],
    ['Copenhagen weekend is closed', cph, '2026-03-28T00:00:00Z', '2026-03-29T23:00:00Z', 0],
    ['Copenhagen autumn week: Mon–Fri = 40 h', cph, '2026-10-19T00:00:00Z', '2026-10-31T00:00:00Z', 80 * H],
    // Bogota (UTC−5, no DST): Friday 17:00 local → Monday 10:00 local = 1 h + 1 h.
    ['Bogota over a weekend', bogota, '2026-03-27T22:00:00Z', '2026-03-30T15:00:00Z', 2 * H],
    [
      'Bogota across the New Year (Thu 31 Dec 17:00 → Fri 1 Jan 10:00)',
      bogota,
      '2026-12-31T22:00:00Z',
      '2027-01-01T15:00:00Z',
      2 * H,
    ],
    // Manila (UTC+8): Monday 30 Nov 2026 is a yearly holiday; Friday 25 Dec and 1 Jan 2027 too.
    ['Manila holiday on a weekday counts nothing', manila, '2026-11-29T16:00:00Z', '2026-11-30T16:00:00Z', 0],
    [
      'Manila week with a holiday Monday = 32 h',
      manila,
      '2026-11-29T16:00:00Z',
      '2026-12-04T16:00:00Z',
      32 * H,
    ],
    [
      'Manila across New Year: Thu 31 Dec only, 1 Jan is a holiday',
      manila,
      '2026-12-30T16:00:00Z',
      '2027-01-03T16:00:00Z',
      8 * H,
    ],
    [
      'Manila one-off holiday 1 Jan does not recur in 2028',
      manila,
      '2027-12-31T16:00:00Z',
      '2028-01-01T16:00:00Z',
      0 + 0,
    ],
    ['empty interval', cph, '2026-03-23T10:00:00Z', '2026-03-23T10:00:00Z', 0],
    ['reversed interval', cph, '2026-03-23T11:00:00Z', '2026-03-23T10:00:00Z', 0],
  ] as const)('%s', (_name, spec, from, to, expected) => {
    expect(businessMillisBetween(spec, new Date(from), new Date(to))).toBe(expected);
  });

  it('2028-01-01 is a Saturday, so the one-off case above proves nothing alone: a weekday 1 Jan 2029 is open', () => {
    // Monday 1 Jan 2029 in Manila: the 2027 one-off holiday must not close it.
    expect(
      businessMillisBetween(manila, new Date('2028-12-31T16:00:00Z'), new Date('2029-01-01T16:00:00Z')),
    ).toBe(8 * H);
  });
});

describe('addBusinessMillis', () => {
  it.each([
    ['inside hours', cph, '2026-03-23T08:00:00Z', 2 * H, '2026-03-23T10:00:00Z'],
    ['skips lunch', cph, '2026-03-23T10:00:00Z', 2 * H, '2026-03-23T13:00:00Z'],
    [
      'a ticket created at night starts at opening',
      cph,
      '2026-03-23T22:00:00Z',
      30 * M,
      '2026-03-24T08:30:00Z',
    ],
    [
      'Friday → Monday across spring DST (Monday 09:00 is 07:00Z)',
      cph,
      '2026-03-27T16:00:00Z',
      2 * H,
      '2026-03-30T08:00:00Z',
    ],
    [
      'Friday → Monday across autumn DST (Monday 09:00 is 08:00Z)',
      cph,
      '2026-10-23T15:00:00Z',
      2 * H,
      '2026-10-26T09:00:00Z',
    ],
    ['Manila skips the holiday Monday', manila, '2026-11-27T09:00:00Z', 2 * H, '2026-12-01T02:00:00Z'],
    ['Bogota into the new year', bogota, '2026-12-31T22:00:00Z', 4 * H, '2027-01-01T17:00:00Z'],
    ['adding 0 while closed stays put', cph, '2026-03-28T10:00:00Z', 0, '2026-03-28T10:00:00Z'],
  ] as const)('%s', (_name, spec, from, amount, expected) => {
    expect(addBusinessMillis(spec, new Date(from), amount)?.toISOString()).toBe(
      new Date(expected).toISOString(),
    );
  });

  it('never comes due on a calendar that is never open (its clocks never run)', () => {
    expect(addBusinessMillis({ timeZone: 'UTC', weeklyHours: {}, holidays: [] }, 0, H)).toBeNull();
    expect(addBusinessMillis({ timeZone: 'UTC', weeklyHours: {}, holidays: [] }, 0, 0)).toEqual(new Date(0));
  });
});

const calendars = [cph, bogota, manila, cph24, cphEveryDay];
const instant = fc.integer({
  min: Date.parse('2025-12-01T00:00:00Z'),
  max: Date.parse('2028-02-01T00:00:00Z'),
});

describe('properties', () => {
  it('elapsed business time is never negative and never exceeds wall time', () => {
    fc.assert(
      fc.property(fc.constantFrom(...calendars), instant, instant, (spec, a, b) => {
        const elapsed = businessMillisBetween(spec, a, b);
        expect(elapsed).toBeGreaterThanOrEqual(0);
        expect(elapsed).toBeLessThanOrEqual(Math.max(0, b - a));
      }),
    );
  });

  it('is additive over adjacent intervals', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...calendars),
        fc.array(instant, { minLength: 3, maxLength: 3 }),
        (spec, ts) => {
          const [a, b, c] = [...ts].sort((x, y) => x - y) as [number, number, number];
          expect(businessMillisBetween(spec, a, b) + businessMillisBetween(spec, b, c)).toBe(
            businessMillisBetween(spec, a, c),
          );
        },
      ),
    );
  });

  it('adding N business minutes then measuring gives N back', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...calendars),
        instant,
        fc.integer({ min: 0, max: 60 * 24 * 30 }),
        (spec, from, minutes) => {
          const due = addBusinessMillis(spec, from, minutes * M)!;
          expect(businessMillisBetween(spec, from, due)).toBe(minutes * M);
        },
      ),
    );
  });
});
