import type { Config } from '../../platform/config.js';
import type { Database } from '../../platform/db/database.js';
import type { OutboxConsumer } from '../../platform/outbox/dispatcher.js';
import type { DeliverySender } from '../../platform/outbox/worker.js';
import { routeDue, SweepContext } from './router.js';
import { enqueueTickets, finishTickets, requeueSite, wakeOrganizations } from './writes.js';

/** Events after which waiting contacts may find someone: capacity or eligibility grew. */
const WAKES = new Set([
  'presence.changed',
  'user.capacities_changed',
  'user.skills_changed',
  'site.status_changed',
  'routing.changed',
]);

/**
 * Turns committed events into routing work, in the dispatcher's transaction (durable, exactly once
 * per event): new tickets and customers writing to an unassigned ticket enter routing, solved tickets
 * leave it and free capacity, a site declared down has its unanswered contacts re-queued at once,
 * and anything that could let a waiting contact through makes the organization's waiting contacts
 * due now. The routing loop (routingSweeper) then decides.
 */
export const routingConsumer: OutboxConsumer = {
  name: 'routing',
  async consume(tx, events) {
    const enter: string[] = [];
    const finished: string[] = [];
    const wake = new Set<string>();
    for (const event of events) {
      const payload = event.payload as Record<string, unknown>;
      if (event.type === 'ticket.created') enter.push(event.subject_id);
      else if (
        event.type === 'message.created' &&
        payload.authorKind === 'customer' &&
        typeof payload.ticketId === 'string'
      )
        enter.push(payload.ticketId);
      else if (event.type === 'ticket.status_changed') {
        if (payload.status === 'solved' || payload.status === 'closed') {
          finished.push(event.subject_id);
          wake.add(event.organization_id);
        } else enter.push(event.subject_id);
      } else if (event.type === 'ticket.updated') {
        const changes = (payload.changes as string[] | undefined) ?? [];
        if (changes.includes('agent_id') || changes.includes('vendor_id')) enter.push(event.subject_id);
      } else if (event.type === 'site.status_changed') {
        const status = payload.status as { after?: string } | undefined;
        if (status?.after === 'down') await requeueSite(tx, event.organization_id, event.subject_id);
        wake.add(event.organization_id);
      } else if (WAKES.has(event.type)) wake.add(event.organization_id);
    }
    await enqueueTickets(tx, enter);
    await finishTickets(tx, finished);
    await wakeOrganizations(tx, [...wake]);
  },
};

/**
 * The routing loop, run by the worker like a delivery sender: woken after every dispatch, and polled
 * (TANDEM_OUTBOX_POLL_MS) for contacts whose retry came due — overflow thresholds and opening hours.
 */
export const routingSweeper: DeliverySender = {
  name: 'routing',
  async sendDue(deps: { database: Database; config: Config }) {
    const ctx = new SweepContext(deps.database.db, {
      retrySeconds: deps.config.TANDEM_ROUTING_RETRY_SECONDS,
    });
    const result = await routeDue(ctx, { limit: 100 });
    return result.assigned + result.waiting;
  },
};
