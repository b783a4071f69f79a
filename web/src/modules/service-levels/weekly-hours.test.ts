import { describe, expect, it } from 'vitest';
import { hoursToText, parseDay, summarizeHours, textToHours } from './weekly-hours';

describe('weekly hours as one line per weekday', () => {
  it.each([
    ['', []],
    ['09:00-17:00', [{ start: '09:00', end: '17:00' }]],
    [
      '9:00 - 12:00, 13:00–17:30',
      [
        { start: '09:00', end: '12:00' },
        { start: '13:00', end: '17:30' },
      ],
    ],
    ['18:00-24:00', [{ start: '18:00', end: '24:00' }]],
  ])('reads “%s”', (text, intervals) => expect(parseDay(text)).toEqual({ intervals }));

  it.each([
    ['9-17', '9 is not a time between 00:00 and 23:59'],
    ['25:00-26:00', '25:00 is not a time between 00:00 and 23:59'],
    ['09:00-24:30', '24:30 is not a time between 00:01 and 24:00'],
    ['17:00-09:00', '17:00-09:00: the end must be after the start'],
    ['09:00-13:00, 12:00-17:00', '12:00-17:00 overlaps or comes before 09:00-13:00'],
    ['09:00', '“09:00” is not a range such as 09:00-17:00'],
  ])('says what is wrong with “%s”', (text, error) => expect(parseDay(text)).toEqual({ error }));

  it('round-trips the API shape, leaving closed days out', () => {
    const hours = {
      mon: [{ start: '09:00', end: '17:00' }],
      sat: [
        { start: '10:00', end: '12:00' },
        { start: '13:00', end: '15:00' },
      ],
    };
    const text = hoursToText(hours);
    expect(text).toEqual({
      mon: '09:00-17:00',
      tue: '',
      wed: '',
      thu: '',
      fri: '',
      sat: '10:00-12:00, 13:00-15:00',
      sun: '',
    });
    expect(textToHours(text)).toEqual({ hours, errors: {} });
  });

  it('names each bad day', () => {
    const text = { ...hoursToText({}), tue: 'noon-5', fri: '09:00-08:00' };
    expect(Object.keys(textToHours(text).errors)).toEqual(['tue', 'fri']);
  });

  it.each([
    [{}, 'Closed all week'],
    [
      Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, [{ start: '09:00', end: '17:00' }]]),
      ),
      'Mon–Fri 09:00-17:00',
    ],
    [
      {
        mon: [{ start: '09:00', end: '17:00' }],
        tue: [{ start: '09:00', end: '17:00' }],
        thu: [{ start: '09:00', end: '17:00' }],
        sat: [{ start: '10:00', end: '14:00' }],
      },
      'Mon–Tue 09:00-17:00; Thu 09:00-17:00; Sat 10:00-14:00',
    ],
  ])('summarizes %o as “%s”', (hours, text) => expect(summarizeHours(hours)).toBe(text));
});
