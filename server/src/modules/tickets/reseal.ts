import type { Kysely } from 'kysely';
import { EncryptionError } from '../../platform/crypto/envelope.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import type { DB } from '../../platform/db/schema.js';
import { withSystem } from '../../platform/db/transaction.js';
import * as repo from './repository.js';
import { customFieldContext, SEALED, sealedValue } from './sealed-fields.js';

/**
 * The re-seal sweep of sealed custom fields (docs/security.md#encryption-at-rest), run at worker start
 * and by `tandem keys rotate`: a value of a key the brand listed after it was stored is sealed (and
 * its history entries say "[sealed]"); a value under a retired data key is re-sealed under the active
 * one. A value that does not open is counted and left as it is. A ticket is replaced only if it still
 * holds what was read, so a concurrent change is never overwritten.
 */
export async function resealCustomFields(
  db: Kysely<DB>,
  keyring: Keyring,
): Promise<{ resealed: number; unreadable: number }> {
  await keyring.ready();
  const counts = { resealed: 0, unreadable: 0 };
  let after: string | null = null;
  for (;;) {
    const page = await withSystem(db, (tx) => repo.customFieldsToReseal(tx, after, 200));
    if (page.length === 0) return counts;
    for (const row of page) {
      const next = { ...row.custom_fields };
      const newlySealed: string[] = [];
      let changed = 0;
      for (const [key, value] of Object.entries(row.custom_fields)) {
        const listed = row.keys.includes(key);
        if (sealedValue(value)) {
          if (!keyring.needsReseal(value)) continue;
          const plain = await keyring.open(value, customFieldContext(row.id, key)).catch((err: unknown) => {
            if (err instanceof EncryptionError) return null;
            throw err;
          });
          if (plain === null) {
            counts.unreadable++;
            continue;
          }
          put(next, key, keyring.seal(plain, customFieldContext(row.id, key)));
        } else if (listed && value !== null) {
          put(next, key, keyring.seal(JSON.stringify(value), customFieldContext(row.id, key)));
          newlySealed.push(key);
        } else continue;
        changed++;
      }
      if (!changed) continue;
      const replaced = await withSystem(db, async (tx) => {
        if (!(await repo.replaceCustomFields(tx, row.id, row.custom_fields, next))) return false;
        if (newlySealed.length) await repo.hideCustomFieldHistory(tx, row.id, newlySealed, SEALED);
        return true;
      });
      if (replaced) counts.resealed += changed;
    }
    after = page[page.length - 1]!.id;
  }
}

/** Sets an own property whatever its name (a custom field may be called "__proto__"). */
function put(fields: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(fields, key, { value, enumerable: true, writable: true, configurable: true });
}
