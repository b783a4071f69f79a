import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type IncomingEvent, recordOf } from './call-record.js';

const offered: IncomingEvent = {
  event: 'offered',
  occurred_at: '2026-11-23T10:00:00.000Z',
  caller_number: '+4520123456',
  ivr_path: ['main', 'billing'],
  queue: 'billing',
};
const answered: IncomingEvent = {
  event: 'answered',
  occurred_at: '2026-11-23T10:00:42.000Z',
  agent_id: '00000000-0000-4000-8000-000000000001',
  wait_seconds: 42,
};
const ended: IncomingEvent = {
  event: 'ended',
  occurred_at: '2026-11-23T10:06:00.000Z',
  talk_seconds: 300,
  hold_seconds: 18,
  wrap_up_seconds: 40,
  wait_seconds: 41.5,
  recording_url: 'https://rec.example/1.mp3',
};

describe('call record', () => {
  it('keeps every stage’s facts and time, with the furthest stage as status', () => {
    expect(recordOf([offered, answered, ended])).toEqual({
      status: 'ended',
      caller_number: '+4520123456',
      dialled_number: null,
      ivr_path: ['main', 'billing'],
      queue: 'billing',
      agent_id: answered.agent_id,
      // The ended event's total is final; the answered event's estimate does not override it.
      wait_seconds: 41.5,
      talk_seconds: 300,
      hold_seconds: 18,
      wrap_up_seconds: 40,
      recording_url: 'https://rec.example/1.mp3',
      offered_at: offered.occurred_at,
      answered_at: answered.occurred_at,
      ended_at: ended.occurred_at,
      abandoned_at: null,
    });
  });

  it('is not corrupted by ended arriving before answered', () => {
    const early = recordOf([offered, ended]);
    expect(early.status).toBe('ended');
    expect(early.answered_at).toBeNull();
    expect(recordOf([offered, ended, answered])).toEqual(recordOf([offered, answered, ended]));
  });

  it('marks an abandoned call with its wait and no answer', () => {
    const abandoned = recordOf([
      offered,
      { event: 'abandoned', occurred_at: '2026-11-23T10:01:30.000Z', wait_seconds: 90 },
    ]);
    expect(abandoned).toMatchObject({ status: 'abandoned', wait_seconds: 90, answered_at: null });
  });

  it('gives the same record for any order of the same events', () => {
    const all = [offered, answered, ended];
    fc.assert(
      fc.property(fc.shuffledSubarray(all, { minLength: 1 }), (subset) => {
        const reversed = [...subset].reverse();
        expect(recordOf(reversed)).toEqual(recordOf(subset));
      }),
    );
  });
});
