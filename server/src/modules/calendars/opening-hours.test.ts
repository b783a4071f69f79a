import { describe, expect, it } from 'vitest';
import { type CalendarSpec, isOpenAt, isValidTimeZone, weeklyHoursProblems } from './opening-hours.js';

const weekdays9to18Split = {
  mon: [
    { start: '09:00', end: '12:00' },
    { start: '13:00', end: '18:00' },
  ],
  tue: [{ start: '09:00', end: '18:00' }],
  wed: [{ start: '09:00', end: '18:00' }],
  thu: [{ start: '09:00', end: '18:00' }],
  fri: [{ start: '09:00', end: '18:00' }],
};

const copenhagen: CalendarSpec = {
  timeZone: 'Europe/Copenhagen',
  weeklyHours: weekdays9to18Split,
  holidays: [
    { date: '2026-12-25', yearly: true },
    { date: '2026-04-06', yearly: false },
  ],
};
const manila: CalendarSpec = { ...copenhagen, timeZone: 'Asia/Manila', holidays: [] };
const bogota: CalendarSpec = { ...copenhagen, timeZone: 'America/Bogota', holidays: [] };

describe('isOpenAt', () => {
  it.each([
    // Monday 2026-03-23, Copenhagen is UTC+1 (winter time)
    ['Copenhagen Monday 09:00 local opens', copenhagen, '2026-03-23T08:00:00Z', true],
    ['Copenhagen Monday 08:59 local is closed', copenhagen, '2026-03-23T07:59:00Z', false],
    ['Copenhagen lunch break 12:30 is closed', copenhagen, '2026-03-23T11:30:00Z', false],
    ['Copenhagen 17:59 open, end is exclusive', copenhagen, '2026-03-23T16:59:00Z', true],
    ['Copenhagen 18:00 closed', copenhagen, '2026-03-23T17:00:00Z', false],
    // After the spring change (2026-03-29) Copenhagen is UTC+2: 09:00 local = 07:00Z
    ['Copenhagen after spring DST 09:00 local = 07:00Z', copenhagen, '2026-03-30T07:00:00Z', true],
    ['Copenhagen after spring DST 06:59Z is 08:59 local', copenhagen, '2026-03-30T06:59:00Z', false],
    // After the autumn change (2026-10-25) back to UTC+1
    ['Copenhagen after autumn DST 07:30Z is 08:30 local', copenhagen, '2026-10-26T07:30:00Z', false],
    ['Copenhagen Saturday closed', copenhagen, '2026-03-28T10:00:00Z', false],
    [
      'Copenhagen yearly holiday (Christmas 2027, a Saturday anyway) closed',
      copenhagen,
      '2028-12-25T10:00:00Z',
      false,
    ],
    ['Copenhagen one-off holiday Easter Monday 2026 closed', copenhagen, '2026-04-06T10:00:00Z', false],
    ['Copenhagen one-off holiday does not recur in 2027', copenhagen, '2027-04-06T10:00:00Z', true],
    // Manila UTC+8 all year: Monday 09:00 local = Monday 01:00Z
    ['Manila Monday 09:00 local', manila, '2026-03-23T01:00:00Z', true],
    ['Manila Sunday 23:00Z is Monday 07:00 local, closed', manila, '2026-03-22T23:00:00Z', false],
    // Bogota UTC-5 all year: Friday 17:30 local = Friday 22:30Z
    ['Bogota Friday 17:30 local', bogota, '2026-03-27T22:30:00Z', true],
    ['Bogota Friday 18:30 local (Saturday in UTC)', bogota, '2026-03-27T23:30:00Z', false],
  ] as const)('%s', (_name, calendar, at, open) => {
    expect(isOpenAt(calendar, new Date(at))).toBe(open);
  });

  it('a 24:00 end keeps the whole evening open', () => {
    const allDay: CalendarSpec = {
      timeZone: 'UTC',
      weeklyHours: { mon: [{ start: '00:00', end: '24:00' }] },
      holidays: [],
    };
    expect(isOpenAt(allDay, new Date('2026-03-23T23:59:59Z'))).toBe(true);
    expect(isOpenAt(allDay, new Date('2026-03-24T00:00:00Z'))).toBe(false);
  });
});

describe('weeklyHoursProblems', () => {
  it('accepts split days', () => {
    expect(weeklyHoursProblems(weekdays9to18Split)).toEqual([]);
  });
  it.each([
    [{ mon: [{ start: '9:00', end: '12:00' }] }, 'mon.0.start'],
    [{ mon: [{ start: '09:00', end: '24:01' }] }, 'mon.0.end'],
    [{ tue: [{ start: '12:00', end: '09:00' }] }, 'tue.0.end'],
    [
      {
        wed: [
          { start: '09:00', end: '13:00' },
          { start: '12:00', end: '18:00' },
        ],
      },
      'wed.1.start',
    ],
  ])('names the field at fault (%j)', (hours, path) => {
    expect(weeklyHoursProblems(hours).map(([p]) => p)).toContain(path);
  });
});

it('isValidTimeZone knows IANA names', () => {
  expect(isValidTimeZone('Asia/Manila')).toBe(true);
  expect(isValidTimeZone('Mars/Olympus')).toBe(false);
});
