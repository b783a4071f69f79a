import { describe, expect, it } from 'vitest';
import { changedVerdicts } from './repository.js';

const timer = (
  ticket_id: string,
  metric: string,
  state: 'active' | 'paused' | 'achieved' | 'breached',
  at: string | null = null,
) => ({
  ticket_id,
  metric,
  state,
  stopped_at: state === 'achieved' ? at : null,
  breached_at: state === 'breached' ? at : null,
});

describe('changedVerdicts: which tickets the KPI rollup must refresh after timers are stored', () => {
  it('names a ticket whose timer was decided, changed its verdict or its time, or lost its verdict', () => {
    const before = [
      timer('same', 'first_reply', 'achieved', '2026-11-02T10:00:00Z'),
      timer('flip', 'first_reply', 'achieved', '2026-11-02T10:00:00Z'),
      timer('moved', 'full_resolution', 'breached', '2026-11-02T10:00:00Z'),
      timer('undone', 'first_reply', 'breached', '2026-11-02T10:00:00Z'),
      timer('running', 'first_reply', 'active'),
    ];
    const after = [
      // The same instant written another way is the same verdict.
      {
        ...timer('same', 'first_reply', 'achieved'),
        stopped_at: new Date('2026-11-02T10:00:00Z') as unknown as string,
      },
      timer('flip', 'first_reply', 'breached', '2026-11-02T10:00:00Z'),
      timer('moved', 'full_resolution', 'breached', '2026-11-02T11:00:00Z'),
      timer('undone', 'first_reply', 'active'),
      timer('running', 'first_reply', 'active'),
      timer('new', 'first_reply', 'achieved', '2026-11-02T10:00:00Z'),
    ];
    expect([...changedVerdicts(before, after)].sort()).toEqual(['flip', 'moved', 'new', 'undone']);
  });

  it('ignores running and paused timers and the order rows come in', () => {
    const a = [
      timer('t', 'first_reply', 'achieved', '2026-11-02T10:00:00Z'),
      timer('t', 'next_reply', 'paused'),
    ];
    const b = [
      timer('t', 'next_reply', 'active'),
      timer('t', 'first_reply', 'achieved', '2026-11-02T10:00:00Z'),
    ];
    expect(changedVerdicts(a, b).size).toBe(0);
  });
});
