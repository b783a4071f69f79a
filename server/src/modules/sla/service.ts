import type { z } from 'zod';
import { type Actor, asOwner, type Tx } from '../../platform/db/transaction.js';
import { Invalid, NotFound } from '../../platform/errors.js';
import { emit } from '../../platform/events.js';
import { changes, record, snapshot } from '../audit/index.js';
import { getTicket } from '../tickets/index.js';
import { evaluateTickets, type Policy } from './evaluate.js';
import * as repo from './repository.js';
import type { policyCreate, policyUpdate } from './schemas.js';
import type { Timer } from './timers.js';

const POLICY_FIELDS = [
  'name',
  'position',
  'active',
  'conditions',
  'targets',
  'warn_percent',
  'breach_actions',
];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function timerOut(t: Timer) {
  return {
    metric: t.metric,
    cycle: t.cycle,
    state: t.state,
    target_minutes: t.target_minutes,
    business: t.business,
    started_at: iso(t.started_at)!,
    elapsed_ms: t.elapsed_ms,
    due_at: iso(t.due_at),
    warn_at: iso(t.warn_at),
    breached_at: iso(t.breached_at),
    stopped_at: iso(t.stopped_at),
    remaining_ms: t.remaining_ms,
    breached_cycles: t.breached_cycles,
  };
}

/**
 * A ticket's timers, computed now from its history (not read back from the stored copy, which the
 * worker may be a moment behind). Row-level security makes another vendor's ticket a 404.
 */
export async function ticketSla(tx: Tx, ticketId: string, now = Date.now()) {
  await getTicket(tx, ticketId);
  // Visible to the actor (checked above); the clock then reads the ticket as the worker does, so a
  // vendor agent sees exactly the timers the scanner acts on.
  const { evaluations } = await asOwner(tx, () => evaluateTickets(tx, [ticketId], now, { persist: false }));
  const e = evaluations[0];
  if (!e) throw new NotFound('Ticket', ticketId);
  return {
    ticket_id: ticketId,
    policy: e.policy ? { id: e.policy.id, name: e.policy.name } : null,
    sla_due_at: iso(e.dueAt),
    evaluated_at: new Date(now).toISOString(),
    timers: e.timers.map(timerOut),
  };
}

export function listPolicies(tx: Tx, actor: Actor) {
  return repo.listPolicies(tx, actor.organizationId);
}

export async function getPolicy(tx: Tx, id: string) {
  const policy = await repo.findPolicy(tx, id);
  if (!policy) throw new NotFound('SLA policy', id);
  return policy;
}

function checkTargets(targets: z.output<typeof policyCreate>['targets'] | undefined) {
  if (!targets) return;
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    const key = `${t.metric}/${t.priority}`;
    if (seen.has(key))
      throw new Invalid('Each metric has one target per priority', [
        { path: `body.targets.${i}`, message: `a second ${t.metric} target for ${t.priority}` },
      ]);
    seen.add(key);
  });
}

async function checkBackupVendor(tx: Tx, vendorId: string | null | undefined) {
  if (!vendorId) return;
  const vendor = await tx.selectFrom('vendors').select('id').where('id', '=', vendorId).executeTakeFirst();
  if (!vendor)
    throw new Invalid('The backup vendor does not exist', [
      { path: 'body.breach_actions.backup_vendor_id', message: 'unknown vendor' },
    ]);
}

export async function createPolicy(tx: Tx, actor: Actor, input: z.output<typeof policyCreate>) {
  checkTargets(input.targets);
  await checkBackupVendor(tx, input.breach_actions.backup_vendor_id);
  const policy = await repo.insertPolicy(tx, {
    organization_id: actor.organizationId,
    name: input.name,
    position: input.position,
    active: input.active,
    conditions: JSON.stringify(input.conditions),
    targets: JSON.stringify(input.targets),
    warn_percent: input.warn_percent,
    breach_actions: JSON.stringify(input.breach_actions),
  });
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: null,
    type: 'sla_policy.created',
    subjectId: policy.id,
  });
  await record(tx, actor, {
    action: 'sla_policy.created',
    objectType: 'sla_policy',
    objectId: policy.id,
    details: snapshot(policy, POLICY_FIELDS),
  });
  return policy;
}

export async function updatePolicy(tx: Tx, actor: Actor, id: string, input: z.output<typeof policyUpdate>) {
  const before = await getPolicy(tx, id);
  checkTargets(input.targets);
  await checkBackupVendor(tx, input.breach_actions?.backup_vendor_id);
  const { conditions, targets, breach_actions, ...rest } = input;
  const policy = await repo.updatePolicy(tx, id, {
    ...rest,
    ...(conditions ? { conditions: JSON.stringify(conditions) } : {}),
    ...(targets ? { targets: JSON.stringify(targets) } : {}),
    ...(breach_actions ? { breach_actions: JSON.stringify(breach_actions) } : {}),
    updated_at: new Date().toISOString(),
  });
  if (!policy) throw new NotFound('SLA policy', id);
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: null,
    type: 'sla_policy.updated',
    subjectId: id,
  });
  await record(tx, actor, {
    action: 'sla_policy.updated',
    objectType: 'sla_policy',
    objectId: id,
    details: { name: policy.name, changes: changes(before, policy, Object.keys(input)) },
  });
  return policy;
}

export async function deletePolicy(tx: Tx, actor: Actor, id: string) {
  const before = await repo.findPolicy(tx, id);
  if (!before || !(await repo.deletePolicy(tx, id))) throw new NotFound('SLA policy', id);
  await emit(tx, {
    organizationId: actor.organizationId,
    vendorId: null,
    type: 'sla_policy.deleted',
    subjectId: id,
  });
  await record(tx, actor, {
    action: 'sla_policy.deleted',
    objectType: 'sla_policy',
    objectId: id,
    details: snapshot(before, POLICY_FIELDS),
  });
}

export function listNotifications(tx: Tx, unreadOnly: boolean, limit: number) {
  return repo.listNotifications(tx, unreadOnly, limit);
}

export async function readNotification(tx: Tx, id: string) {
  const n = await repo.markNotificationRead(tx, id);
  if (!n) throw new NotFound('Notification', id);
  return n;
}

export type { Policy };
