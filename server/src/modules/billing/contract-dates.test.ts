import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  type ContractDates,
  currentTermEnd,
  dueReminders,
  isRealDay,
  nextReminder,
  noticeDeadline,
  reminders,
} from './contract-dates.js';

const c = (over: Partial<ContractDates>): ContractDates => ({
  term_ends_on: null,
  notice_days: null,
  auto_renews: false,
  renewal_term_months: null,
  ...over,
});

describe('contract dates', () => {
  it.each([
    ['2027-01-31', 1, '2027-02-28'],
    ['2028-01-31', 1, '2028-02-29'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2028-02-29', 48, '2032-02-29'],
    ['2027-03-31', 1, '2027-04-30'],
    ['2027-12-15', 1, '2028-01-15'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2027-06-30', 120, '2037-06-30'],
  ])('%s + %i months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it.each([
    ['2028-03-01', -1, '2028-02-29'],
    ['2027-03-01', -1, '2027-02-28'],
    ['2027-12-31', 1, '2028-01-01'],
    ['2027-01-10', -90, '2026-10-12'],
  ])('%s + %i days = %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });

  it.each([
    ['2028-02-29', true],
    ['2027-02-29', false],
    ['2026-04-31', false],
    ['2026-12-31', true],
    ['2026-13-01', false],
    ['26-01-01', false],
  ])('%s is a real day: %s', (day, real) => {
    expect(isRealDay(day)).toBe(real);
  });

  it.each<[string, Partial<ContractDates>, string, string | null, string | null]>([
    ['no term end', { notice_days: 30 }, '2027-01-01', null, null],
    ['no notice period', { term_ends_on: '2027-06-30' }, '2027-01-01', '2027-06-30', null],
    [
      'notice 0: the term end',
      { term_ends_on: '2027-06-30', notice_days: 0 },
      '2027-01-01',
      '2027-06-30',
      '2027-06-30',
    ],
    ['90 days', { term_ends_on: '2027-06-30', notice_days: 90 }, '2027-01-01', '2027-06-30', '2027-04-01'],
    [
      'across a leap day',
      { term_ends_on: '2028-03-31', notice_days: 31 },
      '2028-01-01',
      '2028-03-31',
      '2028-02-29',
    ],
    [
      'on the last day the term is current',
      { term_ends_on: '2027-06-30', notice_days: 10, auto_renews: true, renewal_term_months: 12 },
      '2027-06-30',
      '2027-06-30',
      '2027-06-20',
    ],
    [
      'passed, no renewal: stays',
      { term_ends_on: '2027-06-30', notice_days: 10 },
      '2027-07-01',
      '2027-06-30',
      '2027-06-20',
    ],
    [
      'passed, renews by 12 months',
      { term_ends_on: '2027-06-30', notice_days: 10, auto_renews: true, renewal_term_months: 12 },
      '2027-07-01',
      '2028-06-30',
      '2028-06-20',
    ],
    [
      'passed several times',
      { term_ends_on: '2024-01-31', notice_days: 0, auto_renews: true, renewal_term_months: 1 },
      '2027-02-15',
      '2027-02-28',
      '2027-02-28',
    ],
    [
      'month ends kept when rolling',
      { term_ends_on: '2027-01-31', notice_days: 0, auto_renews: true, renewal_term_months: 2 },
      '2027-04-01',
      '2027-05-31',
      '2027-05-31',
    ],
    [
      'leap day renews to Feb 28',
      { term_ends_on: '2028-02-29', notice_days: 28, auto_renews: true, renewal_term_months: 12 },
      '2028-03-01',
      '2029-02-28',
      '2029-01-31',
    ],
  ])('%s', (_name, dates, today, termEnd, deadline) => {
    expect(currentTermEnd(c(dates), today)).toBe(termEnd);
    expect(noticeDeadline(c(dates), today)).toBe(deadline);
  });

  it('schedules 30 and 7 days before the notice deadline and the term end', () => {
    const dates = c({ term_ends_on: '2027-06-30', notice_days: 90 });
    expect(reminders(dates, '2027-01-01')).toEqual([
      { kind: 'notice_30', due_on: '2027-03-02' },
      { kind: 'notice_7', due_on: '2027-03-25' },
      { kind: 'term_end', due_on: '2027-06-30' },
    ]);
    expect(nextReminder(dates, '2027-01-01')).toEqual({ kind: 'notice_30', due_on: '2027-03-02' });
    expect(nextReminder(dates, '2027-03-03')).toEqual({ kind: 'notice_7', due_on: '2027-03-25' });
    expect(nextReminder(dates, '2027-06-30')).toEqual({ kind: 'term_end', due_on: '2027-06-30' });
    expect(nextReminder(dates, '2027-07-01')).toBeNull();
    // Without a notice period only the term end is reminded.
    expect(reminders(c({ term_ends_on: '2027-06-30' }), '2027-01-01')).toEqual([
      { kind: 'term_end', due_on: '2027-06-30' },
    ]);
    expect(reminders(c({}), '2027-01-01')).toEqual([]);
  });

  it('auto-renewal reminds of the next term once the end has passed', () => {
    const dates = c({
      term_ends_on: '2027-06-30',
      notice_days: 30,
      auto_renews: true,
      renewal_term_months: 12,
    });
    expect(nextReminder(dates, '2027-07-01')).toEqual({ kind: 'notice_30', due_on: '2028-05-01' });
  });

  it('sends what is due today, or up to two days late', () => {
    const dates = c({ term_ends_on: '2027-06-30', notice_days: 0 });
    expect(dueReminders(dates, '2027-05-31')).toEqual([{ kind: 'notice_30', due_on: '2027-05-31' }]);
    expect(dueReminders(dates, '2027-06-02')).toEqual([{ kind: 'notice_30', due_on: '2027-05-31' }]);
    expect(dueReminders(dates, '2027-06-03')).toEqual([]);
    expect(dueReminders(dates, '2027-06-30')).toEqual([{ kind: 'term_end', due_on: '2027-06-30' }]);
    // notice 0: the 7-day and 30-day reminders fall before the term end.
    expect(dueReminders(dates, '2027-06-23')).toEqual([{ kind: 'notice_7', due_on: '2027-06-23' }]);
    // Long-past notice reminders are not sent late; the term end is.
    expect(dueReminders(c({ term_ends_on: '2027-06-30', notice_days: 23 }), '2027-06-30')).toEqual([
      { kind: 'term_end', due_on: '2027-06-30' },
    ]);
  });
});
