import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignReviewers, type Candidate, pickSample, signalsOf, weekBounds, weekOf } from './sampling.js';

const c = (ticket: string, agent: string, extra: Partial<Candidate> = {}): Candidate => ({
  ticket_id: ticket,
  agent_id: agent,
  vendor_id: 'v',
  csat_low: false,
  handle_seconds: null,
  reopened: false,
  escalated: false,
  sla_missed: false,
  tags: [],
  ...extra,
});

describe('signals', () => {
  it('reads each targeted signal, and only the targeted ones', () => {
    const ticket = c('t', 'a', {
      csat_low: true,
      handle_seconds: 900,
      reopened: true,
      escalated: true,
      sla_missed: true,
      tags: ['refund'],
    });
    expect(
      signalsOf(ticket, {
        low_csat: true,
        long_aht_seconds: 600,
        reopened: true,
        escalated: true,
        sla_missed: true,
        tag: 'refund',
      }),
    ).toEqual(['low_csat', 'long_aht', 'reopened', 'escalated', 'sla_missed', 'tag']);
    expect(signalsOf(ticket, { long_aht_seconds: 900 })).toEqual([]); // above, not at
    expect(signalsOf(ticket, { tag: 'vip' })).toEqual([]);
    expect(signalsOf(c('t', 'a'), { long_aht_seconds: 0 })).toEqual([]); // nothing measured
  });
});

describe('the check finding signal', () => {
  const withFindings = c('t', 'a', {
    findings: [
      { check: 'pii_leak', agent_id: 'a' },
      { check: 'missing_greeting', agent_id: 'other' },
    ],
  });
  const cases: { name: string; candidate: Candidate; checks: string[] | undefined; hit: boolean }[] = [
    {
      name: 'any check, a finding on the agent’s reply',
      candidate: withFindings,
      checks: undefined,
      hit: true,
    },
    { name: 'any check (empty list)', candidate: withFindings, checks: [], hit: true },
    {
      name: 'the finding’s kind named',
      candidate: withFindings,
      checks: ['pii_leak', 'forbidden_phrase'],
      hit: true,
    },
    {
      name: 'only another agent’s finding of that kind',
      candidate: withFindings,
      checks: ['missing_greeting'],
      hit: false,
    },
    { name: 'no finding at all', candidate: c('t', 'a'), checks: [], hit: false },
    {
      name: 'an empty findings list',
      candidate: c('t', 'a', { findings: [] }),
      checks: undefined,
      hit: false,
    },
  ];
  it.each(cases)('$name', ({ candidate, checks, hit }) => {
    expect(signalsOf(candidate, { check_findings: { checks } })).toEqual(hit ? ['check_finding'] : []);
  });

  it('targets only when set; null is off', () => {
    expect(signalsOf(withFindings, {})).toEqual([]);
    expect(signalsOf(withFindings, { check_findings: null })).toEqual([]);
    const picks = pickSample(
      { per_agent: 5, targets: { check_findings: {} } },
      [withFindings, c('clean', 'a'), { ...withFindings }],
      new Set(),
      'seed',
    );
    expect(picks.map((p) => [p.ticket_id, p.reasons])).toEqual([['t', ['check_finding']]]);
  });
});

describe('pickSample', () => {
  it('random: n per agent, never an excluded ticket, the same picks on a re-run', () => {
    const candidates = ['1', '2', '3', '4', '5'].flatMap((n) => [c(`a${n}`, 'A'), c(`b${n}`, 'B')]);
    const rule = { per_agent: 2, targets: {} };
    const picks = pickSample(rule, candidates, new Set(['a1', 'a2']), 'rule-1:2026-11-30');
    expect(picks.filter((p) => p.agent_id === 'A')).toHaveLength(2);
    expect(picks.filter((p) => p.agent_id === 'B')).toHaveLength(2);
    expect(picks.map((p) => p.ticket_id)).not.toContain('a1');
    expect(picks.every((p) => p.reasons.length === 0)).toBe(true);
    expect(pickSample(rule, [...candidates].reverse(), new Set(['a1', 'a2']), 'rule-1:2026-11-30')).toEqual(
      picks,
    );
  });

  it('targeted: only tickets with a signal, those with the most signals first', () => {
    const candidates = [
      c('plain', 'A'),
      c('reopened', 'A', { reopened: true }),
      c('both', 'A', { reopened: true, csat_low: true }),
      c('csat', 'A', { csat_low: true }),
    ];
    const picks = pickSample(
      { per_agent: 2, targets: { reopened: true, low_csat: true } },
      candidates,
      new Set(),
      's',
    );
    expect(picks[0]).toEqual({
      ticket_id: 'both',
      agent_id: 'A',
      vendor_id: 'v',
      reasons: ['low_csat', 'reopened'],
    });
    expect(picks).toHaveLength(2);
    expect(picks.map((p) => p.ticket_id)).not.toContain('plain');
    // An agent with nothing matching gets no pick rather than a random one.
    expect(pickSample({ per_agent: 2, targets: { escalated: true } }, candidates, new Set(), 's')).toEqual(
      [],
    );
  });

  const candidate = fc.record({
    ticket_id: fc.integer({ min: 0, max: 60 }).map((n) => `t${n}`),
    agent_id: fc.constantFrom('A', 'B', 'C', 'D'),
    vendor_id: fc.constant('v'),
    csat_low: fc.boolean(),
    handle_seconds: fc.option(fc.integer({ min: 0, max: 3600 })),
    reopened: fc.boolean(),
    escalated: fc.boolean(),
    sla_missed: fc.boolean(),
    tags: fc.subarray(['refund', 'vip', 'bug']),
    findings: fc.array(
      fc.record({
        check: fc.constantFrom('pii_leak', 'missing_greeting', 'forbidden_phrase'),
        agent_id: fc.constantFrom('A', 'B', null),
      }),
      { maxLength: 3 },
    ),
  });
  const targets = fc.record(
    {
      low_csat: fc.boolean(),
      long_aht_seconds: fc.option(fc.integer({ min: 0, max: 3600 })),
      reopened: fc.boolean(),
      escalated: fc.boolean(),
      sla_missed: fc.boolean(),
      tag: fc.option(fc.constantFrom('refund', 'vip', 'bug')),
      check_findings: fc.option(
        fc.record({ checks: fc.subarray(['pii_leak', 'missing_greeting', 'language_mismatch']) }),
      ),
    },
    { requiredKeys: [] },
  );

  it('property: each ticket once, never excluded, at most n per agent, as many as there are, each with a signal when targeted', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(candidate, { maxLength: 120, selector: (x) => x.ticket_id }),
        fc.integer({ min: 1, max: 6 }),
        targets,
        fc.array(fc.integer({ min: 0, max: 60 }).map((n) => `t${n}`)),
        fc.string(),
        (candidates, n, t, excludedList, seed) => {
          const excluded = new Set(excludedList);
          const picks = pickSample({ per_agent: n, targets: t }, candidates, excluded, seed);
          const ids = picks.map((p) => p.ticket_id);
          expect(new Set(ids).size).toBe(ids.length);
          for (const p of picks) expect(excluded.has(p.ticket_id)).toBe(false);
          // Eligible per agent: the first row of each ticket (a ticket has one agent), not excluded,
          // with a signal when targeted.
          const first = new Map<string, Candidate>();
          for (const x of candidates) if (!first.has(x.ticket_id)) first.set(x.ticket_id, x);
          const targeted = Object.values(t).some((v) => v !== undefined && v !== null && v !== false);
          const eligible = new Map<string, number>();
          for (const x of first.values()) {
            if (excluded.has(x.ticket_id)) continue;
            if (targeted && signalsOf(x, t).length === 0) continue;
            eligible.set(x.agent_id, (eligible.get(x.agent_id) ?? 0) + 1);
          }
          for (const [agent, count] of eligible)
            expect(picks.filter((p) => p.agent_id === agent)).toHaveLength(Math.min(n, count));
          for (const p of picks) {
            expect(first.get(p.ticket_id)!.agent_id).toBe(p.agent_id);
            if (targeted) expect(p.reasons.length).toBeGreaterThan(0);
          }
          // Deterministic whatever the order of the rows.
          expect(pickSample({ per_agent: n, targets: t }, [...candidates].reverse(), excluded, seed)).toEqual(
            pickSample({ per_agent: n, targets: t }, [...first.values()].reverse(), excluded, seed),
          );
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('assignReviewers', () => {
  it('property: balances the load, counting what each reviewer already has', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 80 }),
        fc.uniqueArray(fc.constantFrom('r1', 'r2', 'r3', 'r4'), { minLength: 1 }),
        fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 4, maxLength: 4 }),
        (count, reviewers, before) => {
          const load = new Map(reviewers.map((r, i) => [r, before[i]!]));
          const picks = Array.from({ length: count }, (_, i) => ({
            ticket_id: `t${i}`,
            agent_id: 'A',
            vendor_id: null,
            reasons: [],
          }));
          const assigned = assignReviewers(picks, reviewers, load);
          expect(assigned).toHaveLength(count);
          const after = reviewers.map(
            (r) => load.get(r)! + assigned.filter((a) => a.reviewer_id === r).length,
          );
          // Every assignment went to a least-loaded reviewer: the spread shrinks to at most one
          // unless the reviewers already differed by more before.
          const spreadBefore =
            Math.max(...reviewers.map((r) => load.get(r)!)) - Math.min(...reviewers.map((r) => load.get(r)!));
          expect(Math.max(...after) - Math.min(...after)).toBeLessThanOrEqual(Math.max(1, spreadBefore));
          expect(after.reduce((s, x) => s + x, 0)).toBe(
            [...load.values()].reduce((s, x) => s + x, 0) + count,
          );
        },
      ),
    );
  });
});

describe('weeks', () => {
  it('reads the ISO week from Monday, in UTC', () => {
    expect(weekOf(new Date('2026-12-07T10:00:00Z'))).toBe('2026-12-07'); // a Monday
    expect(weekOf(new Date('2026-12-06T23:59:59Z'))).toBe('2026-11-30'); // the Sunday before
    expect(weekOf(new Date('2027-01-01T00:00:00Z'))).toBe('2026-12-28');
    expect(weekBounds('2026-11-30')).toEqual({
      from: '2026-11-30T00:00:00.000Z',
      to: '2026-12-07T00:00:00.000Z',
    });
  });
});
