import type { z } from 'zod';
import type { Tx } from '../../platform/db/transaction.js';
import * as repo from './admin-repository.js';
import { matchQueue } from './queue-rules.js';
import type { ruleTestBody } from './schemas.js';

/**
 * Which queue a contact with these facts would get, and by which rule: the router's own pure
 * `matchQueue` over the brand's stored rules, so the answer is what routing would do now.
 */
export async function whichQueue(tx: Tx, input: z.output<typeof ruleTestBody>) {
  const rules = await repo.listRules(tx);
  const match = matchQueue(
    rules.map((r) => ({
      id: r.id,
      position: r.position,
      queueId: r.queue_id,
      active: r.active,
      conditions: r.conditions,
    })),
    {
      channel: input.channel,
      language: input.language,
      tags: input.tags,
      tier: input.tier,
      segment: input.segment,
      customFields: input.custom_fields,
      supportAddress: input.support_address,
      dataRegion: input.data_region,
    },
  );
  if (!match) return { queue: null, rule: null };
  const rule = rules.find((r) => r.id === match.ruleId)!;
  const queue = await repo.findQueue(tx, match.queueId);
  return {
    queue: queue ? { id: queue.id, name: queue.name } : null,
    rule: { id: rule.id, name: rule.name, position: rule.position },
  };
}
