import type { Config } from '../../platform/config.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { csrfTokenFor, newSecret, secretHash } from './credentials.js';
import * as repo from './repository.js';

export interface LoginResult {
  sessionToken: string;
  csrfToken: string;
  expiresAt: Date;
  actor: Actor;
}

/** The password was right but a second factor is due: verify a code, or (enrol) set one up first. */
export interface MfaChallengeResult {
  mfaRequired: true;
  challenge: string;
  enrol: boolean;
  expiresAt: Date;
}

/** Opens a session for a user who has passed every step of signing in. */
export async function startSession(
  tx: Tx,
  policy: Pick<Config, 'TANDEM_SESSION_TTL_HOURS'>,
  user: Actor,
  now = Date.now(),
): Promise<LoginResult> {
  const sessionToken = newSecret('ses');
  const expiresAt = new Date(now + policy.TANDEM_SESSION_TTL_HOURS * 3_600_000);
  await repo.insertSession(tx, secretHash(sessionToken), user.userId, expiresAt);
  const { userId, organizationId, role, vendorId, siteId, teamId } = user;
  return {
    sessionToken,
    csrfToken: csrfTokenFor(sessionToken),
    expiresAt,
    actor: { userId, organizationId, role, vendorId, siteId, teamId },
  };
}
