import { describe, expect, it } from 'vitest';
import {
  changedFields,
  formatMinutes,
  formatSeconds,
  splitMinutes,
  splitSeconds,
  toMinutes,
  toSeconds,
} from './durations';
import { importSummary } from './import-summary';

describe('SLA durations in people’s units', () => {
  it.each([
    [45, { amount: 45, unit: 'minutes' }],
    [60, { amount: 1, unit: 'hours' }],
    [90, { amount: 90, unit: 'minutes' }],
    [240, { amount: 4, unit: 'hours' }],
    [2880, { amount: 2, unit: 'days' }],
  ])('%i minutes are entered as %o', (minutes, split) => {
    expect(splitMinutes(minutes)).toEqual(split);
    expect(toMinutes(split.amount, split.unit as 'minutes')).toBe(minutes);
  });

  it('turns fractions of an hour into the whole minutes meant (0.1 h → 6, 1.5 h → 90)', () => {
    expect(toMinutes(0.1, 'hours')).toBe(6);
    expect(toMinutes(1.5, 'hours')).toBe(90);
    expect(Number.isInteger(toMinutes(0.01, 'hours'))).toBe(false);
  });

  it.each([
    [0, '0 min'],
    [45, '45 min'],
    [240, '4 h'],
    [90, '1 h 30 min'],
    [1440 + 240, '1 d 4 h'],
  ])('lists %i minutes as “%s”', (minutes, text) => expect(formatMinutes(minutes)).toBe(text));

  it.each([
    [30, { amount: 30, unit: 'seconds' }, '30 s'],
    [120, { amount: 2, unit: 'minutes' }, '2 min'],
    [150, { amount: 150, unit: 'seconds' }, '2 min 30 s'],
    [14_400, { amount: 4, unit: 'hours' }, '4 h'],
  ])('%i seconds: entered as %o, listed as “%s”', (seconds, split, text) => {
    expect(splitSeconds(seconds)).toEqual(split);
    expect(toSeconds(split.amount, split.unit as 'seconds')).toBe(seconds);
    expect(formatSeconds(seconds)).toBe(text);
  });
});

describe('a PATCH names only what changed', () => {
  it('keeps changed fields, compares arrays and objects by value', () => {
    const before = { name: 'Gold', position: 1, targets: [{ minutes: 60 }], conditions: { tiers: ['gold'] } };
    expect(changedFields(before, { ...before, targets: [{ minutes: 60 }] })).toEqual({});
    expect(changedFields(before, { ...before, name: 'Platinum', targets: [{ minutes: 30 }] })).toEqual({
      name: 'Platinum',
      targets: [{ minutes: 30 }],
    });
  });
});

describe('the .ics import result in words', () => {
  it.each([
    [{ imported: 2, already_present: 0, skipped: [] }, 'Imported 2 holidays.'],
    [
      { imported: 1, already_present: 3, skipped: [{}] },
      'Imported 1 holiday; 3 were already there; 1 event skipped.',
    ],
    [
      { imported: 0, already_present: 1, skipped: [{}, {}] },
      'Imported 0 holidays; 1 was already there; 2 events skipped.',
    ],
  ])('%o → “%s”', (result, text) => expect(importSummary(result)).toBe(text));
});
