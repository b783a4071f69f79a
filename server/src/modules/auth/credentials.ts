import { createHash, randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/** argon2id with the library's defaults (19 MiB, t=2, p=1: the OWASP baseline). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verifying against a real hash when the email is unknown keeps response time from revealing accounts.
const decoy = hash('decoy password that never matches');

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  if (!passwordHash) {
    await verify(await decoy, password).catch(() => false);
    return false;
  }
  return verify(passwordHash, password).catch(() => false);
}

/** Opaque secrets: only their SHA-256 is stored, so a database leak reveals no usable token. */
export function newSecret(prefix: 'tdm' | 'ses' | 'csrf'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** After a failed log-in: the new failure count, and the lock end once the limit is reached. */
export function afterFailedLogin(
  failures: number,
  now: Date,
  policy: { maxFailures: number; lockoutMinutes: number },
): { failedLogins: number; lockedUntil: Date | null } {
  const failedLogins = failures + 1;
  if (failedLogins < policy.maxFailures) return { failedLogins, lockedUntil: null };
  return { failedLogins: 0, lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000) };
}
