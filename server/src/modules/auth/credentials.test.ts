import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  hashPassword,
  isBlocked,
  newSecret,
  secretHash,
  verifyPassword,
} from './credentials.js';

describe('log-in throttle', () => {
  const rule = { maxFailures: 3, windowSeconds: 900, baseSeconds: 30, capSeconds: 900 };
  const t0 = Date.parse('2026-11-23T10:00:00Z');
  it('waits only after the limit, doubling from the base up to the cap', () => {
    let state = null as ReturnType<typeof afterFailure> | null;
    const waits: (number | null)[] = [];
    for (let i = 0; i < 10; i++) {
      state = afterFailure(state, t0 + i * 1000, rule);
      waits.push(state.blockedUntil === null ? null : (state.blockedUntil - (t0 + i * 1000)) / 1000);
    }
    expect(waits).toEqual([null, null, 30, 60, 120, 240, 480, 900, 900, 900]);
    expect(isBlocked(state, t0 + 9000)).toBe(true);
    expect(isBlocked(state, t0 + 9000 + 900_001)).toBe(false);
  });
  it('starts counting afresh once the window has passed', () => {
    const old = { failures: 7, windowStartedAt: t0, blockedUntil: t0 + 1000 };
    expect(afterFailure(old, t0 + 901_000, rule)).toEqual({
      failures: 1,
      windowStartedAt: t0 + 901_000,
      blockedUntil: null,
    });
  });
});

describe('passwords and secrets', () => {
  it('verifies argon2id hashes and rejects other passwords and missing hashes', async () => {
    const hash = await hashPassword('a long enough password');
    expect(hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(hash, 'a long enough password')).toBe(true);
    expect(await verifyPassword(hash, 'another password')).toBe(false);
    expect(await verifyPassword(null, 'a long enough password')).toBe(false);
  });
  it('makes distinct secrets and stable hashes', () => {
    const a = newSecret('tdm');
    expect(a).not.toBe(newSecret('tdm'));
    expect(secretHash(a)).toBe(secretHash(a));
    expect(secretHash(a)).toHaveLength(64);
  });
});
