import type { Config } from '../../platform/config.js';
import { type EncryptionConfig, keyringOf, type Rotation } from '../../platform/crypto/keyring.js';
import type { Database } from '../../platform/db/database.js';
import { withSystem } from '../../platform/db/transaction.js';
import { record } from '../audit/index.js';
import { resealMfaSecrets } from '../auth/index.js';
import { allOrganizationIds } from '../organizations/index.js';
import { resealCustomFields } from '../tickets/index.js';
import { resealWebhookSecrets } from '../webhooks/index.js';

/**
 * Encryption at rest across modules (docs/security.md): each module seals its own columns and
 * offers a re-seal sweep; this runs them all, and rotates the keys. Installation-wide, so a
 * rotation is audited in every organization's log.
 */

type SweepConfig = EncryptionConfig & Pick<Config, 'TANDEM_MFA_KEY'>;

export interface Resealed {
  webhookSecrets: number;
  mfaSecrets: number;
  /** Values of the brands' sealed custom fields (tickets.custom_fields) sealed or re-sealed. */
  customFields: number;
  /** Values that did not open (a KEK or TANDEM_MFA_KEY no longer configured): left as they are. */
  unreadable: number;
}

/** Seals values stored before encryption at rest and moves values under retired keys to the active key. */
export async function resealAll(database: Database, config: SweepConfig): Promise<Resealed> {
  const keyring = keyringOf(database.db, config);
  const webhooks = await resealWebhookSecrets(database.db, keyring);
  const mfa = await resealMfaSecrets(database.db, keyring, config.TANDEM_MFA_KEY);
  const fields = await resealCustomFields(database.db, keyring);
  return {
    webhookSecrets: webhooks.resealed,
    mfaSecrets: mfa.resealed,
    customFields: fields.resealed,
    unreadable: webhooks.unreadable + mfa.unreadable + fields.unreadable,
  };
}

/**
 * `tandem keys rotate`: a new data key, every data key re-wrapped under the current KEK, then every
 * sealed value re-sealed under the new key. Serving processes keep working throughout: old keys
 * stay in data_keys, so a value not yet re-sealed still opens.
 */
export async function rotateKeys(
  database: Database,
  config: SweepConfig,
  now: Date = new Date(),
): Promise<Rotation & { resealed: Resealed }> {
  const rotation = await keyringOf(database.db, config).rotate();
  const resealed = await resealAll(database, config);
  await withSystem(database.db, async (tx) => {
    for (const organizationId of await allOrganizationIds(tx))
      await record(
        tx,
        { organizationId, system: 'tandem keys rotate' },
        {
          action: 'encryption_key.rotated',
          objectType: 'data_key',
          objectId: rotation.newKeyId,
          details: {
            retired_key_id: rotation.retiredKeyId,
            kek_id: rotation.kekId,
            rewrapped_keys: rotation.rewrapped,
            resealed_webhook_secrets: resealed.webhookSecrets,
            resealed_mfa_secrets: resealed.mfaSecrets,
            resealed_custom_fields: resealed.customFields,
            unreadable_secrets: resealed.unreadable,
          },
        },
        now,
      );
  });
  return { ...rotation, resealed };
}
