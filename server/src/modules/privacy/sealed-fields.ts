import type { z } from 'zod';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Invalid } from '../../platform/errors.js';
import { record } from '../audit/index.js';
import * as repo from './repository.js';
import type { sealedFieldsPut } from './schemas.js';

/**
 * The brand's choice of sensitive custom fields (docs/security.md#encryption-at-rest): their values
 * are sealed in tickets.custom_fields by the tickets module, which reads this list on every write.
 */

export async function sealedCustomFieldKeys(tx: Tx, organizationId: string): Promise<string[]> {
  return (await repo.sealedKeys(tx, organizationId))?.keys ?? [];
}

export async function getSealedFields(tx: Tx, actor: Actor) {
  return (await repo.sealedKeys(tx, actor.organizationId)) ?? { keys: [], updated_at: null };
}

/**
 * Sets the list. A key a routing rule matches on is refused: the router cannot read a sealed value,
 * so the rule would silently stop matching. Values already stored are sealed by the re-seal sweep
 * (worker start, `tandem keys rotate`); new writes are sealed at once.
 */
export async function setSealedFields(tx: Tx, actor: Actor, input: z.output<typeof sealedFieldsPut>) {
  const keys = [...new Set(input.keys)].sort();
  const matched = await repo.rulesMatchingCustomFields(tx, keys);
  if (matched.length) {
    throw new Invalid(
      'A routing rule matches on this custom field; the router cannot read a sealed value',
      matched.map((m) => ({
        path: `body.keys.${input.keys.indexOf(m.key)}`,
        message: `routing rule “${m.ruleName}” matches on ${m.key}; change the rule first`,
      })),
    );
  }
  const before = await getSealedFields(tx, actor);
  const after = await repo.upsertSealedKeys(tx, {
    organization_id: actor.organizationId,
    keys,
    updated_by: actor.userId,
  });
  await record(tx, actor, {
    action: 'sealed_custom_fields.changed',
    objectType: 'sealed_custom_fields',
    objectId: null,
    details: { before: before.keys, after: after.keys },
  });
  return after;
}
