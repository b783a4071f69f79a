import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { callOutcome, comparePositions, eventKey, mergePage, type Position } from './order.js';

describe('timeline order', () => {
  it.each([
    ['abandoned', null, 'abandoned'],
    ['offered', null, 'ringing'],
    ['answered', '2026-11-23T09:00:35Z', 'in_progress'],
    ['ended', '2026-11-23T09:00:35Z', 'answered'],
    ['ended', null, 'missed'],
  ] as const)('a call %s (answered %s) is %s', (status, answeredAt, outcome) => {
    expect(callOutcome(status, answeredAt)).toBe(outcome);
  });

  it('pads history ids so text order is number order', () => {
    expect(eventKey(9) < eventKey(10)).toBe(true);
    expect(eventKey(123)).toHaveLength(20);
  });

  const position = fc.record({
    at: fc.integer({ min: 0, max: 5000 }).map((ms) => new Date(Date.UTC(2026, 10, 23) + ms).toISOString()),
    rank: fc.integer({ min: 0, max: 2 }),
    key: fc.stringMatching(/^[0-9a-f]{1,6}$/),
  });

  it('pages through any mix of sources exactly once, in order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.uniqueArray(position, { selector: (p) => `${p.at}|${p.rank}|${p.key}`, maxLength: 15 }), {
          minLength: 1,
          maxLength: 3,
        }),
        fc.integer({ min: 1, max: 6 }),
        (sources, limit) => {
          // One key space across sources, as uuids and padded ids are.
          const lists = sources.map((s, i) =>
            s
              .map((p) => ({ position: { ...p, rank: i } }))
              .sort((a, b) => comparePositions(a.position, b.position)),
          );
          const everything = lists.flat().sort((a, b) => comparePositions(a.position, b.position));
          const seen: Position[] = [];
          let cursor: Position | undefined;
          for (let guard = 0; guard < 100; guard++) {
            // Each source returns limit + 1 rows after the cursor, like the queries.
            const fetched = lists.map((l) =>
              l.filter((x) => !cursor || comparePositions(x.position, cursor) > 0).slice(0, limit + 1),
            );
            const page = mergePage(fetched, limit);
            seen.push(...page.items.map((x) => x.position));
            if (!page.more) break;
            cursor = page.items[page.items.length - 1]!.position;
          }
          expect(seen).toEqual(everything.map((x) => x.position));
        },
      ),
    );
  });
});
