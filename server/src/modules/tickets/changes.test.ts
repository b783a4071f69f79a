import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PRIORITIES, TICKET_STATUSES } from '../../platform/db/schema.js';
import { planTicketChange, type TicketFields } from './changes.js';

const NOW = '2026-03-01T10:00:00.000Z';
const EARLIER = '2026-02-28T09:00:00.000Z';
const base: TicketFields = {
  status: 'open',
  priority: 'normal',
  language: 'en',
  queue: null,
  tags: ['billing', 'refund'],
  custom_fields: { plan: 'pro' },
  vendor_id: 'v1',
  site_id: 's1',
  team_id: 't1',
  agent_id: 'a1',
  solved_at: null,
  closed_at: null,
};

describe('planTicketChange', () => {
  const cases: Array<
    [string, Partial<TicketFields>, Partial<TicketFields>, Partial<TicketFields>, string[]]
  > = [
    ['nothing sent, nothing changes', {}, {}, {}, []],
    ['same values change nothing', {}, { priority: 'normal', tags: ['refund', 'billing'] }, {}, []],
    ['priority', {}, { priority: 'urgent' }, { priority: 'urgent' }, ['priority']],
    ['solving stamps solved_at', {}, { status: 'solved' }, { status: 'solved', solved_at: NOW }, ['status']],
    [
      'closing a solved ticket keeps solved_at',
      { status: 'solved', solved_at: EARLIER },
      { status: 'closed' },
      { status: 'closed', closed_at: NOW, solved_at: EARLIER },
      ['status'],
    ],
    [
      'closing an open ticket stamps both',
      {},
      { status: 'closed' },
      { status: 'closed', closed_at: NOW, solved_at: NOW },
      ['status'],
    ],
    [
      'reopening clears both stamps',
      { status: 'closed', solved_at: EARLIER, closed_at: EARLIER },
      { status: 'open' },
      { status: 'open', solved_at: null, closed_at: null },
      ['status'],
    ],
    [
      'moving to another vendor clears its site, team and agent',
      {},
      { vendor_id: 'v2' },
      { vendor_id: 'v2', site_id: null, team_id: null, agent_id: null },
      ['vendor_id', 'site_id', 'team_id', 'agent_id'],
    ],
    [
      'moving with a new team keeps that team',
      {},
      { vendor_id: 'v2', team_id: 't2' },
      { vendor_id: 'v2', team_id: 't2', site_id: null, agent_id: null },
      ['team_id', 'vendor_id', 'site_id', 'agent_id'],
    ],
    ['clearing the language', {}, { language: null }, { language: null }, ['language']],
    [
      'custom fields',
      {},
      { custom_fields: { plan: 'free' } },
      { custom_fields: { plan: 'free' } },
      ['custom_fields'],
    ],
  ];
  it.each(cases)('%s', (_name, current, input, values, fields) => {
    const plan = planTicketChange({ ...base, ...current }, input as never, NOW);
    expect(plan.values).toEqual(values);
    expect(plan.changes.map((c) => c.field).sort()).toEqual([...fields].sort());
  });

  it('records the value before and after each change', () => {
    const plan = planTicketChange(base, { priority: 'high', agent_id: null }, NOW);
    expect(plan.changes).toEqual([
      { field: 'priority', before: 'normal', after: 'high' },
      { field: 'agent_id', before: 'a1', after: null },
    ]);
  });

  it('always leaves solved_at set exactly when the resulting status is solved or closed', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...TICKET_STATUSES),
        fc.constantFrom(...TICKET_STATUSES),
        fc.constantFrom(...PRIORITIES),
        (from, to, priority) => {
          const done = from === 'solved' || from === 'closed';
          const current = {
            ...base,
            status: from,
            solved_at: done ? EARLIER : null,
            closed_at: from === 'closed' ? EARLIER : null,
          };
          const plan = planTicketChange(current, { status: to, priority }, NOW);
          const after = { ...current, ...plan.values };
          expect(after.solved_at !== null).toBe(after.status === 'solved' || after.status === 'closed');
          expect(after.closed_at !== null).toBe(after.status === 'closed');
          expect(plan.changes.length).toBe((from !== to ? 1 : 0) + (priority !== 'normal' ? 1 : 0));
        },
      ),
    );
  });
});
