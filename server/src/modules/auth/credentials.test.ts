import { describe, expect, it } from 'vitest';
import { afterFailedLogin, hashPassword, newSecret, secretHash, verifyPassword } from './credentials.js';

describe('afterFailedLogin', () => {
  const now = new Date('2026-11-23T10:00:00Z');
  const policy = { maxFailures: 5, lockoutMinutes: 15 };
  it.each([
    [0, 1, null],
    [3, 4, null],
    [4, 0, '2026-11-23T10:15:00.000Z'],
  ])('after %i failures, one more gives %i and lock %s', (failures, count, lock) => {
    const next = afterFailedLogin(failures, now, policy);
    expect(next.failedLogins).toBe(count);
    expect(next.lockedUntil?.toISOString() ?? null).toBe(lock);
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
