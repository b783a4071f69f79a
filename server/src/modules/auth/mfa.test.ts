import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import {
  acceptTotp,
  newRecoveryCodes,
  newTotpSecret,
  openSecret,
  policyCovers,
  recoveryCodeHash,
  sealSecret,
} from './mfa.js';

const T = 1_800_000_000; // a fixed instant, on a 30-second boundary
const codeAt = (secret: string, epoch: number) => generate({ secret, epoch });

describe('TOTP codes', () => {
  it('accepts the current step and one either side, nothing further', async () => {
    const secret = newTotpSecret();
    const step = T / 30;
    expect(await acceptTotp(secret, await codeAt(secret, T), T + 5, null)).toBe(step);
    expect(await acceptTotp(secret, await codeAt(secret, T - 30), T + 5, null)).toBe(step - 1);
    expect(await acceptTotp(secret, await codeAt(secret, T + 30), T + 5, null)).toBe(step + 1);
    expect(await acceptTotp(secret, await codeAt(secret, T - 90), T + 5, null)).toBeNull();
    expect(await acceptTotp(secret, await codeAt(secret, T + 90), T + 5, null)).toBeNull();
  });

  it('refuses a code of the last accepted step or earlier (no replay)', async () => {
    const secret = newTotpSecret();
    const code = await codeAt(secret, T);
    const step = await acceptTotp(secret, code, T, null);
    expect(await acceptTotp(secret, code, T + 1, step)).toBeNull();
    expect(await acceptTotp(secret, await codeAt(secret, T - 30), T, step)).toBeNull();
    expect(await acceptTotp(secret, await codeAt(secret, T + 30), T, step)).toBe(step! + 1);
  });

  it('refuses anything but six digits', async () => {
    const secret = newTotpSecret();
    for (const code of ['', '12345', '1234567', 'abcdef', '12 345'])
      expect(await acceptTotp(secret, code, T, null)).toBeNull();
  });
});

describe('sealed secrets', () => {
  const key = randomBytes(32);

  it('round-trips, and never holds the secret in the clear', () => {
    fc.assert(
      fc.property(fc.uuid(), (userId) => {
        const secret = newTotpSecret();
        const sealed = sealSecret(secret, userId, key);
        expect(sealed.startsWith('v1:')).toBe(true);
        expect(sealed).not.toContain(secret);
        expect(openSecret(sealed, userId, key)).toBe(secret);
      }),
      { numRuns: 50 },
    );
  });

  it('does not open under another key, for another user, or when tampered with', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', 'user-a', key);
    expect(() => openSecret(sealed, 'user-a', randomBytes(32))).toThrow();
    expect(() => openSecret(sealed, 'user-b', key)).toThrow();
    const parts = sealed.split(':');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = body[0]! ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => openSecret(parts.join(':'), 'user-a', key)).toThrow();
    expect(() => openSecret(sealed, 'user-a', null)).toThrow(/TANDEM_MFA_KEY/);
  });

  it('without a key stores plain: and still reads it after a key is set', () => {
    const sealed = sealSecret('JBSWY3DPEHPK3PXP', 'u', null);
    expect(sealed).toBe('plain:JBSWY3DPEHPK3PXP');
    expect(openSecret(sealed, 'u', key)).toBe('JBSWY3DPEHPK3PXP');
  });
});

describe('recovery codes', () => {
  it('makes ten distinct codes whose hash ignores case, spaces and dashes', () => {
    const codes = newRecoveryCodes();
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{2}$/);
    const [first] = codes;
    expect(recoveryCodeHash(` ${first!.toUpperCase().replace(/-/g, ' ')} `)).toBe(recoveryCodeHash(first!));
    expect(recoveryCodeHash(codes[0]!)).not.toBe(recoveryCodeHash(codes[1]!));
  });
});

describe('who the policy covers', () => {
  const v1 = '00000000-0000-4000-8000-000000000001';
  const v2 = '00000000-0000-4000-8000-000000000002';
  it.each([
    [{ mode: 'none', brandStaff: true, vendorIds: [v1] }, null, false],
    [{ mode: 'all', brandStaff: false, vendorIds: [] }, v2, true],
    [{ mode: 'all', brandStaff: false, vendorIds: [] }, null, true],
    [{ mode: 'selected', brandStaff: true, vendorIds: [] }, null, true],
    [{ mode: 'selected', brandStaff: true, vendorIds: [] }, v1, false],
    [{ mode: 'selected', brandStaff: false, vendorIds: [v1] }, v1, true],
    [{ mode: 'selected', brandStaff: false, vendorIds: [v1] }, v2, false],
    [{ mode: 'selected', brandStaff: false, vendorIds: [v1] }, null, false],
  ] as const)('%o covers vendor %s: %s', (policy, vendorId, covered) => {
    expect(policyCovers({ ...policy, vendorIds: [...policy.vendorIds] }, { vendorId })).toBe(covered);
  });
});
