import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { generateSecret, generateURI, verify } from 'otplib';
import type { MfaPolicyMode } from '../../platform/db/schema.js';

/**
 * The pure parts of multi-factor authentication (docs/security.md): TOTP codes, sealing the secret,
 * recovery codes and who the brand's policy covers. No I/O; mfa-service.ts does the rest.
 */

export const TOTP_PERIOD = 30;
/** A sign-in challenge (between password and code) lives this long. */
export const CHALLENGE_SECONDS = 300;
export const RECOVERY_CODE_COUNT = 10;

export function newTotpSecret(): string {
  // 20 random bytes (160 bits, RFC 4226's recommendation), base32 as authenticator apps expect.
  return generateSecret({ length: 20 });
}

export function otpauthUri(secret: string, issuer: string, account: string): string {
  return generateURI({ issuer, label: account, secret, period: TOTP_PERIOD, digits: 6 });
}

/**
 * Checks a 6-digit code against the secret at `epochSeconds`, one 30-second step either side. A code
 * of a step at or before `lastStep` (the last one accepted) is refused: a code works once.
 * Returns the matched step, or null.
 */
export async function acceptTotp(
  secret: string,
  code: string,
  epochSeconds: number,
  lastStep: number | null,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const result = await verify({
    secret,
    token: code,
    epoch: epochSeconds,
    period: TOTP_PERIOD,
    epochTolerance: TOTP_PERIOD,
    ...(lastStep === null ? {} : { afterTimeStep: lastStep }),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}

/**
 * The format of TOTP secrets before encryption at rest (migration 0031): `v1:` sealed under
 * TANDEM_MFA_KEY, bound to the user, or `plain:`. New secrets are sealed by the keyring
 * (mfa-secrets.ts); these remain so that rows written before still open until re-sealed.
 */
export function sealSecret(secret: string, userId: string, key: Buffer | null): string {
  if (!key) return `plain:${secret}`;
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`tandem mfa v1 ${userId}`));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  const b64 = (b: Buffer) => b.toString('base64url');
  return `v1:${b64(iv)}:${b64(cipher.getAuthTag())}:${b64(body)}`;
}

export class SealedSecretError extends Error {}

export function openSecret(stored: string, userId: string, key: Buffer | null): string {
  if (stored.startsWith('plain:')) return stored.slice('plain:'.length);
  const [version, iv, tag, body] = stored.split(':');
  if (version !== 'v1' || !iv || !tag || body === undefined)
    throw new SealedSecretError('unknown sealed secret format');
  if (!key) throw new SealedSecretError('TANDEM_MFA_KEY is not set but the secret is sealed');
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAAD(Buffer.from(`tandem mfa v1 ${userId}`));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
}

export function mfaKey(configured: string | undefined): Buffer | null {
  return configured ? Buffer.from(configured, 'base64') : null;
}

// Crockford-like alphabet without 0/O, 1/I/L: easy to read off a printed sheet.
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten codes like `k7qm-x2fp-9t`: 10 characters from 31, about 49 bits each. */
export function newRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = randomBytes(10);
    const chars = [...bytes].map((b) => RECOVERY_ALPHABET[b % RECOVERY_ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8)}`;
  });
}

/** Case, spaces and dashes do not matter when a recovery code is typed back. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, '');
}

export function recoveryCodeHash(code: string): string {
  return createHash('sha256')
    .update(`tandem recovery ${normaliseRecoveryCode(code)}`)
    .digest('hex');
}

export interface MfaPolicy {
  mode: MfaPolicyMode;
  brandStaff: boolean;
  vendorIds: string[];
}

export const NO_POLICY: MfaPolicy = { mode: 'none', brandStaff: false, vendorIds: [] };

/** Whether the policy requires MFA of a user: brand staff are the users without a vendor. */
export function policyCovers(policy: MfaPolicy, user: { vendorId: string | null }): boolean {
  if (policy.mode === 'all') return true;
  if (policy.mode === 'none') return false;
  return user.vendorId === null ? policy.brandStaff : policy.vendorIds.includes(user.vendorId);
}
