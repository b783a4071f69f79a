import type { Kysely } from 'kysely';
import { EncryptionError, fieldContext, isSealed } from '../../platform/crypto/envelope.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import type { DB } from '../../platform/db/schema.js';
import { withSystem } from '../../platform/db/transaction.js';
import * as repo from './repository.js';

/**
 * Webhook signing secrets at rest (docs/security.md, "Encryption at rest"): sealed under the
 * keyring, bound to their subscription. A plain `whsec_…` value was stored before migration 0031;
 * it still signs, and the re-seal sweep seals it.
 */

const context = (subscriptionId: string) => fieldContext('webhook_subscriptions', 'secret', subscriptionId);

export function sealSigningSecret(keyring: Keyring, subscriptionId: string, secret: string): string {
  return keyring.seal(secret, context(subscriptionId));
}

export function signingSecret(keyring: Keyring, subscriptionId: string, stored: string): Promise<string> {
  return isSealed(stored) ? keyring.open(stored, context(subscriptionId)) : Promise.resolve(stored);
}

/**
 * Seals plain secrets and moves sealed ones to the active key, a page at a time. A secret that does
 * not open (its KEK is gone) is counted and left as it is; the others go on.
 */
export async function resealWebhookSecrets(
  db: Kysely<DB>,
  keyring: Keyring,
): Promise<{ resealed: number; unreadable: number }> {
  await keyring.ready();
  let after: string | null = null;
  const counts = { resealed: 0, unreadable: 0 };
  for (;;) {
    const page = await withSystem(db, (tx) => repo.secretsAfter(tx, after, 200));
    if (page.length === 0) return counts;
    for (const row of page) {
      if (!keyring.needsReseal(row.secret)) continue;
      const plain = await signingSecret(keyring, row.id, row.secret).catch((err: unknown) => {
        if (err instanceof EncryptionError) return null;
        throw err;
      });
      if (plain === null) {
        counts.unreadable++;
        continue;
      }
      const sealed = sealSigningSecret(keyring, row.id, plain);
      if (await withSystem(db, (tx) => repo.replaceSecret(tx, row.id, row.secret, sealed))) counts.resealed++;
    }
    after = page[page.length - 1]!.id;
  }
}
