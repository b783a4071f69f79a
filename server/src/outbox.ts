import { rollupConsumer } from './modules/analytics/index.js';
import { emailConsumer, emailSender, socialConsumer } from './modules/channels/index.js';
import { surveyConsumer, surveySender } from './modules/surveys/index.js';
import { webhookConsumer, webhookSender } from './modules/webhooks/index.js';
import type { OutboxConsumer } from './platform/outbox/dispatcher.js';
import type { DeliverySender } from './platform/outbox/worker.js';

/**
 * Everything that acts on committed domain events, in one list like jobs.ts. Order matters: a reply
 * is claimed by its channel (email, then social) before webhooks fan the event out. Social replies
 * are webhook deliveries, so the webhook sender sends them.
 */
export const outboxConsumers: readonly OutboxConsumer[] = [
  emailConsumer,
  socialConsumer,
  webhookConsumer,
  surveyConsumer,
  rollupConsumer,
];
export const deliverySenders: readonly DeliverySender[] = [emailSender, webhookSender, surveySender];
