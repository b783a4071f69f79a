import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { type ErasureScope, patternOf } from '../../platform/db/erasure.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, Invalid, NotFound } from '../../platform/errors.js';
import { eraseEventPayloads } from '../../platform/events.js';
import { eraseStoredResponses } from '../../platform/http/idempotency.js';
import { eraseAttachments } from '../attachments/index.js';
import { record } from '../audit/index.js';
import { eraseConversationsOfChat } from '../channels/chat/index.js';
import { eraseMail } from '../channels/email/index.js';
import { eraseCalls } from '../channels/phone/index.js';
import { eraseCustomerRows, mergeFamily } from '../customers/index.js';
import { eraseRevealReasons, findPii } from '../privacy/index.js';
import { eraseSurveys } from '../surveys/index.js';
import { eraseConversations } from '../tickets/index.js';
import { eraseWebhookDeliveries } from '../webhooks/index.js';
import * as repo from './repository.js';
import type { customerExport, erasureCreate, erasureResult } from './schemas.js';

/**
 * GDPR export and erasure of one customer (docs/privacy.md#export-and-erasure). Both run as the
 * owner within the actor's organization: they must reach every vendor's rows and tables the
 * application role may not change (history, the intake log). The routes allow brand admins only.
 */

async function familyOf(tx: Tx, actor: Actor, id: string) {
  const family = await mergeFamily(tx, actor.organizationId, id);
  if (!family.length) throw new NotFound('Customer', id);
  return family;
}

export async function exportCustomer(
  tx: Tx,
  actor: Actor,
  id: string,
  request: FastifyRequest,
  now = new Date(),
): Promise<z.input<typeof customerExport>> {
  const family = await familyOf(tx, actor, id);
  const customerIds = family.map((c) => c.id);
  const { ticketIds } = await repo.scopeOf(tx, actor.organizationId, customerIds);
  const rows = await repo.exportRows(tx, actor.organizationId, customerIds, ticketIds);
  await record(tx, actor, {
    action: 'export.json',
    objectType: 'customer',
    objectId: id,
    details: {
      route: request.routeOptions.url ?? request.url,
      params: request.params ?? {},
      counts: Object.fromEntries(Object.entries(rows).map(([k, v]) => [k, v.length])),
    },
  });
  return {
    exported_at: now.toISOString(),
    customer_id: id,
    erased_at: family.find((c) => c.id === id)?.erased_at ?? null,
    ...rows,
  } as z.input<typeof customerExport>;
}

/**
 * Erases one customer (and every customer merged into it) in the caller's transaction: each module
 * erases its own rows, then `customer.erased` goes into the audit chain with counts only. Returns
 * the storage keys the erased rows held, for the caller to delete after the commit.
 */
export async function eraseCustomer(
  tx: Tx,
  actor: Actor,
  id: string,
  input: z.output<typeof erasureCreate>,
  now = new Date(),
): Promise<{ result: z.input<typeof erasureResult>; keys: string[] }> {
  const family = await familyOf(tx, actor, id);
  const self = family.find((c) => c.id === id);
  if (self?.erased_at) {
    throw new Conflict(
      `This customer was erased at ${new Date(self.erased_at).toISOString()}; nothing is left to erase`,
    );
  }
  if (self?.merged_into_id) {
    // Its tickets and identities moved to the customer it was merged into: erasing this record alone
    // would leave them, so the request is pointed at that customer instead.
    throw new Conflict(
      `This customer was merged into ${self.merged_into_id}; erase that customer (this one goes with it)`,
    );
  }
  const customerIds = family.map((c) => c.id);
  const found = await repo.scopeOf(tx, actor.organizationId, customerIds);
  const pattern = patternOf(found.values);
  // The reason is kept in the audit chain, which is never edited: it must not name the customer.
  if (findPii(input.reason).length || (pattern && new RegExp(pattern, 'i').test(input.reason))) {
    throw new Invalid('The reason must not hold personal data: it is kept in the audit log for good', [
      { path: 'body.reason', message: 'Give the request’s reference instead of names, emails or numbers' },
    ]);
  }
  const scope: ErasureScope = {
    organizationId: actor.organizationId,
    customerIds,
    ticketIds: found.ticketIds,
    messageIds: found.messageIds,
    pattern,
  };
  const { counts: redacted, keys } = await redactTickets(tx, scope);
  const counts: Record<string, number> = {
    ...redacted,
    ...(await eraseRevealReasons(tx, scope)),
    ...(await eraseCustomerRows(tx, scope, now)),
  };
  await record(
    tx,
    actor,
    {
      action: 'customer.erased',
      objectType: 'customer',
      objectId: id,
      details: { reason: input.reason, merged_customer_ids: customerIds.filter((c) => c !== id), counts },
    },
    now,
  );
  return {
    result: { customer_id: id, erased_at: now.toISOString(), counts, files_deleted: 0 },
    keys,
  };
}

/**
 * The conversation steps shared by a customer's erasure and retention: every module that holds a
 * ticket's conversation erases its own rows within the scope. Outbox and webhook bodies are scrubbed
 * with the scope's pattern (none for retention, which scrubs by ticket and message only). Returns
 * counts per table and the storage keys the erased rows held.
 */
export async function redactTickets(tx: Tx, scope: ErasureScope) {
  const attachments = await eraseAttachments(tx, scope);
  const mail = await eraseMail(tx, scope);
  const counts: Record<string, number> = {
    ...(await eraseConversations(tx, scope)),
    attachments: attachments.attachments,
    ...(await eraseCalls(tx, scope)),
    ...(await eraseConversationsOfChat(tx, scope)),
    email_intake: mail.email_intake,
    email_deliveries: mail.email_deliveries,
    captured_mail: mail.captured_mail,
    ...(await eraseSurveys(tx, scope)),
    ...(await eraseWebhookDeliveries(tx, scope)),
    ...(await eraseEventPayloads(tx, scope)),
    ...(await eraseStoredResponses(tx, scope)),
  };
  return { counts, keys: [...new Set([...attachments.keys, ...mail.keys])] };
}
