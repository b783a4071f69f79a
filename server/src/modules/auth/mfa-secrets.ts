import type { Kysely } from 'kysely';
import type { Config } from '../../platform/config.js';
import { EncryptionError, fieldContext, isSealed } from '../../platform/crypto/envelope.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import type { DB } from '../../platform/db/schema.js';
import { type Tx, withSystem } from '../../platform/db/transaction.js';
import { mfaKey, openSecret, SealedSecretError } from './mfa.js';
import * as mfaRepo from './mfa-repository.js';

/**
 * TOTP secrets at rest (docs/security.md, "Encryption at rest"): sealed under the keyring, bound to
 * their user. Rows from before migration 0031 (`v1:` under TANDEM_MFA_KEY, or `plain:`) still open,
 * and are re-sealed the first time they are used (lazily) or by the sweep, whichever comes first.
 */

const context = (userId: string) => fieldContext('user_mfa', 'secret', userId);

/** A `v1:`/`plain:` secret; a wrong or missing TANDEM_MFA_KEY is a SealedSecretError, not a crypto one. */
function openLegacy(stored: string, userId: string, legacyKey: Config['TANDEM_MFA_KEY']): string {
  try {
    return openSecret(stored, userId, mfaKey(legacyKey));
  } catch (err) {
    throw err instanceof SealedSecretError
      ? err
      : new SealedSecretError(`legacy TOTP secret: ${String(err)}`);
  }
}

export function sealTotpSecret(keyring: Keyring, userId: string, secret: string): string {
  return keyring.seal(secret, context(userId));
}

/** The secret of a user's row, read inside the caller's owner transaction; a legacy row is re-sealed. */
export async function totpSecret(
  keyring: Keyring,
  tx: Tx,
  userId: string,
  stored: string,
  legacyKey: Config['TANDEM_MFA_KEY'],
): Promise<string> {
  if (isSealed(stored)) return keyring.open(stored, context(userId), tx);
  const secret = openLegacy(stored, userId, legacyKey);
  await keyring.ready(tx);
  await mfaRepo.replaceSecret(tx, userId, stored, sealTotpSecret(keyring, userId, secret));
  return secret;
}

/**
 * Seals legacy rows and moves sealed ones to the active key, a page at a time. A secret that does
 * not open (its key is gone) is counted and left as it is; the others go on.
 */
export async function resealMfaSecrets(
  db: Kysely<DB>,
  keyring: Keyring,
  legacyKey: Config['TANDEM_MFA_KEY'],
): Promise<{ resealed: number; unreadable: number }> {
  await keyring.ready();
  let after: string | null = null;
  const counts = { resealed: 0, unreadable: 0 };
  for (;;) {
    const page = await withSystem(db, (tx) => mfaRepo.secretsAfter(tx, after, 200));
    if (page.length === 0) return counts;
    for (const row of page) {
      if (!keyring.needsReseal(row.secret)) continue;
      const outcome = await withSystem(db, async (tx) => {
        const secret = isSealed(row.secret)
          ? await keyring.open(row.secret, context(row.user_id), tx)
          : openLegacy(row.secret, row.user_id, legacyKey);
        return mfaRepo.replaceSecret(
          tx,
          row.user_id,
          row.secret,
          sealTotpSecret(keyring, row.user_id, secret),
        );
      }).catch((err: unknown) => {
        if (err instanceof EncryptionError || err instanceof SealedSecretError) return 'unreadable' as const;
        throw err;
      });
      if (outcome === 'unreadable') counts.unreadable++;
      else if (outcome) counts.resealed++;
    }
    after = page[page.length - 1]!.user_id;
  }
}
