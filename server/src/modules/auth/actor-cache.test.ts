import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Actor } from '../../platform/db/transaction.js';
import { ActorCache } from './actor-cache.js';

const actor = (userId: string): Actor => ({
  userId,
  organizationId: 'org',
  role: 'agent',
  vendorId: 'v',
  siteId: null,
  teamId: null,
});

afterEach(() => {
  vi.useRealTimers();
});

describe('actor cache', () => {
  it('forgets an entry after its time to live', () => {
    vi.useFakeTimers();
    const cache = new ActorCache(5_000);
    cache.set('k', actor('u1'));
    vi.advanceTimersByTime(4_999);
    expect(cache.get('k')?.userId).toBe('u1');
    vi.advanceTimersByTime(1);
    expect(cache.get('k')).toBeUndefined();
  });

  it('forgets every token of a user at once', () => {
    const cache = new ActorCache(60_000);
    cache.set('a', actor('u1'));
    cache.set('b', actor('u1'));
    cache.set('c', actor('u2'));
    cache.forgetUser('u1');
    expect([cache.get('a'), cache.get('b'), cache.get('c')?.userId]).toEqual([undefined, undefined, 'u2']);
  });

  it('keeps nothing when the time to live is zero, and drops the oldest entry when full', () => {
    const off = new ActorCache(0);
    off.set('k', actor('u1'));
    expect(off.get('k')).toBeUndefined();
    const small = new ActorCache(60_000, 2);
    small.set('a', actor('u1'));
    small.set('b', actor('u2'));
    small.set('c', actor('u3'));
    expect([small.get('a'), small.get('b')?.userId, small.get('c')?.userId]).toEqual([undefined, 'u2', 'u3']);
  });
});
