import { PRIORITIES, type Priority } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import { emit } from '../../platform/events.js';
import { changeTicketAsSystem } from '../tickets/index.js';
import type { DueAction } from './evaluate.js';
import * as repo from './repository.js';

/**
 * What a warning or breach does, once: the action row (unique per ticket, metric, cycle and kind) is
 * written first, in the same transaction as every effect, so a crash rolls all of it back and a
 * second process finds the row and does nothing.
 */
export async function fire(tx: Tx, due: DueAction): Promise<boolean> {
  const { evaluation: e, timer, kind } = due;
  const actions = e.policy?.breach_actions ?? {};
  const taken: string[] = [];
  const recorded = await repo.recordAction(tx, {
    organization_id: e.organizationId,
    ticket_id: e.ticketId,
    metric: timer.metric,
    cycle: timer.cycle,
    kind,
    due_at: new Date(due.at).toISOString(),
    actions: '[]',
  });
  if (!recorded) return false;

  let notified: string[] = [];
  if (actions.notify) {
    const contacts = await repo.escalationContacts(tx, {
      organization_id: e.organizationId,
      vendor_id: e.vendorId,
      team_id: e.teamId,
    });
    notified = contacts.map((c) => c.id);
    await repo.insertNotifications(
      tx,
      contacts.map((c) => ({
        organization_id: e.organizationId,
        vendor_id: c.vendor_id,
        user_id: c.id,
        ticket_id: e.ticketId,
        kind: `sla.${kind}`,
        title: `${kind === 'breach' ? 'SLA breached' : 'SLA at risk'}: ${timer.metric.replace('_', ' ')}`,
        data: JSON.stringify({
          metric: timer.metric,
          cycle: timer.cycle,
          due_at: new Date(due.at).toISOString(),
        }),
      })),
    );
    taken.push('notify');
  }
  if (kind === 'breach') {
    const fields: Parameters<typeof changeTicketAsSystem>[3] = {};
    if (actions.raise_priority) {
      const next =
        PRIORITIES[Math.min(PRIORITIES.indexOf(e.priority as Priority) + 1, PRIORITIES.length - 1)]!;
      if (next !== e.priority) {
        fields.priority = next;
        taken.push('raise_priority');
      }
    }
    const requeue: Record<string, unknown>[] = [];
    if (actions.move_to_queue) {
      fields.queue = actions.move_to_queue;
      fields.agent_id = null;
      taken.push('move_to_queue');
    }
    if (actions.backup_vendor_id && actions.backup_vendor_id !== e.vendorId) {
      fields.vendor_id = actions.backup_vendor_id;
      fields.site_id = null;
      fields.team_id = null;
      fields.agent_id = null;
      taken.push('move_to_backup_vendor');
    }
    if (fields.queue !== undefined || fields.vendor_id !== undefined) {
      requeue.push({
        type: 'ticket.requeued',
        payload: {
          reason: 'sla_breach',
          metric: timer.metric,
          queue: fields.queue ?? null,
          vendorId: fields.vendor_id ?? e.vendorId,
        },
      });
    }
    if (Object.keys(fields).length) {
      await changeTicketAsSystem(
        tx,
        e.organizationId,
        e.ticketId,
        fields,
        requeue as { type: string; payload: Record<string, unknown> }[],
      );
    }
  }
  // The domain event feeds realtime (the vendor's and brand's consoles) and, when the policy asks,
  // webhook subscriptions to sla.* (the webhook consumer skips events marked webhook: false).
  await emit(tx, {
    organizationId: e.organizationId,
    vendorId: e.vendorId,
    type: kind === 'breach' ? 'sla.breached' : 'sla.warning',
    subjectId: e.ticketId,
    payload: {
      ticketId: e.ticketId,
      metric: timer.metric,
      cycle: timer.cycle,
      dueAt: new Date(due.at).toISOString(),
      policyId: e.policy?.id ?? null,
      actions: taken,
      notified,
      webhook: actions.webhook === true,
    },
  });
  await repo.recordActionsTaken(
    tx,
    { ticket_id: e.ticketId, metric: timer.metric, cycle: timer.cycle, kind },
    taken,
  );
  return true;
}
