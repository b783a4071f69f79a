import { PRIORITIES, type Priority } from '../../platform/db/schema.js';
import type { Tx } from '../../platform/db/transaction.js';
import { changeTicketAsSystem } from '../tickets/index.js';
import type { DueAction } from './evaluate.js';
import * as repo from './repository.js';

/**
 * Records actions as taken with no effect: warnings and breaches that fell due in history loaded in
 * bulk, which a live system acted on (or not) back then. Returns the keys recorded.
 */
export async function acknowledge(tx: Tx, due: DueAction[]): Promise<Set<string>> {
  if (!due.length) return new Set();
  return repo.recordActions(
    tx,
    due.map((d) => ({
      organization_id: d.evaluation.organizationId,
      ticket_id: d.evaluation.ticketId,
      metric: d.timer.metric,
      cycle: d.timer.cycle,
      kind: d.kind,
      due_at: new Date(d.at).toISOString(),
      actions: JSON.stringify([]),
    })),
  );
}

/**
 * What warnings and breaches do, once. The action rows (unique per ticket, metric, cycle and kind) go
 * in first, in one statement, and only the rows that statement actually wrote get their effects — in
 * the same transaction, so a crash rolls all of it back and a second process, whose insert finds the
 * rows, does nothing. Returns the keys acted on and the tickets whose fields changed.
 */
export async function fireAll(
  tx: Tx,
  due: DueAction[],
): Promise<{ fired: string[]; changedTickets: Set<string> }> {
  const changedTickets = new Set<string>();
  if (!due.length) return { fired: [], changedTickets };
  const planned = due.map((d) => ({ due: d, taken: plan(d) }));
  const inserted = await repo.recordActions(
    tx,
    planned.map(({ due: d, taken }) => ({
      organization_id: d.evaluation.organizationId,
      ticket_id: d.evaluation.ticketId,
      metric: d.timer.metric,
      cycle: d.timer.cycle,
      kind: d.kind,
      due_at: new Date(d.at).toISOString(),
      actions: JSON.stringify(taken),
    })),
  );
  const mine = planned.filter(({ due: d }) =>
    inserted.has(repo.actionKey(d.evaluation.ticketId, d.timer.metric, d.timer.cycle, d.kind)),
  );

  // Notifications: the contacts of each (vendor, team) looked up once per batch.
  const contacts = new Map<string, Awaited<ReturnType<typeof repo.escalationContacts>>>();
  const notifications = [];
  const events = [];
  for (const { due: d, taken } of mine) {
    const e = d.evaluation;
    let notified: string[] = [];
    if (taken.includes('notify')) {
      const key = `${e.organizationId}/${e.vendorId}/${e.teamId}`;
      if (!contacts.has(key))
        contacts.set(
          key,
          await repo.escalationContacts(tx, {
            organization_id: e.organizationId,
            vendor_id: e.vendorId,
            team_id: e.teamId,
          }),
        );
      const people = contacts.get(key)!;
      notified = people.map((c) => c.id);
      for (const c of people)
        notifications.push({
          organization_id: e.organizationId,
          vendor_id: c.vendor_id,
          user_id: c.id,
          ticket_id: e.ticketId,
          kind: `sla.${d.kind}`,
          title: `${d.kind === 'breach' ? 'SLA breached' : 'SLA at risk'}: ${d.timer.metric.replace('_', ' ')}`,
          data: JSON.stringify({
            metric: d.timer.metric,
            cycle: d.timer.cycle,
            due_at: new Date(d.at).toISOString(),
          }),
        });
    }
    if (d.kind === 'breach' && (await correct(tx, d, taken))) changedTickets.add(e.ticketId);
    // The domain event feeds realtime (the vendor's and the brand's consoles) and, when the policy
    // asks, webhook subscriptions to sla.* (the webhook consumer skips events marked webhook: false).
    events.push({
      organization_id: e.organizationId,
      vendor_id: e.vendorId,
      type: d.kind === 'breach' ? 'sla.breached' : 'sla.warning',
      subject_id: e.ticketId,
      payload: JSON.stringify({
        ticketId: e.ticketId,
        metric: d.timer.metric,
        cycle: d.timer.cycle,
        dueAt: new Date(d.at).toISOString(),
        policyId: e.policy?.id ?? null,
        actions: taken,
        notified,
        webhook: e.policy?.breach_actions.webhook === true,
      }),
    });
  }
  await repo.insertNotifications(tx, notifications);
  await repo.insertDomainEvents(tx, events);
  return {
    fired: mine.map(({ due: d }) =>
      repo.actionKey(d.evaluation.ticketId, d.timer.metric, d.timer.cycle, d.kind),
    ),
    changedTickets,
  };
}

/** The policy's actions that apply to this warning or breach. */
function plan(d: DueAction): string[] {
  const actions = d.evaluation.policy?.breach_actions ?? {};
  const taken: string[] = [];
  if (actions.notify) taken.push('notify');
  if (d.kind !== 'breach') return taken;
  if (actions.raise_priority && d.evaluation.priority !== 'urgent') taken.push('raise_priority');
  if (actions.move_to_queue) taken.push('move_to_queue');
  if (actions.backup_vendor_id && actions.backup_vendor_id !== d.evaluation.vendorId)
    taken.push('move_to_backup_vendor');
  return taken;
}

/** Raises the priority, re-queues or moves to the backup vendor; true when the ticket changed. */
async function correct(tx: Tx, d: DueAction, taken: string[]): Promise<boolean> {
  const e = d.evaluation;
  const actions = e.policy?.breach_actions ?? {};
  const fields: Parameters<typeof changeTicketAsSystem>[3] = {};
  if (taken.includes('raise_priority'))
    fields.priority =
      PRIORITIES[Math.min(PRIORITIES.indexOf(e.priority as Priority) + 1, PRIORITIES.length - 1)]!;
  if (taken.includes('move_to_queue')) {
    fields.queue = actions.move_to_queue!;
    fields.agent_id = null;
  }
  if (taken.includes('move_to_backup_vendor')) {
    fields.vendor_id = actions.backup_vendor_id!;
    fields.site_id = null;
    fields.team_id = null;
    fields.agent_id = null;
  }
  if (!Object.keys(fields).length) return false;
  const requeue =
    fields.queue !== undefined || fields.vendor_id !== undefined
      ? [
          {
            type: 'ticket.requeued',
            payload: {
              reason: 'sla_breach',
              metric: d.timer.metric,
              queue: fields.queue ?? null,
              vendorId: fields.vendor_id ?? e.vendorId,
            },
          },
        ]
      : [];
  const { changes } = await changeTicketAsSystem(tx, e.organizationId, e.ticketId, fields, requeue);
  return changes.length > 0;
}
