import { describe, expect, it } from 'vitest';
import { holidaysFromIcal, IcalError } from './ical.js';

const ics = (events: string) => `BEGIN:VCALENDAR\r
VERSION:2.0\r
PRODID:-//Tandem test//EN\r
${events}END:VCALENDAR\r
`;

describe('holidaysFromIcal', () => {
  it('takes all-day events, multi-day spans and plain yearly repeats', () => {
    const result = holidaysFromIcal(
      ics(`BEGIN:VEVENT\r
UID:1\r
SUMMARY:Juledag\r
DTSTART;VALUE=DATE:20261225\r
DTEND;VALUE=DATE:20261226\r
RRULE:FREQ=YEARLY\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:2\r
SUMMARY:Påske\r
DTSTART;VALUE=DATE:20260402\r
DTEND;VALUE=DATE:20260407\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:3\r
SUMMARY:Team offsite\r
DTSTART:20260610T120000Z\r
DTEND:20260610T160000Z\r
END:VEVENT\r
BEGIN:VEVENT\r
UID:4\r
SUMMARY:Monthly stock-take\r
DTSTART;VALUE=DATE:20260130\r
RRULE:FREQ=MONTHLY\r
END:VEVENT\r
`),
    );
    expect(result.holidays).toEqual([
      { name: 'Juledag', date: '2026-12-25', yearly: true },
      { name: 'Påske', date: '2026-04-02', yearly: false },
      { name: 'Påske', date: '2026-04-03', yearly: false },
      { name: 'Påske', date: '2026-04-04', yearly: false },
      { name: 'Påske', date: '2026-04-05', yearly: false },
      { name: 'Påske', date: '2026-04-06', yearly: false },
    ]);
    expect(result.skipped.map((s) => s.summary)).toEqual(['Team offsite', 'Monthly stock-take']);
  });

  it('an all-day event without DTEND is one day', () => {
    const result = holidaysFromIcal(
      ics('BEGIN:VEVENT\r\nUID:1\r\nSUMMARY:Rizal Day\r\nDTSTART;VALUE=DATE:20261230\r\nEND:VEVENT\r\n'),
    );
    expect(result.holidays).toEqual([{ name: 'Rizal Day', date: '2026-12-30', yearly: false }]);
  });

  it('refuses what is not iCalendar', () => {
    expect(() => holidaysFromIcal('hello')).toThrow(IcalError);
    expect(() => holidaysFromIcal('BEGIN:VCARD\r\nVERSION:4.0\r\nEND:VCARD\r\n')).toThrow(IcalError);
  });
});
