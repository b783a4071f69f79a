import { createHash, createHmac, randomBytes } from 'node:crypto';
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
export function newSecret(prefix: 'tdm' | 'ses' | 'mfa' | 'scim' | 'sso'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function secretHash(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/**
 * The CSRF token of a session: an HMAC keyed by the session token, so it is bound to that session.
 * A CSRF value planted from elsewhere (a sibling subdomain can set cookies) or taken from another
 * session never matches, and nobody can compute it without the HTTP-only session cookie. Derived,
 * not stored: no column, and it ends with the session.
 */
export function csrfTokenFor(sessionToken: string): string {
  return `csrf_${createHmac('sha256', sessionToken).update('tandem csrf v1').digest('base64url')}`;
}

/**
 * Log-in throttling, pure. Failures are counted per key in a window; once a key has `maxFailures`
 * in it, each further failure blocks the key for a backoff that doubles (from `baseSeconds`, capped
 * at `capSeconds`). A block only delays: nobody can lock anyone out for good, and the keys never
 * depend on whether the account exists, so the answers cannot reveal it.
 */
export interface ThrottleRule {
  maxFailures: number;
  windowSeconds: number;
  baseSeconds: number;
  capSeconds: number;
}
export interface ThrottleState {
  failures: number;
  windowStartedAt: number;
  blockedUntil: number | null;
}

export function afterFailure(state: ThrottleState | null, now: number, rule: ThrottleRule): ThrottleState {
  const fresh = !state || now - state.windowStartedAt > rule.windowSeconds * 1000;
  const failures = (fresh ? 0 : state.failures) + 1;
  const windowStartedAt = fresh ? now : state.windowStartedAt;
  const over = failures - rule.maxFailures;
  if (over < 0) return { failures, windowStartedAt, blockedUntil: null };
  const seconds = Math.min(rule.baseSeconds * 2 ** Math.min(over, 30), rule.capSeconds);
  return { failures, windowStartedAt, blockedUntil: now + seconds * 1000 };
}

export const isBlocked = (state: ThrottleState | null, now: number) =>
  state?.blockedUntil != null && state.blockedUntil > now;
