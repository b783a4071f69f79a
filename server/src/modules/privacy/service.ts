import type { z } from 'zod';
import { roleAllows } from '../../platform/auth/permissions.js';
import type { MaskableRole } from '../../platform/db/schema.js';
import type { Actor, Tx } from '../../platform/db/transaction.js';
import { Conflict, Forbidden, Invalid, NotFound } from '../../platform/errors.js';
import { decodeCursor, toPage } from '../../platform/http/pagination.js';
import { changes, record } from '../audit/index.js';
import * as repo from './repository.js';
import type { maskingPolicyPut, revealCreate, revealListQuery } from './schemas.js';

/**
 * Whether a viewer sees customer data masked (docs/privacy.md#masking). Users of an outsourced vendor
 * in a role the brand's policy masks see every customer masked except those they revealed, until the
 * reveal expires. Brand staff and in-house vendors' people are never masked.
 */
export interface Masking {
  /** Whether the viewer is under the policy at all. */
  readonly on: boolean;
  /** Whether this customer's data is masked for the viewer. */
  masks(customerId: string): boolean;
}

export const UNMASKED: Masking = { on: false, masks: () => false };

interface Policy {
  masked_roles: MaskableRole[];
  reveal_roles: MaskableRole[];
  reveal_minutes: number;
  updated_at: string | null;
}

const NO_POLICY: Policy = { masked_roles: [], reveal_roles: [], reveal_minutes: 15, updated_at: null };

async function policyOf(tx: Tx, organizationId: string): Promise<Policy> {
  return (await repo.policy(tx, organizationId)) ?? NO_POLICY;
}

/** Whether the policy masks this actor, reveals aside. */
async function underPolicy(tx: Tx, actor: Actor, policy: Policy) {
  if (actor.vendorId === null || !(policy.masked_roles as string[]).includes(actor.role)) return false;
  return (await repo.vendorKind(tx, actor.vendorId)) === 'outsourced';
}

/** The viewer's masking, read once per request inside its transaction. */
export async function maskingFor(tx: Tx, actor: Actor, now = new Date()): Promise<Masking> {
  if (actor.vendorId === null) return UNMASKED;
  const policy = await policyOf(tx, actor.organizationId);
  if (!(await underPolicy(tx, actor, policy))) return UNMASKED;
  const revealed = new Set(await repo.revealedCustomers(tx, actor.userId, now));
  return { on: true, masks: (customerId) => !revealed.has(customerId) };
}

export async function status(tx: Tx, actor: Actor, now = new Date()) {
  const policy = await policyOf(tx, actor.organizationId);
  const masked = await underPolicy(tx, actor, policy);
  return {
    masked,
    may_reveal: masked && (policy.reveal_roles as string[]).includes(actor.role),
    reveal_minutes: policy.reveal_minutes,
    revealed: masked ? await repo.runningReveals(tx, actor.userId, now) : [],
  };
}

export async function getPolicy(tx: Tx, actor: Actor) {
  return policyOf(tx, actor.organizationId);
}

export async function setPolicy(tx: Tx, actor: Actor, input: z.output<typeof maskingPolicyPut>) {
  const notMasked = input.reveal_roles.findIndex((r) => !input.masked_roles.includes(r));
  if (notMasked >= 0) {
    throw new Invalid('Only a masked role can be allowed to reveal', [
      {
        path: `body.reveal_roles.${notMasked}`,
        message: `${input.reveal_roles[notMasked]} is not masked, so it has nothing to reveal; add it to masked_roles or remove it here`,
      },
    ]);
  }
  const before = await policyOf(tx, actor.organizationId);
  const unique = <T>(xs: T[]) => [...new Set(xs)];
  const after = await repo.upsertPolicy(tx, {
    organization_id: actor.organizationId,
    masked_roles: unique(input.masked_roles),
    reveal_roles: unique(input.reveal_roles),
    reveal_minutes: input.reveal_minutes,
    updated_by: actor.userId,
  });
  await record(tx, actor, {
    action: 'pii_masking.policy_changed',
    objectType: 'pii_masking_policy',
    objectId: null,
    details: changes({ ...before }, after, ['masked_roles', 'reveal_roles', 'reveal_minutes']),
  });
  return after;
}

/**
 * A just-in-time reveal: the viewer sees one customer unmasked for the policy's minutes. It needs a
 * reason, a role the policy allows, and a customer (or ticket) the viewer may see; it is kept and
 * written to the audit chain.
 */
export async function reveal(tx: Tx, actor: Actor, input: z.output<typeof revealCreate>, now = new Date()) {
  if (!input.customer_id && !input.ticket_id) {
    throw new Invalid('Name the customer or the ticket to reveal', [
      { path: 'body.customer_id', message: 'Give customer_id or ticket_id' },
    ]);
  }
  const policy = await policyOf(tx, actor.organizationId);
  if (!(await underPolicy(tx, actor, policy))) {
    throw new Conflict('You already see customer data unmasked; there is nothing to reveal');
  }
  if (!(policy.reveal_roles as string[]).includes(actor.role)) {
    throw new Forbidden(`Your role (${actor.role}) may not reveal masked customer data`);
  }
  let customerId = input.customer_id ?? null;
  if (input.ticket_id) {
    const ofTicket = await repo.customerOfTicket(tx, input.ticket_id);
    if (!ofTicket) throw new NotFound('Ticket', input.ticket_id);
    if (customerId && customerId !== ofTicket) {
      throw new Invalid('The ticket is not this customer’s', [
        { path: 'body.customer_id', message: 'The ticket belongs to another customer' },
      ]);
    }
    customerId = ofTicket;
  }
  if (!customerId || !(await repo.customerVisible(tx, customerId))) {
    throw new NotFound('Customer', customerId ?? undefined);
  }
  const expiresAt = new Date(now.getTime() + policy.reveal_minutes * 60_000);
  const row = await repo.insertReveal(tx, {
    organization_id: actor.organizationId,
    vendor_id: actor.vendorId,
    user_id: actor.userId,
    customer_id: customerId,
    ticket_id: input.ticket_id ?? null,
    reason: input.reason,
    created_at: now.toISOString(),
    expires_at: expiresAt.toISOString(),
  });
  await record(tx, actor, {
    action: 'pii.revealed',
    objectType: 'customer',
    objectId: customerId,
    vendorId: actor.vendorId,
    details: { reason: input.reason, ticket_id: input.ticket_id ?? null, expires_at: row.expires_at },
  });
  return row;
}

/**
 * Reveals: brand staff who read the audit log or set security see everyone's (a vendor admin its own
 * vendor's, by row-level security); everyone else their own.
 */
export async function listReveals(
  tx: Tx,
  actor: Actor,
  query: z.output<typeof revealListQuery>,
  now = new Date(),
) {
  const seesOthers =
    actor.role === 'vendor_admin' ||
    roleAllows(actor.role, 'audit:read', actor.scopes) ||
    roleAllows(actor.role, 'security:manage', actor.scopes);
  const rows = await repo.listReveals(tx, {
    ...(seesOthers ? {} : { userId: actor.userId }),
    ...(query.active ? { activeAt: now } : {}),
    limit: query.limit,
    cursor: decodeCursor(query.cursor),
  });
  return toPage(rows, query.limit, (r) => r.created_at);
}
