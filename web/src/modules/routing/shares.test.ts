import { describe, expect, it } from 'vitest';
import { moveRule, nextPosition, sharesProblem, sharesTotal } from './shares';

describe('shares in words', () => {
  it.each([
    [[60, 30, 10], null],
    [[33.33, 33.33, 33.34], null],
    [[], null],
    [[50, 30, 10], 'The shares add up to 90 %; they must add up to 100 % (10 short).'],
    [[50, 50, 10], 'The shares add up to 110 %; they must add up to 100 % (10 over).'],
    [['50', '', 10], 'The shares add up to 60 %; they must add up to 100 % (40 short).'],
  ])('%j → %s', (shares, message) => {
    expect(sharesProblem(shares)).toBe(message);
  });

  it('adds to hundredths', () => {
    expect(sharesTotal([0.1, 0.2])).toBe(0.3);
  });
});

describe('moving a rule', () => {
  const rules = [
    { id: 'a', position: 0 },
    { id: 'b', position: 0 },
    { id: 'c', position: 5 },
  ];
  it('renumbers the new order, even through tied positions, and returns only changes', () => {
    expect(moveRule(rules, 1, -1)).toEqual([
      { id: 'b', position: 10 },
      { id: 'a', position: 20 },
      { id: 'c', position: 30 },
    ]);
    const spaced = [
      { id: 'a', position: 10 },
      { id: 'b', position: 20 },
      { id: 'c', position: 30 },
    ];
    expect(moveRule(spaced, 1, 1)).toEqual([
      { id: 'c', position: 20 },
      { id: 'b', position: 30 },
    ]);
  });
  it('does nothing past either end', () => {
    expect(moveRule(rules, 0, -1)).toEqual([]);
    expect(moveRule(rules, 2, 1)).toEqual([]);
  });
  it('puts a new rule after the last', () => {
    expect(nextPosition(rules)).toBe(15);
    expect(nextPosition([])).toBe(10);
  });
});
