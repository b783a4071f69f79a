import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  abandonmentRate,
  averageHandleTime,
  averageSpeedOfAnswer,
  backlog,
  bucketOf,
  ces,
  contactsPerThousandOrders,
  csat,
  DURATION_BUCKETS_SECONDS,
  escalationRate,
  firstContactResolution,
  firstResponseTime,
  nps,
  npsFromCounts,
  occupancy,
  percentileBucket,
  reopenRate,
  resolutionTime,
  resolvedFirstContact,
  responseRate,
  transferRate,
} from './index.js';

const DAY = 86_400_000;

describe('reference vectors (kpi-reference.md)', () => {
  it('NPS: 30% promoters − 20% detractors = +10', () => {
    const scores = [...Array(30).fill(9), ...Array(50).fill(7), ...Array(20).fill(3)];
    expect(nps(scores).value).toBeCloseTo(10, 10);
    expect(nps(scores).variant).toBe('nps.promoters_9_10_minus_detractors_0_6');
  });
  it('FCR (SQM): 280 of 400 resolved without a repeat contact → 70%', () => {
    expect(firstContactResolution(400, 280).value).toBeCloseTo(0.7, 12);
  });
  it('CSAT: responses at 4 or 5 among all responses (1–5 scale)', () => {
    // 100 responses: 50 fives, 30 fours, 10 threes, 10 ones → 80 %
    const scores = [...Array(50).fill(5), ...Array(30).fill(4), ...Array(10).fill(3), ...Array(10).fill(1)];
    expect(csat(scores).value).toBeCloseTo(0.8, 12);
    expect(csat(scores).denominator).toBe(100);
  });
});

describe.each([
  { scores: [10, 10, 10], expected: 100 },
  { scores: [0, 6, 6], expected: -100 },
  { scores: [7, 8], expected: 0 },
  { scores: [9, 6], expected: 0 },
  { scores: [10, 9, 8, 0], expected: 25 },
])('NPS of $scores', ({ scores, expected }) => {
  it(`is ${expected}`, () => expect(nps(scores).value).toBeCloseTo(expected, 10));
});

describe('contact figures', () => {
  it('no data is null, never 0', () => {
    expect(firstResponseTime({ firstResponses: 0, firstResponseSeconds: 0 }).value).toBeNull();
    expect(nps([]).value).toBeNull();
    expect(csat([]).value).toBeNull();
  });
  it.each([
    { answered: 90, abandoned: 10, shortAbandoned: 4, all: 0.1, excl: 6 / 96 },
    { answered: 0, abandoned: 5, shortAbandoned: 5, all: 1, excl: null },
  ])('abandonment with and without short abandons ($answered/$abandoned/$shortAbandoned)', (c) => {
    expect(abandonmentRate(c, false).value).toBeCloseTo(c.all, 12);
    const excluded = abandonmentRate(c, true);
    if (c.excl === null) expect(excluded.value).toBeNull();
    else expect(excluded.value).toBeCloseTo(c.excl, 12);
    expect(excluded.variant).toBe('abandonment.short_excluded');
  });
  it('AHT, ASA, FRT and resolution are sums over counts', () => {
    expect(averageHandleTime({ handledContacts: 4, handleSeconds: 1200 }).value).toBe(300);
    expect(averageSpeedOfAnswer({ answered: 3, answerWaitSeconds: 60 }).value).toBe(20);
    expect(firstResponseTime({ firstResponses: 2, firstResponseSeconds: 300 }).value).toBe(150);
    const r = resolutionTime({
      resolvedFirst: 2,
      resolutionFirstSeconds: 200,
      resolvedLast: 1,
      resolutionLastSeconds: 500,
    });
    expect([r.firstSolve.value, r.lastSolve.value]).toEqual([100, 500]);
  });
  it('rates', () => {
    expect(reopenRate(50, 5).value).toBe(0.1);
    expect(escalationRate(200, 10).value).toBe(0.05);
    expect(transferRate(200, 30).value).toBe(0.15);
    expect(responseRate(40, 10).value).toBe(0.25);
    expect(ces(4, 10, true).value).toBe(2.5);
    expect(ces(4, 10, false).variant).toBe('ces.mean_1_7.higher_better');
    expect(occupancy(2700, 3600).value).toBe(0.75);
    expect(contactsPerThousandOrders(37, 1850).value).toBeCloseTo(20, 12);
    expect(contactsPerThousandOrders(3, 0).value).toBeNull();
  });
});

describe('FCR per ticket', () => {
  const ticket = { id: 't1', customerId: 'c1', tags: ['refund'] };
  it.each([
    { name: 'no repeat', reopenedAt: [], later: [], expected: true },
    { name: 'reopened within 7 days', reopenedAt: [3 * DAY], later: [], expected: false },
    { name: 'reopened after 7 days', reopenedAt: [8 * DAY], later: [], expected: true },
    {
      name: 'same customer, same tag, within window',
      reopenedAt: [],
      later: [{ id: 't2', customerId: 'c1', tags: ['refund', 'x'], createdAt: 2 * DAY }],
      expected: false,
    },
    {
      name: 'same customer, other topic',
      reopenedAt: [],
      later: [{ id: 't2', customerId: 'c1', tags: ['delivery'], createdAt: 2 * DAY }],
      expected: true,
    },
    {
      name: 'other customer, same tag',
      reopenedAt: [],
      later: [{ id: 't2', customerId: 'c2', tags: ['refund'], createdAt: 2 * DAY }],
      expected: true,
    },
    {
      name: 'same tag after the window',
      reopenedAt: [],
      later: [{ id: 't2', customerId: 'c1', tags: ['refund'], createdAt: 7 * DAY + 1 }],
      expected: true,
    },
  ])('$name → $expected', ({ reopenedAt, later, expected }) => {
    expect(resolvedFirstContact({ ticket, firstSolvedAt: 0, reopenedAt, laterTickets: later })).toBe(
      expected,
    );
  });
});

describe('backlog', () => {
  it('counts tickets open at the instant, by age', () => {
    const at = 10 * DAY;
    const b = backlog(
      [
        { createdAt: at - 30 * 60_000, solvedAt: null },
        { createdAt: at - 2 * 3_600_000, solvedAt: at + 1 },
        { createdAt: at - 2 * DAY, solvedAt: null },
        { createdAt: at - 9 * DAY, solvedAt: null },
        { createdAt: at - 9 * DAY, solvedAt: at - DAY }, // solved before: not backlog
        { createdAt: at + 1, solvedAt: null }, // not yet created
      ],
      at,
    );
    expect(b.total).toBe(4);
    expect(b.buckets).toMatchObject({ '<1h': 1, '1-4h': 1, '1-3d': 1, '>7d': 1, '4-24h': 0 });
  });
});

describe('properties', () => {
  it('NPS lies in −100..100 and equals %promoters − %detractors', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 1 }), (scores) => {
        const v = nps(scores).value!;
        expect(v).toBeGreaterThanOrEqual(-100);
        expect(v).toBeLessThanOrEqual(100);
        const p = scores.filter((s) => s >= 9).length;
        const d = scores.filter((s) => s <= 6).length;
        expect(v).toBeCloseTo(npsFromCounts(scores.length, p, d).value!, 9);
      }),
    );
  });
  it('CSAT of a union is the response-weighted mean of the parts', () => {
    const scores = fc.array(fc.integer({ min: 1, max: 5 }), { minLength: 1 });
    fc.assert(
      fc.property(scores, scores, (a, b) => {
        const whole = csat([...a, ...b]).value!;
        const weighted = (csat(a).value! * a.length + csat(b).value! * b.length) / (a.length + b.length);
        expect(whole).toBeCloseTo(weighted, 9);
      }),
    );
  });
  it('a histogram percentile bounds the true percentile from above, within one bucket', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 5_000_000 }), { minLength: 1 }),
        fc.double({ min: 0.01, max: 1, noNaN: true }),
        (values, p) => {
          const h = Array(12).fill(0);
          for (const v of values) h[bucketOf(v)] += 1;
          const sorted = [...values].sort((x, y) => x - y);
          const truth = sorted[Math.max(Math.ceil(p * sorted.length) - 1, 0)]!;
          const at = percentileBucket(h, p)!;
          if (at.atMost !== null) {
            expect(at.atMost).toBeGreaterThanOrEqual(truth);
            expect(bucketOf(truth)).toBe(bucketOf(at.atMost));
          } else {
            // The open top bucket: no upper bound, only "over" the last finite one.
            expect(truth).toBeGreaterThan(at.over);
            expect(bucketOf(truth)).toBe(DURATION_BUCKETS_SECONDS.length - 1);
            expect(Number.isFinite(at.over)).toBe(true);
          }
        },
      ),
    );
  });
});
