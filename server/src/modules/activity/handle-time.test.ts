import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { activeSeconds, callHandleSeconds, placeHeartbeat, splitHandleTime } from './handle-time.js';

const s = (ticketId: string, start: number, end: number) => ({
  ticketId,
  start: start * 1000,
  end: end * 1000,
});

describe('splitHandleTime', () => {
  it.each([
    { name: 'one ticket gets all its time', spans: [s('a', 0, 60)], expected: { a: 60 } },
    {
      name: 'two tickets at once share the overlap equally',
      spans: [s('a', 0, 60), s('b', 30, 90)],
      expected: { a: 45, b: 45 },
    },
    {
      name: 'three-way overlap',
      spans: [s('a', 0, 30), s('b', 0, 30), s('c', 0, 30)],
      expected: { a: 10, b: 10, c: 10 },
    },
    {
      name: 'a ticket in two tabs counts once',
      spans: [s('a', 0, 60), s('a', 30, 90)],
      expected: { a: 90 },
    },
    { name: 'empty and backwards spans count nothing', spans: [s('a', 10, 10), s('b', 20, 5)], expected: {} },
  ])('$name', ({ spans, expected }) => {
    const result = Object.fromEntries(
      [...splitHandleTime(spans)].map(([k, v]) => [k, Math.round(v * 1e6) / 1e6]),
    );
    expect(result).toEqual(expected);
  });

  it('property: the shares add up to the union of the spans (nothing counted twice or lost)', () => {
    const span = fc
      .tuple(
        fc.constantFrom('a', 'b', 'c', 'd'),
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 3_000 }),
      )
      .map(([id, start, len]) => s(id, start, start + len));
    fc.assert(
      fc.property(fc.array(span, { maxLength: 30 }), (spans) => {
        const total = [...splitHandleTime(spans).values()].reduce((a, b) => a + b, 0);
        expect(total).toBeCloseTo(activeSeconds(spans), 6);
        for (const [id, secs] of splitHandleTime(spans)) {
          expect(secs).toBeLessThanOrEqual(activeSeconds(spans.filter((x) => x.ticketId === id)) + 1e-6);
        }
      }),
    );
  });
});

describe('voice and heartbeats', () => {
  it('voice handle time is talk + hold + wrap (numeric strings from PostgreSQL)', () => {
    expect(callHandleSeconds({ talk_seconds: '300.5', hold_seconds: '20', wrap_up_seconds: 60 })).toBe(380.5);
    expect(callHandleSeconds({ talk_seconds: null, hold_seconds: null, wrap_up_seconds: null })).toBe(0);
  });
  it.each([
    { latest: undefined, beat: { state: 'focused', at: 0 }, expected: 'new' },
    {
      latest: { state: 'focused', startedAt: 0, lastAt: 30_000 },
      beat: { state: 'focused', at: 60_000 },
      expected: 'extend',
    },
    {
      latest: { state: 'focused', startedAt: 0, lastAt: 30_000 },
      beat: { state: 'focused', at: 200_000 },
      expected: 'new',
    },
    {
      latest: { state: 'focused', startedAt: 0, lastAt: 30_000 },
      beat: { state: 'composing', at: 40_000 },
      expected: 'new',
    },
    {
      latest: { state: 'focused', startedAt: 0, lastAt: 30_000 },
      beat: { state: 'focused', at: 10_000 },
      expected: 'inside',
    },
  ] as const)('heartbeat $beat after $latest → $expected (idle 90 s)', ({ latest, beat, expected }) => {
    expect(placeHeartbeat(latest, beat, 90_000)).toBe(expected);
  });
});
