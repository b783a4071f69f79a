import type { Kysely } from 'kysely';
import type { z } from 'zod';
import type { ErasureScope } from '../../platform/db/erasure.js';
import type { DB } from '../../platform/db/schema.js';
import { type Actor, type Tx, withSystem } from '../../platform/db/transaction.js';
import type { AttachmentStore } from '../../platform/storage/attachment-store.js';
import { attachmentKeysInUse, eraseAttachmentsBefore } from '../attachments/index.js';
import { changes, record } from '../audit/index.js';
import * as repo from './repository.js';
import type { retentionPut } from './schemas.js';
import { redactTickets } from './service.js';

/**
 * Retention (docs/privacy.md#retention): per channel, attachments are deleted after N days and a
 * closed ticket's conversation is redacted M days after it closed, with the same per-module steps
 * as a customer's erasure, scoped to the ticket. The ticket rows stay, so KPI figures do not change.
 */

export async function getRetention(tx: Tx, actor: Actor) {
  return { policies: await repo.retentionPolicies(tx, actor.organizationId) };
}

export async function setRetention(tx: Tx, actor: Actor, input: z.output<typeof retentionPut>) {
  const before = await repo.retentionPolicies(tx, actor.organizationId);
  await repo.replaceRetentionPolicies(tx, actor.organizationId, actor.userId, input.policies);
  const after = await repo.retentionPolicies(tx, actor.organizationId);
  const shape = (ps: typeof before) =>
    ps.map(({ channel, attachments_days, redact_closed_after_days }) => ({
      channel,
      attachments_days,
      redact_closed_after_days,
    }));
  await record(tx, actor, {
    action: 'retention_policy.changed',
    objectType: 'retention_policy',
    objectId: null,
    details: changes({ policies: shape(before) }, { policies: shape(after) }, ['policies']),
  });
  return { policies: after };
}

const BATCH = 200;

/**
 * Applies every organization's policies as of `now`, one transaction per channel and batch (a failing
 * one does not hold up the others; the next run picks it up). Idempotent: a redacted ticket is marked
 * and passed over, a deleted attachment is gone. Each transaction that did something leaves one
 * `retention.applied` entry in the audit chain with counts. Files go after their commit, unless a row
 * still uses the same bytes.
 */
export async function applyRetention(db: Kysely<DB>, store: AttachmentStore | null, now: Date) {
  const totals: Record<string, number> = {};
  const add = (counts: Record<string, number>) => {
    for (const [k, v] of Object.entries(counts)) if (v) totals[k] = (totals[k] ?? 0) + v;
  };
  const dropFiles = async (keys: string[]) => {
    if (!store || !keys.length) return;
    const inUse = await withSystem(db, (tx) => attachmentKeysInUse(tx, keys));
    for (const key of keys.filter((k) => !inUse.has(k))) await store.delete(key);
  };
  const audit = (tx: Tx, organizationId: string, channel: string, counts: Record<string, number>) =>
    record(
      tx,
      { organizationId, system: 'privacy.apply-retention' },
      {
        action: 'retention.applied',
        objectType: 'retention_policy',
        objectId: null,
        details: { channel, counts },
      },
      now,
    );
  const policies = await withSystem(db, (tx) => repo.allRetentionPolicies(tx));
  for (const policy of policies) {
    const { organization_id: organizationId, channel } = policy;
    if (policy.redact_closed_after_days !== null) {
      const cutoff = new Date(now.getTime() - policy.redact_closed_after_days * 86_400_000);
      for (;;) {
        const done = await withSystem(db, async (tx) => {
          const batch = await repo.closedTicketsBefore(tx, organizationId, channel, cutoff, BATCH);
          if (!batch.length) return null;
          const scope: ErasureScope = {
            organizationId,
            customerIds: [],
            ticketIds: batch.map((t) => t.id),
            messageIds: batch.flatMap((t) => t.message_ids),
            pattern: null,
          };
          const { counts, keys } = await redactTickets(tx, scope);
          await audit(tx, organizationId, channel, counts);
          return { counts, keys, full: batch.length === BATCH };
        });
        if (!done) break;
        add(done.counts);
        await dropFiles(done.keys);
        if (!done.full) break;
      }
    }
    if (policy.attachments_days !== null) {
      const cutoff = new Date(now.getTime() - policy.attachments_days * 86_400_000);
      const done = await withSystem(db, async (tx) => {
        const erased = await eraseAttachmentsBefore(tx, organizationId, channel, cutoff);
        if (erased.attachments) await audit(tx, organizationId, channel, { attachments: erased.attachments });
        return erased;
      });
      add({ attachments: done.attachments });
      await dropFiles(done.keys);
    }
  }
  return totals;
}
