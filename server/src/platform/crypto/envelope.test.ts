import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  EncryptionError,
  fieldContext,
  isSealed,
  kekId,
  newDataKey,
  open,
  seal,
  sealedKeyId,
  unwrapDataKey,
  wrapDataKey,
} from './envelope.js';

const key = randomBytes(32);
const ctx = fieldContext('webhook_subscriptions', 'secret', '3f0c7a2e-0000-4000-8000-000000000001');

describe('sealing a value', () => {
  it('opens what it sealed, for any text and owner', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string(), (plaintext, owner) => {
        const sealed = seal('k1', key, plaintext, owner);
        expect(isSealed(sealed)).toBe(true);
        expect(sealedKeyId(sealed)).toBe('k1');
        expect(open(key, sealed, owner)).toBe(plaintext);
      }),
    );
  });

  it('never shows the plaintext and never repeats a ciphertext', () => {
    const a = seal('k1', key, 'whsec_plain-secret-value', ctx);
    const b = seal('k1', key, 'whsec_plain-secret-value', ctx);
    expect(a).not.toContain('plain-secret');
    expect(a).not.toBe(b);
  });

  it('refuses a value with any one character changed', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 64 }), fc.nat(), fc.nat(), (plaintext, at, by) => {
        const sealed = seal('k1', key, plaintext, ctx);
        const i = at % sealed.length;
        const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:';
        const replacement =
          alphabet[(alphabet.indexOf(sealed[i]!) + 1 + (by % (alphabet.length - 1))) % alphabet.length]!;
        const tampered = sealed.slice(0, i) + replacement + sealed.slice(i + 1);
        expect(() => open(key, tampered, ctx)).toThrow(EncryptionError);
      }),
    );
  });

  it('refuses a flipped bit anywhere in the iv, tag or ciphertext', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 64 }),
        fc.nat(),
        fc.integer({ min: 0, max: 7 }),
        (plaintext, at, bit) => {
          const [prefix, id, ...parts] = seal('k1', key, plaintext, ctx).split(':');
          const raw = parts.map((p) => Buffer.from(p, 'base64url'));
          const all = Buffer.concat(raw);
          if (all.length === 0) return;
          const i = at % all.length;
          all[i]! ^= 1 << bit;
          let offset = 0;
          const rebuilt = raw.map((r) => {
            const part = all.subarray(offset, offset + r.length).toString('base64url');
            offset += r.length;
            return part;
          });
          expect(() => open(key, [prefix, id, ...rebuilt].join(':'), ctx)).toThrow(EncryptionError);
        },
      ),
    );
  });

  it('refuses another owner, another key and another key id', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), (plaintext, owner, other) => {
        fc.pre(owner !== other);
        const sealed = seal('k1', key, plaintext, owner);
        expect(() => open(key, sealed, other)).toThrow(EncryptionError);
        expect(() => open(randomBytes(32), sealed, owner)).toThrow(EncryptionError);
        expect(() => open(key, sealed.replace('tdm1:k1:', 'tdm1:k2:'), owner)).toThrow(EncryptionError);
      }),
    );
  });

  it('a value copied to another row does not open there', () => {
    const sealed = seal('k1', key, 'JBSWY3DPEHPK3PXP', fieldContext('user_mfa', 'secret', 'user-a'));
    expect(() => open(key, sealed, fieldContext('user_mfa', 'secret', 'user-b'))).toThrow(EncryptionError);
    expect(() => open(key, sealed, fieldContext('webhook_subscriptions', 'secret', 'user-a'))).toThrow();
  });

  it('treats values without the tdm1 header as not sealed', () => {
    for (const legacy of ['whsec_abc', 'plain:JBSW', 'v1:a:b:c', ''])
      expect([isSealed(legacy), sealedKeyId(legacy)]).toEqual([false, null]);
    expect(() => open(key, 'whsec_abc', ctx)).toThrow(EncryptionError);
  });
});

describe('wrapping a data key', () => {
  it('unwraps with the same KEK and id only', () => {
    const kek = randomBytes(32);
    const dek = newDataKey();
    const wrapped = wrapDataKey(kek, dek.id, dek.key);
    expect(wrapped).not.toContain(dek.key.toString('base64url'));
    expect(unwrapDataKey(kek, dek.id, wrapped).equals(dek.key)).toBe(true);
    expect(() => unwrapDataKey(randomBytes(32), dek.id, wrapped)).toThrow(EncryptionError);
    expect(() => unwrapDataKey(kek, 'another', wrapped)).toThrow(EncryptionError);
  });

  it('names a KEK by a fingerprint that differs per key and does not reveal it', () => {
    const a = randomBytes(32);
    expect(kekId(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(kekId(a)).toBe(kekId(Buffer.from(a)));
    expect(kekId(a)).not.toBe(kekId(randomBytes(32)));
  });
});
