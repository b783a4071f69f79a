import { randomBytes, randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Config } from '../../platform/config.js';
import type { Keyring } from '../../platform/crypto/keyring.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { recordMessageDelivery } from '../tickets/index.js';
import * as repo from './repository.js';
import type { deliveryListQuery, webhookCreate, webhookUpdate } from './schemas.js';
import { sealSigningSecret } from './secrets.js';
import { webhookTargetProblem } from './target.js';

/**
 * Webhook subscriptions and their delivery log. A vendor admin's subscription is always bound to its
 * own vendor, and row-level security hides other vendors' subscriptions and deliveries (a 404).
 */

const iso = (v: string | null) => (v == null ? null : new Date(v).toISOString());

function subscriptionOut<T extends { created_at: string; updated_at: string }>(row: T) {
  return { ...row, created_at: iso(row.created_at)!, updated_at: iso(row.updated_at)! };
}

async function checkUrl(url: string, config: Config) {
  const problem = await webhookTargetProblem(url, config.TANDEM_WEBHOOK_ALLOW_PRIVATE);
  if (problem) throw new Invalid('The webhook URL cannot be used', [{ path: 'body.url', message: problem }]);
}

export async function createSubscription(
  tx: Tx,
  actor: Actor,
  config: Config,
  keyring: Keyring,
  input: z.output<typeof webhookCreate>,
) {
  if (actor.vendorId && input.vendor_id && input.vendor_id !== actor.vendorId) {
    throw new Invalid('A vendor admin subscribes to its own vendor’s events only', [
      { path: 'body.vendor_id', message: 'another vendor' },
    ]);
  }
  const vendorId = actor.vendorId ?? input.vendor_id ?? null;
  if (vendorId && !(await repo.vendorVisible(tx, vendorId))) {
    throw new Invalid('Unknown vendor', [{ path: 'body.vendor_id', message: 'unknown vendor' }]);
  }
  await checkUrl(input.url, config);
  const id = randomUUID();
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  const row = await repo.insertSubscription(tx, {
    id,
    organization_id: actor.organizationId,
    vendor_id: vendorId,
    url: input.url,
    description: input.description,
    event_types: [...new Set(input.event_types)],
    networks: [...new Set(input.networks)],
    active: input.active,
    secret: sealSigningSecret(keyring, id, secret),
    created_by: actor.userId,
  });
  // Still sealed: an Idempotency-Key stores this response, so the route opens it only on the way out.
  return subscriptionOut(row);
}

export async function listSubscriptions(tx: Tx) {
  return (await repo.listSubscriptions(tx)).map(subscriptionOut);
}

export async function getSubscription(tx: Tx, id: string) {
  const row = await repo.findSubscription(tx, id);
  if (!row) throw new NotFound('Webhook', id);
  return subscriptionOut(row);
}

export async function updateSubscription(
  tx: Tx,
  config: Config,
  id: string,
  input: z.output<typeof webhookUpdate>,
) {
  await getSubscription(tx, id);
  if (input.url !== undefined) await checkUrl(input.url, config);
  const { event_types, networks, ...rest } = input;
  const row = await repo.updateSubscription(tx, id, {
    ...rest,
    ...(event_types ? { event_types: [...new Set(event_types)] } : {}),
    ...(networks ? { networks: [...new Set(networks)] } : {}),
  });
  if (!row) throw new NotFound('Webhook', id);
  return subscriptionOut(row);
}

export async function deleteSubscription(tx: Tx, id: string) {
  if (!(await repo.deleteSubscription(tx, id))) throw new NotFound('Webhook', id);
}

type DeliveryRow = Awaited<ReturnType<typeof repo.listDeliveries>>[number];

function deliveryOut(row: DeliveryRow) {
  return {
    ...row,
    event_id: Number(row.event_id),
    created_at: iso(row.created_at)!,
    last_attempt_at: iso(row.last_attempt_at),
    next_attempt_at: row.status === 'pending' ? iso(row.next_attempt_at) : null,
  };
}

export async function listDeliveries(tx: Tx, id: string, query: z.output<typeof deliveryListQuery>) {
  await getSubscription(tx, id);
  const rows = await repo.listDeliveries(tx, id, {
    status: query.status,
    limit: query.limit,
    cursor: decodeCursor(query.cursor),
  });
  const page = toPage(rows, query.limit, (d) => d.created_at);
  return { items: page.items.map(deliveryOut), nextCursor: page.nextCursor };
}

/** Sends a delivery again from scratch (a new round of attempts). A pending one is already queued. */
export async function redeliver(tx: Tx, subscriptionId: string, deliveryId: string) {
  await getSubscription(tx, subscriptionId);
  const existing = await repo.findDelivery(tx, subscriptionId, deliveryId);
  if (!existing) throw new NotFound('Delivery', deliveryId);
  if (existing.status === 'pending') {
    throw new Invalid('This delivery is already queued', [
      { path: 'params.deliveryId', message: 'still pending' },
    ]);
  }
  const [row] = await repo.requeueDelivery(tx, { id: deliveryId });
  if (!row) throw new NotFound('Delivery', deliveryId);
  if (row.message_id) await recordMessageDelivery(tx, row.message_id, { status: 'pending' });
  return deliveryOut(row);
}

/** For a social reply that failed: queue every bridge delivery of the message again. */
export async function retryMessageDeliveries(tx: Tx, messageId: string) {
  const rows = await repo.requeueDelivery(tx, { messageId });
  return rows.length;
}
