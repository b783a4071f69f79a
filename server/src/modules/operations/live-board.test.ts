import { describe, expect, it } from 'vitest';
import { liveBoard, UNQUEUED } from './live-board.js';

const now = new Date('2026-03-02T10:00:00.000Z');
const empty = { queues: [], waiting: [], sla: [], vendors: [], sites: [], moved: [] };
const q = (id: string, name = id) => ({ id, name });

describe('liveBoard', () => {
  it.each([
    ['no contacts waiting', [], null],
    ['one waiting 90 s', [{ queue_id: 'q1', waiting: 1, oldest_since: '2026-03-02T09:58:30.000Z' }], 90],
    [
      'a wait stamped after now (clock skew) reads 0',
      [{ queue_id: 'q1', waiting: 1, oldest_since: '2026-03-02T10:00:05.000Z' }],
      0,
    ],
  ])('oldest wait in whole seconds: %s', (_, waiting, seconds) => {
    const board = liveBoard({ ...empty, queues: [q('q1')], waiting }, now);
    expect(board.queues).toHaveLength(1);
    expect(board.queues[0]!.oldest_wait_seconds).toBe(seconds);
  });

  it('lists every queue, zeros included, and adds the not-yet-queued row only when it has something', () => {
    expect(liveBoard({ ...empty, queues: [q('a'), q('b')] }, now).queues.map((r) => r.name)).toEqual([
      'a',
      'b',
    ]);
    const board = liveBoard(
      {
        ...empty,
        queues: [q('a')],
        waiting: [
          { queue_id: null, waiting: 2, oldest_since: '2026-03-02T09:50:00.000Z' },
          // a queue the reader cannot name (deleted meanwhile) counts with the unqueued
          { queue_id: 'gone', waiting: 1, oldest_since: '2026-03-02T09:40:00.000Z' },
        ],
        sla: [{ queue_id: null, at_risk: 1, breached: 2 }],
      },
      now,
    );
    expect(board.queues[1]).toEqual({
      queue_id: null,
      name: UNQUEUED,
      waiting: 3,
      oldest_wait_seconds: 20 * 60,
      at_risk: 1,
      breached: 2,
    });
  });

  it('gives each site the moves off it, and no other site’s', () => {
    const site = (id: string) => ({
      id,
      name: id,
      vendor_id: 'v',
      vendor_name: 'V',
      status: 'down' as const,
      open_tickets: 0,
      online: 0,
      away: 0,
    });
    const board = liveBoard(
      {
        ...empty,
        sites: [site('s1'), site('s2')],
        moved: [
          { site_id: 's1', vendor_name: 'W', now_site_name: 'W1', waiting: false, tickets: 2 },
          { site_id: 's1', vendor_name: null, now_site_name: null, waiting: true, tickets: 1 },
        ],
      },
      now,
    );
    expect(board.sites[0]!.moved_off.map((m) => m.tickets)).toEqual([2, 1]);
    expect(board.sites[1]!.moved_off).toEqual([]);
  });
});
