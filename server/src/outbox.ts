import { rollupConsumer } from './modules/analytics/index.js';
import { emailConsumer, emailSender, socialConsumer } from './modules/channels/index.js';
import { demoInvoicesConsumer } from './modules/demo/index.js';
import { qaChecksConsumer } from './modules/qa/index.js';
import { routingConsumer, routingSweeper } from './modules/routing/index.js';
import { slaConsumer } from './modules/sla/index.js';
import { surveyConsumer, surveySender } from './modules/surveys/index.js';
import { webhookConsumer, webhookSender } from './modules/webhooks/index.js';
import type { OutboxConsumer } from './platform/outbox/dispatcher.js';
import type { DeliverySender } from './platform/outbox/worker.js';

/**
 * Everything that acts on committed domain events, in one list like jobs.ts. Order matters: a reply
 * is claimed by its channel (email, then social) before webhooks fan the event out. Social replies
 * are webhook deliveries, so the webhook sender sends them. Routing files new contacts and re-queues
 * a down site's in the dispatcher's transaction; its sweeper assigns them.
 */
export const outboxConsumers: readonly OutboxConsumer[] = [
  emailConsumer,
  socialConsumer,
  webhookConsumer,
  // Keeps SLA timers and tickets.sla_due_at in step with every ticket change.
  slaConsumer,
  routingConsumer,
  surveyConsumer,
  rollupConsumer,
  // The demo brand's invoices, once its SLA history is timed (sla.recomputed).
  demoInvoicesConsumer,
  // Automated QA checks on agents' public replies (findings rows only).
  qaChecksConsumer,
];
export const deliverySenders: readonly DeliverySender[] = [
  emailSender,
  webhookSender,
  routingSweeper,
  surveySender,
];
